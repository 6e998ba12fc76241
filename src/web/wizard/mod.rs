//! `/customers/new`: the five-step wizard. Each step is checked on the
//! server and kept in a server-side draft; htmx swaps the steps in place and
//! every step also works as a plain page.

mod connect;
mod page;
mod submit;

use actix_web::{get, post, web, HttpRequest, HttpResponse};

use crate::db;
use crate::db::drafts::{self, StoredDraft};
use crate::domain::policy::{Action, Target};
use crate::domain::wizard::{Draft, STEPS};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::AppState;

pub fn step_url(draft: i64, step: i64) -> String {
    format!("/customers/new/{draft}/{step}")
}

/// The draft, if it is this person's and still fresh (None: show "expired").
pub async fn load(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
) -> Result<Option<StoredDraft>, AppError> {
    current.require(Action::CreateCustomer, Target::Own)?;
    let stored = crate::web::request::database::run(&state.pool, move |c| Ok(drafts::find(c, id)?))
        .await?
        .filter(|d| d.user_id == current.user.id);
    Ok(stored.filter(|d| !d.expired(db::now())))
}

#[get("/customers/new")]
async fn start(state: web::Data<AppState>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    current.require(Action::CreateCustomer, Target::Own)?;
    let user = current.user.id;
    let (id, completed) = crate::web::request::database::run(&state.pool, move |c| {
        Ok(match drafts::latest_for(c, user)? {
            Some(d) => (d.id, d.draft.completed),
            None => (drafts::create(c, user, &Draft::new())?, 0),
        })
    })
    .await?;
    Ok(see_other(&step_url(id, (completed + 1).min(STEPS))))
}

#[post("/customers/new/{id}/discard")]
async fn discard(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    if let Some(d) = load(&state, &current, *id).await? {
        crate::web::request::database::run(&state.pool, move |c| Ok(drafts::delete(c, d.id)?))
            .await?;
    }
    Ok(see_other("/customers"))
}

#[get("/customers/new/{id}/{step}")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, step) = path.into_inner();
    let Some(draft) = load(&state, &current, id).await? else {
        return page::expired(&req, &current);
    };
    if !draft.draft.may_open(step) {
        // Out of order: back to the first step still to do.
        return Ok(see_other(&step_url(
            id,
            (draft.draft.completed + 1).min(STEPS),
        )));
    }
    page::render(
        &req,
        &state,
        &current,
        &draft,
        step,
        page::Extras::default(),
        actix_web::http::StatusCode::OK,
    )
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(discard)
        .service(submit::create)
        .service(show)
        .service(submit::submit);
}
