//! What a person changes of their own: their profile and their password.

use super::Outcome;
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Change, Details};
use crate::db::users::{self, User};
use crate::db::AnyConnection;
use crate::i18n::Lang;
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
    let language = |code: &str| {
        Lang::from_code(code)
            .map_or(code, |l| l.native_name())
            .to_string()
    };
    let zone = |z: &Option<String>| z.clone().unwrap_or_else(|| "UTC".into());
    let mut changes = Vec::new();
    if user.full_name != p.full_name {
        changes.push(Change::text(
            "user-full-name",
            &user.full_name,
            &p.full_name,
        ));
    }
    if user.language != p.language {
        let (was, is) = (language(&user.language), language(&p.language));
        changes.push(Change::text("language-label", was, is));
    }
    if user.timezone != p.timezone {
        let (was, is) = (zone(&user.timezone), zone(&p.timezone));
        changes.push(Change::text("profile-timezone", was, is));
    }
    crate::db::write_transaction(conn, |conn| {
        users::update_profile(
            conn,
            user.id,
            &p.full_name,
            &p.language,
            p.timezone.as_deref(),
        )?;
        let details = Details::new().changes(changes);
        let event = AuditEvent::new(AuditAction::ProfileUpdated, "user", user.id, details);
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
    (cost, why): (u32, &'static str),
) -> Outcome<i64> {
    let hash = passwords::hash(password, cost)?;
    crate::db::write_transaction(conn, |conn| {
        let epoch = users::set_password(conn, user_id, &hash)?;
        let details = Details::new().word("why", why);
        let event = AuditEvent::new(AuditAction::PasswordChanged, "user", user_id, details);
        audit::record(conn, actor, event)?;
        Ok(epoch)
    })
}
