//! `/customers/{id}/subscriptions`: the customer's subscriptions, launching a
//! new one, and its archived (cancelled) ones.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db::catalog;
use crate::db::customers::Customer;
use crate::db::subscriptions::{self, Subscription};
use crate::domain::policy::Action;
use crate::domain::subscription::{parse_seats, parse_term};
use crate::web::customers::list::Choice;
use crate::web::customers::load_for;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

#[derive(Deserialize, Default)]
struct LaunchForm {
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    seats: String,
    #[serde(default)]
    term: String,
    #[serde(default)]
    customer_may_edit: Option<String>,
}

#[derive(Template)]
#[template(path = "customers/subscriptions.html")]
struct Page {
    ctx: PageCtx,
    c: Customer,
    live: Vec<(Subscription, String)>,
    archived: Vec<(Subscription, String)>,
    products: Vec<Choice>,
    typed: LaunchForm,
    errors: FormErrors,
    may_manage: bool,
    return_to: String,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    c: Customer,
    typed: LaunchForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (id, reseller) = (c.id, c.reseller_id);
    let (all, products) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok((
            subscriptions::of_customer(conn, id)?,
            catalog::products_for_reseller(conn, reseller)?,
        ))
    })
    .await?;
    let (archived, live): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(s, _)| s.status == "cancelled");
    let page = Page {
        ctx: PageCtx::for_user(req, current, "subscriptions-title")?,
        products: products
            .iter()
            .map(|p| Choice {
                selected: p.id.to_string() == typed.product_id,
                value: p.id.to_string(),
                label: p.name.clone(),
            })
            .collect(),
        may_manage: current.may(Action::ManageSubscriptions, crate::app::target(&c)),
        return_to: format!("/customers/{}/subscriptions", c.id),
        live,
        archived,
        typed,
        errors,
        c,
    };
    html(status, &page)
}

#[get("/customers/{id}/subscriptions")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ViewCustomer).await?;
    let typed = LaunchForm {
        term: c.term.clone(),
        seats: "1".into(),
        ..Default::default()
    };
    let errors = FormErrors::new(current.lang);
    render(&req, &state, &current, c, typed, errors, StatusCode::OK).await
}

#[post("/customers/{id}/subscriptions")]
async fn launch(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<LaunchForm>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageSubscriptions).await?;
    let typed = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let seats = errors.check("seats", parse_seats(&typed.seats));
    let term = errors.check("term", parse_term(&typed.term));
    let product: Option<i64> = typed.product_id.parse().ok();
    let outcome = match (seats, term, product) {
        (Some(seats), Some(term), Some(product)) if errors.is_empty() => {
            let terms = app::subscriptions::Terms {
                seats,
                term,
                customer_may_edit: typed.customer_may_edit.is_some(),
            };
            let (actor, id) = (current.app_actor(), c.id);
            Some(
                crate::web::request::database::run(&state.pool, move |conn| {
                    let launched = app::subscriptions::launch(conn, &actor, id, product, terms);
                    Ok(app::or_refusal(launched)?)
                })
                .await?,
            )
        }
        _ => {
            if product.is_none() {
                errors.add("product_id", "product-choose");
            }
            None
        }
    };
    match outcome {
        Some(Ok(_)) => {
            flash_with(&session, "success", "subscription-launched", Vec::new())?;
            Ok(see_other(&format!("/customers/{}/subscriptions", c.id)))
        }
        Some(Err(r)) => {
            errors.add(r.field.unwrap_or("seats"), r.key);
            render(
                &req,
                &state,
                &current,
                c,
                typed,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        None => {
            render(
                &req,
                &state,
                &current,
                c,
                typed,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(launch);
}
