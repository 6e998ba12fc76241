//! `/outbox`: every e-mail the system sent or failed to send, for operators
//! and support: filters by status and kind, one message's content with its
//! secret masked (`mail::sealed`), and *Retry now* for a failed one.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db::outbox::{self, Message, OutboxFilter};
use crate::domain::policy::{Action, Target};
use crate::i18n::Lang;
use crate::mail::{compose, sealed};
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::time::format_datetime;
use crate::web::{html, AppState};

const PAGE_SIZE: i64 = 50;
const STATUSES: [&str; 4] = [
    outbox::QUEUED,
    outbox::SENDING,
    outbox::SENT,
    outbox::FAILED,
];
const KINDS: [&str; 4] = [
    compose::INVITATION,
    compose::PASSWORD_RESET,
    compose::NEW_PASSWORD,
    compose::CUSTOMER_MESSAGE,
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OutboxParams {
    status: String,
    kind: String,
    before: String,
}

pub struct Row {
    pub id: i64,
    pub created: String,
    pub recipient: String,
    pub subject: String,
    pub kind: String,
    pub status: String,
    pub status_label: String,
    pub attempts: i64,
    pub last_error: String,
}

pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// A status or a kind (`what`, one of `known`), named in the reader's
/// language; an unknown code as it is.
fn label(lang: Lang, (what, known): (&str, &[&str]), code: &str) -> String {
    if known.contains(&code) {
        lang.t(&format!("outbox-{what}-{}", code.replace('_', "-")))
    } else {
        code.to_string()
    }
}

const STATUS: (&str, &[&str]) = ("status", &STATUSES);
const KIND: (&str, &[&str]) = ("kind", &KINDS);

#[derive(Template)]
#[template(path = "outbox/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    next_url: Option<String>,
    /// No SMTP server is configured: the queue waits for one.
    no_smtp: bool,
}

fn choices(lang: Lang, of: (&str, &[&'static str]), selected: &str) -> Vec<Choice> {
    of.1.iter()
        .map(|v| Choice {
            value: v,
            label: label(lang, of, v),
            selected: *v == selected,
        })
        .collect()
}

fn only_known(value: &str, known: &[&str]) -> Option<String> {
    known.contains(&value).then(|| value.to_string())
}

#[get("/outbox")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<OutboxParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewOutbox, Target::Platform)?;
    let filter = OutboxFilter {
        status: only_known(&params.status, &STATUSES),
        kind: only_known(&params.kind, &KINDS),
        recipient: None,
    };
    let before = params.before.parse::<i64>().ok();
    let mut messages = crate::web::request::database::run(&state.pool, move |c| {
        Ok(outbox::list(c, &filter, before, PAGE_SIZE + 1)?)
    })
    .await?;
    let more = messages.len() as i64 > PAGE_SIZE;
    messages.truncate(PAGE_SIZE as usize);
    let (tz, lang) = (current.user.timezone.clone(), current.lang);
    let next_url = messages.last().filter(|_| more).map(|m| {
        let q = serde_urlencoded::to_string([
            ("status", params.status.as_str()),
            ("kind", params.kind.as_str()),
            ("before", &m.id.to_string()),
        ])
        .unwrap_or_default();
        format!("/outbox?{q}")
    });
    let page = ListPage {
        ctx: PageCtx::for_user(&req, &current, "outbox-title")?.with_times(&current),
        rows: messages
            .into_iter()
            .map(|m| Row {
                id: m.id,
                created: format_datetime(m.created_at, tz.as_deref()),
                recipient: m.recipient,
                subject: m.subject,
                kind: label(lang, KIND, &m.kind),
                status_label: label(lang, STATUS, &m.status),
                status: m.status,
                attempts: m.attempts,
                last_error: m.last_error,
            })
            .collect(),
        statuses: choices(lang, STATUS, &params.status),
        kinds: choices(lang, KIND, &params.kind),
        next_url,
        no_smtp: state.config.smtp_url.is_none(),
    };
    html(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "outbox/message.html")]
struct MessagePage {
    ctx: PageCtx,
    m: Message,
    /// The text and HTML bodies, the secret masked; None when they are
    /// withheld (an old message with its secret in clear).
    bodies: Option<(String, String)>,
    created: String,
    sent: String,
    next_attempt: String,
    kind: String,
    status: String,
    language: String,
}

#[get("/outbox/{id}")]
async fn message(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewOutbox, Target::Platform)?;
    let id = *id;
    let m = crate::web::request::database::run(&state.pool, move |c| Ok(outbox::find(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = current.user.timezone.clone();
    let fmt = |t| format_datetime(t, tz.as_deref());
    let lang = current.lang;
    let page = MessagePage {
        kind: label(lang, KIND, &m.kind),
        status: label(lang, STATUS, &m.status),
        language: Lang::from_code(&m.language)
            .map_or(m.language.clone(), |l| l.native_name().into()),
        ctx: PageCtx::for_user(&req, &current, "outbox-message-title")?.with_times(&current),
        created: fmt(m.created_at),
        sent: m.sent_at.map(fmt).unwrap_or_default(),
        next_attempt: fmt(m.next_attempt_at),
        bodies: sealed::shown(&m),
        m,
    };
    html(StatusCode::OK, &page)
}

#[post("/outbox/{id}/retry")]
async fn retry(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (*id, current.app_actor());
    crate::web::request::database::run(&state.pool, move |c| {
        Ok(crate::app::outbox::retry(c, &actor, id)?)
    })
    .await?;
    flash(&session, "success", "outbox-retried")?;
    Ok(see_other(&format!("/outbox/{id}")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(message).service(retry);
}
