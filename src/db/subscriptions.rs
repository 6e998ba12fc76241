//! Subscriptions: a product, seats and a term for a customer.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::{customers, products, subscriptions};
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: i64,
    pub public_id: String,
    pub customer_id: i64,
    pub product_id: i64,
    pub seats: i64,
    pub term: String,
    pub status: String,
    pub customer_may_edit: bool,
    pub started_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A customer's subscriptions that are not cancelled, with product names.
pub fn live_of_customer(
    conn: &mut AnyConnection,
    customer_id: i64,
) -> QueryResult<Vec<(Subscription, String)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer_id))
        .filter(subscriptions::status.ne("cancelled"))
        .order(subscriptions::id)
        .select((Subscription::as_select(), products::name))
        .load(conn)
}

/// Seats in use across a reseller's live subscriptions.
pub fn seats_of_reseller(conn: &mut AnyConnection, reseller_id: i64) -> QueryResult<i64> {
    subscriptions::table
        .inner_join(customers::table)
        .filter(customers::reseller_id.eq(reseller_id))
        .filter(subscriptions::status.ne("cancelled"))
        // SUM(bigint) is numeric on PostgreSQL; bring it back to bigint.
        .select(sql::<BigInt>(
            "CAST(COALESCE(SUM(subscriptions.seats), 0) AS BIGINT)",
        ))
        .first(conn)
}

pub fn public_id() -> String {
    format!("S-{}", crate::domain::ids::short_id())
}
