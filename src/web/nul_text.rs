//! No field takes a NUL character: PostgreSQL refuses to store one, and on
//! SQLite it would cut names short wherever they are read as C strings. A
//! request whose query string or form holds one is answered 400 with a page
//! that says what was wrong, before any handler runs, the same on both
//! databases. (Uploads and any other body are caught when the database
//! refuses the text: see `AppError`.)

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use futures_util::StreamExt;

use super::error::AppError;

/// Forms are small; uploads go through multipart, which is not buffered here.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The translation key of the page's text.
pub const MESSAGE: &str = "error-nul-text";

/// A NUL, raw or percent-encoded. A `%` of the text itself is sent as `%25`,
/// so `%00` is always an encoded NUL.
pub fn holds_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0) || encoded.windows(3).any(|w| w == b"%00")
}

pub fn is_form(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
}

/// Reads a form's body and puts it back for the handler. `Err` holds the
/// response for a body that is too large or broken off.
pub async fn read_form(req: &mut ServiceRequest) -> Result<Bytes, actix_web::Error> {
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > MAX_FORM_BYTES {
            return Err(actix_web::error::ErrorPayloadTooLarge("form too large"));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    req.set_payload(Payload::from(body.clone()));
    Ok(body)
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
