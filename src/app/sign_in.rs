//! Signing in and out: the password check under the account lock, with
//! its audit entries.

use super::Outcome as Done;
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use crate::db::{login_guesses, memberships, users, AnyConnection};
use crate::passwords;

/// What a login attempt gave.
pub enum Outcome {
    Success {
        user_id: i64,
        username: String,
        epoch: i64,
        membership: i64,
        language: String,
        must_change_password: bool,
    },
    Refused,
    /// Too many failed attempts on this account: locked for a while.
    Locked,
}

/// Checks a login attempt. A guess is counted before the password is
/// checked, so a burst of attempts checks no more than the lock allows; a
/// refusal takes the same time whether or not the account exists.
pub fn check(
    conn: &mut AnyConnection,
    attempt: &str,
    password: &str,
    ip: String,
    cost: u32,
) -> Done<Outcome> {
    let user = users::find_by_login(conn, attempt)?;
    let usable = match &user {
        Some(u) => memberships::for_user(conn, u.id)?
            .into_iter()
            .find(|m| m.is_usable()),
        None => None,
    };
    // A guess is taken before the password is checked, so a burst of
    // attempts checks no more than the lock allows.
    let locked = match &user {
        Some(u) => !login_guesses::take_login_guess(conn, u.id)?,
        None => false,
    };
    // Always check a hash, a dummy one when there is no user or no guess
    // left, so that every refusal takes the same time.
    let stored = user
        .as_ref()
        .filter(|_| !locked)
        .and_then(|u| u.password_hash.as_deref());
    let password_ok = passwords::verify(password, stored, cost);
    let actor = AuditActor {
        user_id: user.as_ref().map(|u| u.id),
        name: user
            .as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default(),
        client_ip: ip,
        ..Default::default()
    };
    match (user, usable) {
        (Some(user), Some(membership)) if !locked && password_ok && user.is_active() => {
            login_guesses::record_login_success(conn, user.id)?;
            audit::record(
                conn,
                &actor,
                AuditEvent::new(AuditAction::LoginSucceeded, "user", user.id, Details::new()),
            )?;
            Ok(Outcome::Success {
                user_id: user.id,
                username: user.username,
                epoch: user.session_epoch,
                membership: membership.id,
                language: user.language,
                must_change_password: user.must_change_password,
            })
        }
        (user, _) => {
            let newly_locked = match &user {
                Some(u) if !locked => login_guesses::lock_when_guesses_spent(conn, u.id)?,
                _ => None,
            };
            let target_id = user.as_ref().map(|u| u.id.to_string()).unwrap_or_default();
            let details = Details::new()
                .text("login", truncate(attempt, 100))
                .word("locked", if locked { "yes" } else { "no" });
            let event = AuditEvent::new(AuditAction::LoginFailed, "user", &target_id, details);
            audit::record(conn, &actor, event)?;
            if let Some(until) = newly_locked {
                let details = Details::new()
                    .number("attempts", login_guesses::MAX_FAILED_LOGINS)
                    .text("until", until.format("%Y-%m-%d %H:%M UTC").to_string());
                let event = AuditEvent::new(AuditAction::LoginLocked, "user", target_id, details);
                audit::record(conn, &actor, event)?;
            }
            Ok(if locked || newly_locked.is_some() {
                Outcome::Locked
            } else {
                Outcome::Refused
            })
        }
    }
}

/// Records a logout.
pub fn record_logout(conn: &mut AnyConnection, actor: &AuditActor, user_id: i64) -> Done<()> {
    let event = AuditEvent::new(AuditAction::Logout, "user", user_id, Details::new());
    audit::record(conn, actor, event)?;
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
