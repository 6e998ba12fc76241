//! The rows a billing period charges.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{customers, packages, products, resellers, subscriptions};
use super::{AnyConnection, MultiBackend};
use crate::domain::billing::{amount_cents, customer_reference, monthly_unit_cents, Period};
use crate::domain::customer::Term;

#[derive(Debug, Clone)]
pub struct BillingRow {
    pub subscription_id: i64,
    pub reference: String,
    pub customer_name: String,
    pub reseller: String,
    pub product: String,
    pub seats: i64,
    pub term: String,
    pub unit_cents: i64,
    pub amount_cents: i64,
    pub internal: bool,
}

type Raw = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDateTime>,
    String,
    String,
    String,
    bool,
    String,
    i64,
    String,
);

/// Each product's base package prices (the cheapest monthly package).
fn base_prices(conn: &mut AnyConnection) -> QueryResult<HashMap<i64, (i64, i64)>> {
    let all: Vec<(i64, i64, i64)> = packages::table
        .order((
            packages::product_id,
            packages::price_monthly_cents,
            packages::id,
        ))
        .select((
            packages::product_id,
            packages::price_monthly_cents,
            packages::price_annual_cents,
        ))
        .load(conn)?;
    let mut map = HashMap::new();
    for (product, monthly, annual) in all {
        map.entry(product).or_insert((monthly, annual));
    }
    Ok(map)
}

/// Billable subscriptions of the period — live at some time in it and past
/// their trial — after subscription id `after`, at most `limit`.
pub fn rows(
    conn: &mut AnyConnection,
    period: &Period,
    reseller: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<BillingRow>> {
    let prices = base_prices(conn)?;
    let mut q = subscriptions::table
        .inner_join(customers::table.inner_join(resellers::table))
        .inner_join(products::table)
        .filter(subscriptions::status.ne("trial"))
        .filter(subscriptions::started_at.lt(period.end))
        .filter(
            subscriptions::cancelled_at
                .is_null()
                .or(subscriptions::cancelled_at.ge(period.start)),
        )
        .select((
            subscriptions::id,
            subscriptions::seats,
            subscriptions::term,
            subscriptions::status,
            subscriptions::cancelled_at,
            customers::reference,
            customers::public_id,
            customers::name,
            customers::is_internal,
            resellers::name,
            products::id,
            products::name,
        ))
        .order(subscriptions::id)
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(r) = reseller {
        q = q.filter(subscriptions::reseller_id.eq(r));
    }
    if let Some(a) = after {
        q = q.filter(subscriptions::id.gt(a));
    }
    let raw: Vec<Raw> = q.load(conn)?;
    Ok(raw
        .into_iter()
        .map(
            |(
                id,
                seats,
                term,
                _status,
                _cancelled,
                reference,
                public_id,
                name,
                internal,
                reseller,
                product_id,
                product,
            )| {
                let (monthly, annual) = prices.get(&product_id).copied().unwrap_or((0, 0));
                let unit = monthly_unit_cents(
                    Term::parse(&term).unwrap_or(Term::Monthly),
                    monthly,
                    annual,
                );
                BillingRow {
                    subscription_id: id,
                    reference: customer_reference(&reference, &public_id).to_string(),
                    customer_name: name,
                    reseller,
                    product,
                    seats,
                    term,
                    unit_cents: unit,
                    amount_cents: amount_cents(unit, seats, internal),
                    internal,
                }
            },
        )
        .collect())
}
