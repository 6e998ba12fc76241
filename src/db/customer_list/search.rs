//! A search's page and its total in one PostgreSQL statement.
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
//! [`UNCOUNTED`], and the caller counts the merge with a statement of its
//! own: carried in every search's statement, the merge's plan would cost
//! every search its set-up, run or not.

use diesel::sql_types::BigInt;

use super::count::count_into;
use super::text::{conditions, in_page_order, in_range, part, search_range};
use super::text::{ListRowSql, SEARCH_KEYS};
use super::{ListFilter, PageRequest};
use crate::db::sql::Sql;

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
pub fn page_with_total(
    filter: &ListFilter,
    page: &PageRequest,
    cap: i64,
) -> Option<Sql<(ListRowSql, BigInt)>> {
    let range = search_range(filter)?;
    let apart = |i: usize| !in_page_order(i, page.sort);
    // Every key's matches counted, when that count can stand for the total:
    // up to WIDE for a key out of the page's order, which decides its plan
    // below, and up to the cap for the one in order.
    let one_key_total = cap < WIDE;
    let counted: Vec<usize> = (0..SEARCH_KEYS.len())
        .filter(|&i| apart(i) || one_key_total)
        .collect();
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
    if one_key_total {
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
    } else {
        count_into(&mut q, filter, cap, true);
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
