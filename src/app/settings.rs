//! Platform settings an operator changes at run time.

use super::{Actor, Outcome};
use crate::db::audit::{self, AuditAction, AuditEvent, Change, Details};
use crate::db::{settings, AnyConnection};
use crate::domain::policy::{Action, Target};

fn on_off(b: bool) -> &'static str {
    if b {
        "audit-on"
    } else {
        "audit-off"
    }
}

/// Turns *Log in as* on or off for the whole platform; true when it changed.
pub fn set_impersonation(conn: &mut AnyConnection, actor: &Actor, enabled: bool) -> Outcome<bool> {
    actor.require(Action::ManageSettings, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        let before = settings::impersonation_enabled(conn)?;
        if before == enabled {
            return Ok(false);
        }
        let value = if enabled { "true" } else { "false" };
        settings::set(conn, settings::IMPERSONATION_ENABLED, value)?;
        let change = Change::words("audit-field-impersonation", on_off(before), on_off(enabled));
        let details = Details::new().changes(vec![change]);
        let target = settings::IMPERSONATION_ENABLED;
        let event = AuditEvent::new(AuditAction::SettingsUpdated, "setting", target, details);
        audit::record(conn, &actor.audit, event)?;
        Ok(true)
    })
}
