//! `/billing?period=YYYY-MM`: one row per billable subscription of the
//! month, and the same as CSV. Resellers see their own rows only.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db;
use crate::db::billing::{self, BillingRow};
use crate::domain::billing::Period;
use crate::domain::catalog::format_price;
use crate::domain::policy::{Action, Target};
use crate::domain::spreadsheet::neutralise as csv_safe;
use crate::web::csv_stream::download;
use crate::web::forms::FormErrors;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::{html, AppState};

const PAGE: i64 = 100;

#[derive(Deserialize, Default)]
struct Query {
    #[serde(default)]
    period: String,
    /// The page's cursor; anything malformed starts at the top.
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "billing.html")]
struct BillingPage {
    ctx: PageCtx,
    period: String,
    rows: Vec<BillingRow>,
    errors: FormErrors,
    next: Option<String>,
    csv_url: String,
}

impl BillingPage {
    pub fn price(&self, cents: &i64) -> String {
        format_price(*cents)
    }
}

fn scope(current: &CurrentUser) -> Option<i64> {
    (!current.actor.role.is_staff())
        .then_some(current.actor.reseller_id)
        .flatten()
}

fn period_of(raw: &str) -> Option<Period> {
    if raw.trim().is_empty() {
        Some(Period::of(db::now()))
    } else {
        Period::parse(raw)
    }
}

#[get("/billing")]
async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ExportBilling, Target::Own)?;
    let mut errors = FormErrors::new(current.lang);
    let ctx = PageCtx::for_user(&req, &current, "billing-title")?;
    let Some(period) = period_of(&q.period) else {
        errors.add("period", "period-invalid");
        let page = BillingPage {
            ctx,
            period: q.period.clone(),
            rows: Vec::new(),
            errors,
            next: None,
            csv_url: String::new(),
        };
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (reseller, after) = (scope(&current), q.after.parse().ok());
    let rows = crate::web::request::database::run(&state.pool, move |c| {
        Ok(billing::rows(c, &period, reseller, after, PAGE)?)
    })
    .await?;
    let label = period.label();
    let next = (rows.len() as i64 == PAGE)
        .then(|| {
            rows.last()
                .map(|r| format!("/billing?period={label}&after={}", r.subscription_id))
        })
        .flatten();
    let page = BillingPage {
        ctx,
        csv_url: format!("/billing.csv?period={label}"),
        period: label,
        rows,
        errors,
        next,
    };
    html(StatusCode::OK, &page)
}

const HEADER: &[&str] = &[
    "customer_reference",
    "customer_name",
    "reseller",
    "product",
    "seats",
    "term",
    "unit_price",
    "amount",
    "internal",
];

fn encode(r: &BillingRow) -> Vec<String> {
    vec![
        csv_safe(&r.reference),
        csv_safe(&r.customer_name),
        csv_safe(&r.reseller),
        csv_safe(&r.product),
        r.seats.to_string(),
        r.term.clone(),
        format_price(r.unit_cents),
        format_price(r.amount_cents),
        r.internal.to_string(),
    ]
}

#[get("/billing.csv")]
async fn csv_export(
    state: web::Data<AppState>,
    current: CurrentUser,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ExportBilling, Target::Own)?;
    let period = period_of(&q.period).ok_or(AppError::NotFound)?;
    let reseller = scope(&current);
    let fetch = move |conn: &mut crate::db::AnyConnection, after: Option<i64>| {
        let rows = billing::rows(conn, &period, reseller, after, 1000)?;
        let next = rows
            .last()
            .filter(|_| rows.len() == 1000)
            .map(|r| r.subscription_id);
        Ok((rows, next))
    };
    Ok(download(
        state.pool.clone(),
        &format!("billing-{}.csv", period.label()),
        HEADER.iter().map(|h| h.to_string()).collect(),
        fetch,
        encode,
    ))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(csv_export);
}
