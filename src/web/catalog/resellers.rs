//! `/resellers`: partner organisations, their plan, their first
//! administrator, suspension.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, routes, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::after_save;
use crate::app;
use crate::app::operators::NewOperator;
use crate::db::catalog::{self, Plan};
use crate::db::resellers::{self, Reseller};
use crate::db::{memberships, settings};
use crate::domain::password;
use crate::domain::policy::{Action, Target};
use crate::domain::validate::{email, required_text, MAX_NAME};
use crate::web::forms::FormErrors;
use crate::web::login_as::buttons::{reseller_login_as_button, LoginAsButton};
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::optional_id;
use crate::web::{html, AppState};

#[derive(Deserialize, Default)]
struct ResellerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    plan_id: String,
    /// The first administrator, optional at creation.
    #[serde(default)]
    admin_name: String,
    #[serde(default)]
    admin_email: String,
    #[serde(default)]
    admin_password: String,
}

/// Resellers per page.
const PAGE: i64 = 50;

/// The list's search and page, in the URL.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    /// The start of a reseller's name.
    q: String,
    /// `ID.NAME` of the row before the page.
    after: String,
}

impl ListQuery {
    fn after(&self) -> Option<resellers::After> {
        let (id, name) = self.after.split_once('.')?;
        Some((name.to_string(), id.parse().ok()?))
    }
}

#[derive(Template)]
#[template(path = "catalog/resellers.html")]
struct ResellersPage {
    ctx: PageCtx,
    resellers: Vec<(Reseller, String)>,
    plans: Vec<Plan>,
    editing: Option<Reseller>,
    form: ResellerForm,
    errors: FormErrors,
    /// One per reseller, in the same order.
    login_as: Vec<Option<LoginAsButton>>,
    return_to: String,
    /// The search as typed.
    q: String,
    /// The next page, when there is one.
    next: Option<String>,
}

/// The list and the form; a form with errors is answered 422.
async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    shown: ListQuery,
    editing: Option<Reseller>,
    form: ResellerForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (q, after) = (shown.q.clone(), shown.after());
    let (mut page, plans, admins, enabled) =
        crate::web::request::database::run(&state.pool, move |c| {
            let page = resellers::page_with_plan(c, &q, after, PAGE + 1)?;
            let ids: Vec<i64> = page.iter().map(|(r, _)| r.id).collect();
            Ok((
                page,
                catalog::plans(c)?,
                memberships::reseller_admin_statuses(c, &ids)?,
                settings::impersonation_enabled(c)?,
            ))
        })
        .await?;
    let next = (page.len() as i64 > PAGE).then(|| {
        page.truncate(PAGE as usize);
        let (last, _) = &page[page.len() - 1];
        let query = serde_urlencoded::to_string([
            ("q", shown.q.as_str()),
            ("after", &format!("{}.{}", last.id, last.name)),
        ])
        .unwrap_or_default();
        format!("/resellers?{query}")
    });
    let login_as: Vec<Option<LoginAsButton>> = page
        .iter()
        .map(|(r, _)| {
            let admin = admins.get(&r.id).map(|s| (None, s.as_str()));
            reseller_login_as_button(current, r.id, &r.status, admin, enabled)
        })
        .collect();
    html(
        status,
        &ResellersPage {
            ctx: PageCtx::for_user(req, current, "resellers-title")?,
            resellers: page,
            login_as,
            return_to: "/resellers".into(),
            plans,
            editing,
            form,
            errors,
            q: shown.q,
            next,
        },
    )
}

#[get("/resellers")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    render(
        &req,
        &state,
        &current,
        query.into_inner(),
        None,
        ResellerForm::default(),
        FormErrors::new(current.lang),
    )
    .await
}

#[get("/resellers/{id}")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let id = *id;
    let r = crate::web::request::database::run(&state.pool, move |c| Ok(resellers::find(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ResellerForm {
        name: r.name.clone(),
        plan_id: r.plan_id.to_string(),
        ..Default::default()
    };
    render(
        &req,
        &state,
        &current,
        ListQuery::default(),
        Some(r),
        form,
        FormErrors::new(current.lang),
    )
    .await
}

/// Creates a reseller (no id) or changes one.
#[routes]
#[post("/resellers")]
#[post("/resellers/{id}")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<ResellerForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let (id, mut form) = (optional_id(&req)?, form.into_inner());
    let editing = match id {
        // Editing something that is not there is a 404, not a silent no-op.
        Some(id) => Some(
            crate::web::request::database::run(&state.pool, move |c| Ok(resellers::find(c, id)?))
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let mut errors = FormErrors::new(current.lang);
    let name = errors.check("name", required_text(&form.name, MAX_NAME));
    let plan_id: Option<i64> = form.plan_id.parse().ok();
    if plan_id.is_none() {
        errors.add("plan_id", "plan-choose");
    }
    // The first administrator is all or nothing.
    let wants_admin = id.is_none()
        && !(form.admin_name.trim().is_empty()
            && form.admin_email.trim().is_empty()
            && form.admin_password.is_empty());
    let mut admin = None;
    if wants_admin {
        let a_name = errors.check("admin_name", required_text(&form.admin_name, MAX_NAME));
        let a_email = errors.check("admin_email", email(&form.admin_email));
        if let Err(p) = password::check(&form.admin_password, &[form.admin_email.trim()]) {
            errors.add_password("admin_password", p);
        }
        if let (Some(full_name), Some(email)) = (a_name, a_email) {
            admin = Some(NewOperator {
                email,
                full_name,
                password: form.admin_password.clone(),
            });
        }
    }
    if let (Some(name), Some(plan_id), true) = (name, plan_id, errors.is_empty()) {
        let (actor, cost) = (current.app_actor(), state.config.bcrypt_cost);
        let input = app::catalog::ResellerInput {
            name: name.clone(),
            plan_id,
            admin,
        };
        let saved = crate::web::request::database::run(&state.pool, move |c| {
            let saved = app::catalog::save_reseller(c, &actor, id, &input, cost);
            Ok(app::or_refusal(saved)?)
        })
        .await?;
        let (to, flash) = (|_| "/resellers".to_string(), ("reseller-saved", name));
        if let Some(done) = after_save(&state, &session, saved, flash, to, (&mut errors, "name"))? {
            return Ok(done);
        }
    }
    form.admin_password.clear();
    render(
        &req,
        &state,
        &current,
        ListQuery::default(),
        editing,
        form,
        errors,
    )
    .await
}

#[post("/resellers/{id}/{change}")]
async fn set_status(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, change) = path.into_inner();
    let active = match change.as_str() {
        "suspend" => false,
        "enable" => true,
        _ => return Err(AppError::NotFound),
    };
    let actor = current.app_actor();
    let name = crate::web::request::database::run(&state.pool, move |c| {
        Ok(app::catalog::set_reseller_status(c, &actor, id, active)?)
    })
    .await?;
    state.page_cache.forget();
    flash_with(
        &session,
        "success",
        if active {
            "reseller-enabled"
        } else {
            "reseller-suspended"
        },
        vec![("name".into(), name)],
    )?;
    Ok(see_other("/resellers"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(save)
        .service(show)
        .service(set_status);
}
