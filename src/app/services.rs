//! A customer's services: add, and the actions on one (suspend, activate,
//! enroll, unenroll, remove).

use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::{services, sites, AnyConnection};
use crate::domain::policy::Action;
use crate::domain::service::ServiceAction;

/// A new service, its fields already checked.
pub struct NewService<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    /// One of the customer's sites, or none.
    pub site_id: Option<i64>,
}

/// Adds a service to the customer; a site of another customer is refused
/// like an unknown one.
pub fn add(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_id: i64,
    new: &NewService,
) -> Outcome<i64> {
    let c = customer(conn, actor, customer_id, Action::ManageServices)?;
    if let Some(site) = new.site_id {
        if !sites::of_customer(conn, c.id)?.iter().any(|s| s.id == site) {
            let refusal = Refusal::of_field("site_id", "service-site-unknown");
            return Err(Error::Refused(refusal));
        }
    }
    crate::db::write_transaction(conn, |conn| {
        let id = services::insert(conn, c.id, new.site_id, new.name, new.kind)?;
        let details = Details::new()
            .word("kind", format!("service-kind-{}", new.kind))
            .text("name", new.name);
        let action = AuditAction::ServiceCreated;
        let event = AuditEvent::about(&c, action, "service", id.to_string(), details);
        audit::record(conn, &actor.audit, event)?;
        Ok(id)
    })
}

/// Applies `action` to one of the customer's services; returns its name.
pub fn act(
    conn: &mut AnyConnection,
    actor: &Actor,
    (customer_id, service_id): (i64, i64),
    action: ServiceAction,
) -> Outcome<String> {
    let c = customer(conn, actor, customer_id, Action::ManageServices)?;
    crate::db::write_transaction(conn, |conn| {
        let s = services::find(conn, c.id, service_id)?.ok_or(Error::NotFound)?;
        match action.apply(&s.status, s.enrolled) {
            Some((status, enrolled)) => services::set_state(conn, s.id, status, enrolled)?,
            None => services::delete(conn, s.id)?,
        }
        let id = s.id.to_string();
        let details = Details::new().text("name", &s.name);
        let event = AuditEvent::about(&c, action.audit_name(), "service", id, details);
        audit::record(conn, &actor.audit, event)?;
        Ok(s.name)
    })
}
