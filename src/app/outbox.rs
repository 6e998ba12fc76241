//! The outbox as staff run it: sending a failed e-mail again.

use super::{Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::{outbox, AnyConnection};
use crate::domain::policy::{Action, Target};

/// Puts a failed e-mail back in the queue, to be sent at once.
pub fn retry(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Outcome<()> {
    actor.require(Action::ViewOutbox, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        let m = outbox::find(conn, id)?.ok_or(Error::NotFound)?;
        if !outbox::retry_now(conn, id)? {
            return Err(Error::Refused(Refusal::of_form("outbox-not-failed")));
        }
        let event = AuditEvent {
            customer_id: m.customer_id,
            ..AuditEvent::new(
                AuditAction::EmailRetried,
                "email",
                id,
                Details::new().text("email", &m.recipient),
            )
        };
        audit::record(conn, &actor.audit, event)?;
        Ok(())
    })
}
