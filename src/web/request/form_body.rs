//! A urlencoded form's body, read by a middleware (the CSRF and NUL checks)
//! and put back for the handler.

use actix_web::dev::{Payload, ServiceRequest};
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use futures_util::StreamExt;

/// Forms are small; uploads go through multipart, which is not buffered here.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub fn is_form(req: &ServiceRequest) -> bool {
    // Parsed, so that `Application/X-WWW-Form-Urlencoded; charset=…` counts
    // as the form extractor counts it: media types ignore case.
    req.mime_type().ok().flatten().is_some_and(|m| {
        m.essence_str() == actix_web::mime::APPLICATION_WWW_FORM_URLENCODED.essence_str()
    })
}

/// A body already read, for the next middleware that asks.
#[derive(Clone)]
struct ReadBody(Bytes);

/// Reads a form's body (once per request) and puts it back for the
/// handler. `Err` holds the response for a body that is too large or broken
/// off.
pub async fn read_form(req: &mut ServiceRequest) -> Result<Bytes, actix_web::Error> {
    if let Some(ReadBody(body)) = req.extensions().get::<ReadBody>().cloned() {
        return Ok(body);
    }
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
    req.extensions_mut().insert(ReadBody(body.clone()));
    Ok(body)
}
