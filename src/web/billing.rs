//! `/billing?period=YYYY-MM`: one row per billable subscription of the
//! month, and the same as CSV. Resellers see their own rows only.

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::stream;
use serde::Deserialize;

use super::auth::current::CurrentUser;
use super::context::PageCtx;
use super::customers::export::csv_safe;
use super::error::AppError;
use super::forms::FormErrors;
use super::{html, AppState};
use crate::db::billing::{self, BillingRow};
use crate::db::{self, Pool};
use crate::domain::billing::Period;
use crate::domain::catalog::format_price;
use crate::domain::policy::{Action, Target};

const PAGE: i64 = 100;

#[derive(Deserialize, Default)]
struct Query {
    #[serde(default)]
    period: String,
    after: Option<i64>,
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
    let (reseller, after) = (scope(&current), q.after);
    let rows = db::run(&state.pool, move |c| {
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

struct Export {
    pool: Pool,
    period: Period,
    reseller: Option<i64>,
    after: Option<i64>,
    first: bool,
    done: bool,
}

fn encode(rows: &[BillingRow], header: bool) -> Result<Bytes, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(e.into());
    if header {
        w.write_record([
            "customer_reference",
            "customer_name",
            "reseller",
            "product",
            "seats",
            "term",
            "unit_price",
            "amount",
            "internal",
        ])
        .map_err(fail)?;
    }
    for r in rows {
        w.write_record([
            csv_safe(&r.reference),
            csv_safe(&r.customer_name),
            csv_safe(&r.reseller),
            csv_safe(&r.product),
            r.seats.to_string(),
            r.term.clone(),
            format_price(r.unit_cents),
            format_price(r.amount_cents),
            r.internal.to_string(),
        ])
        .map_err(fail)?;
    }
    Ok(Bytes::from(
        w.into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?,
    ))
}

async fn next_chunk(mut s: Export) -> Option<(Result<Bytes, AppError>, Export)> {
    if s.done {
        return None;
    }
    let (period, reseller, after) = (s.period, s.reseller, s.after);
    let chunk = match db::run(&s.pool, move |c| {
        Ok(billing::rows(c, &period, reseller, after, 1000)?)
    })
    .await
    {
        Ok(rows) => {
            s.done = rows.len() < 1000;
            s.after = rows.last().map(|r| r.subscription_id).or(s.after);
            let bytes = encode(&rows, s.first);
            s.first = false;
            bytes
        }
        Err(e) => {
            s.done = true;
            Err(e)
        }
    };
    Some((chunk, s))
}

#[get("/billing.csv")]
async fn csv_export(
    state: web::Data<AppState>,
    current: CurrentUser,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ExportBilling, Target::Own)?;
    let period = period_of(&q.period).ok_or(AppError::NotFound)?;
    let start = Export {
        pool: state.pool.clone(),
        period,
        reseller: scope(&current),
        after: None,
        first: true,
        done: false,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"billing-{}.csv\"", period.label()),
        ))
        .streaming(stream::unfold(start, next_chunk)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(csv_export);
}
