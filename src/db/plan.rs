//! What the database does with a query: the steps of its plan that read
//! rows an index could have skipped (the periodic jobs' queries are checked
//! with it, as a table read once a minute on every instance grows with every
//! customer) or sort what an index could have given in order (a list's
//! pages), and queries planned for the values they are given.

use diesel::connection::SimpleConnection;
use diesel::debug_query;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;

use super::AnyConnection;

/// A query either backend can run.
pub trait OnBothBackends: QueryFragment<Pg> + QueryFragment<Sqlite> {}
impl<Q: QueryFragment<Pg> + QueryFragment<Sqlite>> OnBothBackends for Q {}

#[derive(QueryableByName)]
struct SqlitePlanLine {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The SQL text of a `debug_query` without diesel's list of bound values.
fn without_binds(shown: String) -> String {
    match shown.split_once(" -- binds:") {
        Some((sql, _)) => sql.to_string(),
        None => shown,
    }
}

/// The steps of `query`'s plan that read rows in vain: on both backends a
/// read of a whole table, and on PostgreSQL also rows read from an index
/// range, then dropped by a condition the index did not cover (SQLite's plan
/// does not show those). PostgreSQL names a condition on an index's second
/// column an index condition even when it reads the whole index: SQLite's
/// `SCAN` catches those, so a query is checked on both.
pub fn unindexed_reads(
    conn: &mut AnyConnection,
    query: &impl OnBothBackends,
) -> QueryResult<Vec<String>> {
    let postgres = conn.is_postgres();
    let steps = steps(conn, query)?.into_iter();
    Ok(if postgres {
        steps
            .filter(|l| l.contains("Seq Scan") || l.starts_with("Filter:"))
            .collect()
    } else {
        // `SEARCH t USING INDEX …` reads a range; `SCAN t` (with or without
        // an index) reads all of it. The constant row is the one a bare
        // EXISTS answers on.
        steps
            .filter(|d| d.starts_with("SCAN ") && d != "SCAN CONSTANT ROW")
            .collect()
    })
}

/// The steps of `query`'s plan that sort the rows read instead of reading
/// them in order from an index: a page of a long list sorted is every row of
/// the list read.
pub fn sorts(conn: &mut AnyConnection, query: &impl OnBothBackends) -> QueryResult<Vec<String>> {
    let postgres = conn.is_postgres();
    let steps = steps(conn, query)?.into_iter();
    Ok(if postgres {
        steps
            .filter(|l| {
                let step = l.trim_start_matches("->").trim_start();
                step.starts_with("Sort  (") || step.starts_with("Incremental Sort  (")
            })
            .collect()
    } else {
        steps
            .filter(|d| d.starts_with("USE TEMP B-TREE FOR "))
            .collect()
    })
}

/// The steps of `query`'s plan, one a line. The plan is the one kept for any
/// values: on PostgreSQL the generic plan, with sequential scans avoided
/// wherever an index can serve; on SQLite the plan, which does not depend on
/// the values.
fn steps(conn: &mut AnyConnection, query: &impl OnBothBackends) -> QueryResult<Vec<String>> {
    match conn {
        AnyConnection::Sqlite(c) => {
            let sql = format!(
                "EXPLAIN QUERY PLAN {}",
                without_binds(debug_query::<Sqlite, _>(query).to_string())
            );
            let lines: Vec<SqlitePlanLine> = diesel::sql_query(sql).load(c)?;
            Ok(lines.into_iter().map(|l| l.detail).collect())
        }
        AnyConnection::Postgresql(c) => {
            let sql = without_binds(debug_query::<Pg, _>(query).to_string());
            let params = (1..).take_while(|n| sql.contains(&format!("${n}"))).count();
            let args = match params {
                0 => String::new(),
                n => format!("({})", vec!["NULL"; n].join(", ")),
            };
            let execute = format!("EXPLAIN EXECUTE plan_check{args}");
            c.batch_execute("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off")?;
            let lines = c
                .batch_execute(&format!("PREPARE plan_check AS {sql}"))
                .and_then(|()| {
                    let lines = diesel::sql_query(execute).load::<PgPlanLine>(c);
                    c.batch_execute("DEALLOCATE plan_check")?;
                    lines
                });
            // Whatever happened, the connection goes back as it came.
            c.batch_execute("RESET plan_cache_mode; RESET enable_seqscan")?;
            Ok(lines?
                .into_iter()
                .map(|l| l.line.trim().to_string())
                .collect())
        }
    }
}

/// Runs `f` with PostgreSQL planning each statement for the values it is
/// given. Left to itself, after five runs PostgreSQL may keep one plan for
/// any values when it estimates that plan no dearer, and the pool's
/// connections keep one plan per statement (`pool.rs`); where the values
/// differ by orders of magnitude, one plan is wrong for most of them (a look
/// for customers still `creating`, almost none, read the whole table). So
/// the periodic jobs and the logs' screens, whose statuses, people and dates
/// are that uneven, are planned for their values at every run, which they
/// can afford. SQLite plans each statement once either way.
pub fn for_values<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    if !conn.is_postgres() {
        return f(conn);
    }
    // SET LOCAL ends with the transaction.
    conn.transaction(|c| {
        c.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")?;
        f(c)
    })
}
