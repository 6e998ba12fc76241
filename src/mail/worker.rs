//! The background worker: takes due messages from the outbox, sends them
//! through SMTP, and retries with back-off (8 attempts over about a day).
//! Without SMTP it notes each new message in the log (whom it waits for,
//! never its body) and leaves it queued.

use std::time::Duration;

use futures_util::StreamExt;
use lettre::AsyncTransport;

use super::sealed;
use super::smtp::{self, Transport};
use crate::crypto::SecretBox;
use crate::db::outbox::{self, Message};
use crate::db::{self, Pool};

/// Minutes to wait after the n-th failed attempt, times the configured base
/// (a minute): 1, 4, 15, 60, 180, 360, 720 — about 22 hours in all.
const BACKOFF: [i64; 7] = [1, 4, 15, 60, 180, 360, 720];

/// Messages taken per round.
const BATCH: i64 = 50;

/// Messages sent at once, each on a connection of lettre's pool.
const AT_ONCE: usize = 4;

/// Messages read per round when no SMTP server is configured.
const NOTE_BATCH: i64 = 500;

/// Above this many new messages in a round, the log says how many, not
/// each one.
const NAMED_IN_LOG: usize = 20;

/// The log's line for messages kept without SMTP, counted.
const WAITING: &str =
    "e-mails waiting in the outbox (no SMTP server configured); `partnerdesk outbox show ID` prints one";

#[derive(Clone)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub from: String,
    pub poll: Duration,
    /// The back-off unit in seconds (60 in production).
    pub retry_unit_seconds: i64,
    /// Opens the messages' sealed secrets at the moment they are sent.
    pub seal: SecretBox,
}

/// When to try again after `attempts` failed attempts.
pub fn retry_delay(attempts: i64, unit_seconds: i64) -> chrono::Duration {
    let step = BACKOFF[(attempts.max(1) as usize - 1).min(BACKOFF.len() - 1)];
    chrono::Duration::seconds(step * unit_seconds)
}

pub fn spawn(pool: Pool, settings: MailSettings) {
    let transport = match settings.smtp_url.as_deref().map(smtp::transport) {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            // Validated at start; kept here so the worker never panics.
            tracing::error!(error = %e, "e-mail worker not started");
            return;
        }
        None => {
            tracing::warn!(
                "PARTNERDESK_SMTP_URL is not set: e-mails stay in the outbox; `partnerdesk outbox show ID` prints one on this console"
            );
            None
        }
    };
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(settings.poll);
        // The last message named in the log: each poll reads only newer
        // ones. None until the first poll, which starts at the newest.
        let mut announced = None;
        loop {
            tick.tick().await;
            let result = match &transport {
                Some(t) => drain(&pool, t, &settings).await,
                None => log_new(&pool, &mut announced).await,
            };
            if let Err(e) = result {
                tracing::error!(error = ?e, "e-mail worker: will try again");
            }
        }
    });
}

/// Without SMTP: each new message is named in the log once and stays
/// queued; the outbox screen says why. Its body may carry a secret, so the
/// log names only the message; the operator prints it with
/// `partnerdesk outbox show ID`. At start the log says how many wait.
async fn log_new(pool: &Pool, announced: &mut Option<i64>) -> anyhow::Result<()> {
    let Some(after) = *announced else {
        let (newest, queued) = pool
            .run(|c| Ok::<_, db::Error>(outbox::newest_and_queued(c)?))
            .await?;
        if queued > 0 {
            tracing::info!(queued, "{WAITING}");
        }
        *announced = Some(newest);
        return Ok(());
    };
    let mut after = after;
    loop {
        let messages = pool
            .run(move |c| Ok::<_, db::Error>(outbox::unannounced(c, after, NOTE_BATCH)?))
            .await?;
        let Some(last) = messages.last().map(|m| m.id) else {
            return Ok(());
        };
        let full = messages.len() == NOTE_BATCH as usize;
        let waiting: Vec<_> = messages.into_iter().filter(|m| m.waits()).collect();
        name_in_log(&waiting);
        after = last;
        *announced = Some(last);
        if !full {
            return Ok(());
        }
    }
}

/// The log's lines for new messages: each one, or how many when many.
fn name_in_log(messages: &[outbox::Unannounced]) {
    if messages.len() > NAMED_IN_LOG {
        tracing::info!(
            count = messages.len(),
            first = messages[0].id,
            last = messages[messages.len() - 1].id,
            "{WAITING}"
        );
        return;
    }
    for m in messages {
        tracing::info!(
            id = m.id,
            to = %m.recipient,
            kind = %m.kind,
            "e-mail waiting in the outbox (no SMTP server configured); `partnerdesk outbox show {}` prints it",
            m.id
        );
    }
}

/// Sends rounds until one finds fewer than a batch due, or sends nothing
/// (the server is down: the back-off takes over): a backlog leaves without
/// waiting for the next poll.
async fn drain(pool: &Pool, transport: &Transport, settings: &MailSettings) -> anyhow::Result<()> {
    loop {
        let (claimed, sent) = send_due(pool, transport, settings).await?;
        if claimed < BATCH as usize || sent == 0 {
            return Ok(());
        }
    }
}

/// One round: claims due messages and sends them, a few at once.
/// Returns how many were claimed and how many left.
async fn send_due(
    pool: &Pool,
    transport: &Transport,
    settings: &MailSettings,
) -> anyhow::Result<(usize, usize)> {
    let claimed = pool
        .run(|c| Ok::<_, db::Error>(outbox::claim(c, BATCH)?))
        .await?;
    let count = claimed.len();
    let outcomes: Vec<anyhow::Result<bool>> = futures_util::stream::iter(claimed)
        .map(|m| send_one(pool, transport, settings, m))
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let mut sent = 0;
    for outcome in outcomes {
        sent += usize::from(outcome?);
    }
    Ok((count, sent))
}

/// Sends one claimed message and records how it went; true when it left.
async fn send_one(
    pool: &Pool,
    transport: &Transport,
    settings: &MailSettings,
    m: Message,
) -> anyhow::Result<bool> {
    let built = sealed::reveal(&settings.seal, m.clone())
        .map_err(|e| smtp::Unsendable(e.to_string()))
        .and_then(|revealed| smtp::build(&settings.from, &revealed));
    let outcome = match built {
        Ok(email) => transport
            .send(email)
            .await
            .map(drop)
            .map_err(|e| (e.to_string(), false)),
        Err(smtp::Unsendable(e)) => Err((e, true)),
    };
    let ok = outcome.is_ok();
    record(pool, m, outcome, settings.retry_unit_seconds).await?;
    Ok(ok)
}

async fn record(
    pool: &Pool,
    m: Message,
    outcome: Result<(), (String, bool)>,
    unit: i64,
) -> anyhow::Result<()> {
    pool.run(move |conn| {
        match outcome {
            Ok(()) => {
                tracing::info!(id = m.id, to = %m.recipient, "e-mail sent");
                outbox::mark_sent(conn, m.id)?;
            }
            Err((error, permanent)) => {
                let mut m = m;
                if permanent {
                    m.attempts = outbox::MAX_ATTEMPTS - 1;
                }
                let retry_at = db::now() + retry_delay(m.attempts + 1, unit);
                tracing::warn!(id = m.id, attempt = m.attempts + 1, error = %error, "e-mail not sent");
                outbox::mark_attempt_failed(conn, &m, &error, retry_at)?;
            }
        }
        Ok::<_, db::Error>(())
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_attempts_spread_over_about_a_day() {
        let total: i64 = (1..outbox::MAX_ATTEMPTS)
            .map(|n| retry_delay(n, 60).num_seconds())
            .sum();
        let hours = total as f64 / 3600.0;
        assert!((20.0..=26.0).contains(&hours), "{hours} hours");
        assert!(retry_delay(1, 60) < retry_delay(2, 60));
    }
}
