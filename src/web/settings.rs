//! `/settings`: platform settings an operator can change at run time.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db::settings;
use crate::domain::policy::{Action, Target};
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    impersonation_enabled: bool,
    help: String,
}

#[get("/settings")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageSettings, Target::Platform)?;
    let enabled = crate::web::request::database::run(&state.pool, |c| {
        Ok(settings::impersonation_enabled(c)?)
    })
    .await?;
    let page = SettingsPage {
        ctx: PageCtx::for_user(&req, &current, "settings-title")?,
        impersonation_enabled: enabled,
        help: current.lang.t_args(
            "settings-impersonation-help",
            &[("minutes", state.config.impersonation_minutes.to_string())],
        ),
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
struct SettingsForm {
    /// A checkbox: present when ticked.
    impersonation_enabled: Option<String>,
}

#[post("/settings")]
async fn save(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let (actor, enabled) = (current.app_actor(), form.impersonation_enabled.is_some());
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::settings::set_impersonation(conn, &actor, enabled)?)
    })
    .await?;
    state.page_cache.forget();
    flash(&session, "success", "settings-saved")?;
    Ok(see_other("/settings"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(save);
}
