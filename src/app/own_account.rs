//! What a person changes of their own: their profile and their password.

use super::Outcome;
use crate::db::audit::{self, AuditActor, AuditEvent};
use crate::db::users::{self, User};
use crate::db::AnyConnection;
use crate::passwords;

/// A profile as typed, already checked.
pub struct Profile {
    pub full_name: String,
    pub language: String,
    pub timezone: Option<String>,
}

/// Saves `user`'s profile, with an audit entry naming what changed.
pub fn update_profile(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    user: &User,
    p: &Profile,
) -> Outcome<()> {
    let mut changes = Vec::new();
    if user.full_name != p.full_name {
        changes.push(format!("name: {} → {}", user.full_name, p.full_name));
    }
    if user.language != p.language {
        changes.push(format!("language: {} → {}", user.language, p.language));
    }
    if user.timezone != p.timezone {
        changes.push(format!(
            "timezone: {} → {}",
            user.timezone.as_deref().unwrap_or("-"),
            p.timezone.as_deref().unwrap_or("-")
        ));
    }
    crate::db::write_transaction(conn, |conn| {
        users::update_profile(
            conn,
            user.id,
            &p.full_name,
            &p.language,
            p.timezone.as_deref(),
        )?;
        let event = AuditEvent {
            action: "profile.updated",
            target_type: "user",
            target_id: user.id.to_string(),
            summary: changes.join("; "),
            ..Default::default()
        };
        audit::record(conn, actor, event)?;
        Ok(())
    })
}

/// Sets a person's own new password; every session of theirs made before
/// ends. Returns the new session epoch, for the session that carries on.
pub fn change_password(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    user_id: i64,
    password: &str,
    (cost, summary): (u32, &str),
) -> Outcome<i64> {
    let hash = passwords::hash(password, cost)?;
    crate::db::write_transaction(conn, |conn| {
        let epoch = users::set_password(conn, user_id, &hash)?;
        let event = AuditEvent {
            action: "password.changed",
            target_type: "user",
            target_id: user_id.to_string(),
            summary: summary.into(),
            ..Default::default()
        };
        audit::record(conn, actor, event)?;
        Ok(epoch)
    })
}
