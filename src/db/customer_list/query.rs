//! The customer list in diesel's query builder, one path for both
//! databases: the filters, the three key ranges of a search, the keyset
//! order of a page, and a capped count.

use std::collections::HashSet;

use diesel::prelude::*;

use super::{Cursor, ListFilter, ListPage, ListRow, PageRequest, SortKey};
use crate::db::schema::customers;
use crate::db::{AnyConnection, MultiBackend};
use crate::domain::customer::{Attention, CustomerStatus};

/// The list's columns: the customer, and the status of its first
/// administrator (for *Log in as*), which the customer keeps
/// ([`crate::db::customers::sync_first_admin`]). The product's and the
/// reseller's names are not read here but kept by the server
/// ([`crate::db::names`]).
macro_rules! list_columns {
    () => {
        (
            customers::id,
            customers::public_id,
            customers::name,
            customers::name_key,
            customers::reference,
            customers::product_id,
            customers::user_count,
            customers::status,
            customers::created_at,
            customers::reseller_id,
            customers::email,
            customers::trial_ends_at,
            customers::admin_status,
        )
    };
}

type Columns = list_columns!();
const COLUMNS: Columns = list_columns!();

type Rows<'a> = customers::BoxedQuery<'a, MultiBackend, diesel::dsl::SqlTypeOf<Columns>>;
type Ids<'a> = customers::BoxedQuery<'a, MultiBackend, diesel::sql_types::BigInt>;

/// The keys a search looks at, each a lower-cased column with its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKey {
    Name,
    Reference,
    AdminEmail,
}

pub const SEARCH_KEYS: [SearchKey; 3] =
    [SearchKey::Name, SearchKey::Reference, SearchKey::AdminEmail];

/// The bounds of every string that starts with a prefix: [prefix,
/// prefix + U+10FFFF). A range (unlike LIKE with a bound pattern) uses the
/// key indexes on both databases, and needs no escaping of % or _.
pub fn search_range(filter: &ListFilter) -> Option<(String, String)> {
    let prefix = filter.search.as_deref().filter(|s| !s.trim().is_empty())?;
    let low = prefix.trim().to_lowercase();
    let mut high = low.clone();
    high.push(char::MAX);
    Some((low, high))
}

/// Narrows a boxed query of customers to the filter (but its search).
macro_rules! filtered {
    ($q:expr, $filter:expr) => {{
        let (mut q, filter) = ($q, $filter);
        if let Some(r) = filter.reseller_id {
            q = q.filter(customers::reseller_id.eq(r));
        }
        if let Some(s) = &filter.status {
            q = q.filter(customers::status.eq(s.clone()));
        }
        if let Some(p) = filter.product_id {
            q = q.filter(customers::product_id.eq(p));
        }
        match filter.attention {
            Some(Attention::TrialEnding) => {
                let by = Attention::trial_ends_by(crate::db::now());
                q = q
                    .filter(customers::status.eq(CustomerStatus::Trial.as_str()))
                    .filter(customers::trial_ends_at.le(by));
            }
            Some(Attention::TermChangePending) => {
                q = q.filter(customers::pending_term.is_not_null());
            }
            None => {}
        }
        q
    }};
}

/// Narrows a boxed query of customers to those whose `key` is in `range`.
macro_rules! in_range {
    ($q:expr, $key:expr, $range:expr) => {{
        let (q, (low, high)) = ($q, $range);
        match $key {
            SearchKey::Name => q
                .filter(customers::name_key.ge(low.clone()))
                .filter(customers::name_key.lt(high.clone())),
            SearchKey::Reference => q
                .filter(customers::reference_key.ge(low.clone()))
                .filter(customers::reference_key.lt(high.clone())),
            SearchKey::AdminEmail => q
                .filter(customers::admin_email_key.ge(low.clone()))
                .filter(customers::admin_email_key.lt(high.clone())),
        }
    }};
}

/// The filter's rows, with the list's columns.
fn rows(filter: &ListFilter) -> Rows<'static> {
    filtered!(customers::table.select(COLUMNS).into_boxed(), filter)
}

/// Adds the keyset condition, the order and the limit of a page: one row
/// more than the page, which tells whether another follows.
fn paged(q: Rows<'static>, page: &PageRequest) -> Rows<'static> {
    // Walking backwards is walking the opposite order, then flipping the rows.
    let desc = page.descending != page.backwards;
    // `key >= k AND (key > k OR id > i)`: the leading range lets the index
    // start at the cursor, so a deep page costs what the first one does.
    let q = match (&page.cursor, page.sort, desc) {
        (Some(Cursor::Name(k, id)), SortKey::Name, false) => q
            .filter(customers::name_key.ge(k.clone()))
            .filter(customers::name_key.gt(k.clone()).or(customers::id.gt(*id))),
        (Some(Cursor::Name(k, id)), SortKey::Name, true) => q
            .filter(customers::name_key.le(k.clone()))
            .filter(customers::name_key.lt(k.clone()).or(customers::id.lt(*id))),
        (Some(Cursor::Created(t, id)), SortKey::Created, false) => q
            .filter(customers::created_at.ge(*t))
            .filter(customers::created_at.gt(*t).or(customers::id.gt(*id))),
        (Some(Cursor::Created(t, id)), SortKey::Created, true) => q
            .filter(customers::created_at.le(*t))
            .filter(customers::created_at.lt(*t).or(customers::id.lt(*id))),
        _ => q,
    };
    let q = match (page.sort, desc) {
        (SortKey::Name, false) => q.order((customers::name_key.asc(), customers::id.asc())),
        (SortKey::Name, true) => q.order((customers::name_key.desc(), customers::id.desc())),
        (SortKey::Created, false) => q.order((customers::created_at.asc(), customers::id.asc())),
        (SortKey::Created, true) => q.order((customers::created_at.desc(), customers::id.desc())),
    };
    q.limit(page.limit + 1)
}

/// The page's rows: one query without a search; with one, a query per
/// search key, each giving its first rows in page order, merged.
pub fn load_page(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<ListPage> {
    let parts: Vec<Rows<'static>> = match search_range(filter) {
        Some(range) => SEARCH_KEYS
            .iter()
            .map(|key| paged(in_range!(rows(filter), *key, &range), page))
            .collect(),
        None => vec![paged(rows(filter), page)],
    };
    let mut found: Vec<ListRow> = Vec::new();
    for part in parts {
        found.extend(part.load::<ListRow>(conn)?);
    }
    Ok(into_page(found, page))
}

/// The page from its parts' rows: merged in page order, each customer once,
/// cut to the page's length.
pub fn into_page(mut rows: Vec<ListRow>, page: &PageRequest) -> ListPage {
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
    ListPage { rows, more }
}

/// The ids of the filter's customers, at most `cap + 1`.
fn ids(filter: &ListFilter) -> Ids<'static> {
    filtered!(customers::table.select(customers::id).into_boxed(), filter)
}

/// How many customers the filter matches, counted up to `cap` (beyond it
/// the answer is `cap + 1`, which the list shows as "cap+"). The database
/// stops at the first `cap + 1` matches of each key's index range.
pub fn count_capped(conn: &mut AnyConnection, filter: &ListFilter, cap: i64) -> QueryResult<i64> {
    let Some(range) = search_range(filter) else {
        let n = ids(filter).limit(cap + 1).load::<i64>(conn)?.len();
        return Ok(n as i64);
    };
    // A customer may match on two keys: the ids are merged.
    let mut matched: HashSet<i64> = HashSet::new();
    for key in SEARCH_KEYS {
        let q = in_range!(ids(filter), key, &range).limit(cap + 1);
        matched.extend(q.load::<i64>(conn)?);
    }
    Ok((matched.len() as i64).min(cap + 1))
}

/// How many customers the filter matches, its search aside: the home
/// page's figures, each the count of a list it links to.
pub fn count(conn: &mut AnyConnection, filter: &ListFilter) -> QueryResult<i64> {
    filtered!(customers::table.into_boxed::<MultiBackend>(), filter)
        .count()
        .get_result(conn)
}

/// One row of the list, for re-rendering it in place.
pub fn list_row(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<ListRow>> {
    customers::table
        .select(COLUMNS)
        .filter(customers::id.eq(id))
        .first(conn)
        .optional()
}
