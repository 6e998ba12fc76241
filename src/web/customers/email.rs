//! `/customers/{id}/email`: a message from staff to the customer. From and
//! To are fixed; the HTML is sanitised and a text part derived; *Preview*
//! shows it as it will leave; *Send* queues it and writes the audit log.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::db;
use crate::db::customers::Customer;
use crate::domain::policy::Action;
use crate::i18n::Lang;
use crate::mail::{self, compose};
use crate::web::customers::load_for;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

pub const MAX_MESSAGE_BYTES: usize = 100 * 1024;
const MAX_SUBJECT: usize = 200;

#[derive(Default, Deserialize)]
struct EmailForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message: String,
    /// "preview" or "send".
    #[serde(default)]
    action: String,
}

pub struct Preview {
    pub html: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "customers/email.html")]
struct EmailPage {
    ctx: PageCtx,
    c: Customer,
    from: String,
    to: String,
    subject: String,
    message: String,
    errors: FormErrors,
    preview: Option<Preview>,
}

/// The recipient's language: the administrator's.
async fn recipient_lang(state: &AppState, c: &Customer) -> Result<Lang, AppError> {
    let cid = c.id;
    let admin = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(db::customers::admin(conn, cid)?)
    })
    .await?;
    Ok(admin
        .and_then(|a| Lang::from_code(&a.language))
        .unwrap_or_default())
}

#[get("/customers/{id}/email")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::SendEmail).await?;
    let page = EmailPage {
        ctx: PageCtx::for_user(&req, &current, "email-title")?,
        from: state.config.mail_from.clone(),
        to: c.email.clone(),
        subject: String::new(),
        message: String::new(),
        errors: FormErrors::new(current.lang),
        preview: None,
        c,
    };
    html(StatusCode::OK, &page)
}

#[post("/customers/{id}/email")]
async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::SendEmail).await?;
    let form = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let subject = form.subject.trim().to_string();
    if subject.is_empty() {
        errors.add("subject", "field-required");
    } else if subject.chars().count() > MAX_SUBJECT || subject.contains(['\r', '\n']) {
        errors.add("subject", "email-subject-invalid");
    }
    let clean = mail::sanitize(&form.message);
    if form.message.trim().is_empty() || mail::to_text(&clean).is_empty() {
        errors.add("message", "field-required");
    } else if form.message.len() > MAX_MESSAGE_BYTES {
        errors.add("message", "email-message-too-long");
    }
    if c.email.trim().is_empty() {
        errors.add("message", "email-no-recipient");
    }
    let lang = recipient_lang(&state, &c).await?;
    let composed = compose::customer_message(lang, &subject, &clean)?;
    if !errors.is_empty() || form.action != "send" {
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let page = EmailPage {
            ctx: PageCtx::for_user(&req, &current, "email-title")?,
            from: state.config.mail_from.clone(),
            to: c.email.clone(),
            preview: errors.is_empty().then(|| Preview {
                html: clean.clone(),
                text: composed.text.clone(),
            }),
            subject: form.subject,
            message: form.message,
            errors,
            c,
        };
        return html(status, &page);
    }
    let (actor, id) = (current.app_actor(), c.id);
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::customers::send_email(
            conn, &actor, id, lang, &composed,
        )?)
    })
    .await?;
    flash_with(
        &session,
        "success",
        "email-queued",
        vec![("email".into(), c.email.clone())],
    )?;
    Ok(see_other(&format!("/customers/{}", c.id)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(submit);
}
