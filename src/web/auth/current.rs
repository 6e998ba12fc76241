//! The person behind a request, checked against the database on every
//! request: a disabled user, a suspended account or a password change ends
//! the session even if its cookie was copied.

use actix_identity::Identity;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::{SESSION_EPOCH, SESSION_MEMBERSHIP};
use crate::db::audit::AuditActor;
use crate::db::memberships::AccountMembership;
use crate::db::users::User;
use crate::db::{self, memberships, users};
use crate::domain::policy::{may, Action, Actor, Target};
use crate::i18n::Lang;
use crate::web::error::AppError;
use crate::web::AppState;

pub struct CurrentUser {
    pub user: User,
    pub memberships: Vec<AccountMembership>,
    /// The membership the person is acting in now.
    pub membership: AccountMembership,
    pub actor: Actor,
    pub lang: Lang,
    pub client_ip: String,
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

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            impersonator_id: None,
            impersonator_name: String::new(),
            client_ip: self.client_ip.clone(),
        }
    }
}

pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
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
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered");
    let (user, all) = db::run(&state.pool, move |conn| {
        let user = users::find(conn, user_id)?;
        let all = match &user {
            Some(_) => memberships::for_user(conn, user_id)?,
            None => Vec::new(),
        };
        Ok((user, all))
    })
    .await?;

    let usable: Vec<&AccountMembership> = all.iter().filter(|m| m.is_usable()).collect();
    let valid = user
        .as_ref()
        .is_some_and(|u| u.is_active() && Some(u.session_epoch) == epoch)
        && !usable.is_empty();
    let Some(user) = user.filter(|_| valid) else {
        identity.logout();
        return Err(AppError::SessionEnded);
    };
    let membership = usable
        .iter()
        .find(|m| Some(m.id) == chosen)
        .or(usable.first())
        .map(|m| (*m).clone())
        .ok_or(AppError::SessionEnded)?;
    let actor = Actor {
        user_id: user.id,
        role: membership.role,
        reseller_id: membership.reseller_id.or(membership.customer_reseller_id),
        customer_id: membership.customer_id,
        impersonating: false,
    };
    let lang = Lang::from_code(&user.language).unwrap_or_default();
    req.extensions_mut().insert(lang);
    Ok(CurrentUser {
        user,
        memberships: all,
        membership,
        actor,
        lang,
        client_ip: client_ip(req),
    })
}
