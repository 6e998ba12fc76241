//! The customer list: filters, search, sort and keyset pages.

mod query;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cursor::{cursor_parts, cursor_text, cursor_time, parse_cursor_time};
use super::raw::customer_search;
use super::AnyConnection;
use crate::domain::customer::Attention;
pub use query::count;
use query::into_page;
pub use query::{count_capped, list_row, load_page, search_range, SearchKey, SEARCH_KEYS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Created,
}

/// Where a page starts: the sort value and id of the row before it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    Name(String, i64),
    Created(NaiveDateTime, i64),
}

impl Cursor {
    pub fn of(sort: SortKey, row: &ListRow) -> Cursor {
        match sort {
            SortKey::Name => Cursor::Name(row.name_key.clone(), row.id),
            SortKey::Created => Cursor::Created(row.created_at, row.id),
        }
    }

    /// `ID.VALUE`, for URLs.
    pub fn encode(&self) -> String {
        match self {
            Cursor::Name(k, id) => cursor_text(*id, k),
            Cursor::Created(t, id) => cursor_text(*id, cursor_time(t)),
        }
    }

    /// None for anything malformed: the list then starts at the top.
    pub fn decode(sort: SortKey, raw: &str) -> Option<Cursor> {
        let (id, value) = cursor_parts(raw)?;
        match sort {
            SortKey::Name => Some(Cursor::Name(value.to_string(), id)),
            SortKey::Created => parse_cursor_time(value).map(|t| Cursor::Created(t, id)),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListFilter {
    pub reseller_id: Option<i64>,
    pub status: Option<String>,
    pub product_id: Option<i64>,
    /// Matches the start of the name, the reference or the admin e-mail.
    pub search: Option<String>,
    /// Trials ending soon, or term changes waiting.
    pub attention: Option<Attention>,
}

#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub sort: SortKey,
    pub descending: bool,
    pub cursor: Option<Cursor>,
    /// Fetch the page before the cursor instead of after it.
    pub backwards: bool,
    pub limit: i64,
}

#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub name_key: String,
    pub reference: String,
    pub product_id: i64,
    pub user_count: i64,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub reseller_id: i64,
    pub email: String,
    pub trial_ends_at: Option<NaiveDateTime>,
    /// The status of the customer's first administrator (for *Log in as*).
    pub admin_status: Option<String>,
}

/// One page of the list, and whether rows follow it in its direction.
#[derive(Default)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub more: bool,
}

/// One page of the list, without its total (the export's pages, and the
/// list whose total is kept).
pub fn list(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<ListPage> {
    if let Some(query) = one_statement_search(conn, filter, page, 0) {
        // The search's statement comes with a total: counted up to 0, that
        // is a glance at one index entry.
        return Ok(search_page_and_total(conn, filter, page, query, 0)?.0);
    }
    load_page(conn, filter, page)
}

/// One page of the list and how many rows match, up to `cap`.
pub fn page_and_total(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
    cap: i64,
) -> QueryResult<(ListPage, i64)> {
    if let Some(query) = one_statement_search(conn, filter, page, cap) {
        return search_page_and_total(conn, filter, page, query, cap);
    }
    let total = count_capped(conn, filter, cap)?;
    Ok((load_page(conn, filter, page)?, total))
}

/// A search on PostgreSQL, its page and total counted up to `cap` in one
/// statement ([`customer_search`]); None where the plain path serves.
fn one_statement_search(
    conn: &AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
    cap: i64,
) -> Option<customer_search::PageStatement> {
    if !conn.is_postgres() {
        return None;
    }
    customer_search::page_with_total(filter, page, cap)
}

/// Runs a search's one statement. A page with no row has no total with it:
/// nothing matches if it was the first, else the total is counted alone;
/// when the statement left it [`customer_search::UNCOUNTED`], the merge of
/// the search's keys is counted alone.
fn search_page_and_total(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
    query: customer_search::PageStatement,
    cap: i64,
) -> QueryResult<(ListPage, i64)> {
    let rows: Vec<(ListRow, i64)> = crate::native!(conn, |c| query.load(c))?;
    let total = match rows.first() {
        Some((_, customer_search::UNCOUNTED)) => count_capped(conn, filter, cap)?,
        Some((_, total)) => *total,
        None if page.cursor.is_none() => 0,
        None => count_capped(conn, filter, cap)?,
    };
    let rows = rows.into_iter().map(|(row, _)| row).collect();
    Ok((into_page(rows, page), total.min(cap + 1)))
}
