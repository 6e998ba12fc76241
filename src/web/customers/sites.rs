//! `/customers/{id}/sites`: list, add, rename, remove (never the last one).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db::customers::Customer;
use crate::db::sites::{self, Site};
use crate::domain::policy::Action;
use crate::domain::validate::required_text;
use crate::web::customers::load_for;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

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
    let found = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(sites::of_customer(conn, id)?)
    })
    .await?;
    let page = SitesPage {
        ctx: PageCtx::for_user(req, current, "sites-title")?,
        may_manage: current.may(Action::ManageSites, crate::app::target(&c)),
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

#[post("/customers/{id}/sites")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let name = match required_text(&form.name, app::sites::MAX_NAME) {
        Ok(n) => n,
        Err(p) => {
            let c = load_for(&state, &current, id, Action::ManageSites).await?;
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
    let (actor, n) = (current.app_actor(), name.clone());
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::sites::add(conn, &actor, id, &n)?)
    })
    .await?;
    flash_with(
        &session,
        "success",
        "site-added",
        vec![("name".into(), name)],
    )?;
    Ok(see_other(&format!("/customers/{id}/sites")))
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
    let back = format!("/customers/{id}/sites");
    let Ok(name) = required_text(&form.name, app::sites::MAX_NAME) else {
        // The same answer as an unknown customer, for one out of reach.
        load_for(&state, &current, id, Action::ManageSites).await?;
        flash(&session, "error", "site-name-invalid")?;
        return Ok(see_other(&back));
    };
    let (actor, n) = (current.app_actor(), name.clone());
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::sites::rename(conn, &actor, (id, site), &n)?)
    })
    .await?;
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
    let actor = current.app_actor();
    let removed = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(app::sites::remove(
            conn,
            &actor,
            (id, site),
        ))?)
    })
    .await?;
    match removed {
        Ok(()) => flash(&session, "success", "site-removed")?,
        Err(r) => flash(&session, "error", r.key)?,
    }
    Ok(see_other(&format!("/customers/{id}/sites")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(add)
        .service(rename)
        .service(remove);
}
