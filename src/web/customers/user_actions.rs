//! Actions on one user of a customer: resend or cancel the invitation,
//! *Reset and e-mail password*, disable and enable, remove. Each answers with a message on the page it
//! came from.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app;
use crate::app::users::{self, Access, InvitationChange};
use crate::db::customers::Customer;
use crate::db::users::User;
use crate::domain::policy::Action;
use crate::web::confirm::{self, Confirm};
use crate::web::forms::ReturnForm;
use crate::web::request::context::{flash, flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::local_return;
use crate::web::{html, AppState};

fn back(
    session: &Session,
    form: &ReturnForm,
    c: &Customer,
    key: &str,
    user: &User,
) -> Result<HttpResponse, AppError> {
    flash_with(
        session,
        "success",
        key,
        vec![
            ("name".into(), user.full_name.clone()),
            ("email".into(), user.email.clone()),
        ],
    )?;
    let fallback = format!("/customers/{}/users", c.id);
    Ok(see_other(&local_return(
        form.return_to.as_deref(),
        &fallback,
    )))
}

/// Resend or cancel an invitation: one route, whose last word names it.
#[post("/customers/{id}/users/{user}/invitation/{change:resend|cancel}")]
async fn invitation(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64, String)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (id, user, change) = path.into_inner();
    let change = match change.as_str() {
        "resend" => InvitationChange::Resend,
        _ => InvitationChange::Cancel,
    };
    let (actor, links) = (current.app_actor(), state.links.clone());
    let (c, user) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::change_invitation(
            conn,
            &actor,
            &links,
            (id, user),
            change,
        )?)
    })
    .await?;
    let key = match change {
        InvitationChange::Resend => "invitation-resent",
        InvitationChange::Cancel => "invitation-cancelled",
    };
    back(&session, &form, &c, key, &user)
}

/// Asks before *Reset and e-mail password*, which ends the user's
/// sessions, for browsers without JavaScript.
#[get("/customers/{id}/users/{user}/reset-password")]
async fn confirm_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (ids, actor) = (path.into_inner(), current.app_actor());
    let (c, u) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::of_customer(
            conn,
            &actor,
            ids,
            Action::ResetPassword,
        )?)
    })
    .await?;
    let confirm = Confirm {
        title_key: "password-reset-confirm-title",
        text_key: "password-reset-confirm-text",
        args: vec![("name", u.full_name.clone())],
        action: format!("/customers/{}/users/{}/reset-password", c.id, u.id),
        button_key: "password-reset-email",
    };
    let fallback = format!("/customers/{}/users", c.id);
    confirm::page(
        &req,
        &current,
        confirm,
        (query.return_to.as_deref(), &fallback),
    )
}

#[post("/customers/{id}/users/{user}/reset-password")]
async fn reset_password(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (cid, uid) = path.into_inner();
    let (actor, links, cost) = (
        current.app_actor(),
        state.links.clone(),
        state.config.bcrypt_cost,
    );
    let (c, user) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::reset_and_email_password(
            conn,
            &actor,
            &links,
            cost,
            (cid, uid),
        )?)
    })
    .await?;
    back(&session, &form, &c, "password-reset-emailed", &user)
}

/// Back to the users' page with the refusal's message.
fn refused(session: &Session, cid: i64, key: &str) -> Result<HttpResponse, AppError> {
    flash(session, "error", key)?;
    Ok(see_other(&format!("/customers/{cid}/users")))
}

/// Disable or enable: one route, whose last word names it.
#[post("/customers/{id}/users/{user}/{change:disable|enable}")]
async fn access(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64, String)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (cid, uid, change) = path.into_inner();
    let change = match change.as_str() {
        "disable" => Access::Disable,
        _ => Access::Enable,
    };
    let actor = current.app_actor();
    let done = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(users::set_access(
            conn,
            &actor,
            (cid, uid),
            change,
        ))?)
    })
    .await?;
    let key = match change {
        Access::Disable => "user-disabled",
        Access::Enable => "user-enabled",
    };
    match done {
        Ok((c, user)) => back(&session, &form, &c, key, &user),
        Err(r) => refused(&session, cid, r.key),
    }
}

#[derive(Template)]
#[template(path = "customers/remove_user.html")]
struct RemovePage {
    ctx: PageCtx,
    c: Customer,
    user: User,
}

#[get("/customers/{id}/users/{user}/remove")]
async fn confirm_remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (ids, actor) = (path.into_inner(), current.app_actor());
    let (c, user) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::of_customer(conn, &actor, ids, Action::ManageUsers)?)
    })
    .await?;
    let ctx = PageCtx::for_user(&req, &current, "user-remove-title")?;
    html(StatusCode::OK, &RemovePage { ctx, c, user })
}

#[post("/customers/{id}/users/{user}/remove")]
async fn remove(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let ((cid, uid), actor) = (path.into_inner(), current.app_actor());
    let done = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(users::remove(conn, &actor, (cid, uid)))?)
    })
    .await?;
    match done {
        Ok((c, user)) => {
            let form = ReturnForm { return_to: None };
            back(&session, &form, &c, "user-removed", &user)
        }
        Err(r) => refused(&session, cid, r.key),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(invitation)
        .service(reset_password)
        .service(confirm_reset)
        .service(confirm_remove)
        .service(remove)
        .service(access);
}
