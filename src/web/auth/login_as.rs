//! The routes of *Log in as*: start as one of a customer's users, and
//! return to one's own session.

use actix_identity::Identity;
use actix_session::Session;
use actix_web::{post, web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::current::CurrentUser;
use super::impersonation::{self, EndReason, Impersonation, SESSION_IMPERSONATION};
use super::{SESSION_EPOCH, SESSION_MEMBERSHIP};
use crate::db::audit::{self, AuditActor, AuditEvent};
use crate::db::customers::{self, Customer};
use crate::db::memberships::{self, AccountMembership};
use crate::db::users::{self, User, UserStatus};
use crate::db::{self, resellers, settings};
use crate::domain::policy::{may_impersonate, Action, Actor, Target};
use crate::web::customers::local_return;
use crate::web::customers::target as customer_target;
use crate::web::error::{see_other, AppError};
use crate::web::AppState;

#[derive(Deserialize)]
struct StartForm {
    /// One of the customer's users; the administrator when absent.
    user_id: Option<String>,
    return_to: Option<String>,
}

/// Why a start was refused: written to the audit log, then answered.
struct Refusal {
    error: AppError,
    summary: String,
    target_id: String,
}

fn refuse(error: AppError, summary: &str, target_id: impl ToString) -> Refusal {
    Refusal {
        error,
        summary: summary.to_string(),
        target_id: target_id.to_string(),
    }
}

/// Whether the user can be used at all, and if not why (the same reasons
/// the buttons show).
pub fn unavailable_reason(user_status: &str, customer_status: &str) -> Option<&'static str> {
    if customer_status == "suspended" {
        Some("login-as-customer-suspended")
    } else if customer_status == "creating" {
        Some("login-as-customer-creating")
    } else if user_status == UserStatus::Invited.as_str() {
        Some("login-as-user-invited")
    } else if user_status != UserStatus::Active.as_str() {
        Some("login-as-user-disabled")
    } else {
        None
    }
}

struct Chosen {
    user: User,
    membership: AccountMembership,
}

/// The account a start is aimed at: a customer, or (for operators) a
/// reseller's own administrators.
#[derive(Clone)]
struct Place {
    customer_id: Option<i64>,
    reseller_id: i64,
    name: String,
    status: String,
    scope: Target,
}

impl Place {
    fn of_customer(c: &Customer) -> Place {
        Place {
            customer_id: Some(c.id),
            reseller_id: c.reseller_id,
            name: c.name.clone(),
            status: c.status.clone(),
            scope: customer_target(c),
        }
    }

    fn of_reseller(r: &resellers::Reseller) -> Place {
        Place {
            customer_id: None,
            reseller_id: r.id,
            name: r.name.clone(),
            status: r.status.clone(),
            scope: Target::Reseller(r.id),
        }
    }

    /// The membership that puts the user in this account.
    fn holds(&self, m: &AccountMembership) -> bool {
        match self.customer_id {
            Some(id) => m.customer_id == Some(id),
            None => m.customer_id.is_none() && m.reseller_id == Some(self.reseller_id),
        }
    }

    fn unavailable(&self, user_status: &str) -> Option<&'static str> {
        match (self.customer_id, self.status.as_str()) {
            (None, "suspended") => Some("login-as-reseller-suspended"),
            (None, _) => unavailable_reason(user_status, "active"),
            (Some(_), status) => unavailable_reason(user_status, status),
        }
    }
}

/// Finds the user to log in as and checks every rule.
fn choose(
    conn: &mut db::AnyConnection,
    actor: &Actor,
    place: &Place,
    user_id: Option<&str>,
) -> Result<Result<Chosen, Refusal>, AppError> {
    // The account's first administrator unless a user is named; either
    // way the user must belong to the account (checked below).
    let found = match user_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => match place.customer_id {
            Some(id) => customers::admin(conn, id)?,
            None => memberships::reseller_admin(conn, place.reseller_id)?,
        },
        Some(raw) => {
            let Ok(id) = raw.parse::<i64>() else {
                return Ok(Err(refuse(AppError::NotFound, "unknown user", raw)));
            };
            users::find(conn, id)?
        }
    };
    let Some(user) = found else {
        let raw = user_id.unwrap_or("administrator");
        return Ok(Err(refuse(AppError::NotFound, "unknown user", raw)));
    };
    let all = memberships::for_user(conn, user.id)?;
    let Some(membership) = all.iter().find(|m| place.holds(m)).cloned() else {
        return Ok(Err(refuse(AppError::NotFound, "unknown user", user.id)));
    };
    if !settings::impersonation_enabled(conn)? {
        let r = refuse(
            AppError::Forbidden,
            "impersonation is switched off",
            user.id,
        );
        return Ok(Err(r));
    }
    let target = impersonation::target_of(user.id, &all, &membership);
    if !may_impersonate(actor, target) {
        let r = refuse(AppError::Forbidden, "not allowed for this user", user.id);
        return Ok(Err(r));
    }
    if let Some(reason) = place.unavailable(&user.status) {
        let r = refuse(AppError::Forbidden, reason, user.id);
        return Ok(Err(r));
    }
    Ok(Ok(Chosen { user, membership }))
}

async fn audit_refusal(
    state: &AppState,
    actor: AuditActor,
    place: Option<&Place>,
    refusal: &Refusal,
) -> Result<(), AppError> {
    let person = actor.user_id.map(|id| id.to_string()).unwrap_or_default();
    if !crate::web::rate_limit::allow(&state.limits.refused_logins_as, &person) {
        return Err(AppError::TooManyRequests);
    }
    let customer_id = place.and_then(|p| p.customer_id);
    let reseller_id = place.map(|p| p.reseller_id);
    let (target_id, summary) = (refusal.target_id.clone(), refusal.summary.clone());
    crate::web::database::run(&state.pool, move |conn| {
        Ok(audit::record(
            conn,
            &actor,
            AuditEvent {
                action: "impersonation.refused",
                target_type: "user",
                target_id,
                customer_id,
                reseller_id,
                summary,
            },
        )?)
    })
    .await
}

#[post("/customers/{id}/login-as")]
async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<StartForm>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let place = crate::web::database::run(&state.pool, move |c| Ok(customers::find(c, id)?))
        .await?
        .map(|c| Place::of_customer(&c))
        .ok_or_else(|| refuse(AppError::NotFound, "unknown customer", id));
    let fallback = format!("/customers/{id}");
    let form = form.into_inner();
    start_in(&req, &state, &session, &current, place, form, &fallback).await
}

#[post("/resellers/{id}/login-as")]
async fn start_as_reseller(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<StartForm>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let place = crate::web::database::run(&state.pool, move |c| Ok(resellers::find(c, id)?))
        .await?
        .map(|r| Place::of_reseller(&r))
        .ok_or_else(|| refuse(AppError::NotFound, "unknown reseller", id));
    let form = form.into_inner();
    start_in(&req, &state, &session, &current, place, form, "/resellers").await
}

/// Checks every rule, audits the outcome, and on success swaps the
/// session for the chosen user's, keeping the actor's to come back to.
async fn start_in(
    req: &HttpRequest,
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    place: Result<Place, Refusal>,
    form: StartForm,
    fallback: &str,
) -> Result<HttpResponse, AppError> {
    let actor = current.audit_actor();
    let place = match place {
        Ok(p) => p,
        Err(r) => {
            audit_refusal(state, actor, None, &r).await?;
            return Err(r.error);
        }
    };
    let refused = if current.impersonation.is_some() {
        Some("already impersonating")
    } else if !current.may(Action::Impersonate, place.scope) {
        Some("not allowed for this user")
    } else {
        None
    };
    if let Some(summary) = refused {
        let r = refuse(AppError::Forbidden, summary, "");
        audit_refusal(state, actor, Some(&place), &r).await?;
        return Err(r.error);
    }
    let return_to = local_return(form.return_to.as_deref(), fallback);
    let chosen = {
        let (who, p) = (current.actor.clone(), place.clone());
        crate::web::database::run(&state.pool, move |conn| {
            choose(conn, &who, &p, form.user_id.as_deref())
        })
        .await?
    };
    let Chosen { user, membership } = match chosen {
        Ok(c) => c,
        Err(r) => {
            audit_refusal(state, actor, Some(&place), &r).await?;
            return Err(r.error);
        }
    };
    let target_id = user.id;
    let summary = format!("logged in as {} ({})", user.username, place.name);
    let (cid, rid) = (place.customer_id, place.reseller_id);
    crate::web::database::run(&state.pool, move |conn| {
        Ok(audit::record(
            conn,
            &actor,
            AuditEvent {
                action: "impersonation.started",
                target_type: "user",
                target_id: target_id.to_string(),
                customer_id: cid,
                reseller_id: Some(rid),
                summary,
            },
        )?)
    })
    .await?;

    let imp = Impersonation {
        actor_user_id: current.user.id,
        actor_username: current.user.username.clone(),
        actor_full_name: current.user.full_name.clone(),
        actor_epoch: current.user.session_epoch,
        actor_membership: current.membership.id,
        target_user_id: user.id,
        target_full_name: user.full_name.clone(),
        account_name: place.name.clone(),
        customer_id: place.customer_id,
        reseller_id: Some(place.reseller_id),
        started_at: chrono::Utc::now().timestamp(),
        return_to,
        saved: session.entries().clone(),
    };
    session.clear();
    // Identity::login renews the session: a new id for the new identity.
    Identity::login(&req.extensions(), user.id.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("login as failed: {e}")))?;
    session.insert(SESSION_EPOCH, user.session_epoch)?;
    session.insert(SESSION_MEMBERSHIP, membership.id)?;
    session.insert(SESSION_IMPERSONATION, imp)?;
    tracing::info!(actor = %current.user.username, user = %user.username, "log in as started");
    Ok(see_other("/"))
}

#[post("/impersonation/end")]
async fn finish(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let Some(imp) = &current.impersonation else {
        return Ok(see_other("/"));
    };
    let to = impersonation::end(
        &state,
        &session,
        imp,
        current.audit_actor(),
        EndReason::Returned,
    )
    .await?;
    Ok(see_other(&to))
}

/// Audits a start request refused for its CSRF token (a replayed or
/// cross-site request); called by the CSRF check, which answers it.
pub async fn audit_forged_start(req: &HttpRequest) {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return;
    };
    let user_id = Identity::extract(req)
        .into_inner()
        .ok()
        .and_then(|i| i.id().ok())
        .and_then(|id| id.parse::<i64>().ok());
    // Only a logged-in person's attempt is worth a row: anonymous posts
    // could otherwise fill the audit log.
    if user_id.is_none() {
        return;
    }
    let ip = crate::web::client_addr::client_ip(req);
    let path = req.path().to_string();
    let customer_id = req
        .match_info()
        .get("id")
        .and_then(|id| id.parse::<i64>().ok())
        .or_else(|| path.split('/').nth(2).and_then(|id| id.parse().ok()));
    let recorded = crate::web::database::run(&state.pool, move |conn| {
        let user = match user_id {
            Some(id) => crate::db::users::find(conn, id)?,
            None => None,
        };
        let customer = match customer_id {
            Some(id) => customers::find(conn, id)?,
            None => None,
        };
        let actor = AuditActor {
            user_id: user.as_ref().map(|u| u.id),
            name: user.map(|u| u.username).unwrap_or_default(),
            client_ip: ip,
            ..Default::default()
        };
        Ok(audit::record(
            conn,
            &actor,
            AuditEvent {
                action: "impersonation.refused",
                target_type: "customer",
                target_id: customer_id.map(|i| i.to_string()).unwrap_or_default(),
                customer_id: customer.as_ref().map(|c| c.id),
                reseller_id: customer.as_ref().map(|c| c.reseller_id),
                summary: "missing or invalid CSRF token".into(),
            },
        )?)
    })
    .await;
    if let Err(e) = recorded {
        tracing::error!(error = %e, "could not audit a refused log in as");
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(start_as_reseller)
        .service(finish);
}
