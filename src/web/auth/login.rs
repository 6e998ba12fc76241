use actix_identity::Identity;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::sign_in;
use crate::i18n::Lang;
use crate::web::request::client_addr::client_ip;
use crate::web::request::context::{request_lang, PageCtx, SESSION_LANG};
use crate::web::request::current::CurrentUser;
use crate::web::request::current::PASSWORD_CHANGE_PATH;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::impersonation::{self, EndReason};
use crate::web::request::rate_limit;
use crate::web::{html, AppState};
use actix_session::SessionExt;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct LoginQuery {
    session: Option<String>,
    logged_out: Option<String>,
    /// A language to use from now on (set by logout, which empties the session).
    lang: Option<String>,
}

#[get("/login")]
async fn login_page(
    req: HttpRequest,
    identity: Option<Identity>,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    if identity.is_some() {
        return Ok(see_other("/"));
    }
    if let Some(lang) = query.lang.as_deref().and_then(Lang::from_code) {
        req.get_session().insert(SESSION_LANG, lang.code())?;
    }
    let ctx = PageCtx::anonymous(&req, "login-title")?;
    let notice = if query.session.as_deref() == Some("ended") {
        Some(ctx.t("login-session-ended"))
    } else if query.logged_out.is_some() {
        Some(ctx.t("login-logged-out"))
    } else {
        None
    };
    let page = LoginPage {
        ctx,
        username: String::new(),
        error: None,
        notice,
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[post("/login")]
async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let login = form.username.trim().to_string();
    if !rate_limit::allow(&state.limits.login, &client_ip(&req)) {
        return refused(
            &req,
            login,
            "login-rate-limited",
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let cost = state.config.bcrypt_cost;
    let ip = client_ip(&req);
    let (attempt, password) = (login.clone(), form.password);
    let outcome = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(sign_in::check(conn, &attempt, &password, ip, cost)?)
    })
    .await?;

    match outcome {
        sign_in::Outcome::Success {
            user_id,
            username,
            epoch,
            membership,
            language,
            must_change_password,
        } => {
            crate::web::auth::set_password::start_session(
                &req, &session, user_id, epoch, membership, &language,
            )?;
            tracing::info!(user = %username, "logged in");
            if must_change_password {
                return Ok(see_other(PASSWORD_CHANGE_PATH));
            }
            Ok(see_other("/"))
        }
        sign_in::Outcome::Refused => refused(
            &req,
            login,
            "login-failed",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        sign_in::Outcome::Locked => {
            refused(&req, login, "login-locked", StatusCode::TOO_MANY_REQUESTS)
        }
    }
}

/// The login form again, with what was typed and why it failed.
fn refused(
    req: &HttpRequest,
    username: String,
    key: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::anonymous(req, "login-title")?;
    let page = LoginPage {
        error: Some(ctx.t(key)),
        ctx,
        username,
        notice: None,
    };
    html(status, &page)
}

#[post("/logout")]
async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: Option<CurrentUser>,
    identity: Option<Identity>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    // Logging out of a "Log in as" session brings the actor back.
    if let Some(imp) = current.as_ref().and_then(|c| c.impersonation.as_ref()) {
        let actor = current.as_ref().map(CurrentUser::audit_actor);
        let reason = EndReason::Returned;
        let to =
            impersonation::end(&state, &session, imp, actor.unwrap_or_default(), reason).await?;
        return Ok(see_other(&to));
    }
    if let Some(current) = current {
        let (actor, user_id) = (current.audit_actor(), current.user.id);
        crate::web::request::database::run(&state.pool, move |conn| {
            Ok(sign_in::record_logout(conn, &actor, user_id)?)
        })
        .await?;
    }
    // The language outlives the session it was kept in.
    let lang = request_lang(&req);
    // Purges the session from the store: the cookie is worthless from now on.
    if let Some(identity) = identity {
        identity.logout();
    }
    Ok(see_other(&format!(
        "/login?logged_out=1&lang={}",
        lang.code()
    )))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(login_page).service(login).service(logout);
}
