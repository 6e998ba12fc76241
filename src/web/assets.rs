//! Static files compiled into the binary, the health check, and the two
//! small switches in the header: language and account.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

use crate::db::users;
use crate::domain::policy::{Action, Target};
use crate::i18n::Lang;
use crate::web::request::context::SESSION_LANG;
use crate::web::request::current::CurrentUser;
use crate::web::request::current::SESSION_MEMBERSHIP;
use crate::web::request::error::{see_other, AppError};
use crate::web::AppState;

const HTMX: &[u8] = include_bytes!("../../static/htmx.min.js");
const CSS: &[u8] = include_bytes!("../../static/app.css");
const APP_JS: &[u8] = include_bytes!("../../static/app.js");

#[get("/static/{name}")]
async fn static_file(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (body, content_type) = match name.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "app.css" => (CSS, "text/css; charset=utf-8"),
        _ => return Err(AppError::NotFound),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        // Names carry no version; a day is long enough for a panel.
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body))
}

#[get("/healthz")]
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let ok = web::block(move || -> bool {
        pool.checkout()
            .ok()
            .and_then(|mut c| diesel::r2d2::R2D2Connection::ping(&mut *c).ok())
            .is_some()
    })
    .await
    .unwrap_or(false);
    if ok {
        HttpResponse::Ok().content_type("text/plain").body("ok\n")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unreachable\n")
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only paths on this site, so the form cannot send people elsewhere.
fn local_path(next: &str) -> &str {
    if crate::web::is_local_path(next) {
        next
    } else {
        "/"
    }
}

#[post("/language")]
async fn set_language(
    state: web::Data<AppState>,
    session: Session,
    current: Option<CurrentUser>,
    form: web::Form<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::from_code(&form.lang).ok_or(AppError::NotFound)?;
    session.insert(SESSION_LANG, lang.code())?;
    if let Some(current) = current {
        let id = current.user.id;
        crate::web::request::database::run(&state.pool, move |conn| {
            Ok(users::set_language(conn, id, lang.code())?)
        })
        .await?;
    }
    Ok(see_other(local_path(&form.next)))
}

#[derive(Deserialize)]
struct AccountForm {
    membership: i64,
}

#[post("/account")]
async fn switch_account(
    session: Session,
    current: CurrentUser,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::SwitchAccount, Target::Own)?;
    let target = current
        .memberships
        .iter()
        .find(|m| m.id == form.membership && m.is_usable())
        .ok_or(AppError::Forbidden)?;
    session.insert(SESSION_MEMBERSHIP, target.id)?;
    Ok(see_other("/"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(static_file)
        .service(healthz)
        .service(set_language)
        .service(switch_account);
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(super::local_path("/profile"), "/profile");
        assert_eq!(super::local_path("//evil.example"), "/");
        assert_eq!(super::local_path("https://evil.example"), "/");
        assert_eq!(super::local_path("/\\evil.example"), "/");
    }
}
