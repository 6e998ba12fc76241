use actix_identity::Identity;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db::audit::{self, AuditActor, AuditEvent};
use crate::db::{memberships, users};
use crate::i18n::Lang;
use crate::passwords;
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

enum Outcome {
    Success {
        user_id: i64,
        username: String,
        epoch: i64,
        membership: i64,
        language: String,
        must_change_password: bool,
    },
    Refused,
    /// Too many failed attempts on this account: locked for a while.
    Locked,
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
    let attempt = login.clone();
    let outcome = crate::web::request::database::run(&state.pool, move |conn| {
        let user = users::find_by_login(conn, &attempt)?;
        let usable = match &user {
            Some(u) => memberships::for_user(conn, u.id)?
                .into_iter()
                .find(|m| m.is_usable()),
            None => None,
        };
        // A guess is taken before the password is checked, so a burst of
        // attempts checks no more than the lock allows.
        let locked = match &user {
            Some(u) => !users::take_login_guess(conn, u.id)?,
            None => false,
        };
        // Always check a hash, a dummy one when there is no user or no guess
        // left, so that every refusal takes the same time.
        let stored = user
            .as_ref()
            .filter(|_| !locked)
            .and_then(|u| u.password_hash.as_deref());
        let password_ok = passwords::verify(&form.password, stored, cost);
        let actor = AuditActor {
            user_id: user.as_ref().map(|u| u.id),
            name: user
                .as_ref()
                .map(|u| u.username.clone())
                .unwrap_or_default(),
            client_ip: ip,
            ..Default::default()
        };
        match (user, usable) {
            (Some(user), Some(membership)) if !locked && password_ok && user.is_active() => {
                users::record_login_success(conn, user.id)?;
                audit::record(
                    conn,
                    &actor,
                    AuditEvent {
                        action: "login.succeeded",
                        target_type: "user",
                        target_id: user.id.to_string(),
                        ..Default::default()
                    },
                )?;
                Ok(Outcome::Success {
                    user_id: user.id,
                    username: user.username,
                    epoch: user.session_epoch,
                    membership: membership.id,
                    language: user.language,
                    must_change_password: user.must_change_password,
                })
            }
            (user, _) => {
                let newly_locked = match &user {
                    Some(u) if !locked => users::lock_when_guesses_spent(conn, u.id)?,
                    _ => None,
                };
                let target_id = user.as_ref().map(|u| u.id.to_string()).unwrap_or_default();
                let mut summary = format!("login name: {}", truncate(&attempt, 100));
                if locked {
                    summary.push_str(" (account locked)");
                }
                audit::record(
                    conn,
                    &actor,
                    AuditEvent {
                        action: "login.failed",
                        target_type: "user",
                        target_id: target_id.clone(),
                        summary,
                        ..Default::default()
                    },
                )?;
                if let Some(until) = newly_locked {
                    audit::record(
                        conn,
                        &actor,
                        AuditEvent {
                            action: "login.locked",
                            target_type: "user",
                            target_id,
                            summary: format!(
                                "{} failed logins: locked until {} UTC",
                                users::MAX_FAILED_LOGINS,
                                until.format("%Y-%m-%d %H:%M")
                            ),
                            ..Default::default()
                        },
                    )?;
                }
                Ok(if locked || newly_locked.is_some() {
                    Outcome::Locked
                } else {
                    Outcome::Refused
                })
            }
        }
    })
    .await?;

    match outcome {
        Outcome::Success {
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
        Outcome::Refused => refused(
            &req,
            login,
            "login-failed",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Outcome::Locked => refused(&req, login, "login-locked", StatusCode::TOO_MANY_REQUESTS),
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

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
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
        let actor = current.audit_actor();
        let user_id = current.user.id;
        crate::web::request::database::run(&state.pool, move |conn| {
            Ok(audit::record(
                conn,
                &actor,
                AuditEvent {
                    action: "logout",
                    target_type: "user",
                    target_id: user_id.to_string(),
                    ..Default::default()
                },
            )?)
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
