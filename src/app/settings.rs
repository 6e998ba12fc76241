//! Platform settings an operator changes at run time.

use super::{Actor, Outcome};
use crate::db::audit::{self, AuditEvent};
use crate::db::{settings, AnyConnection};
use crate::domain::policy::{Action, Target};

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
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
        let event = AuditEvent {
            action: "settings.updated",
            target_type: "setting",
            target_id: settings::IMPERSONATION_ENABLED.into(),
            summary: format!("impersonation: {} → {}", on_off(before), on_off(enabled)),
            ..Default::default()
        };
        audit::record(conn, &actor.audit, event)?;
        Ok(true)
    })
}
