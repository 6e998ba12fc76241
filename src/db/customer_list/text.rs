//! The pieces of text every list statement is made of: the columns, the
//! filter's conditions, a search key's range, and a page's keyset, order
//! and limit.

use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::{Cursor, ListFilter, PageRequest, SortKey};
use crate::db::sql::Sql;

/// The SQL types of a list row, in the order of `LIST_COLUMNS`.
pub type ListRowSql = (
    BigInt,
    Text,
    Text,
    Text,
    Text,
    BigInt,
    BigInt,
    Text,
    Timestamp,
    BigInt,
    Text,
    Nullable<Timestamp>,
    Nullable<Text>,
);

/// The list's columns: the customer, and the status of its first
/// administrator (for *Log in as*), which the customer keeps
/// ([`crate::db::customers::sync_first_admin`]). The product's and the
/// reseller's names are not read here but kept by the server
/// ([`crate::db::names`]).
const LIST_COLUMNS: &str = "SELECT customers.id, customers.public_id, customers.name, \
     customers.name_key, customers.reference, customers.product_id, \
     customers.user_count, customers.status, customers.created_at, customers.reseller_id, \
     customers.email, customers.trial_ends_at, customers.admin_status \
     FROM customers WHERE 1 = 1";

/// The list's columns for the customers that `conditions` add to.
pub fn list_select() -> Sql<ListRowSql> {
    let mut q = Sql::default();
    q.sql(LIST_COLUMNS);
    q
}

/// The columns a search looks at, by their lower-cased keys.
pub const SEARCH_KEYS: [&str; 3] = [
    "customers.name_key",
    "customers.reference_key",
    "customers.admin_email_key",
];

/// Whether the search key `SEARCH_KEYS[i]` is the page's order, so that its
/// index gives the page's rows in order (the name, sorted by name).
pub fn in_page_order(i: usize, sort: SortKey) -> bool {
    i == 0 && sort == SortKey::Name
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

/// The range of keys the filter's search matches, if it has one.
pub fn search_range(filter: &ListFilter) -> Option<(String, String)> {
    filter
        .search
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(prefix_range)
}

/// The filter's conditions but the search (`AND …`, after `WHERE 1 = 1`).
pub fn conditions<ST>(q: &mut Sql<ST>, filter: &ListFilter) {
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

/// `expr` starts with the searched prefix: for a key column, a range on its
/// index.
pub fn in_range<ST>(q: &mut Sql<ST>, expr: &str, (low, high): &(String, String)) {
    q.sql(format!("{expr} >= ")).text(low.as_str());
    q.sql(format!(" AND {expr} < ")).text(high.as_str());
}

/// Adds the keyset condition, the order and the limit of a page: one row
/// more than the page, which tells whether another follows.
///
/// The limit is bound, not written: PostgreSQL then plans for an unknown
/// share of the table and keeps the index range of a search; told "26", it
/// may walk the sort order's index hoping to meet 26 matches early.
pub fn paged(q: &mut Sql<ListRowSql>, page: &PageRequest) {
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
        " ORDER BY customers.{column} {order}, customers.id {order} LIMIT "
    ))
    .int(page.limit + 1);
}

/// A part of a page: the filter's customers that `extra` conditions narrow
/// (`AND …`), paged.
pub fn part(
    filter: &ListFilter,
    page: &PageRequest,
    extra: impl FnOnce(&mut Sql<ListRowSql>),
) -> Sql<ListRowSql> {
    let mut q = list_select();
    conditions(&mut q, filter);
    extra(&mut q);
    paged(&mut q, page);
    q
}
