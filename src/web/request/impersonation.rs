//! *Log in as*: the state an impersonated session carries, the checks made
//! on every one of its requests, and how the actor gets their own session
//! back. The routes that start and end it are in `web::login_as`.

use std::collections::HashMap;

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::app::impersonation as app_impersonation;
use crate::db::audit::AuditActor;
use crate::db::memberships::{self, AccountMembership};
use crate::db::users::{self, User};
use crate::db::{settings, AnyConnection};
use crate::domain::policy::{may_impersonate, Actor, ImpersonationTarget};
use crate::web::request::context::flash_with;
use crate::web::request::error::AppError;
use crate::web::AppState;

/// The session key holding [`Impersonation`].
pub const SESSION_IMPERSONATION: &str = "impersonation";

/// Kept in the impersonated session: who is behind it, and their own session
/// whole, to be put back when it ends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Impersonation {
    pub actor_user_id: i64,
    pub actor_username: String,
    pub actor_full_name: String,
    pub actor_epoch: i64,
    pub actor_membership: i64,
    pub target_user_id: i64,
    pub target_full_name: String,
    /// The customer (or reseller) the target is seen in.
    pub account_name: String,
    pub customer_id: Option<i64>,
    pub reseller_id: Option<i64>,
    /// Unix seconds.
    pub started_at: i64,
    /// Where the actor started (the overview, or the list with its filters).
    pub return_to: String,
    /// The actor's own session, as stored (values are JSON).
    pub saved: HashMap<String, String>,
}

impl Impersonation {
    /// Both identities, for every audit entry written meanwhile.
    pub fn audit_actor(&self, target_username: &str, client_ip: &str) -> AuditActor {
        AuditActor {
            user_id: Some(self.target_user_id),
            name: target_username.to_string(),
            impersonator_id: Some(self.actor_user_id),
            impersonator_name: self.actor_username.clone(),
            client_ip: client_ip.to_string(),
        }
    }

    fn expired(&self, minutes: i64) -> bool {
        chrono::Utc::now().timestamp() > self.started_at + minutes * 60
    }
}

/// Why an impersonation ended; each has its message and audit reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    Returned,
    Expired,
    Revoked,
    SwitchedOff,
    TargetUnavailable,
}

impl EndReason {
    fn flash_key(self) -> &'static str {
        match self {
            EndReason::Returned => "impersonation-returned",
            EndReason::Expired => "impersonation-expired",
            EndReason::Revoked => "impersonation-revoked",
            EndReason::SwitchedOff => "impersonation-switched-off",
            EndReason::TargetUnavailable => "impersonation-target-unavailable",
        }
    }

    /// The message key of the audit entry's reason.
    fn why(self) -> &'static str {
        match self {
            EndReason::Returned => "audit-why-returned",
            EndReason::Expired => "audit-why-expired",
            EndReason::Revoked => "audit-why-revoked",
            EndReason::SwitchedOff => "audit-why-switched-off",
            EndReason::TargetUnavailable => "audit-why-target-unavailable",
        }
    }
}

/// What the database says about the person behind an impersonation.
pub struct BehindState {
    user: Option<User>,
    memberships: Vec<AccountMembership>,
    enabled: bool,
}

pub fn load_behind(
    conn: &mut AnyConnection,
    actor_user_id: i64,
) -> diesel::QueryResult<BehindState> {
    Ok(BehindState {
        user: users::find(conn, actor_user_id)?,
        memberships: memberships::for_user(conn, actor_user_id)?,
        enabled: settings::impersonation_enabled(conn)?,
    })
}

/// The outcome of checking an impersonated request.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Continue,
    /// Give the actor their own session back.
    Restore(EndReason),
    /// The actor's own session is gone too (disabled, password changed…).
    Logout,
}

/// The actor as their own chosen membership makes them.
pub fn actor_of(user_id: i64, m: &AccountMembership) -> Actor {
    Actor {
        user_id,
        role: m.role,
        reseller_id: m.reseller_id.or(m.customer_reseller_id),
        customer_id: m.customer_id,
        impersonating: false,
    }
}

/// Checks an impersonated request: the actor must still be who they were
/// and still hold the right, the platform must still allow it, and the
/// time must not be up. `target` is the impersonated user's usable
/// membership, if they still have one.
pub fn verdict(
    imp: &Impersonation,
    behind: &BehindState,
    target: Option<ImpersonationTarget>,
    minutes: i64,
) -> Verdict {
    let actor_ok = behind
        .user
        .as_ref()
        .is_some_and(|u| u.is_active() && u.session_epoch == imp.actor_epoch);
    if !actor_ok {
        return Verdict::Logout;
    }
    let Some(target) = target else {
        return Verdict::Restore(EndReason::TargetUnavailable);
    };
    if imp.expired(minutes) {
        return Verdict::Restore(EndReason::Expired);
    }
    if !behind.enabled {
        return Verdict::Restore(EndReason::SwitchedOff);
    }
    let still_allowed = behind
        .memberships
        .iter()
        .find(|m| m.id == imp.actor_membership && m.is_usable())
        .is_some_and(|m| may_impersonate(&actor_of(imp.actor_user_id, m), target));
    if still_allowed {
        Verdict::Continue
    } else {
        Verdict::Restore(EndReason::Revoked)
    }
}

/// Puts the actor's own session back, under a new session id.
fn restore(session: &Session, imp: &Impersonation) -> Result<(), AppError> {
    session.clear();
    for (key, raw) in &imp.saved {
        // Stored values are JSON already; parse so insert does not quote twice.
        let value: serde_json::Value = serde_json::from_str(raw)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("saved session value: {e}")))?;
        session.insert(key.clone(), value)?;
    }
    session.renew();
    Ok(())
}

/// Ends the impersonation: audits it, restores the actor's session with a
/// message, and returns where the actor started.
pub async fn end(
    state: &AppState,
    session: &Session,
    imp: &Impersonation,
    actor: AuditActor,
    reason: EndReason,
) -> Result<String, AppError> {
    let ids = (imp.target_user_id, imp.customer_id, imp.reseller_id);
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app_impersonation::record_end(
            conn,
            &actor,
            ids,
            reason.why(),
        )?)
    })
    .await?;
    restore(session, imp)?;
    flash_with(
        session,
        if reason == EndReason::Returned {
            "success"
        } else {
            "info"
        },
        reason.flash_key(),
        vec![("name".into(), imp.target_full_name.clone())],
    )?;
    Ok(imp.return_to.clone())
}

/// Audits a *Log in as* start refused for its CSRF token (a replayed or
/// cross-site request); called by the CSRF check, which answers it.
pub async fn audit_forged_start(req: &actix_web::HttpRequest) {
    use actix_web::FromRequest;
    let Some(state) = req.app_data::<actix_web::web::Data<AppState>>().cloned() else {
        return;
    };
    // Only a logged-in person's attempt is worth a row: anonymous posts
    // could otherwise fill the audit log.
    let Some(user_id) = actix_identity::Identity::extract(req)
        .into_inner()
        .ok()
        .and_then(|i| i.id().ok())
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return;
    };
    let ip = crate::web::request::client_addr::client_ip(req);
    let path = req.path().to_string();
    let customer_id = req
        .match_info()
        .get("id")
        .and_then(|id| id.parse::<i64>().ok())
        .or_else(|| path.split('/').nth(2).and_then(|id| id.parse().ok()));
    let recorded = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app_impersonation::record_forged_start(
            conn,
            user_id,
            ip,
            customer_id,
        )?)
    })
    .await;
    if let Err(e) = recorded {
        tracing::error!(error = %e, "could not audit a refused log in as");
    }
}
