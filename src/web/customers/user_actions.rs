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
use crate::web::customers::user_row;
use crate::web::forms::ReturnForm;
use crate::web::request::context::{flash, flash_with, is_htmx, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::local_return;
use crate::web::{html, AppState};

/// The answer to a row action: with htmx, the row as it now is and the
/// message; without, the message on the page the action came from.
async fn back(
    (req, state, session): (&HttpRequest, &AppState, &Session),
    current: &CurrentUser,
    form: &ReturnForm,
    (c, user): (Customer, &User),
    key: &str,
) -> Result<HttpResponse, AppError> {
    let args = vec![
        ("name".to_string(), user.full_name.clone()),
        ("email".to_string(), user.email.clone()),
    ];
    let fallback = format!("/customers/{}/users", c.id);
    let return_to = local_return(form.return_to.as_deref(), &fallback);
    if is_htmx(req) {
        let message = current.lang.t_args(key, &args);
        return user_row::swap(req, state, current, (c, user.id), (message, return_to)).await;
    }
    flash_with(session, "success", key, args)?;
    Ok(see_other(&return_to))
}

/// Resend or cancel an invitation: one route, whose last word names it.
#[post("/customers/{id}/users/{user}/invitation/{change:resend|cancel}")]
async fn invitation(
    req: HttpRequest,
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
    back((&req, &state, &session), &current, &form, (c, &user), key).await
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
    req: HttpRequest,
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
    let key = "password-reset-emailed";
    back((&req, &state, &session), &current, &form, (c, &user), key).await
}

/// Back to the users' page with the refusal's message.
fn refused(
    (req, session): (&HttpRequest, &Session),
    current: &CurrentUser,
    cid: i64,
    key: &str,
) -> Result<HttpResponse, AppError> {
    if is_htmx(req) {
        // The row stays as it is; the message shows in the flash area.
        let flash = FlashOnly {
            kind: "error",
            message: current.lang.t(key),
        };
        let body = flash
            .render()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("HX-Reswap", "none"))
            .body(body));
    }
    flash(session, "error", key)?;
    Ok(see_other(&format!("/customers/{cid}/users")))
}

#[derive(Template)]
#[template(path = "_flash_oob.html")]
struct FlashOnly {
    kind: &'static str,
    message: String,
}

/// Disable or enable: one route, whose last word names it.
#[post("/customers/{id}/users/{user}/{change:disable|enable}")]
async fn access(
    req: HttpRequest,
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
        Ok((c, user)) => back((&req, &state, &session), &current, &form, (c, &user), key).await,
        Err(r) => refused((&req, &session), &current, cid, r.key),
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
    req: HttpRequest,
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
            let name = vec![
                ("name".to_string(), user.full_name.clone()),
                ("email".to_string(), user.email.clone()),
            ];
            flash_with(&session, "success", "user-removed", name)?;
            Ok(see_other(&format!("/customers/{}/users", c.id)))
        }
        Err(r) => refused((&req, &session), &current, cid, r.key),
    }
}

#[derive(serde::Deserialize)]
struct PackageForm {
    /// A package's id, or empty for none.
    #[serde(default)]
    package: String,
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// *Change package*: the row's select posts it, and the row updates in
/// place (or, without JavaScript, the list comes back with a message).
#[post("/customers/{id}/users/{user}/package")]
async fn change_package(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<PackageForm>,
) -> Result<HttpResponse, AppError> {
    let ((cid, uid), actor) = (path.into_inner(), current.app_actor());
    let form = form.into_inner();
    let package = match form.package.as_str() {
        "" => Some(None),
        p => p.parse().ok().map(Some),
    };
    let Some(package) = package else {
        return refused((&req, &session), &current, cid, "user-package-unknown");
    };
    let done = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(users::change_package(
            conn,
            &actor,
            (cid, uid),
            package,
        ))?)
    })
    .await?;
    let back_to = ReturnForm {
        return_to: form.return_to,
    };
    match done {
        Ok((c, user)) => {
            let key = "user-package-changed";
            back(
                (&req, &state, &session),
                &current,
                &back_to,
                (c, &user),
                key,
            )
            .await
        }
        Err(r) => refused((&req, &session), &current, cid, r.key),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(invitation)
        .service(reset_password)
        .service(confirm_reset)
        .service(confirm_remove)
        .service(remove)
        .service(change_package)
        .service(access);
}
