//! Every state-changing request must carry the session's CSRF token: in the
//! `X-CSRF-Token` header (htmx sends it from `hx-headers` on the body), in a
//! `csrf_token` form field, or, for multipart uploads, in the query string.

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use crate::web::request::context::SESSION_CSRF;
use crate::web::request::error::AppError;
use crate::web::request::form_body::{is_form, read_form};

fn needs_check(req: &ServiceRequest) -> bool {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The API authenticates with bearer tokens, never with cookies.
    !safe && !req.path().starts_with("/api/")
}

fn field_of(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub async fn check_csrf(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if !needs_check(&req) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let expected: Option<String> = req.get_session().get(SESSION_CSRF).ok().flatten();
    let mut provided = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field_of(req.query_string().as_bytes(), "csrf_token"));
    if provided.is_none() && is_form(&req) {
        // Read the form, find the token; the body stays for the handler.
        match read_form(&mut req).await {
            Ok(body) => provided = field_of(&body, "csrf_token"),
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        }
    }
    match (expected, provided) {
        (Some(e), Some(p)) if same(&e, &p) => Ok(next.call(req).await?.map_into_left_body()),
        _ => {
            tracing::warn!(
                path = req.path(),
                "refused a request without a valid CSRF token"
            );
            if req.path().ends_with("/login-as") {
                crate::web::request::impersonation::audit_forged_start(req.request()).await;
            }
            Ok(req.error_response(AppError::Csrf).map_into_right_body())
        }
    }
}
