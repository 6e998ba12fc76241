//! *Log in as*: the routes that start it (as one of a customer's users, or
//! a reseller's administrator) and end it, and the buttons that lead there.
//! The rules are `app::impersonation`; the state an impersonated session
//! carries is `web::request::impersonation`.

use actix_identity::Identity;
use actix_session::Session;
use actix_web::{post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::impersonation::{self, refuse, Account, Chosen, Kind, Place, StartRefusal};
use crate::db::audit::AuditActor;
use crate::domain::policy::Action;
use crate::web::request::current::CurrentUser;
use crate::web::request::current::{SESSION_EPOCH, SESSION_MEMBERSHIP};
use crate::web::request::error::{see_other, AppError};
use crate::web::request::impersonation::{
    self as request_impersonation, EndReason, Impersonation, SESSION_IMPERSONATION,
};
use crate::web::request::local_return;
use crate::web::AppState;

pub mod buttons;

#[derive(Deserialize)]
struct StartForm {
    /// One of the customer's users; the administrator when absent.
    user_id: Option<String>,
    return_to: Option<String>,
}

/// The answer to a refused start.
fn answer(r: &StartRefusal) -> AppError {
    match r.kind {
        Kind::NotFound => AppError::NotFound,
        Kind::Forbidden => AppError::Forbidden,
    }
}

/// Audits a refused start and answers it; past the per-person limit the
/// answer is 429 and nothing is written.
async fn audit_refused(
    state: &AppState,
    actor: AuditActor,
    place: Option<&Place>,
    refusal: StartRefusal,
) -> Result<HttpResponse, AppError> {
    let person = actor.user_id.map(|id| id.to_string()).unwrap_or_default();
    if !crate::web::request::rate_limit::allow(&state.limits.refused_logins_as, &person) {
        return Err(AppError::TooManyRequests);
    }
    let (place, error) = (place.cloned(), answer(&refusal));
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(impersonation::record_refusal(
            conn,
            &actor,
            place.as_ref(),
            &refusal,
        )?)
    })
    .await?;
    Err(error)
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
    let fallback = format!("/customers/{id}");
    let (account, form) = (Account::Customer(*id), form.into_inner());
    start_in(&req, &state, &session, &current, account, form, &fallback).await
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
    let (account, form) = (Account::Reseller(*id), form.into_inner());
    start_in(
        &req,
        &state,
        &session,
        &current,
        account,
        form,
        "/resellers",
    )
    .await
}

/// Checks every rule, audits the outcome, and on success swaps the
/// session for the chosen user's, keeping the actor's to come back to.
async fn start_in(
    req: &HttpRequest,
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    account: Account,
    form: StartForm,
    fallback: &str,
) -> Result<HttpResponse, AppError> {
    let actor = current.audit_actor();
    let place = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(impersonation::find_place(conn, account)?)
    })
    .await?;
    let place = match place {
        Ok(p) => p,
        Err(r) => return audit_refused(state, actor, None, r).await,
    };
    let refused = if current.impersonation.is_some() {
        Some("audit-why-already-impersonating")
    } else if !current.may(Action::Impersonate, place.scope) {
        Some("audit-why-not-allowed")
    } else {
        None
    };
    if let Some(why) = refused {
        let r = refuse(Kind::Forbidden, why, "");
        return audit_refused(state, actor, Some(&place), r).await;
    }
    let return_to = local_return(form.return_to.as_deref(), fallback);
    let chosen = {
        let (who, p) = (current.actor.clone(), place.clone());
        crate::web::request::database::run(&state.pool, move |conn| {
            Ok(impersonation::choose(
                conn,
                &who,
                &p,
                form.user_id.as_deref(),
            )?)
        })
        .await?
    };
    let Chosen { user, membership } = match chosen {
        Ok(c) => c,
        Err(r) => return audit_refused(state, actor, Some(&place), r).await,
    };
    let (p, u) = (place.clone(), user.clone());
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(impersonation::record_start(conn, &actor, &p, &u)?)
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
    let to = request_impersonation::end(
        &state,
        &session,
        imp,
        current.audit_actor(),
        EndReason::Returned,
    )
    .await?;
    Ok(see_other(&to))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(start_as_reseller)
        .service(finish);
}
