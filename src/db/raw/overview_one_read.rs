//! An optimisation of `overview_lists::of_customer`: the three lists in one
//! statement, a `UNION ALL`, one round trip instead of three. On PostgreSQL
//! the overview keeps its p50 within target only this way (`bench/README.md`);
//! `tests/app/overview_reads.rs` checks it answers as the three queries do.
//!
//! The three lists share one row shape: each row says which list it belongs
//! to (`kind`), then its id, then slots of each type that each list fills in
//! its own order (the columns of [`Site`], [`Subscription`] and [`AuditEntry`],
//! in [`from_row`]). The statement orders the rows, each list as it is shown.

use chrono::NaiveDateTime;
use diesel::result::Error;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use diesel::{QueryResult, RunQueryDsl};

use super::Sql;
use crate::db::audit::AuditEntry;
use crate::db::overview_lists::{OverviewLists, EVENTS_SHOWN};
use crate::db::sites::Site;
use crate::db::subscriptions::{self, Subscription};
use crate::db::AnyConnection;

type N<T> = Nullable<T>;
type RowSql = (
    BigInt,
    BigInt,
    (N<BigInt>, N<BigInt>, N<BigInt>, N<BigInt>),
    (
        N<Text>,
        N<Text>,
        N<Text>,
        N<Text>,
        N<Text>,
        N<Text>,
        N<Text>,
        N<Text>,
    ),
    (N<Timestamp>, N<Timestamp>, N<Timestamp>),
    N<Bool>,
);
type O<T> = Option<T>;
type Row = (
    i64,
    i64,
    (O<i64>, O<i64>, O<i64>, O<i64>),
    (
        O<String>,
        O<String>,
        O<String>,
        O<String>,
        O<String>,
        O<String>,
        O<String>,
        O<String>,
    ),
    (O<NaiveDateTime>, O<NaiveDateTime>, O<NaiveDateTime>),
    O<bool>,
);

const SITE: i64 = 0;
const SUBSCRIPTION: i64 = 1;
const EVENT: i64 = 2;

/// The statement: a `UNION ALL` of the three lists, each in the shared row
/// shape (`CAST(NULL AS …)` for the slots it leaves empty), ordered by list
/// and then as that list is shown. The same text serves both databases.
fn statement(customer_id: i64) -> Sql<RowSql> {
    let int = "CAST(NULL AS BIGINT)";
    let text = "CAST(NULL AS TEXT)";
    let time = "CAST(NULL AS TIMESTAMP)";
    let mut q = Sql::default();
    q.sql(format!(
        "SELECT * FROM (SELECT CAST({SITE} AS BIGINT) AS kind, sites.id AS id, \
         sites.customer_id AS i1, {int} AS i2, {int} AS i3, {int} AS i4, \
         sites.name AS t1, {text} AS t2, {text} AS t3, {text} AS t4, {text} AS t5, \
         {text} AS t6, {text} AS t7, {text} AS t8, \
         sites.created_at AS d1, {time} AS d2, {time} AS d3, CAST(NULL AS BOOLEAN) AS b1 \
         FROM sites WHERE sites.customer_id = "
    ))
    .int(customer_id);
    q.sql(format!(
        " UNION ALL SELECT CAST({SUBSCRIPTION} AS BIGINT), subscriptions.id, \
         subscriptions.customer_id, subscriptions.product_id, subscriptions.seats, \
         subscriptions.reseller_id, subscriptions.public_id, subscriptions.term, \
         subscriptions.status, products.name, {text}, {text}, {text}, {text}, \
         subscriptions.started_at, subscriptions.cancelled_at, subscriptions.created_at, \
         subscriptions.customer_may_edit \
         FROM subscriptions INNER JOIN products ON products.id = subscriptions.product_id \
         WHERE subscriptions.customer_id = "
    ))
    .int(customer_id)
    .sql(format!(" AND {}", subscriptions::LIVE));
    q.sql(format!(
        " UNION ALL SELECT * FROM (SELECT CAST({EVENT} AS BIGINT), audit_log.id, \
         audit_log.actor_user_id, audit_log.impersonator_user_id, audit_log.customer_id, \
         audit_log.reseller_id, audit_log.actor_name, audit_log.impersonator_name, \
         audit_log.action, audit_log.target_type, audit_log.target_id, audit_log.summary, \
         audit_log.client_ip, audit_log.details, audit_log.created_at, {time}, {time}, CAST(NULL AS BOOLEAN) \
         FROM audit_log WHERE audit_log.customer_id = "
    ))
    .int(customer_id)
    .sql(" ORDER BY audit_log.created_at DESC, audit_log.id DESC LIMIT ")
    .int(EVENTS_SHOWN);
    q.sql(format!(
        ") AS events) AS lists ORDER BY kind, \
         CASE WHEN kind = {SITE} THEN t1 END, \
         CASE WHEN kind = {EVENT} THEN d1 END DESC, \
         CASE WHEN kind = {EVENT} THEN -id ELSE id END"
    ));
    q
}

/// A slot that the row's list always fills.
fn filled<T>(slot: Option<T>) -> QueryResult<T> {
    slot.ok_or_else(|| Error::DeserializationError("an overview list row lacks a value".into()))
}

/// Puts one row in its list.
fn from_row(lists: &mut OverviewLists, row: Row) -> QueryResult<()> {
    let (kind, id, (i1, i2, i3, i4), (t1, t2, t3, t4, t5, t6, t7, t8), (d1, d2, d3), b1) = row;
    match kind {
        SITE => lists.sites.push(Site {
            id,
            customer_id: filled(i1)?,
            name: filled(t1)?,
            created_at: filled(d1)?,
        }),
        SUBSCRIPTION => lists.subscriptions.push((
            Subscription {
                id,
                customer_id: filled(i1)?,
                product_id: filled(i2)?,
                seats: filled(i3)?,
                reseller_id: filled(i4)?,
                public_id: filled(t1)?,
                term: filled(t2)?,
                status: filled(t3)?,
                started_at: filled(d1)?,
                cancelled_at: d2,
                created_at: filled(d3)?,
                customer_may_edit: filled(b1)?,
            },
            filled(t4)?,
        )),
        EVENT => lists.events.push(AuditEntry {
            id,
            actor_user_id: i1,
            impersonator_user_id: i2,
            customer_id: i3,
            reseller_id: i4,
            actor_name: filled(t1)?,
            impersonator_name: filled(t2)?,
            action: filled(t3)?,
            target_type: filled(t4)?,
            target_id: filled(t5)?,
            summary: filled(t6)?,
            client_ip: filled(t7)?,
            details: filled(t8)?,
            created_at: filled(d1)?,
        }),
        _ => {
            return Err(Error::DeserializationError(
                format!("unknown overview list {kind}").into(),
            ))
        }
    }
    Ok(())
}

/// The customer's sites, live subscriptions and latest events, in one read.
pub fn of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<OverviewLists> {
    let query = statement(customer_id);
    let rows: Vec<Row> = crate::native!(conn, |c| query.load(c))?;
    let mut lists = OverviewLists::default();
    for row in rows {
        from_row(&mut lists, row)?;
    }
    Ok(lists)
}
