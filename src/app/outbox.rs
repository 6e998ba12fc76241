//! The outbox as staff run it: sending a failed e-mail again.

use super::{Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditEvent};
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
            action: "email.retried",
            target_type: "email",
            target_id: id.to_string(),
            customer_id: m.customer_id,
            summary: format!("retry of the e-mail to {}", m.recipient),
            ..Default::default()
        };
        audit::record(conn, &actor.audit, event)?;
        Ok(())
    })
}
