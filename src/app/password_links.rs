//! The links people get by e-mail: asking for a *Forgot password* link, and
//! setting a password through an invitation or reset link.

use super::invitations::{self, PURPOSE_INVITATION, PURPOSE_RESET};
use super::Outcome;
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use crate::db::memberships::{self, AccountMembership};
use crate::db::users::{self, User, UserStatus};
use crate::db::{tokens, AnyConnection};
use crate::mail::Links;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Sets a first password; the account becomes active.
    Invitation,
    /// Sets a new password; the user's other sessions end.
    Reset,
}

impl LinkKind {
    pub fn purpose(self) -> &'static str {
        match self {
            LinkKind::Invitation => PURPOSE_INVITATION,
            LinkKind::Reset => PURPOSE_RESET,
        }
    }

    /// Whether the user may still use this kind of link.
    pub fn fits(self, user: &User) -> bool {
        match self {
            LinkKind::Invitation => user.status == UserStatus::Invited.as_str(),
            LinkKind::Reset => user.is_active(),
        }
    }
}

/// The token's id and its user, when the link is still good.
pub fn find_valid(
    conn: &mut AnyConnection,
    kind: LinkKind,
    token: &str,
) -> Outcome<Option<(i64, User)>> {
    let Some((id, Some(user_id))) = tokens::find_valid(conn, kind.purpose(), token)? else {
        return Ok(None);
    };
    Ok(users::find(conn, user_id)?
        .filter(|u| kind.fits(u))
        .map(|u| (id, u)))
}

/// The language of the person a link was made for, whether or not it still
/// works: its pages speak it.
pub fn language_of(
    conn: &mut AnyConnection,
    kind: LinkKind,
    token: &str,
) -> Outcome<Option<String>> {
    let Some(user_id) = tokens::user_of(conn, kind.purpose(), token)? else {
        return Ok(None);
    };
    Ok(users::find(conn, user_id)?.map(|u| u.language))
}

/// *Forgot password*: e-mails a reset link when `email` belongs to an active
/// user with a usable account, and does nothing otherwise (the person asking
/// learns nothing either way).
pub fn request_reset(
    conn: &mut AnyConnection,
    links: &Links,
    email: &str,
    client_ip: String,
) -> Outcome<()> {
    let Some(user) = users::find_by_login(conn, email)? else {
        return Ok(());
    };
    let usable = memberships::for_user(conn, user.id)?
        .iter()
        .any(|m| m.is_usable());
    if !user.is_active() || !usable {
        return Ok(());
    }
    crate::db::write_transaction(conn, |conn| {
        invitations::send_reset_link(conn, links, &user)?;
        let actor = AuditActor {
            client_ip,
            ..Default::default()
        };
        let details = Details::new().text("email", &user.email);
        let action = AuditAction::PasswordResetRequested;
        let event = AuditEvent::new(action, "user", user.id, details);
        audit::record(conn, &actor, event)?;
        Ok(())
    })
}

/// What setting a password by link gave: the user's new session epoch, and
/// the account to start in (none while every account is suspended).
pub struct LinkUsed {
    pub epoch: i64,
    pub membership: Option<AccountMembership>,
}

/// Sets `user`'s password (`hash`, the bcrypt of what they typed) through the
/// link `token_id`. A link works once: a second tab or a replay gets None.
pub fn set_password(
    conn: &mut AnyConnection,
    kind: LinkKind,
    (token_id, user): (i64, &User),
    hash: &str,
    client_ip: String,
) -> Outcome<Option<LinkUsed>> {
    let actor = AuditActor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_ip,
        ..Default::default()
    };
    crate::db::write_transaction(conn, |conn| {
        if !tokens::mark_used(conn, token_id)? {
            return Ok(None);
        }
        let epoch = match kind {
            LinkKind::Invitation => users::activate(conn, user.id, hash)?,
            LinkKind::Reset => users::set_password(conn, user.id, hash)?,
        };
        let action = match kind {
            LinkKind::Invitation => AuditAction::InvitationAccepted,
            LinkKind::Reset => AuditAction::PasswordResetByLink,
        };
        let event = AuditEvent::new(action, "user", user.id, Details::new());
        audit::record(conn, &actor, event)?;
        let membership = memberships::for_user(conn, user.id)?
            .into_iter()
            .find(|m| m.is_usable());
        Ok(Some(LinkUsed { epoch, membership }))
    })
}
