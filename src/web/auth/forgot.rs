//! `/password/forgot`: the same answer, in the same time, whether or not
//! an account has the address; the link is sent by a background task.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::password_links;
use crate::db::Pool;
use crate::web::request::client_addr::client_ip;
use crate::web::request::context::PageCtx;
use crate::web::request::error::AppError;
use crate::web::request::rate_limit;
use crate::web::{html, AppState};

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    email: String,
    notice: Option<String>,
    error: Option<String>,
}

fn page(
    req: &HttpRequest,
    status: StatusCode,
    email: String,
    notice: Option<&str>,
    error: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::anonymous(req, "forgot-title")?;
    let page = ForgotPage {
        notice: notice.map(|k| ctx.t(k)),
        error: error.map(|k| ctx.t(k)),
        email,
        ctx,
    };
    html(status, &page)
}

#[get("/password/forgot")]
async fn show(req: HttpRequest) -> Result<HttpResponse, AppError> {
    page(&req, StatusCode::OK, String::new(), None, None)
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[post("/password/forgot")]
async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.into_inner().email.trim().to_string();
    let ip = client_ip(&req);
    if !rate_limit::allow(&state.limits.forgot, &ip) {
        let key = Some("login-rate-limited");
        return page(&req, StatusCode::TOO_MANY_REQUESTS, email, None, key);
    }
    if crate::domain::validate::email(&email).is_err() {
        let key = Some("forgot-email-invalid");
        return page(&req, StatusCode::UNPROCESSABLE_ENTITY, email, None, key);
    }
    // The work happens after the answer, so known and unknown addresses
    // answer alike and in the same time.
    let (pool, links) = (state.pool.clone(), state.links.clone());
    let address = email.clone();
    actix_web::rt::spawn(async move {
        if let Err(e) = send_link(pool, links, address, ip).await {
            tracing::error!(error = %e, "forgot password: the link could not be queued");
        }
    });
    page(
        &req,
        StatusCode::OK,
        String::new(),
        Some("forgot-sent"),
        None,
    )
}

async fn send_link(
    pool: Pool,
    links: crate::mail::Links,
    email: String,
    ip: String,
) -> Result<(), AppError> {
    crate::web::request::database::run(&pool, move |conn| {
        Ok(password_links::request_reset(conn, &links, &email, ip)?)
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(request);
}
