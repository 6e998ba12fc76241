//! A customer account as a whole: suspend, enable, delete for good, and an
//! e-mail to its contact. Creating one is `provisioning`, editing `editing`.

use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Change, Details};
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
            AuditAction::CustomerSuspended,
        ),
        StatusChange::Enable => (
            status.can_enable(),
            enabled_status(c.trial_ends_at, db::now()),
            AuditAction::CustomerEnabled,
        ),
    };
    if !allowed {
        return Ok(c);
    }
    crate::db::write_transaction(conn, |conn| {
        customers::set_status(conn, c.id, new_status.as_str())?;
        let status = |s: &str| format!("customer-status-{s}");
        let change = Change::words(
            "user-status",
            status(&c.status),
            status(new_status.as_str()),
        );
        let details = Details::new().text("name", &c.name).changes(vec![change]);
        let event = AuditEvent::about(&c, action, "customer", c.public_id.clone(), details);
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
        let details = Details::new()
            .text("name", &c.name)
            .number("users", footprint.users)
            .number("sites", footprint.sites)
            .number("services", footprint.services)
            .number("subscriptions", footprint.subscriptions);
        let action = AuditAction::CustomerDeleted;
        let event = AuditEvent::about(&c, action, "customer", c.public_id.clone(), details);
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
        let details = Details::new()
            .text("email", &c.email)
            .text("subject", &message.subject);
        let action = AuditAction::EmailSent;
        let event = AuditEvent::about(&c, action, "customer", c.public_id.clone(), details);
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(())
    })?;
    Ok(c)
}
