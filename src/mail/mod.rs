//! E-mail: what each kind of message says (askama templates, HTML and text
//! sharing a layout, in the recipient's language), sanitising staff HTML,
//! and the worker that sends the outbox through SMTP.

pub mod compose;
pub mod sealed;
pub mod smtp;
pub mod worker;

use crate::crypto::SecretBox;
use crate::db::outbox::{self, NewMessage};
use crate::db::AnyConnection;
use crate::i18n::Lang;

/// A message ready for the outbox.
#[derive(Debug, Clone)]
pub struct Composed {
    pub kind: &'static str,
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// What a message carrying a secret needs when it is queued: where its
/// links point, and the key that seals the secret.
#[derive(Clone)]
pub struct Links {
    pub base_url: String,
    pub seal: SecretBox,
}

impl Links {
    pub fn new(base_url: &str, keys: &crate::crypto::SealingKeys) -> Self {
        Links {
            base_url: base_url.to_string(),
            seal: SecretBox::for_outbox(keys),
        }
    }

    /// A link to `path` whose last part is the secret, as it is queued:
    /// the secret stands there as `sealed::PLACEHOLDER`.
    pub fn secret_link(&self, path: &str) -> String {
        format!("{}{path}{}", self.base_url, sealed::PLACEHOLDER)
    }
}

/// Writes a composed message to the outbox (inside the caller's transaction).
pub fn queue(
    conn: &mut AnyConnection,
    to: &str,
    lang: Lang,
    customer_id: Option<i64>,
    m: &Composed,
) -> diesel::QueryResult<i64> {
    write(conn, to, lang, customer_id, m, "")
}

/// Writes a message composed with `sealed::PLACEHOLDER` where `secret`
/// goes; the secret is kept sealed beside it.
pub fn queue_with_secret(
    conn: &mut AnyConnection,
    links: &Links,
    secret: &str,
    to: &str,
    lang: Lang,
    customer_id: Option<i64>,
    m: &Composed,
) -> diesel::QueryResult<i64> {
    write(conn, to, lang, customer_id, m, &links.seal.seal(secret))
}

/// Messages composed with `sealed::PLACEHOLDER`, each with its secret kept
/// sealed beside it, written in one statement: (recipient, language,
/// message, secret).
pub fn queue_all_with_secrets(
    conn: &mut AnyConnection,
    links: &Links,
    customer_id: Option<i64>,
    messages: &[(&str, Lang, Composed, String)],
) -> diesel::QueryResult<()> {
    let sealed: Vec<String> = messages.iter().map(|m| links.seal.seal(&m.3)).collect();
    let rows: Vec<NewMessage> = messages
        .iter()
        .zip(&sealed)
        .map(|((to, lang, m, _), secret)| message(to, *lang, customer_id, m, secret))
        .collect();
    outbox::queue_all(conn, &rows)
}

fn write(
    conn: &mut AnyConnection,
    to: &str,
    lang: Lang,
    customer_id: Option<i64>,
    m: &Composed,
    sealed_secret: &str,
) -> diesel::QueryResult<i64> {
    outbox::queue(conn, &message(to, lang, customer_id, m, sealed_secret))
}

/// The outbox's row of a composed message.
fn message<'a>(
    to: &'a str,
    lang: Lang,
    customer_id: Option<i64>,
    m: &'a Composed,
    sealed_secret: &'a str,
) -> NewMessage<'a> {
    NewMessage {
        recipient: to,
        subject: &m.subject,
        html_body: &m.html,
        text_body: &m.text,
        kind: m.kind,
        language: lang.code(),
        customer_id,
        secret: sealed_secret,
    }
}

/// Staff-written HTML made safe to send: no scripts, no event handlers, no
/// forms, no styles that could hide content; links open safely.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// A plain-text part derived from (sanitised) HTML: block ends become line
/// breaks, tags go, entities are decoded.
pub fn to_text(html: &str) -> String {
    // Wide enough that a line is never broken inside a link.
    let text = html2text::config::plain()
        .link_footnotes(true)
        .string_from_read(html.as_bytes(), 1000)
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitising_strips_scripts_handlers_and_forms() {
        let dirty = r#"<p onclick="steal()">Hello <b>there</b></p><script>alert(1)</script>
<img src="x" onerror="alert(2)"><form action="https://evil.example/"><input name="pw"></form>
<a href="javascript:alert(3)">bad</a><a href="https://example.com/">good</a>"#;
        let clean = sanitize(dirty);
        for banned in [
            "<script",
            "onclick",
            "onerror",
            "<form",
            "<input",
            "javascript:",
        ] {
            assert!(!clean.contains(banned), "{banned} left in {clean}");
        }
        assert!(clean.contains("<b>there</b>"));
        assert!(clean.contains("href=\"https://example.com/\""));
        assert!(clean.contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn the_text_part_keeps_link_addresses() {
        let text = to_text(
            r#"<p>See <a href="https://example.com/prices?a=1&amp;b=2">our prices</a>.</p>"#,
        );
        assert!(text.contains("our prices"), "{text}");
        assert!(
            text.contains("https://example.com/prices?a=1&b=2"),
            "{text}"
        );
    }

    #[test]
    fn the_text_part_keeps_the_words_and_the_lines() {
        let text = to_text("<p>Dear Ann,</p><p>Prices &amp; terms<br>change on <b>1 May</b>.</p><ul><li>One</li><li>Two</li></ul>");
        assert_eq!(
            text,
            "Dear Ann,\n\nPrices & terms\nchange on **1 May**.\n* One\n* Two"
        );
    }
}
