//! No field takes a NUL character: PostgreSQL refuses to store one, and
//! SQLite's text functions (LIKE, lower, length) stop at one. A
//! request whose query string or form holds one is answered 400 with a page
//! that says what was wrong, before any handler runs, the same on both
//! databases. (Uploads and any other body are caught when the database
//! refuses the text: see `AppError`.)

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::web::request::error::AppError;
use crate::web::request::form_body::{is_form, read_form};

/// The translation key of the page's text.
pub const MESSAGE: &str = "error-nul-text";

/// A NUL, raw or percent-encoded. A `%` of the text itself is sent as `%25`,
/// so `%00` is always an encoded NUL.
pub fn holds_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0) || encoded.windows(3).any(|w| w == b"%00")
}

pub async fn refuse_nul(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let mut found = holds_nul(req.query_string().as_bytes());
    if !found && is_form(&req) {
        match read_form(&mut req).await {
            Ok(body) => found = holds_nul(&body),
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        }
    }
    if found {
        tracing::warn!(path = req.path(), "refused a request with a NUL character");
        return Ok(req
            .error_response(AppError::BadInput(MESSAGE))
            .map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::holds_nul;

    #[test]
    fn finds_raw_and_encoded_nul_only() {
        assert!(holds_nul(b"q=a%00b"));
        assert!(holds_nul(b"name=a\0b"));
        assert!(!holds_nul(b"q=100%25&name=a%2500b"));
        assert!(!holds_nul(b"q=caf%C3%A9"));
    }
}
