//! `/audit`: who did what, when, as whom. Operators see the whole platform,
//! resellers the events of their own customers. Filters by actor, customer,
//! action and dates; newest first, paged by id; CSV export of the filter.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::db::audit::{self, AuditEntry, AuditFilter};
use crate::db::{self, customers, users};
use crate::domain::policy::{Action, Target};
use crate::domain::spreadsheet::neutralise as csv_safe;
use crate::i18n::Lang;
use crate::web::audit_text::{action_label, family_label, summary, target_kind};
use crate::web::csv_stream::download;
use crate::web::customers::overview::who_label;
use crate::web::forms::FormErrors;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::time::{day_start_utc, format_datetime};
use crate::web::{html, AppState};

const PAGE_SIZE: i64 = 50;
const CHUNK_ROWS: i64 = 500;

/// The families of actions the filter offers ("customer" is every
/// "customer.*"); `logout` stands alone.
pub const FAMILIES: [&str; 16] = [
    "login",
    "logout",
    "impersonation",
    "customer",
    "site",
    "service",
    "subscription",
    "reseller",
    "reseller_admin",
    "plan",
    "product",
    "package",
    "staff",
    "profile",
    "password",
    "settings",
];

/// The filter, all of it in the URL.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditParams {
    pub actor: String,
    pub customer: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub before: String,
}

impl AuditParams {
    /// The filter as a query string, without the empty fields.
    fn query(&self) -> String {
        let fields = [
            ("actor", &self.actor),
            ("customer", &self.customer),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let set: Vec<(&str, &String)> = fields.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        serde_urlencoded::to_string(set).unwrap_or_default()
    }
}

/// `path?a&b`, leaving out empty parts (and the `?` when all are).
fn with_query(path: &str, parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

fn parse_date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    match raw.trim() {
        "" => Ok(None),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

/// Turns the URL's filter into a query, or says which fields are wrong.
async fn build_filter(
    state: &AppState,
    current: &CurrentUser,
    p: &AuditParams,
) -> Result<(AuditFilter, FormErrors), AppError> {
    let lang = current.lang;
    let mut errors = FormErrors::new(lang);
    let mut filter = AuditFilter {
        actor: Some(p.actor.trim().to_string()).filter(|s| !s.is_empty()),
        // Staff see everything; a reseller only its own customers' events.
        reseller_id: if current.actor.role.is_staff() {
            None
        } else {
            Some(current.actor.reseller_id.ok_or(AppError::Forbidden)?)
        },
        ..Default::default()
    };
    let action = p.action.trim();
    if !action.is_empty() {
        if FAMILIES.contains(&action) {
            filter.action = Some(action.to_string());
        } else {
            errors.add("action", "audit-action-unknown");
        }
    }
    match (parse_date(&p.from), parse_date(&p.to)) {
        (Ok(from), Ok(to)) => {
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    errors.add("to", "audit-dates-reversed");
                }
            }
            // The viewer's days, as the page shows its times.
            let zone = current.user.timezone.as_deref();
            filter.from = from.map(|d| day_start_utc(d, zone));
            filter.until = to
                .and_then(|t| t.succ_opt())
                .map(|d| day_start_utc(d, zone));
        }
        (from, to) => {
            for (field, bad) in [("from", from.is_err()), ("to", to.is_err())] {
                if bad {
                    errors.add(field, "audit-date-invalid");
                }
            }
        }
    }
    let customer = p.customer.trim().to_string();
    if !customer.is_empty() {
        let found = match customer.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                crate::web::request::database::run(&state.pool, move |c| {
                    Ok(customers::id_by_public_id(c, &customer)?)
                })
                .await?
            }
        };
        match found {
            Some(id) => filter.customer_id = Some(id),
            None => errors.add("customer", "audit-customer-unknown"),
        }
    }
    Ok((filter, errors))
}

pub struct EntryView {
    pub when: String,
    pub who: String,
    pub action: String,
    pub target: String,
    pub customer_id: Option<i64>,
    pub summary: String,
    pub client_ip: String,
}

/// A user the entry is about, by id, when it names one.
fn user_target(e: &AuditEntry) -> Option<i64> {
    (e.target_type == "user")
        .then(|| e.target_id.parse().ok())
        .flatten()
}

fn entry_view(
    lang: Lang,
    tz: Option<&str>,
    e: AuditEntry,
    names: &HashMap<i64, String>,
) -> EntryView {
    let named = user_target(&e).and_then(|id| names.get(&id));
    EntryView {
        when: format_datetime(e.created_at, tz),
        who: who_label(lang, &e),
        target: {
            let kind = target_kind(lang, &e.target_type);
            match named {
                Some(name) => format!("{kind} {name}"),
                None if e.target_id.is_empty() => kind,
                None => format!("{kind} {}", e.target_id),
            }
        },
        action: action_label(lang, &e.action),
        summary: summary(lang, &e),
        customer_id: e.customer_id,
        client_ip: e.client_ip,
    }
}

pub struct FamilyOption {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: PageCtx,
    params: AuditParams,
    errors: FormErrors,
    families: Vec<FamilyOption>,
    rows: Vec<EntryView>,
    next_url: Option<String>,
    newest_url: Option<String>,
    export_url: String,
}

#[get("/audit")]
async fn audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewAuditLog, Target::Own)?;
    let params = params.into_inner();
    let (filter, errors) = build_filter(&state, &current, &params).await?;
    let before = audit::Before::decode(&params.before);
    let (mut entries, names) = if errors.is_empty() {
        crate::web::request::database::run(&state.pool, move |c| {
            let entries = audit::list(c, &filter, before, PAGE_SIZE + 1)?;
            let ids: Vec<i64> = entries.iter().filter_map(user_target).collect();
            let names: HashMap<i64, String> = users::names_of(c, &ids)?.into_iter().collect();
            Ok((entries, names))
        })
        .await?
    } else {
        (Vec::new(), HashMap::new())
    };
    let more = entries.len() as i64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);
    let query = params.query();
    let next_url = entries.last().filter(|_| more).map(|e| {
        let before = audit::Before::of(e).encode();
        with_query("/audit", &[query.as_str(), &format!("before={before}")])
    });
    let tz = current.user.timezone.clone();
    let lang = current.lang;
    let page = AuditPage {
        ctx: PageCtx::for_user(&req, &current, "audit-title")?.with_times(&current),
        families: FAMILIES
            .iter()
            .map(|f| FamilyOption {
                value: f,
                label: family_label(lang, f),
                selected: params.action == *f,
            })
            .collect(),
        rows: entries
            .into_iter()
            .map(|e| entry_view(lang, tz.as_deref(), e, &names))
            .collect(),
        next_url,
        newest_url: before.map(|_| with_query("/audit", &[&query])),
        export_url: with_query("/audit/export.csv", &[&query]),
        errors,
        params,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html(status, &page)
}

const HEADER: &[&str] = &[
    "time_utc",
    "actor",
    "impersonator",
    "action",
    "target_type",
    "target_id",
    "customer_id",
    "reseller_id",
    "summary",
    "client_ip",
];

/// One entry as a CSV row: codes as they are kept, what happened in the
/// reader's words.
fn encode(lang: Lang, e: &AuditEntry) -> Vec<String> {
    let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
    vec![
        e.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        csv_safe(&e.actor_name),
        csv_safe(&e.impersonator_name),
        e.action.clone(),
        e.target_type.clone(),
        csv_safe(&e.target_id),
        id(e.customer_id),
        id(e.reseller_id),
        csv_safe(&summary(lang, e)),
        e.client_ip.clone(),
    ]
}

#[get("/audit/export.csv")]
async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewAuditLog, Target::Own)?;
    let (filter, errors) = build_filter(&state, &current, &params).await?;
    if !errors.is_empty() {
        return Err(AppError::Redirect(with_query("/audit", &[&params.query()])));
    }
    let lang = current.lang;
    let fetch = move |conn: &mut db::AnyConnection, before: Option<audit::Before>| {
        let rows = audit::list(conn, &filter, before, CHUNK_ROWS)?;
        let next = rows
            .last()
            .filter(|_| rows.len() as i64 == CHUNK_ROWS)
            .map(audit::Before::of);
        Ok((rows.iter().map(|e| encode(lang, e)).collect(), next))
    };
    Ok(download(
        state.pool.clone(),
        "audit-log.csv",
        HEADER.iter().map(|h| h.to_string()).collect(),
        fetch,
        Vec::clone,
    ))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The export's fixed path first.
    cfg.service(export).service(audit_log);
}
