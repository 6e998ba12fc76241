//! How many customers a list matches, counted by the database up to a cap.

use super::text::{conditions, in_range, search_range, SEARCH_KEYS};
use super::ListFilter;
use crate::db::sql::{CountSql, Sql};
use crate::db::AnyConnection;
use diesel::QueryResult;

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

/// [`count_query`]'s text, written into `q`: a whole `SELECT` of one row
/// and one column, `n`.
pub fn count_into<ST>(q: &mut Sql<ST>, filter: &ListFilter, cap: i64, branches_apart: bool) {
    match search_range(filter) {
        None => {
            q.sql("SELECT count(*) AS n FROM (");
            capped(q, "SELECT 1", filter, cap, |_| {});
            q.sql(") AS capped");
        }
        Some(bounds) if !branches_apart => {
            q.sql("SELECT count(*) AS n FROM (");
            capped(q, "SELECT 1", filter, cap, |q| {
                for (i, key) in SEARCH_KEYS.iter().enumerate() {
                    q.sql(if i == 0 { " AND ((" } else { " OR (" });
                    in_range(q, key, &bounds);
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
            capped(q, "SELECT 1", filter, cap, key_range(0, &bounds));
            q.sql(") AS named) > ")
                .int(cap)
                .sql(" THEN ")
                .int(cap + 1)
                .sql(" ELSE (");
            merged_count_into(q, filter, &bounds, cap);
            q.sql(") END AS n");
        }
    }
}

/// The merge of a search's three ranges (`bounds`), each up to `cap + 1`
/// rows, counted: a whole `SELECT` of one row and one column. A customer
/// matching on two keys counts once.
fn merged_count_into<ST>(
    q: &mut Sql<ST>,
    filter: &ListFilter,
    bounds: &(String, String),
    cap: i64,
) {
    q.sql("SELECT count(*) FROM (");
    for i in 0..SEARCH_KEYS.len() {
        if i > 0 {
            q.sql(" UNION ");
        }
        q.sql("SELECT id FROM (");
        // A branch of the UNION selects the ids it merges on.
        capped(q, "SELECT id", filter, cap, key_range(i, bounds));
        q.sql(format!(") AS branch{i}"));
    }
    q.sql(") AS matched");
}

/// The filter's customers that `extra` conditions narrow, up to `cap + 1`
/// rows, each row `selected` (`SELECT 1` for a lone count: reading the id
/// from each index entry is a fifth of its cost on SQLite).
fn capped<ST>(
    q: &mut Sql<ST>,
    selected: &str,
    filter: &ListFilter,
    cap: i64,
    extra: impl FnOnce(&mut Sql<ST>),
) {
    q.sql(selected).sql(" FROM customers WHERE 1 = 1");
    conditions(q, filter);
    extra(q);
    q.sql(" LIMIT ").int(cap + 1);
}

/// The condition that the search key `SEARCH_KEYS[i]` is in `bounds`.
fn key_range<ST>(i: usize, bounds: &(String, String)) -> impl FnOnce(&mut Sql<ST>) + '_ {
    move |q| {
        q.sql(" AND ");
        in_range(q, SEARCH_KEYS[i], bounds);
    }
}

/// How many customers a search matches when no key alone passes the cap
/// (as [`super::search::UNCOUNTED`] says): the merge of its three ranges,
/// up to `cap + 1`. 0 for a filter without a search.
pub fn merged_count(conn: &mut AnyConnection, filter: &ListFilter, cap: i64) -> QueryResult<i64> {
    let Some(bounds) = search_range(filter) else {
        return Ok(0);
    };
    let mut query = CountSql::default();
    merged_count_into(&mut query, filter, &bounds, cap);
    run_capped(conn, query, cap)
}

/// How many rows match, counted up to `cap` (beyond it the list says "cap+").
pub fn count_capped(conn: &mut AnyConnection, filter: &ListFilter, cap: i64) -> QueryResult<i64> {
    let query = count_query(filter, cap, conn.is_postgres());
    run_capped(conn, query, cap)
}

/// A count statement's answer, at most `cap + 1`.
fn run_capped(conn: &mut AnyConnection, query: CountSql, cap: i64) -> QueryResult<i64> {
    let n: i64 = crate::native!(conn, |c| diesel::RunQueryDsl::get_result(query, c))?;
    Ok(n.min(cap + 1))
}
