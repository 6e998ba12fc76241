//! `/customers/{id}/services`: filters, add, suspend/activate,
//! enroll/unenroll, remove.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db::customers::Customer;
use crate::db::services::{self, Service, ServiceFilter};
use crate::db::sites;
use crate::domain::policy::Action;
use crate::domain::service::{ServiceAction, KINDS};
use crate::domain::validate::required_text;
use crate::web::customers::list::Choice;
use crate::web::customers::load_for;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

#[derive(Deserialize, Default)]
struct Filters {
    #[serde(default)]
    status: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize, Default)]
struct NewService {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    site_id: String,
}

pub struct Row {
    pub s: Service,
    pub site: String,
    pub shown_status: String,
    pub kind_label: String,
}

#[derive(Template)]
#[template(path = "customers/services.html")]
struct ServicesPage {
    ctx: PageCtx,
    c: Customer,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    sites: Vec<Choice>,
    kinds: Vec<Choice>,
    new_kinds: Vec<Choice>,
    new_sites: Vec<Choice>,
    typed: NewService,
    errors: FormErrors,
    may_manage: bool,
    /// The customer's overview is open to them (not to an integrator).
    may_view_customer: bool,
    customer_suspended: bool,
}

/// The list's filters, and the add form as typed with its errors.
struct Forms {
    filters: Filters,
    typed: NewService,
    errors: FormErrors,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    c: Customer,
    Forms {
        filters,
        typed,
        errors,
    }: Forms,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let suspended = c.status == "suspended";
    let filter = ServiceFilter {
        status: Some(filters.status.clone()).filter(|s| s == "active" || s == "suspended"),
        site_id: filters.site.parse().ok(),
        kind: Some(filters.kind.clone()).filter(|k| KINDS.contains(&k.as_str())),
    };
    let id = c.id;
    let (found, site_list) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok((
            services::list(conn, id, suspended, &filter)?,
            sites::of_customer(conn, id)?,
        ))
    })
    .await?;
    let lang = current.lang;
    let kind_label = |k: &str| lang.t(&format!("service-kind-{k}"));
    let choice = |value: String, label: String, selected: &str| Choice {
        selected: value == selected,
        value,
        label,
    };
    let page = ServicesPage {
        ctx: PageCtx::for_user(req, current, "services-title")?,
        rows: found
            .into_iter()
            .map(|(s, site)| Row {
                shown_status: if suspended {
                    "suspended".into()
                } else {
                    s.status.clone()
                },
                kind_label: kind_label(&s.kind),
                site: site.unwrap_or_default(),
                s,
            })
            .collect(),
        statuses: ["active", "suspended"]
            .iter()
            .map(|s| {
                choice(
                    s.to_string(),
                    lang.t(&format!("service-status-{s}")),
                    &filters.status,
                )
            })
            .collect(),
        sites: site_list
            .iter()
            .map(|s| choice(s.id.to_string(), s.name.clone(), &filters.site))
            .collect(),
        kinds: KINDS
            .iter()
            .map(|k| choice(k.to_string(), kind_label(k), &filters.kind))
            .collect(),
        new_kinds: KINDS
            .iter()
            .map(|k| choice(k.to_string(), kind_label(k), &typed.kind))
            .collect(),
        new_sites: site_list
            .iter()
            .map(|s| choice(s.id.to_string(), s.name.clone(), &typed.site_id))
            .collect(),
        may_manage: current.may(Action::ManageServices, crate::app::target(&c)),
        may_view_customer: current.may(Action::ViewCustomer, crate::app::target(&c)),
        customer_suspended: suspended,
        typed,
        errors,
        c,
    };
    html(status, &page)
}

#[get("/customers/{id}/services")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ViewServices).await?;
    let errors = FormErrors::new(current.lang);
    let forms = Forms {
        filters: filters.into_inner(),
        typed: NewService::default(),
        errors,
    };
    render(&req, &state, &current, c, forms, StatusCode::OK).await
}

#[post("/customers/{id}/services")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<NewService>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageServices).await?;
    let typed = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let name = errors.check("name", required_text(&typed.name, 100));
    if !KINDS.contains(&typed.kind.as_str()) {
        errors.add("kind", "service-kind-unknown");
    }
    let site = match typed.site_id.as_str() {
        "" => Some(None),
        s => s.parse().ok().map(Some),
    };
    if site.is_none() {
        errors.add("site_id", "service-site-unknown");
    }
    if let (Some(name), Some(site_id), true) = (&name, site, errors.is_empty()) {
        let actor = current.app_actor();
        let (name, kind) = (name.clone(), typed.kind.clone());
        let added = crate::web::request::database::run(&state.pool, move |conn| {
            let new = app::services::NewService {
                name: &name,
                kind: &kind,
                site_id,
            };
            Ok(app::or_refusal(app::services::add(
                conn, &actor, c.id, &new,
            ))?)
        })
        .await?;
        match added {
            Ok(_) => {
                flash_with(
                    &session,
                    "success",
                    "service-added",
                    vec![("name".into(), typed.name.trim().to_string())],
                )?;
                return Ok(see_other(&format!("/customers/{}/services", c.id)));
            }
            Err(r) => errors.add(r.field.unwrap_or("name"), r.key),
        }
    }
    let forms = Forms {
        filters: Filters::default(),
        typed,
        errors,
    };
    render(
        &req,
        &state,
        &current,
        c,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
#[post("/customers/{id}/services/{service}/{action}")]
async fn act(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, service_id, action) = path.into_inner();
    let action = ServiceAction::parse(&action).ok_or(AppError::NotFound)?;
    let actor = current.app_actor();
    let name = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::services::act(conn, &actor, (id, service_id), action)?)
    })
    .await?;
    flash_with(
        &session,
        "success",
        action.message_key(),
        vec![("name".into(), name)],
    )?;
    Ok(see_other(&format!("/customers/{id}/services")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(add).service(act);
}
