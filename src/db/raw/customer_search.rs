//! An optimisation: a search's page and its total in one PostgreSQL
//! statement, where the plain path (`customer_list::query`) makes up to six.
//! `tests/app/list_ties.rs` checks that both answer alike. Raw SQL: `WITH`
//! queries and parenthesised `UNION ALL` parts, which diesel's builder
//! cannot say.
//!
//! A search matches the start of the name, the reference or the
//! administrator's e-mail: three index ranges, each a part of the page,
//! merged by the caller. The part whose key is the page's order (the name,
//! by name) walks its range in order. Each other part must sort what its
//! range matches, and PostgreSQL may keep one plan for any values
//! after a few runs: a range-and-sort plan. For a prefix that
//! matches most of the table ("a" starts every "admin@" e-mail), that
//! sorts most of the table, where walking the page's order and skipping
//! what does not match finds a page at once.
//!
//! So each such part comes twice, and one of the two runs: the range and a
//! sort while the range matches fewer than [`WIDE`] rows, else the walk in
//! the page's order, with the key written so that no index of its own can
//! serve it. Which one runs is decided by a count, up to [`WIDE`], that
//! PostgreSQL makes once, before the page (a `WITH` query, read by a
//! condition that holds no column, which it checks once and that skips the
//! part's whole plan when false). The kept plan thus serves every width,
//! and the page, the width and the total are one round trip.
//!
//! The total merges what the three ranges match, each counted up to the
//! cap, since a customer may match on two keys. Most searches match on one
//! key only: when the counts above (and one, up to the cap, for the key in
//! the page's order) say so, that key's count is the total (a sixth of a
//! reseller's search for "admin1", whose 112 matches are all e-mails); so
//! it is when one key alone passes the cap. Otherwise the statement says
//! [`UNCOUNTED`], and the caller counts the merge with the plain path: carried in every search's statement, the merge's plan would cost
//! every search its set-up, run or not.

use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::Sql;
use crate::db::customer_list::{search_range, Cursor, ListFilter, PageRequest, SortKey};
use crate::domain::customer::{Attention, CustomerStatus};

/// The SQL types of a list row, in the order of `LIST_COLUMNS`.
type ListRowSql = (
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
fn list_select() -> Sql<ListRowSql> {
    let mut q = Sql::default();
    q.sql(LIST_COLUMNS);
    q
}

/// The columns a search looks at, by their lower-cased keys, in the
/// order of [`SEARCH_KEYS`](crate::db::customer_list::SEARCH_KEYS).
const SEARCH_KEYS: [&str; 3] = [
    "customers.name_key",
    "customers.reference_key",
    "customers.admin_email_key",
];

/// Whether the search key `SEARCH_KEYS[i]` is the page's order, so that its
/// index gives the page's rows in order (the name, sorted by name).
fn in_page_order(i: usize, sort: SortKey) -> bool {
    i == 0 && sort == SortKey::Name
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
    match filter.attention {
        Some(Attention::TrialEnding) => {
            let by = Attention::trial_ends_by(crate::db::now());
            q.sql(" AND customers.status = ")
                .text(CustomerStatus::Trial.as_str());
            q.sql(" AND customers.trial_ends_at <= ").timestamp(by);
        }
        Some(Attention::TermChangePending) => {
            q.sql(" AND customers.pending_term IS NOT NULL");
        }
        None => {}
    }
}

/// `expr` starts with the searched prefix: for a key column, a range on its
/// index.
fn in_range<ST>(q: &mut Sql<ST>, expr: &str, (low, high): &(String, String)) {
    q.sql(format!("{expr} >= ")).text(low.as_str());
    q.sql(format!(" AND {expr} < ")).text(high.as_str());
}

/// Adds the keyset condition, the order and the limit of a page: one row
/// more than the page, which tells whether another follows.
///
/// The limit is bound, not written: PostgreSQL then plans for an unknown
/// share of the table and keeps the index range of a search; told "26", it
/// may walk the sort order's index hoping to meet 26 matches early.
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
        " ORDER BY customers.{column} {order}, customers.id {order} LIMIT "
    ))
    .int(page.limit + 1);
}

/// A part of a page: the filter's customers that `extra` conditions narrow
/// (`AND …`), paged.
fn part(
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

/// The statement: the list's columns, then the total.
pub type PageStatement = Sql<(ListRowSql, BigInt)>;

/// A part out of the page's order whose range matches at least this many
/// rows is wide: it walks the page's order instead of sorting its range.
pub const WIDE: i64 = 200;

/// The total a search's statement gives when it did not count it: two keys
/// or more match, none past the cap, and only their merge tells how many
/// customers match.
pub const UNCOUNTED: i64 = -1;

/// The search's page rows, each with the total counted up to `cap`
/// ([`count_into`]): the list's columns, then the total. The total is
/// counted once, when the first row is sent; no row, no count.
pub fn page_with_total(filter: &ListFilter, page: &PageRequest, cap: i64) -> Option<PageStatement> {
    let range = search_range(filter)?;
    if cap >= WIDE {
        return None;
    }
    let apart = |i: usize| !in_page_order(i, page.sort);
    // Every key's matches counted, when that count can stand for the total:
    // up to WIDE for a key out of the page's order, which decides its plan
    // below, and up to the cap for the one in order.
    debug_assert!(cap < WIDE, "the caller counts larger totals itself");
    let counted: Vec<usize> = (0..SEARCH_KEYS.len()).collect();
    let mut q = Sql::default();
    for (n, &i) in counted.iter().enumerate() {
        q.sql(if n == 0 { "WITH " } else { ", " });
        q.sql(format!(
            "wide{i} AS (SELECT count(*) AS n FROM (SELECT 1 FROM customers WHERE 1 = 1"
        ));
        conditions(&mut q, filter);
        q.sql(" AND ");
        in_range(&mut q, SEARCH_KEYS[i], &range);
        if apart(i) {
            q.sql(format!(" LIMIT {WIDE}) AS counted)"));
        } else {
            q.sql(" LIMIT ").int(cap + 1).sql(") AS counted)");
        }
    }
    q.sql(" SELECT page.*, (");
    {
        // Most searches match on one key only: the total is then that key's
        // count, and the merge of the three is skipped. So is it when one
        // key's count passes the cap: the total is past it too.
        let counts: Vec<String> = counted
            .iter()
            .map(|i| format!("(SELECT n FROM wide{i})"))
            .collect();
        let matching: Vec<String> = counts.iter().map(|n| format!("NULLIF({n}, 0)")).collect();
        q.sql(format!(
            "SELECT CASE WHEN num_nonnulls({}) <= 1 OR greatest({}) > ",
            matching.join(", "),
            counts.join(", "),
        ))
        .int(cap)
        .sql(format!(" THEN least({}, ", counts.join(" + ")))
        .int(cap + 1)
        .sql(") ELSE ")
        .int(UNCOUNTED)
        .sql(" END");
    }
    q.sql(") AS total FROM (");
    for (i, &key) in SEARCH_KEYS.iter().enumerate() {
        let mut branch = |expr: &str, gate: Option<&str>| {
            let condition = |q: &mut Sql<ListRowSql>| {
                q.sql(" AND ");
                in_range(q, expr, &range);
                if let Some(gate) = gate {
                    q.sql(format!(" AND (SELECT n FROM wide{i}) {gate} {WIDE}"));
                }
            };
            if i > 0 || gate == Some(">=") {
                q.sql(" UNION ALL ");
            }
            q.sql("(").append(part(filter, page, condition)).sql(")");
        };
        if in_page_order(i, page.sort) {
            branch(key, None);
        } else {
            branch(key, Some("<"));
            // `key || ''` is no column of an index: the walk in the page's
            // order is the plan that finds a page of matches soonest.
            branch(&format!("({key} || '')"), Some(">="));
        }
    }
    q.sql(") AS page");
    Some(q)
}
