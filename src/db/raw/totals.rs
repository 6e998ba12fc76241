//! The platform's totals on the staff's home page. Counting every customer
//! user of a large platform reads the whole table. So a total is counted exactly up to a bound, and above it
//! PostgreSQL's own estimate (from the statistics it keeps for planning,
//! within a few per cent) is shown as such. SQLite keeps no such estimate,
//! and counts: it serves smaller platforms. Raw SQL: the estimate reads
//! PostgreSQL's catalogue, and the capped count a subquery with a limit.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::AnyConnection;

/// Totals up to this are counted exactly on PostgreSQL too.
pub const EXACT_UP_TO: i64 = 100_000;

/// A number of rows, and whether it is an estimate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub value: i64,
    pub estimated: bool,
}

impl Total {
    pub fn exact(value: i64) -> Self {
        Self {
            value,
            estimated: false,
        }
    }
}

/// The whole platform, as the staff's home page shows it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PlatformTotals {
    pub resellers: Total,
    pub customers: Total,
    pub users: Total,
}

/// What is counted: rows of a table matching a fixed condition, and on
/// PostgreSQL the column whose share of NULLs the condition leaves out.
struct Counted {
    table: &'static str,
    condition: &'static str,
    not_null: Option<&'static str>,
}

const RESELLERS: Counted = Counted {
    table: "resellers",
    condition: "TRUE",
    not_null: None,
};

const CUSTOMERS: Counted = Counted {
    table: "customers",
    condition: "TRUE",
    not_null: None,
};

/// Customer users: their memberships of a customer.
const CUSTOMER_USERS: Counted = Counted {
    table: "memberships",
    condition: "customer_id IS NOT NULL",
    not_null: Some("customer_id"),
};

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut AnyConnection, sql: String) -> QueryResult<i64> {
    diesel::sql_query(sql).get_result::<N>(conn).map(|r| r.n)
}

/// PostgreSQL's estimate of the rows `what` counts, if it has statistics.
fn estimate(conn: &mut AnyConnection, what: &Counted) -> QueryResult<Option<i64>> {
    let share = match what.not_null {
        Some(column) => format!(
            "1 - COALESCE((SELECT null_frac FROM pg_stats WHERE schemaname = current_schema() \
             AND tablename = '{}' AND attname = '{column}'), 0)",
            what.table
        ),
        None => "1".into(),
    };
    // `reltuples` is -1 until the table is first vacuumed or analysed.
    let sql = format!(
        "SELECT CAST(CASE WHEN reltuples < 0 THEN -1 ELSE reltuples * ({share}) END AS BIGINT) \
         AS n FROM pg_class WHERE oid = CAST('{}' AS regclass)",
        what.table
    );
    Ok(Some(count(conn, sql)?).filter(|n| *n >= 0))
}

fn total(conn: &mut AnyConnection, what: &Counted, exact_up_to: i64) -> QueryResult<Total> {
    let (table, condition) = (what.table, what.condition);
    let all = format!("SELECT count(*) AS n FROM {table} WHERE {condition}");
    if !conn.is_postgres() {
        return count(conn, all).map(Total::exact);
    }
    let capped = format!(
        "SELECT count(*) AS n FROM (SELECT 1 FROM {table} WHERE {condition} LIMIT {}) AS capped",
        exact_up_to + 1
    );
    let upto = count(conn, capped)?;
    if upto <= exact_up_to {
        return Ok(Total::exact(upto));
    }
    match estimate(conn, what)? {
        // The estimate is of a moment before; the bound is certain.
        Some(n) => Ok(Total {
            value: three_figures(n.max(upto)),
            estimated: true,
        }),
        None => count(conn, all).map(Total::exact),
    }
}

/// An estimate shown to the precision it has: 1,000,055 is about 1,000,000.
fn three_figures(n: i64) -> i64 {
    let mut unit = 1;
    while n / unit >= 1000 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

/// The platform's totals, exact up to `exact_up_to` ([`EXACT_UP_TO`]).
pub fn platform(conn: &mut AnyConnection, exact_up_to: i64) -> QueryResult<PlatformTotals> {
    Ok(PlatformTotals {
        resellers: total(conn, &RESELLERS, exact_up_to)?,
        customers: total(conn, &CUSTOMERS, exact_up_to)?,
        users: total(conn, &CUSTOMER_USERS, exact_up_to)?,
    })
}

#[cfg(test)]
mod tests {
    use super::three_figures;

    #[test]
    fn estimates_keep_three_figures() {
        assert_eq!(three_figures(1_000_055), 1_000_000);
        assert_eq!(three_figures(4_999_955), 5_000_000);
        assert_eq!(three_figures(123_456), 123_000);
        assert_eq!(three_figures(123_500), 124_000);
        assert_eq!(three_figures(999), 999);
    }
}
