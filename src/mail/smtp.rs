//! The SMTP side: a transport from `PARTNERDESK_SMTP_URL` and a lettre
//! message from an outbox row.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, Tokio1Executor};

use crate::db::outbox::Message;

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// lettre spells STARTTLS `tls=required`; people write `tls=starttls`.
fn normalise(url: &str) -> String {
    url.replace("tls=starttls", "tls=required")
}

/// The URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => url.split('@').next_back().unwrap_or_default().to_string(),
    }
}

/// Checks an SMTP URL at start, so a typo is a clear error and not a
/// silent outbox.
pub fn validate(url: &str) -> Result<(), String> {
    let scheme_ok = url.starts_with("smtp://") || url.starts_with("smtps://");
    if !scheme_ok || url::Url::parse(url).is_err() {
        return Err(format!(
            "PARTNERDESK_SMTP_URL is not an smtp:// or smtps:// URL: {}",
            redacted(url)
        ));
    }
    Transport::from_url(&normalise(url))
        .map(drop)
        .map_err(|e| format!("PARTNERDESK_SMTP_URL {}: {e}", redacted(url)))
}

pub fn transport(url: &str) -> Result<Transport, String> {
    Transport::from_url(&normalise(url))
        .map(|b| b.timeout(Some(Duration::from_secs(15))).build())
        .map_err(|e| format!("PARTNERDESK_SMTP_URL {}: {e}", redacted(url)))
}

/// Why a message cannot be built: never worth a retry.
#[derive(Debug)]
pub struct Unsendable(pub String);

pub fn build(from: &str, m: &Message) -> Result<lettre::Message, Unsendable> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| Unsendable(format!("sender address: {e}")))?;
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| Unsendable(format!("recipient address: {e}")))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            m.text_body.clone(),
            m.html_body.clone(),
        ))
        .map_err(|e| Unsendable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_checked_at_start_without_leaking_passwords() {
        for good in [
            "smtp://127.0.0.1:2525",
            "smtps://user:pass@mail.example.com:465",
            "smtp://user:pass@mail.example.com:587?tls=starttls",
        ] {
            assert!(validate(good).is_ok(), "{good}");
        }
        for bad in [
            "http://mail.example.com",
            "smtp//nohost",
            "mail.example.com:25",
            "smtp://",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
        let err = validate("imap://user:hunter2@mail.example.com").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
