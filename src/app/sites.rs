//! A customer's sites: add, rename, remove (never the last one).

use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::customers::Customer;
use crate::db::{sites, AnyConnection};
use crate::domain::policy::Action;

/// The longest site name.
pub const MAX_NAME: usize = 100;

fn event(c: &Customer, action: AuditAction, details: Details) -> AuditEvent<'static> {
    AuditEvent::about(c, action, "site", c.public_id.clone(), details)
}

/// Adds a site named `name` (already checked) to the customer.
pub fn add(conn: &mut AnyConnection, actor: &Actor, customer_id: i64, name: &str) -> Outcome<i64> {
    let c = customer(conn, actor, customer_id, Action::ManageSites)?;
    crate::db::write_transaction(conn, |conn| {
        let id = sites::insert(conn, c.id, name)?;
        let details = Details::new().text("name", name);
        audit::record(
            conn,
            &actor.audit,
            event(&c, AuditAction::SiteCreated, details),
        )?;
        Ok(id)
    })
}

/// Renames one of the customer's sites.
pub fn rename(
    conn: &mut AnyConnection,
    actor: &Actor,
    (customer_id, site): (i64, i64),
    name: &str,
) -> Outcome<()> {
    let c = customer(conn, actor, customer_id, Action::ManageSites)?;
    crate::db::write_transaction(conn, |conn| {
        if sites::rename(conn, c.id, site, name)? == 0 {
            return Err(Error::NotFound);
        }
        let details = Details::new().number("site", site).text("name", name);
        audit::record(
            conn,
            &actor.audit,
            event(&c, AuditAction::SiteRenamed, details),
        )?;
        Ok(())
    })
}

/// Removes one of the customer's sites, unless it is the last.
pub fn remove(
    conn: &mut AnyConnection,
    actor: &Actor,
    (customer_id, site): (i64, i64),
) -> Outcome<()> {
    let c = customer(conn, actor, customer_id, Action::ManageSites)?;
    crate::db::write_transaction(conn, |conn| {
        match sites::remove_unless_last(conn, c.id, site)? {
            None => Err(Error::NotFound),
            Some(false) => Err(Error::Refused(Refusal::of_form("site-last"))),
            Some(true) => {
                let details = Details::new().number("site", site);
                let e = event(&c, AuditAction::SiteRemoved, details);
                audit::record(conn, &actor.audit, e)?;
                Ok(())
            }
        }
    })
}
