//! `/customers/{id}/sites`: list, add, rename, remove (never the last one).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use super::load_for;
use crate::db::audit::{self, AuditEvent};
use crate::db::customers::Customer;
use crate::db::sites::{self, Site};
use crate::domain::policy::Action;
use crate::domain::validate::required_text;
use crate::web::auth::current::CurrentUser;
use crate::web::context::{flash, flash_with, PageCtx};
use crate::web::error::{see_other, AppError};
use crate::web::forms::FormErrors;
use crate::web::{html, AppState};

const MAX_SITE_NAME: usize = 100;

#[derive(Template)]
#[template(path = "customers/sites.html")]
struct SitesPage {
    ctx: PageCtx,
    c: Customer,
    sites: Vec<Site>,
    may_manage: bool,
    typed: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
struct NameForm {
    #[serde(default)]
    name: String,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    c: Customer,
    typed: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let id = c.id;
    let found =
        crate::web::database::run(&state.pool, move |conn| Ok(sites::of_customer(conn, id)?))
            .await?;
    let page = SitesPage {
        ctx: PageCtx::for_user(req, current, "sites-title")?,
        may_manage: current.may(Action::ManageSites, super::target(&c)),
        sites: found,
        c,
        typed,
        errors,
    };
    html(status, &page)
}

#[get("/customers/{id}/sites")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ViewCustomer).await?;
    let errors = FormErrors::new(current.lang);
    render(
        &req,
        &state,
        &current,
        c,
        String::new(),
        errors,
        StatusCode::OK,
    )
    .await
}

fn audit_event(c: &Customer, action: &'static str, summary: String) -> AuditEvent<'static> {
    AuditEvent::about(c, action, "site", c.public_id.clone(), summary)
}

#[post("/customers/{id}/sites")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageSites).await?;
    let name = match required_text(&form.name, MAX_SITE_NAME) {
        Ok(n) => n,
        Err(p) => {
            let mut errors = FormErrors::new(current.lang);
            errors.add_problem("name", &p);
            let typed = form.into_inner().name;
            return render(
                &req,
                &state,
                &current,
                c,
                typed,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let actor = current.audit_actor();
    let (cc, n) = (c.clone(), name.clone());
    crate::web::database::run(&state.pool, move |conn| {
        Ok(conn.transaction(|conn| {
            sites::insert(conn, cc.id, &n)?;
            audit::record(
                conn,
                &actor,
                audit_event(&cc, "site.created", format!("site {n} added")),
            )
        })?)
    })
    .await?;
    flash_with(
        &session,
        "success",
        "site-added",
        vec![("name".into(), name)],
    )?;
    Ok(see_other(&format!("/customers/{}/sites", c.id)))
}

#[post("/customers/{id}/sites/{site}/rename")]
async fn rename(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    let (id, site) = path.into_inner();
    let c = load_for(&state, &current, id, Action::ManageSites).await?;
    let back = format!("/customers/{id}/sites");
    let Ok(name) = required_text(&form.name, MAX_SITE_NAME) else {
        flash(&session, "error", "site-name-invalid")?;
        return Ok(see_other(&back));
    };
    let actor = current.audit_actor();
    let n = name.clone();
    let renamed = crate::web::database::run(&state.pool, move |conn| {
        Ok(conn.transaction(|conn| {
            let renamed = sites::rename(conn, c.id, site, &n)?;
            if renamed == 1 {
                audit::record(
                    conn,
                    &actor,
                    audit_event(&c, "site.renamed", format!("site {site} renamed to {n}")),
                )?;
            }
            diesel::QueryResult::Ok(renamed)
        })?)
    })
    .await?;
    if renamed == 0 {
        return Err(AppError::NotFound);
    }
    flash_with(
        &session,
        "success",
        "site-renamed",
        vec![("name".into(), name)],
    )?;
    Ok(see_other(&back))
}

#[post("/customers/{id}/sites/{site}/remove")]
async fn remove(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, site) = path.into_inner();
    let c = load_for(&state, &current, id, Action::ManageSites).await?;
    let actor = current.audit_actor();
    let removed = crate::web::database::run(&state.pool, move |conn| {
        Ok(conn.transaction(|conn| {
            let removed = sites::remove_unless_last(conn, c.id, site)?;
            if removed == Some(true) {
                audit::record(
                    conn,
                    &actor,
                    audit_event(&c, "site.removed", format!("site {site} removed")),
                )?;
            }
            diesel::QueryResult::Ok(removed)
        })?)
    })
    .await?;
    match removed {
        None => return Err(AppError::NotFound),
        Some(true) => flash(&session, "success", "site-removed")?,
        Some(false) => flash(&session, "error", "site-last")?,
    }
    Ok(see_other(&format!("/customers/{id}/sites")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(add)
        .service(rename)
        .service(remove);
}
