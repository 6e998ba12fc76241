//! `/password/change`: after a *Reset and e-mail password*, the person must
//! choose their own password before anything else.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use crate::web::auth::set_password::{save_own_password, NewPasswordForm, SetPasswordPage};
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::current::PASSWORD_CHANGE_PATH;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

fn page(
    req: &HttpRequest,
    current: &CurrentUser,
    errors: FormErrors,
) -> Result<SetPasswordPage, AppError> {
    let ctx = PageCtx::for_user(req, current, "password-change-title")?;
    Ok(SetPasswordPage {
        intro: ctx.t("password-change-intro"),
        username: current.user.username.clone(),
        action: PASSWORD_CHANGE_PATH.into(),
        submit: ctx.t("password-submit"),
        errors,
        ctx,
    })
}

#[get("/password/change")]
async fn show(req: HttpRequest, current: CurrentUser) -> Result<HttpResponse, AppError> {
    if !current.user.must_change_password {
        return Ok(see_other("/profile"));
    }
    html(
        StatusCode::OK,
        &page(&req, &current, FormErrors::new(current.lang))?,
    )
}

#[post("/password/change")]
async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, AppError> {
    if !current.user.must_change_password || current.impersonation.is_some() {
        return Err(AppError::Forbidden);
    }
    let user = current.user.clone();
    let errors = form.check(current.lang, &[&user.username, &user.email]);
    if !errors.is_empty() {
        let p = page(&req, &current, errors)?;
        return html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let password = form.into_inner().new_password;
    let actor = current.audit_actor();
    let summary = "audit-why-after-reset";
    save_own_password(&state, &session, user.id, password, actor, summary).await?;
    flash(&session, "success", "password-changed")?;
    Ok(see_other("/"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(change);
}
