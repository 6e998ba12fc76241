//! The one error type of the web layer. Handlers return it; the
//! [`render_error_pages`] middleware turns it into a page (or an htmx toast) in
//! the viewer's language, since only the middleware sees the request.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

use crate::i18n::Lang;
use crate::web::request::context::{is_htmx, request_lang};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No session, or one that has ended: go to the login page.
    #[error("login required")]
    Unauthenticated,
    /// The session was valid once and has been ended on the server.
    #[error("session ended")]
    SessionEnded,
    /// The request cannot go on here: send the person elsewhere (an
    /// impersonation that ended brings the actor back where they started).
    #[error("redirect to {0}")]
    Redirect(String),
    #[error("forbidden")]
    Forbidden,
    /// The request cannot apply to the thing in its present state; the
    /// message (a translation key) says why.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The request holds what no field takes; the message (a translation
    /// key) says what.
    #[error("bad input: {0}")]
    BadInput(&'static str),
    #[error("not found")]
    NotFound,
    /// Too many attempts in a short time: wait and try again.
    #[error("too many requests")]
    TooManyRequests,
    /// The database cannot be reached: try again in a moment.
    #[error("service unavailable")]
    Unavailable,
    /// The CSRF token of a state-changing request was missing or wrong.
    #[error("invalid or missing CSRF token")]
    Csrf,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Text the database refused to store: PostgreSQL takes no NUL character.
/// Whatever the field, that is the request's fault, not the server's.
fn refused_text(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<diesel::result::Error>(),
            Some(diesel::result::Error::DatabaseError(_, info)) if info.message().contains("0x00")
        )
    })
}

impl AppError {
    /// An internal error that is the input's fault becomes a `BadInput`.
    fn classified(&self) -> Option<AppError> {
        match self {
            AppError::Internal(e) if refused_text(e) => {
                Some(AppError::BadInput(crate::web::request::nul_text::MESSAGE))
            }
            _ => None,
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            e => AppError::Internal(e.into()),
        }
    }
}

impl From<crate::db::Error> for AppError {
    fn from(e: crate::db::Error) -> Self {
        match e {
            crate::db::Error::Unavailable(e) => e.into(),
            crate::db::Error::Query(e) => e.into(),
            e @ crate::db::Error::Interrupted => AppError::Internal(e.into()),
        }
    }
}

/// No connection within the pool's wait: the database is down or
/// unreachable, and the person is told so at once.
impl From<crate::app::Error> for AppError {
    fn from(e: crate::app::Error) -> Self {
        match e {
            crate::app::Error::NotFound => AppError::NotFound,
            crate::app::Error::Forbidden => AppError::Forbidden,
            crate::app::Error::Refused(r) => AppError::Conflict(r.key),
            crate::app::Error::Database(e) => e.into(),
            crate::app::Error::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %e, "no database connection available");
        AppError::Unavailable
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("template rendering failed"))
    }
}

impl From<actix_session::SessionInsertError> for AppError {
    fn from(e: actix_session::SessionInsertError) -> Self {
        AppError::Internal(anyhow::anyhow!("session write failed: {e}"))
    }
}

impl From<actix_session::SessionGetError> for AppError {
    fn from(e: actix_session::SessionGetError) -> Self {
        AppError::Internal(anyhow::anyhow!("session read failed: {e}"))
    }
}

/// Marks a response whose body the middleware should render.
#[derive(Debug, Clone, Copy)]
struct ErrorPageMarker;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::SessionEnded | AppError::Redirect(_) => {
                StatusCode::SEE_OTHER
            }
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadInput(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => match self.classified() {
                Some(input) => input.status_code(),
                None => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(input) = self.classified() {
            tracing::warn!(error = ?self, "refused input the database cannot store");
            return input.error_response();
        }
        if let AppError::Internal(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        match self {
            AppError::Unauthenticated => return see_other("/login"),
            AppError::SessionEnded => return see_other("/login?session=ended"),
            AppError::Redirect(to) => return see_other(to),
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code()).finish();
        res.extensions_mut().insert(ErrorPageMarker);
        if let AppError::Csrf = self {
            res.extensions_mut().insert(CsrfMarker);
        }
        if let AppError::Conflict(key) | AppError::BadInput(key) = self {
            res.extensions_mut().insert(MessageKey(key));
        }
        res
    }
}

#[derive(Debug, Clone, Copy)]
struct CsrfMarker;

#[derive(Debug, Clone, Copy)]
struct MessageKey(&'static str);

/// A query string that does not fit the page's fields (a repeated field, a
/// value of the wrong kind) gets the 400 page, not actix's plain text.
pub fn bad_query(err: actix_web::error::QueryPayloadError, req: &HttpRequest) -> actix_web::Error {
    tracing::debug!(path = req.path(), error = %err, "refused a query string");
    AppError::BadInput("error-bad-query").into()
}

/// A form that does not fit the action's fields likewise; a form over the
/// size limit keeps its 413.
pub fn bad_form(err: actix_web::error::UrlencodedError, req: &HttpRequest) -> actix_web::Error {
    if let actix_web::error::UrlencodedError::Overflow { .. } = err {
        return err.into();
    }
    tracing::debug!(path = req.path(), error = %err, "refused a form");
    AppError::BadInput("error-bad-form").into()
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: Lang,
    title: String,
    text: String,
}

#[derive(Template)]
#[template(path = "_toast.html")]
struct Toast {
    kind: &'static str,
    message: String,
}

/// Gives error responses their page, and sends htmx requests that lost their
/// session to the login page with `HX-Redirect`.
pub async fn render_error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let htmx = is_htmx(req.request());
    // The session could not be read: nothing can be answered but this.
    if crate::web::request::session_store::database_was_unreachable() {
        let (req, _) = req.into_parts();
        let res = AppError::Unavailable.error_response();
        let res = ServiceResponse::new(req, res);
        return render_error_pages_of(res, htmx).await;
    }
    let res = next.call(req).await?.map_into_boxed_body();
    render_error_pages_of(res, htmx).await
}

async fn render_error_pages_of(
    res: ServiceResponse<BoxBody>,
    htmx: bool,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, actix_web::Error> {
    let status = res.status();
    if htmx && status == StatusCode::SEE_OTHER {
        // htmx follows redirects inside the swap; ask it to navigate instead.
        let location = res.headers().get(header::LOCATION).cloned();
        if let Some(location) = location {
            let (req, _) = res.into_parts();
            let res = HttpResponse::Ok()
                .insert_header(("HX-Redirect", location))
                .finish();
            return Ok(ServiceResponse::new(req, res).map_into_right_body());
        }
    }
    let marked = res
        .response()
        .extensions()
        .get::<ErrorPageMarker>()
        .is_some();
    if !marked {
        return Ok(res.map_into_left_body());
    }
    let csrf = res.response().extensions().get::<CsrfMarker>().is_some();
    let message = res.response().extensions().get::<MessageKey>().map(|c| c.0);
    let lang = request_lang(res.request());
    let (title_key, text_key) = match (status.as_u16(), csrf) {
        (403, true) => ("error-csrf-title", "error-csrf-text"),
        (403, _) => ("error-403-title", "error-403-text"),
        (404, _) => ("error-404-title", "error-404-text"),
        (429, _) => ("error-429-title", "error-429-text"),
        (503, _) => ("error-503-title", "error-503-text"),
        (409, _) => ("error-409-title", message.unwrap_or("error-409-title")),
        (400, _) => ("error-400-title", message.unwrap_or("error-400-title")),
        _ => ("error-500-title", "error-500-text"),
    };
    let (req, _) = res.into_parts();
    let body = if htmx {
        Toast {
            kind: "error",
            message: lang.t(text_key),
        }
        .render()
    } else {
        ErrorPage {
            lang,
            title: lang.t(title_key),
            text: lang.t(text_key),
        }
        .render()
    }
    .unwrap_or_else(|_| status.to_string());
    let mut builder = HttpResponse::build(status);
    builder.content_type("text/html; charset=utf-8");
    if htmx {
        builder.insert_header(("HX-Retarget", "#flash"));
        builder.insert_header(("HX-Reswap", "beforeend"));
    }
    let res: HttpResponse<BoxBody> = builder.body(body);
    Ok(ServiceResponse::new(req, res).map_into_right_body())
}
