//! A message's secret (the token of an invitation or reset link, a generated
//! password) never stands in the outbox in clear. Its bodies hold a
//! placeholder where the secret goes, and the secret itself is sealed in a
//! column of its own. Only the worker, at the moment it hands the message to
//! SMTP, and `partnerdesk outbox show` on the server's console put it back;
//! the screens show the placeholder as a mask, and nothing logs a body.

use crate::crypto::SecretBox;
use crate::db::outbox::{self, Message};
use crate::db::AnyConnection;
use crate::mail::compose;

/// Where the secret goes in a message's subject or bodies.
pub const PLACEHOLDER: &str = "[[partnerdesk:secret]]";

/// What a screen shows in the secret's place.
pub const MASK: &str = "••••";

/// Kinds whose bodies carry a secret.
pub fn kind_carries_secret(kind: &str) -> bool {
    matches!(
        kind,
        compose::INVITATION | compose::PASSWORD_RESET | compose::NEW_PASSWORD
    )
}

/// The text and HTML bodies a screen may show, the secret masked. None for a
/// message of a secret-bearing kind written before secrets were sealed: its
/// bodies may hold the secret itself.
pub fn shown(m: &Message) -> Option<(String, String)> {
    if kind_carries_secret(&m.kind) && m.secret.is_empty() {
        return None;
    }
    Some((
        m.text_body.replace(PLACEHOLDER, MASK),
        m.html_body.replace(PLACEHOLDER, MASK),
    ))
}

/// Why a message's secret cannot be put back.
#[derive(Debug, thiserror::Error)]
#[error("the message's secret cannot be opened with this secret key (was PARTNERDESK_SECRET_KEY changed?)")]
pub struct Unopenable;

/// The message as it is sent: its secret in place of the placeholder.
pub fn reveal(seal: &SecretBox, mut m: Message) -> Result<Message, Unopenable> {
    if m.secret.is_empty() {
        return Ok(m);
    }
    let secret = seal.open(&m.secret).ok_or(Unopenable)?;
    m.text_body = m.text_body.replace(PLACEHOLDER, &secret);
    m.html_body = m.html_body.replace(PLACEHOLDER, &escape_html(&secret));
    m.subject = m.subject.replace(PLACEHOLDER, &secret);
    m.secret.clear();
    Ok(m)
}

/// One message as `partnerdesk outbox show ID` prints it: the headers and
/// the text part, its secret in place. For the operator at the server's
/// console only; no screen calls it.
pub fn show_on_console(
    conn: &mut AnyConnection,
    keys: &crate::crypto::SealingKeys,
    id: i64,
) -> anyhow::Result<String> {
    let m = outbox::find(conn, id)?.ok_or_else(|| anyhow::anyhow!("no e-mail number {id}"))?;
    let m = reveal(&SecretBox::for_outbox(keys), m)?;
    Ok(format!(
        "To: {}\nSubject: {}\nKind: {}\nStatus: {}\n\n{}\n",
        m.recipient, m.subject, m.kind, m.status, m.text_body
    ))
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn message(kind: &str, text: &str, html: &str, secret: String) -> Message {
        let now = chrono::Utc::now().naive_utc();
        Message {
            id: 1,
            recipient: "ann@example.com".into(),
            subject: "Hello".into(),
            html_body: html.into(),
            text_body: text.into(),
            kind: kind.into(),
            language: "en".into(),
            customer_id: None,
            status: "queued".into(),
            attempts: 0,
            last_error: String::new(),
            next_attempt_at: now,
            created_at: now,
            sent_at: None,
            secret,
        }
    }

    #[test]
    fn the_screen_masks_the_secret_and_the_worker_puts_it_back() {
        let seal = SecretBox::for_outbox(&crate::crypto::SealingKeys::single(
            "a secret key long enough for tests",
        ));
        let link = format!("https://portal.example/invitation/{PLACEHOLDER}");
        let c = compose::invitation(Lang::En, "Ann", "ann", "Bakery", &link).unwrap();
        let m = message(compose::INVITATION, &c.text, &c.html, seal.seal("tok<&>en"));

        let (text, html) = shown(&m).unwrap();
        assert!(text.contains("https://portal.example/invitation/••••"));
        assert!(html.contains("/invitation/••••"));
        assert!(!text.contains("tok") && !html.contains("tok"));

        let sent = reveal(&seal, m.clone()).unwrap();
        assert!(sent.text_body.contains("/invitation/tok<&>en"));
        assert!(sent.html_body.contains("/invitation/tok&lt;&amp;&gt;en"));
        assert!(!sent.html_body.contains(PLACEHOLDER));

        let other = SecretBox::for_outbox(&crate::crypto::SealingKeys::single(
            "another key, also long enough!!!",
        ));
        assert!(reveal(&other, m).is_err());
    }

    #[test]
    fn an_old_message_with_its_secret_in_clear_is_not_shown() {
        let old = message(
            compose::NEW_PASSWORD,
            "Your password: hunter22",
            "",
            String::new(),
        );
        assert!(shown(&old).is_none());
        let staff = message(compose::CUSTOMER_MESSAGE, "Hi", "<p>Hi</p>", String::new());
        assert_eq!(shown(&staff).unwrap().0, "Hi");
    }
}
