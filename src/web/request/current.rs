//! The person behind a request, checked against the database on every
//! request: a disabled user, a suspended account or a password change ends
//! the session even if its cookie was copied.

use actix_identity::Identity;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::db::audit::AuditActor;
use crate::db::memberships;
use crate::db::memberships::AccountMembership;
use crate::db::users::User;
use crate::domain::policy::{may, Action, Actor, Target};
use crate::i18n::Lang;
use crate::web::request::error::AppError;
use crate::web::request::impersonation::{self, Impersonation, Verdict, SESSION_IMPERSONATION};
use crate::web::AppState;

/// The session keys of a logged-in person: the epoch their password was
/// set in, and the membership (account) they act in.
pub const SESSION_EPOCH: &str = "epoch";
pub const SESSION_MEMBERSHIP: &str = "membership";

/// Where someone who must change their password is sent.
pub const PASSWORD_CHANGE_PATH: &str = "/password/change";

/// Paths someone who must change their password can still reach.
pub fn allowed_before_change(path: &str) -> bool {
    matches!(path, PASSWORD_CHANGE_PATH | "/logout" | "/language")
}

pub struct CurrentUser {
    pub user: User,
    pub memberships: Vec<AccountMembership>,
    /// The membership the person is acting in now.
    pub membership: AccountMembership,
    pub actor: Actor,
    pub lang: Lang,
    pub client_ip: String,
    /// Set while an actor is logged in as this user.
    pub impersonation: Option<Impersonation>,
}

impl CurrentUser {
    /// Refuses with 403 unless the policy allows the action.
    pub fn require(&self, action: Action, target: Target) -> Result<(), AppError> {
        if may(&self.actor, action, target) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// As `require`, for a record that exists: one out of the person's reach
    /// answers 404 like an unknown one, so ids cannot be enumerated; 403 is
    /// for a role that may not do this at all.
    pub fn require_within_reach(&self, action: Action, target: Target) -> Result<(), AppError> {
        if may(&self.actor, action, target) {
            Ok(())
        } else if crate::domain::policy::may_somewhere(&self.actor, action) {
            Err(AppError::NotFound)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn may(&self, action: Action, target: Target) -> bool {
        may(&self.actor, action, target)
    }

    /// The account's name: the customer, the reseller, or the platform.
    pub fn account_name(&self, m: &AccountMembership) -> String {
        m.customer_name
            .clone()
            .or_else(|| m.reseller_name.clone())
            .unwrap_or_else(|| self.lang.t("account-platform"))
    }

    /// "Acme Resellers · Reseller administrator", as the switcher shows it.
    pub fn account_label(&self, m: &AccountMembership) -> String {
        format!(
            "{} · {}",
            self.account_name(m),
            self.lang.t(m.role.label_key())
        )
    }

    /// The person as the use cases see them.
    pub fn app_actor(&self) -> crate::app::Actor {
        crate::app::Actor {
            who: self.actor.clone(),
            audit: self.audit_actor(),
        }
    }

    pub fn audit_actor(&self) -> AuditActor {
        if let Some(imp) = &self.impersonation {
            return imp.audit_actor(&self.user.username, &self.client_ip);
        }
        AuditActor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            impersonator_id: None,
            impersonator_name: String::new(),
            client_ip: self.client_ip.clone(),
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { load(&req).await })
    }
}

async fn load(req: &HttpRequest) -> Result<CurrentUser, AppError> {
    let identity = Identity::extract(req)
        .into_inner()
        .map_err(|_| AppError::Unauthenticated)?;
    let user_id: i64 = identity
        .id()
        .ok()
        .and_then(|id| id.parse().ok())
        .ok_or(AppError::Unauthenticated)?;
    let session = req.get_session();
    let epoch: Option<i64> = session.get(SESSION_EPOCH)?;
    let chosen: Option<i64> = session.get(SESSION_MEMBERSHIP)?;
    let imp: Option<Impersonation> = session.get(SESSION_IMPERSONATION)?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered");
    // Read at every request: a change anywhere is seen at the next one. The
    // database session store read the person with the session (believed
    // only for the user the identity names); Redis's did not.
    let carried = crate::web::request::session_store::take_session_person()
        .filter(|c| c.user_id == user_id)
        .map(|c| c.person);
    let behind_id = imp.as_ref().map(|i| i.actor_user_id);
    let (person, behind) = match (carried, behind_id) {
        (Some(person), None) => (person, None),
        (carried, behind_id) => {
            crate::web::request::database::run_here(&state.pool, move |conn| {
                let person = match &carried {
                    Some(person) => person.clone(),
                    None => memberships::person(conn, user_id)?,
                };
                let behind = match behind_id {
                    Some(id) => Some(impersonation::load_behind(conn, id)?),
                    None => None,
                };
                Ok((person, behind))
            })
            .await?
        }
    };
    let (user, all) = match person {
        Some((user, all)) => (Some(user), all),
        None => (None, Vec::new()),
    };

    let valid = user
        .as_ref()
        .is_some_and(|u| u.is_active() && Some(u.session_epoch) == epoch);
    let membership = all
        .iter()
        .filter(|m| m.is_usable())
        .find(|m| Some(m.id) == chosen)
        .or(all.iter().find(|m| m.is_usable()))
        .filter(|_| valid)
        .cloned();
    if let (Some(imp), Some(behind)) = (&imp, &behind) {
        let target = membership
            .as_ref()
            .map(|m| crate::app::impersonation::target_of(user_id, &all, m));
        let minutes = state.config.impersonation_minutes;
        let username = user
            .as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let audit_actor =
            imp.audit_actor(&username, &crate::web::request::client_addr::client_ip(req));
        match impersonation::verdict(imp, behind, target, minutes) {
            Verdict::Continue => {}
            Verdict::Restore(reason) => {
                let to = impersonation::end(state, &session, imp, audit_actor, reason).await?;
                return Err(AppError::Redirect(to));
            }
            Verdict::Logout => {
                let reason = impersonation::EndReason::Revoked;
                impersonation::end(state, &session, imp, audit_actor, reason).await?;
                identity.logout();
                return Err(AppError::SessionEnded);
            }
        }
    }
    let (Some(user), Some(membership)) = (user.filter(|_| valid), membership) else {
        identity.logout();
        return Err(AppError::SessionEnded);
    };
    let actor = Actor {
        user_id: user.id,
        role: membership.role,
        reseller_id: membership.reseller_id.or(membership.customer_reseller_id),
        customer_id: membership.customer_id,
        impersonating: imp.is_some(),
    };
    // A password reset by staff: the person's own password comes first.
    if user.must_change_password && imp.is_none() && !allowed_before_change(req.path()) {
        return Err(AppError::Redirect(PASSWORD_CHANGE_PATH.into()));
    }
    let lang = Lang::from_code(&user.language).unwrap_or_default();
    req.extensions_mut().insert(lang);
    Ok(CurrentUser {
        user,
        memberships: all,
        membership,
        actor,
        lang,
        client_ip: crate::web::request::client_addr::client_ip(req),
        impersonation: imp,
    })
}
