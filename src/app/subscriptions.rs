//! Subscriptions: launch one for a customer, change its seats and term,
//! cancel it. Seats always fit the reseller's plan.

use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Change, Details};
use crate::db::customers::Customer;
use crate::db::subscriptions::{self, NewSubscription, Subscription};
use crate::db::{catalog, AnyConnection};
use crate::domain::customer::Term;
use crate::domain::policy::Action;

/// What a subscription is launched or changed with, already checked.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub seats: i64,
    pub term: Term,
    pub customer_may_edit: bool,
}

/// Launches a subscription to `product` for the customer.
pub fn launch(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_id: i64,
    product: i64,
    t: Terms,
) -> Outcome<i64> {
    let c = customer(conn, actor, customer_id, Action::ManageSubscriptions)?;
    crate::db::write_transaction(conn, |conn| {
        let plan = catalog::plan_of_reseller(conn, c.reseller_id)?;
        if !catalog::plan_product_ids(conn, plan.id)?.contains(&product) {
            let refusal = Refusal::of_field("product_id", "product-not-allowed");
            return Err(Error::Refused(refusal));
        }
        let in_use = subscriptions::seats_of_reseller(conn, c.reseller_id)?;
        if !plan.limits().allows_seats(in_use, t.seats) {
            return Err(Error::Refused(Refusal::of_field(
                "seats",
                "seats-over-plan",
            )));
        }
        let status = if c.status == "trial" {
            "trial"
        } else {
            "active"
        };
        let new = NewSubscription {
            customer_id: c.id,
            reseller_id: c.reseller_id,
            product_id: product,
            seats: t.seats,
            term: t.term.as_str(),
            status,
            customer_may_edit: t.customer_may_edit,
        };
        let id = subscriptions::insert(conn, &new)?;
        let name = catalog::product(conn, product)?
            .map(|p| p.name)
            .unwrap_or_default();
        let details = Details::new()
            .text("product", name)
            .number("seats", t.seats)
            .word("term", format!("term-{}", t.term.as_str()));
        let action = AuditAction::SubscriptionCreated;
        let event = AuditEvent::about(&c, action, "subscription", id.to_string(), details);
        audit::record(conn, &actor.audit, event)?;
        Ok(id)
    })
}

/// The subscription `id` and its customer, when the actor may manage them.
pub fn find(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Outcome<(Subscription, Customer)> {
    let sub = subscriptions::find(conn, id)?.ok_or(Error::NotFound)?;
    let c = customer(conn, actor, sub.customer_id, Action::ManageSubscriptions)?;
    Ok((sub, c))
}

/// Cancels a subscription; a second cancel changes nothing. Returns its
/// public id when this call cancelled it.
pub fn cancel(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Outcome<Option<String>> {
    let (sub, c) = find(conn, actor, id)?;
    crate::db::write_transaction(conn, |conn| {
        if !subscriptions::cancel(conn, sub.id)? {
            return Ok(None);
        }
        let details = Details::new()
            .number("seats", sub.seats)
            .word("term", format!("term-{}", sub.term));
        let event = AuditEvent::about(
            &c,
            AuditAction::SubscriptionCancelled,
            "subscription",
            sub.public_id.clone(),
            details,
        );
        audit::record(conn, &actor.audit, event)?;
        Ok(Some(sub.public_id))
    })
}

/// Changes a live subscription's seats and term; returns its customer.
pub fn change(conn: &mut AnyConnection, actor: &Actor, id: i64, t: Terms) -> Outcome<Customer> {
    let (sub, c) = find(conn, actor, id)?;
    if sub.status == "cancelled" {
        return Err(Error::NotFound);
    }
    crate::db::write_transaction(conn, |conn| {
        let plan = catalog::plan_of_reseller(conn, c.reseller_id)?;
        let in_use = subscriptions::seats_of_reseller(conn, c.reseller_id)? - sub.seats;
        if !plan.limits().allows_seats(in_use, t.seats) {
            return Err(Error::Refused(Refusal::of_field(
                "seats",
                "seats-over-plan",
            )));
        }
        subscriptions::update(conn, sub.id, t.seats, t.term.as_str(), t.customer_may_edit)?;
        let term = |t: &str| format!("term-{t}");
        let details = Details::new().changes(vec![
            Change::text(
                "subscription-seats",
                sub.seats.to_string(),
                t.seats.to_string(),
            ),
            Change::words("customer-term", term(&sub.term), term(t.term.as_str())),
        ]);
        let event = AuditEvent::about(
            &c,
            AuditAction::SubscriptionUpdated,
            "subscription",
            sub.public_id.clone(),
            details,
        );
        audit::record(conn, &actor.audit, event)?;
        Ok(c.clone())
    })
}
