//! Subscriptions: the reseller-wide list and its archive, and the actions on
//! one subscription (manage, cancel). Launching one is on the customer's
//! subscriptions page.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db::subscriptions::{self, ListRow};
use crate::domain::policy::{Action, Target};
use crate::domain::subscription::{parse_seats, parse_term};
use crate::web::confirm::{self, Confirm};
use crate::web::forms::ReturnForm;
use crate::web::request::context::{flash, flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::local_return;
use crate::web::{html, AppState};

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    before: String,
}

impl ListQuery {
    /// The page's cursor; anything malformed starts at the top, as on the
    /// other lists.
    fn before(&self) -> Option<i64> {
        self.before.parse().ok()
    }
}

#[derive(Template)]
#[template(path = "subscriptions/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ListRow>,
    archived: bool,
    next: Option<String>,
    may_manage: bool,
    return_to: String,
}

async fn list_page(
    req: HttpRequest,
    state: &AppState,
    current: CurrentUser,
    archived: bool,
    before: Option<i64>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewSubscriptions, Target::Own)?;
    let scope = (!current.actor.role.is_staff())
        .then_some(current.actor.reseller_id)
        .flatten();
    let rows = crate::web::request::database::run(&state.pool, move |c| {
        Ok(subscriptions::list(c, scope, archived, before, PAGE)?)
    })
    .await?;
    let base = if archived {
        "/subscriptions/archived"
    } else {
        "/subscriptions"
    };
    let next = (rows.len() as i64 == PAGE)
        .then(|| rows.last().map(|r| format!("{base}?before={}", r.id)))
        .flatten();
    let return_to = match req.query_string() {
        "" => base.to_string(),
        q => format!("{base}?{q}"),
    };
    let page = ListPage {
        ctx: PageCtx::for_user(
            &req,
            &current,
            if archived {
                "subscriptions-archived-title"
            } else {
                "subscriptions-title"
            },
        )?,
        may_manage: current.may(Action::ManageSubscriptions, Target::Own),
        rows,
        archived,
        next,
        return_to,
    };
    html(StatusCode::OK, &page)
}

#[get("/subscriptions")]
async fn live_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(req, &state, current, false, q.before()).await
}

#[get("/subscriptions/archived")]
async fn archived_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(req, &state, current, true, q.before()).await
}

/// Asks before cancelling, for browsers without JavaScript.
#[get("/subscriptions/{id}/cancel")]
async fn confirm_cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
    query: web::Query<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (actor, id) = (current.app_actor(), *id);
    let (sub, c) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::subscriptions::find(conn, &actor, id)?)
    })
    .await?;
    let confirm = Confirm {
        title_key: "subscription-cancel-title",
        text_key: "subscription-cancel-text",
        args: vec![("id", sub.public_id.clone()), ("name", c.name.clone())],
        action: format!("/subscriptions/{}/cancel", sub.id),
        button_key: "subscription-cancel",
    };
    let fallback = format!("/customers/{}/subscriptions", c.id);
    confirm::page(
        &req,
        &current,
        confirm,
        (query.return_to.as_deref(), &fallback),
    )
}

#[post("/subscriptions/{id}/cancel")]
async fn cancel(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (actor, id) = (current.app_actor(), *id);
    let cancelled = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::subscriptions::cancel(conn, &actor, id)?)
    })
    .await?;
    if let Some(public_id) = cancelled {
        flash_with(
            &session,
            "success",
            "subscription-cancelled",
            vec![("id".into(), public_id)],
        )?;
    }
    Ok(see_other(&local_return(
        form.return_to.as_deref(),
        "/subscriptions",
    )))
}

#[derive(Deserialize)]
struct ManageForm {
    #[serde(default)]
    seats: String,
    #[serde(default)]
    term: String,
    #[serde(default)]
    customer_may_edit: Option<String>,
    #[serde(rename = "return")]
    return_to: Option<String>,
}

#[post("/subscriptions/{id}/manage")]
async fn manage(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<ManageForm>,
) -> Result<HttpResponse, AppError> {
    let (actor, id) = (current.app_actor(), *id);
    let back = |customer_id: i64| {
        local_return(
            form.return_to.as_deref(),
            &format!("/customers/{customer_id}/subscriptions"),
        )
    };
    let (seats, term) = match (parse_seats(&form.seats), parse_term(&form.term)) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(p), _) | (_, Err(p)) => {
            let (_, c) = crate::web::request::database::run(&state.pool, move |conn| {
                Ok(app::subscriptions::find(conn, &actor, id)?)
            })
            .await?;
            flash_with(
                &session,
                "error",
                p.key,
                p.args
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )?;
            return Ok(see_other(&back(c.id)));
        }
    };
    let terms = app::subscriptions::Terms {
        seats,
        term,
        customer_may_edit: form.customer_may_edit.is_some(),
    };
    let a = actor.clone();
    let changed = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(app::subscriptions::change(
            conn, &a, id, terms,
        ))?)
    })
    .await?;
    let customer_id = match changed {
        Ok(c) => {
            flash(&session, "success", "subscription-saved")?;
            c.id
        }
        Err(r) => {
            flash(&session, "error", r.key)?;
            let (_, c) = crate::web::request::database::run(&state.pool, move |conn| {
                Ok(app::subscriptions::find(conn, &actor, id)?)
            })
            .await?;
            c.id
        }
    };
    Ok(see_other(&back(customer_id)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(live_list)
        .service(archived_list)
        .service(cancel)
        .service(confirm_cancel)
        .service(manage);
}
