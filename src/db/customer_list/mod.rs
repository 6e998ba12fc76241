//! The customer list: filters, search, sort and keyset pages.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::sql::{cursor_parts, cursor_text, cursor_time, parse_cursor_time, CountSql, Pages, Sql};
use super::AnyConnection;

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
    pub product_name: String,
    pub user_count: i64,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub reseller_id: i64,
    pub reseller_name: String,
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

/// The bounds of every string that starts with `prefix`: [prefix, prefix + U+10FFFF).
/// A range (unlike LIKE with a bound pattern) uses the key indexes on both
/// databases, and needs no escaping of % or _.
fn prefix_range(prefix: &str) -> (String, String) {
    let low = prefix.trim().to_lowercase();
    let mut high = low.clone();
    high.push(char::MAX);
    (low, high)
}

fn search_range(filter: &ListFilter) -> Option<(String, String)> {
    filter
        .search
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(prefix_range)
}

/// The SQL types of a list row, in the order of `LIST_COLUMNS`.
type ListRowSql = (
    BigInt,
    Text,
    Text,
    Text,
    Text,
    Text,
    BigInt,
    Text,
    Timestamp,
    BigInt,
    Text,
    Text,
    Nullable<Timestamp>,
    Nullable<Text>,
);

/// The list's columns: the customer, its product's and reseller's names,
/// and the status of its first administrator (for *Log in as*), which the
/// customer keeps ([`super::customers::sync_first_admin`]). One query for
/// the whole page. The names are subqueries, not joins: they are looked up
/// for the page's rows only. Joined, PostgreSQL could hash all 1,000
/// resellers for a search branch that finds nothing (0.2 ms of a search's
/// 0.9).
const LIST_COLUMNS: &str = "SELECT customers.id, customers.public_id, customers.name, \
     customers.name_key, customers.reference, \
     (SELECT products.name FROM products WHERE products.id = customers.product_id), \
     customers.user_count, customers.status, customers.created_at, customers.reseller_id, \
     (SELECT resellers.name FROM resellers WHERE resellers.id = customers.reseller_id), \
     customers.email, customers.trial_ends_at, customers.admin_status \
     FROM customers WHERE 1 = 1";

/// The list's columns for the customers that `conditions` add to.
fn list_select() -> Sql<ListRowSql> {
    let mut q = Sql::default();
    q.sql(LIST_COLUMNS);
    q
}

/// The filter's conditions but the search (`AND …`, after `WHERE 1 = 1`).
fn conditions<ST>(q: &mut Sql<ST>, filter: &ListFilter) {
    if let Some(r) = filter.reseller_id {
        q.sql(" AND customers.reseller_id = ").int(r);
    }
    if let Some(s) = &filter.status {
        q.sql(" AND customers.status = ").text(s.as_str());
    }
    if let Some(p) = filter.product_id {
        q.sql(" AND customers.product_id = ").int(p);
    }
}

/// `column` starts with the searched prefix: a range on its key index.
fn in_range<ST>(q: &mut Sql<ST>, column: &str, (low, high): &(String, String)) {
    q.sql(format!("customers.{column} >= ")).text(low.as_str());
    q.sql(format!(" AND customers.{column} < "))
        .text(high.as_str());
}

/// The columns a search looks at, by their lower-cased keys.
const SEARCH_KEYS: [&str; 3] = ["name_key", "reference_key", "admin_email_key"];

/// The search as three index ranges, one part each. Asked as one OR,
/// PostgreSQL walks the name index in order hoping for early matches; asked
/// apart, each part is a short range scan.
fn parts(filter: &ListFilter, page: &PageRequest) -> Vec<Sql<ListRowSql>> {
    let part = |column: Option<(&str, &(String, String))>| {
        let mut q = list_select();
        conditions(&mut q, filter);
        if let Some((column, range)) = column {
            q.sql(" AND ");
            in_range(&mut q, column, range);
        }
        paged(&mut q, page);
        q
    };
    match search_range(filter) {
        Some(range) => SEARCH_KEYS
            .iter()
            .map(|column| part(Some((column, &range))))
            .collect(),
        None => vec![part(None)],
    }
}

/// Adds the keyset condition and the order of a page.
fn paged(q: &mut Sql<ListRowSql>, page: &PageRequest) {
    // Walking backwards is walking the opposite order, then flipping the rows.
    let desc = page.descending != page.backwards;
    let (from, past, order) = if desc {
        ("<=", "<", "DESC")
    } else {
        (">=", ">", "ASC")
    };
    // `key >= k AND (key > k OR id > i)`: the leading range lets the index
    // start at the cursor, so a deep page costs what the first one does.
    let (column, cursor_id) = match (&page.cursor, page.sort) {
        (Some(Cursor::Name(k, id)), SortKey::Name) => {
            q.sql(format!(" AND customers.name_key {from} "))
                .text(k.as_str());
            q.sql(format!(" AND (customers.name_key {past} "))
                .text(k.as_str());
            ("name_key", Some(id))
        }
        (Some(Cursor::Created(t, id)), SortKey::Created) => {
            q.sql(format!(" AND customers.created_at {from} "))
                .timestamp(*t);
            q.sql(format!(" AND (customers.created_at {past} "))
                .timestamp(*t);
            ("created_at", Some(id))
        }
        (_, SortKey::Name) => ("name_key", None),
        (_, SortKey::Created) => ("created_at", None),
    };
    if let Some(id) = cursor_id {
        q.sql(format!(" OR customers.id {past} ")).int(*id).sql(")");
    }
    q.sql(format!(
        " ORDER BY customers.{column} {order}, customers.id {order}"
    ));
}

/// One page of the list.
pub fn list(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<ListPage> {
    // PostgreSQL keeps one plan per list statement ([`super::pool::keep_plans`]).
    super::pool::keep_plans(conn)?;
    let width = if conn.is_postgres() && filter.search.is_some() {
        search_width(conn, filter, page)?
    } else {
        0
    };
    load_page_for_width(conn, filter, page, width)
}

/// A search branch out of the page's order matching at least this many rows
/// is wide: its page is planned for its values.
const WIDE: i64 = 200;

/// How many rows a search matches in its branches out of the page's order
/// (the reference and e-mail ones, and by date the name too), each counted
/// up to [`WIDE`]. A plan kept for any values reads each branch's range and
/// sorts it; for a prefix that matches most of the table ("a" matches every
/// "admin@" e-mail), that sorted 1,000,000 rows (0.7 s), where walking the
/// page's order and skipping what does not match finds a page at once.
fn search_width(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<i64> {
    let mut q = CountSql::default();
    q.sql("SELECT ");
    width_into(&mut q, filter, page);
    q.sql(" AS n");
    crate::native!(conn, |c| q.get_result(c))
}

/// The matches of the search's branches out of the page's order, each
/// counted up to [`WIDE`], as one expression (0 without a search).
fn width_into<ST>(q: &mut Sql<ST>, filter: &ListFilter, page: &PageRequest) {
    q.sql("CAST(0 AS BIGINT)");
    let Some(bounds) = search_range(filter) else {
        return;
    };
    for (i, column) in SEARCH_KEYS.iter().enumerate() {
        if i == 0 && page.sort == SortKey::Name {
            continue; // the name's range is in the page's order
        }
        q.sql(" + (SELECT count(*) FROM (SELECT 1 FROM customers WHERE 1 = 1");
        conditions(q, filter);
        q.sql(" AND ");
        in_range(q, column, &bounds);
        q.sql(" LIMIT ").int(WIDE).sql(format!(") AS wide{i})"));
    }
}

/// Whether one index holds the page's filtered rows in the page's order, so
/// that one plan serves any values: no filter, or one filter with its index
/// by name, or by date for the status and the reseller. Otherwise a plan
/// kept for any values picks one filter's index and checks the others row
/// by row, whatever their values: the active customers of a product that
/// three customers have walked 900,000 active ones (2.5 s); that product's
/// customers by date walked the whole table by date (0.3–0.7 s).
fn one_index_serves(filter: &ListFilter, sort: SortKey) -> bool {
    let filters = [
        filter.reseller_id.is_some(),
        filter.status.is_some(),
        filter.product_id.is_some(),
    ];
    match filters.iter().filter(|f| **f).count() {
        0 => true,
        1 => sort == SortKey::Name || filter.product_id.is_none(),
        _ => false,
    }
}

/// [`load_page`], planned for its values where a kept plan would sort a wide
/// search branch (a [`search_width`] of [`WIDE`] or more) or no one index
/// serves the filters ([`one_index_serves`]). PostgreSQL only: SQLite plans
/// each statement once (and serves smaller lists).
fn load_page_for_width(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
    width: i64,
) -> QueryResult<ListPage> {
    if conn.is_postgres() && (width >= WIDE || !one_index_serves(filter, page.sort)) {
        super::plan::for_values(conn, |c| load_page(c, filter, page))
    } else {
        load_page(conn, filter, page)
    }
}

/// One page of the list and how many rows match, up to `cap`.
pub fn page_and_total(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
    cap: i64,
) -> QueryResult<(ListPage, i64)> {
    super::pool::keep_plans(conn)?;
    if !conn.is_postgres() {
        return Ok((
            load_page(conn, filter, page)?,
            count_capped(conn, filter, cap)?,
        ));
    }
    // The total and the search's width in one round trip, then the page.
    let mut q: Sql<(BigInt, BigInt)> = Sql::default();
    q.sql("SELECT (");
    count_into(&mut q, filter, cap, true);
    q.sql(") AS n, ");
    width_into(&mut q, filter, page);
    q.sql(" AS width");
    let counted = |c: &mut AnyConnection| -> QueryResult<(i64, i64)> {
        crate::native!(c, |c| q.get_result(c))
    };
    if !one_index_serves(filter, page.sort) {
        // The count checks every filter too: both planned for the values.
        return super::plan::for_values(conn, |c| {
            let (total, _) = counted(c)?;
            Ok((load_page(c, filter, page)?, total.min(cap + 1)))
        });
    }
    let (total, width) = counted(conn)?;
    let rows = load_page_for_width(conn, filter, page, width)?;
    Ok((rows, total.min(cap + 1)))
}

fn load_page(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<ListPage> {
    // Each part gives its first rows in page order; together they hold the
    // page's rows, which are merged here. PostgreSQL takes the parts as one
    // statement; SQLite one at a time (it has no parenthesised parts).
    let parts = parts(filter, page);
    let statements = if conn.is_postgres() {
        vec![parts]
    } else {
        parts.into_iter().map(|part| vec![part]).collect()
    };
    let mut rows: Vec<ListRow> = Vec::new();
    for parts in statements {
        let query = Pages::new(parts, page.limit + 1);
        rows.extend(crate::native!(&mut *conn, |c| query.load::<ListRow>(c))?);
    }
    rows.sort_by(|a, b| match page.sort {
        SortKey::Name => (&a.name_key, a.id).cmp(&(&b.name_key, b.id)),
        SortKey::Created => (a.created_at, a.id).cmp(&(b.created_at, b.id)),
    });
    rows.dedup_by_key(|r| r.id);
    if page.descending != page.backwards {
        rows.reverse();
    }
    let more = rows.len() as i64 > page.limit;
    rows.truncate(page.limit as usize);
    if page.backwards {
        rows.reverse();
    }
    Ok(ListPage { rows, more })
}

/// The count query: the database counts the first `cap + 1` matching rows
/// instead of sending them over. On PostgreSQL a search counts its three
/// branches apart and merges them (as the list does), each an index-only
/// range, where one OR would visit every matching row in the table; SQLite
/// answers the OR from its indexes alone, faster than the merge.
fn count_query(filter: &ListFilter, cap: i64, branches_apart: bool) -> CountSql {
    let mut q = CountSql::default();
    count_into(&mut q, filter, cap, branches_apart);
    q
}

/// [`count_query`]'s text, written into `q`.
fn count_into<ST>(q: &mut Sql<ST>, filter: &ListFilter, cap: i64, branches_apart: bool) {
    // The conditions of every part, then the part's own, then the cap.
    let search = search_range(filter);
    // A branch of a UNION selects the ids it merges on; a lone count selects
    // nothing (reading the id from each index entry is a fifth of its cost
    // on SQLite).
    let selected = match search {
        Some(_) if branches_apart => "SELECT id",
        _ => "SELECT 1",
    };
    let capped = |q: &mut Sql<ST>, extra: &dyn Fn(&mut Sql<ST>)| {
        q.sql(selected).sql(" FROM customers WHERE 1 = 1");
        conditions(q, filter);
        extra(q);
        q.sql(" LIMIT ").int(cap + 1);
    };
    match search {
        None => {
            q.sql("SELECT count(*) AS n FROM (");
            capped(q, &|_| {});
            q.sql(") AS capped");
        }
        Some(bounds) if !branches_apart => {
            q.sql("SELECT count(*) AS n FROM (");
            capped(q, &|q| {
                for (i, column) in SEARCH_KEYS.iter().enumerate() {
                    q.sql(if i == 0 { " AND ((" } else { " OR (" });
                    in_range(q, column, &bounds);
                    q.sql(")");
                }
                q.sql(")");
            });
            q.sql(") AS capped");
        }
        Some(bounds) => {
            // Most searches that reach the cap reach it on the name alone:
            // then the merge of the three (a hash of 1,000 ids) is skipped.
            // PostgreSQL runs a CASE's subqueries only when it reaches them.
            q.sql("SELECT CASE WHEN (SELECT count(*) FROM (");
            capped(q, &|q| {
                q.sql(" AND ");
                in_range(q, SEARCH_KEYS[0], &bounds);
            });
            q.sql(") AS named) > ")
                .int(cap)
                .sql(" THEN ")
                .int(cap + 1)
                .sql(" ELSE (SELECT count(*) FROM (");
            for (i, column) in SEARCH_KEYS.iter().enumerate() {
                if i > 0 {
                    q.sql(" UNION ");
                }
                q.sql("SELECT id FROM (");
                capped(q, &|q| {
                    q.sql(" AND ");
                    in_range(q, column, &bounds);
                });
                q.sql(format!(") AS branch{i}"));
            }
            q.sql(") AS matched) END AS n");
        }
    }
}

/// How many rows match, counted up to `cap` (beyond it the list says "cap+").
pub fn count_capped(conn: &mut AnyConnection, filter: &ListFilter, cap: i64) -> QueryResult<i64> {
    let query = count_query(filter, cap, conn.is_postgres());
    let n: i64 = crate::native!(conn, |c| query.get_result(c))?;
    Ok(n.min(cap + 1))
}

/// One row of the list, for re-rendering it in place.
pub fn list_row(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<ListRow>> {
    let mut q = list_select();
    q.sql(" AND customers.id = ").int(id);
    crate::native!(conn, |c| q.get_result(c).optional())
}
