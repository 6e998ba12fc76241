//! A customer account as a whole: suspend, enable, delete for good, and an
//! e-mail to its contact. Creating one is `provisioning`, editing `editing`.

use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditEvent};
use crate::db::customers::{self, Customer};
use crate::db::{self, AnyConnection};
use crate::domain::customer::{enabled_status, CustomerStatus};
use crate::domain::policy::Action;
use crate::i18n::Lang;
use crate::mail::{self, Composed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    Suspend,
    Enable,
}

/// Suspends or enables the customer. A change its status does not allow
/// (suspending a suspended account) changes nothing and is not an error.
pub fn set_status(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    change: StatusChange,
) -> Outcome<Customer> {
    let c = customer(conn, actor, id, Action::SuspendCustomer)?;
    let status = CustomerStatus::parse(&c.status).ok_or(Error::NotFound)?;
    let (allowed, new_status, action) = match change {
        StatusChange::Suspend => (
            status.can_suspend(),
            CustomerStatus::Suspended,
            "customer.suspended",
        ),
        StatusChange::Enable => (
            status.can_enable(),
            enabled_status(c.trial_ends_at, db::now()),
            "customer.enabled",
        ),
    };
    if !allowed {
        return Ok(c);
    }
    crate::db::write_transaction(conn, |conn| {
        customers::set_status(conn, c.id, new_status.as_str())?;
        let summary = format!("{}: status {} → {}", c.name, c.status, new_status.as_str());
        let event = AuditEvent::about(&c, action, "customer", c.public_id.clone(), summary);
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(())
    })?;
    Ok(c)
}

/// Deletes the customer and everything it holds, once its name was typed
/// back exactly.
pub fn delete(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    typed_name: &str,
) -> Outcome<Customer> {
    let c = customer(conn, actor, id, Action::DeleteCustomer)?;
    if typed_name.trim() != c.name {
        let refusal = Refusal::of_field("confirm_name", "customer-delete-name-mismatch");
        return Err(Error::Refused(refusal));
    }
    crate::db::write_transaction(conn, |conn| {
        let footprint = customers::footprint(conn, c.id)?;
        let people = crate::db::customer_members::user_ids_of_customer(conn, c.id)?;
        customers::delete(conn, c.id)?;
        // A login that belonged to this customer only goes with it.
        crate::db::customer_members::delete_unattached(conn, &people)?;
        let summary = format!(
            "{} deleted with {} users, {} sites, {} services, {} subscriptions",
            c.name, footprint.users, footprint.sites, footprint.services, footprint.subscriptions
        );
        let event = AuditEvent::about(
            &c,
            "customer.deleted",
            "customer",
            c.public_id.clone(),
            summary,
        );
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(())
    })?;
    Ok(c)
}

/// Queues `message` to the customer's contact address.
pub fn send_email(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    lang: Lang,
    message: &Composed,
) -> Outcome<Customer> {
    let c = customer(conn, actor, id, Action::SendEmail)?;
    if c.email.trim().is_empty() {
        return Err(Error::Refused(Refusal::of_field(
            "message",
            "email-no-recipient",
        )));
    }
    crate::db::write_transaction(conn, |conn| {
        mail::queue(conn, &c.email, lang, Some(c.id), message)?;
        let summary = format!("e-mail to {}: {}", c.email, message.subject);
        let event = AuditEvent::about(&c, "email.sent", "customer", c.public_id.clone(), summary);
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(())
    })?;
    Ok(c)
}
