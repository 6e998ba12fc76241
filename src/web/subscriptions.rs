//! Subscriptions: the reseller-wide list and its archive, and the actions on
//! one subscription (manage, cancel). Launching one is on the customer's
//! subscriptions page.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use super::auth::current::CurrentUser;
use super::context::{flash, flash_with, PageCtx};
use super::customers::{load_for, local_return};
use super::error::{see_other, AppError};
use super::{html, AppState};
use crate::db::audit::{self, AuditEvent};
use crate::db::catalog;
use crate::db::subscriptions::{self, ListRow};
use crate::domain::policy::{Action, Target};
use crate::domain::subscription::{parse_seats, parse_term};

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
    let rows = crate::web::database::run(&state.pool, move |c| {
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

#[derive(Deserialize)]
struct ReturnForm {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// The subscription and its customer, if the person may manage them.
async fn load_subscription(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
) -> Result<(subscriptions::Subscription, crate::db::customers::Customer), AppError> {
    let sub = crate::web::database::run(&state.pool, move |c| Ok(subscriptions::find(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let customer = load_for(state, current, sub.customer_id, Action::ManageSubscriptions).await?;
    Ok((sub, customer))
}

#[post("/subscriptions/{id}/cancel")]
async fn cancel(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (sub, c) = load_subscription(&state, &current, *id).await?;
    let actor = current.audit_actor();
    let public_id = sub.public_id.clone();
    let cancelled = crate::web::database::run(&state.pool, move |conn| {
        Ok(conn.transaction(|conn| {
            let done = subscriptions::cancel(conn, sub.id)?;
            if done {
                audit::record(
                    conn,
                    &actor,
                    AuditEvent::about(
                        &c,
                        "subscription.cancelled",
                        "subscription",
                        sub.public_id.clone(),
                        format!("{} seats, {}", sub.seats, sub.term),
                    ),
                )?;
            }
            diesel::QueryResult::Ok(done)
        })?)
    })
    .await?;
    if cancelled {
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
    let (sub, c) = load_subscription(&state, &current, *id).await?;
    let back = local_return(
        form.return_to.as_deref(),
        &format!("/customers/{}/subscriptions", c.id),
    );
    if sub.status == "cancelled" {
        return Err(AppError::NotFound);
    }
    let (seats, term) = match (parse_seats(&form.seats), parse_term(&form.term)) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(p), _) | (_, Err(p)) => {
            flash_with(
                &session,
                "error",
                p.key,
                p.args
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )?;
            return Ok(see_other(&back));
        }
    };
    let may_edit = form.customer_may_edit.is_some();
    let actor = current.audit_actor();
    let fits = crate::web::database::run(&state.pool, move |conn| {
        Ok(conn.transaction(|conn| {
            let plan = catalog::plan_of_reseller(conn, c.reseller_id)?;
            let in_use = subscriptions::seats_of_reseller(conn, c.reseller_id)? - sub.seats;
            if !plan.limits().allows_seats(in_use, seats) {
                return diesel::QueryResult::Ok(false);
            }
            subscriptions::update(conn, sub.id, seats, term.as_str(), may_edit)?;
            audit::record(
                conn,
                &actor,
                AuditEvent::about(
                    &c,
                    "subscription.updated",
                    "subscription",
                    sub.public_id.clone(),
                    format!(
                        "seats {} → {seats}; term {} → {}",
                        sub.seats,
                        sub.term,
                        term.as_str()
                    ),
                ),
            )?;
            Ok(true)
        })?)
    })
    .await?;
    flash(
        &session,
        if fits { "success" } else { "error" },
        if fits {
            "subscription-saved"
        } else {
            "seats-over-plan"
        },
    )?;
    Ok(see_other(&back))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(live_list)
        .service(archived_list)
        .service(cancel)
        .service(manage);
}
