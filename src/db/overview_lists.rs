//! The lists on a customer's overview: its sites, its live subscriptions and
//! its latest events, three plain queries.

use diesel::prelude::*;

use super::audit::AuditEntry;
use super::schema::{audit_log, products, subscriptions};
use super::sites::{self, Site};
use super::subscriptions::Subscription;
use super::AnyConnection;

/// The events an overview shows, newest first.
pub const EVENTS_SHOWN: i64 = 8;

/// A customer's sites (by name), live subscriptions with their product's
/// name (in the order they were added) and latest events (newest first).
#[derive(Default)]
pub struct OverviewLists {
    pub sites: Vec<Site>,
    pub subscriptions: Vec<(Subscription, String)>,
    pub events: Vec<AuditEntry>,
}

/// The customer's sites, live subscriptions and latest events.
pub fn of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<OverviewLists> {
    let subscriptions = subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer_id))
        .filter(super::subscriptions::live())
        .order(subscriptions::id)
        .select((Subscription::as_select(), products::name))
        .load(conn)?;
    let events = audit_log::table
        .filter(audit_log::customer_id.eq(customer_id))
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(EVENTS_SHOWN)
        .load(conn)?;
    Ok(OverviewLists {
        sites: sites::of_customer(conn, customer_id)?,
        subscriptions,
        events,
    })
}
