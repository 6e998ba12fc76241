//! The outbox: every e-mail is a row, written in the transaction of the
//! change that causes it, and sent later by the worker (`crate::mail`).

use chrono::NaiveDateTime;
use diesel::dsl::Eq;
use diesel::prelude::*;

use super::schema::outbox;
use super::{AnyConnection, MultiBackend};

pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// How long a claimed message stays with its worker before another may
/// take it (a worker that died mid-send).
const LEASE_SECONDS: i64 = 300;

/// Attempts before a message is given up as `failed`.
pub const MAX_ATTEMPTS: i64 = 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Message {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub html_body: String,
    pub text_body: String,
    pub kind: String,
    pub language: String,
    pub customer_id: Option<i64>,
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// The message's secret, sealed (`crate::mail::sealed`); empty when it has none.
    pub secret: String,
}

/// A message to queue.
pub struct NewMessage<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub html_body: &'a str,
    pub text_body: &'a str,
    pub kind: &'a str,
    pub language: &'a str,
    pub customer_id: Option<i64>,
    /// Sealed; empty when the message has no secret.
    pub secret: &'a str,
}

/// A queued message's row.
#[allow(clippy::type_complexity)]
fn row<'a>(
    m: &NewMessage<'a>,
    now: chrono::NaiveDateTime,
) -> (
    Eq<outbox::recipient, &'a str>,
    Eq<outbox::subject, &'a str>,
    Eq<outbox::html_body, &'a str>,
    Eq<outbox::text_body, &'a str>,
    Eq<outbox::kind, &'a str>,
    Eq<outbox::language, &'a str>,
    Eq<outbox::customer_id, Option<i64>>,
    Eq<outbox::secret, &'a str>,
    Eq<outbox::status, &'static str>,
    Eq<outbox::next_attempt_at, chrono::NaiveDateTime>,
    Eq<outbox::created_at, chrono::NaiveDateTime>,
) {
    (
        outbox::recipient.eq(m.recipient),
        outbox::subject.eq(m.subject),
        outbox::html_body.eq(m.html_body),
        outbox::text_body.eq(m.text_body),
        outbox::kind.eq(m.kind),
        outbox::language.eq(m.language),
        outbox::customer_id.eq(m.customer_id),
        outbox::secret.eq(m.secret),
        outbox::status.eq(QUEUED),
        outbox::next_attempt_at.eq(now),
        outbox::created_at.eq(now),
    )
}

/// Queues messages, many in one statement.
pub fn queue_all(conn: &mut AnyConnection, ms: &[NewMessage<'_>]) -> QueryResult<()> {
    if ms.is_empty() {
        return Ok(());
    }
    let now = super::now();
    let rows: Vec<_> = ms.iter().map(|m| row(m, now)).collect();
    crate::bulk_insert!(conn, outbox::table, &rows)?;
    tracing::info!(count = ms.len(), "e-mails queued");
    Ok(())
}

pub fn queue(conn: &mut AnyConnection, m: &NewMessage<'_>) -> QueryResult<i64> {
    let now = super::now();
    let id = diesel::insert_into(outbox::table)
        .values(row(m, now))
        .returning(outbox::id)
        .get_result(conn)?;
    tracing::info!(id, to = m.recipient, kind = m.kind, "e-mail queued");
    Ok(id)
}

/// Takes up to `limit` due messages for this worker. On PostgreSQL the rows
/// are locked with `FOR UPDATE SKIP LOCKED` ([`super::raw::outbox_claim`]),
/// so concurrent workers take different rows; on SQLite writes are serialised and each claim is a
/// compare-and-set on the row.
pub fn claim(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<Message>> {
    let now = super::now();
    let lease = now + chrono::Duration::seconds(LEASE_SECONDS);
    let ids: Vec<i64> = match conn {
        AnyConnection::Postgresql(pg) => {
            super::raw::outbox_claim::on_postgres(pg, lease, now, limit)?
        }
        AnyConnection::Sqlite(_) => {
            let due: Vec<(i64, String, NaiveDateTime)> = outbox::table
                .filter(outbox::status.eq_any([QUEUED, SENDING]))
                .filter(outbox::next_attempt_at.le(now))
                .order((outbox::next_attempt_at, outbox::id))
                .limit(limit)
                .select((outbox::id, outbox::status, outbox::next_attempt_at))
                .load(conn)?;
            let mut won = Vec::new();
            for (id, status, at) in due {
                let n = diesel::update(
                    outbox::table
                        .find(id)
                        .filter(outbox::status.eq(status))
                        .filter(outbox::next_attempt_at.eq(at)),
                )
                .set((
                    outbox::status.eq(SENDING),
                    outbox::next_attempt_at.eq(lease),
                ))
                .execute(conn)?;
                if n == 1 {
                    won.push(id);
                }
            }
            won
        }
    };
    outbox::table
        .filter(outbox::id.eq_any(ids))
        .order(outbox::id)
        .select(Message::as_select())
        .load(conn)
}

pub fn mark_sent(conn: &mut AnyConnection, id: i64) -> QueryResult<()> {
    let now = super::now();
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(SENT),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(""),
            outbox::sent_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Records a failed attempt: back to the queue until `retry_at`, or
/// `failed` once the attempts are used up.
pub fn mark_attempt_failed(
    conn: &mut AnyConnection,
    message: &Message,
    error: &str,
    retry_at: NaiveDateTime,
) -> QueryResult<()> {
    let attempts = message.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS {
        FAILED
    } else {
        QUEUED
    };
    diesel::update(outbox::table.find(message.id))
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(attempts),
            outbox::last_error.eq(error.chars().take(500).collect::<String>()),
            outbox::next_attempt_at.eq(retry_at),
        ))
        .execute(conn)
        .map(drop)
}

/// A message the worker has not looked at yet, as the log names it.
#[derive(Debug, Clone, Queryable)]
pub struct Unannounced {
    pub id: i64,
    pub recipient: String,
    pub kind: String,
    pub status: String,
    pub attempts: i64,
}

impl Unannounced {
    /// Still queued and never tried.
    pub fn waits(&self) -> bool {
        self.status == QUEUED && self.attempts == 0
    }
}

/// Up to `limit` messages numbered after `after`, in order (for the log
/// when no SMTP server is configured: the caller keeps those that
/// [`Unannounced::waits`]), so each poll starts where the last one stopped.
/// Only the number is filtered on: a plan kept for any value then reads
/// the newest messages by their key, not every queued one.
pub fn unannounced(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<Unannounced>> {
    outbox::table
        .filter(outbox::id.gt(after))
        .order(outbox::id)
        .limit(limit)
        .select((
            outbox::id,
            outbox::recipient,
            outbox::kind,
            outbox::status,
            outbox::attempts,
        ))
        .load(conn)
}

/// The newest message's number (0 for an empty outbox), and how many
/// messages wait in the queue.
pub fn newest_and_queued(conn: &mut AnyConnection) -> QueryResult<(i64, i64)> {
    let newest: Option<i64> = outbox::table
        .select(diesel::dsl::max(outbox::id))
        .get_result(conn)?;
    let queued = outbox::table
        .filter(outbox::status.eq(QUEUED))
        .count()
        .get_result(conn)?;
    Ok((newest.unwrap_or(0), queued))
}

/// *Retry now*: a failed message goes back to the queue, due at once.
pub fn retry_now(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    diesel::update(outbox::table.find(id).filter(outbox::status.eq(FAILED)))
        .set((
            outbox::status.eq(QUEUED),
            outbox::attempts.eq(0i64),
            outbox::next_attempt_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Message>> {
    outbox::table
        .find(id)
        .select(Message::as_select())
        .first(conn)
        .optional()
}

#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub recipient: Option<String>,
}

/// Newest first, below `before`.
pub fn list(
    conn: &mut AnyConnection,
    filter: &OutboxFilter,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    let mut q = outbox::table.into_boxed::<MultiBackend>();
    if let Some(s) = &filter.status {
        q = q.filter(outbox::status.eq(s.clone()));
    }
    if let Some(k) = &filter.kind {
        q = q.filter(outbox::kind.eq(k.clone()));
    }
    if let Some(r) = &filter.recipient {
        q = q.filter(outbox::recipient.eq(r.clone()));
    }
    if let Some(b) = before {
        q = q.filter(outbox::id.lt(b));
    }
    let q = q
        .order(outbox::id.desc())
        .limit(limit)
        .select(Message::as_select());
    super::plan::for_values(conn, |c| q.load(c))
}
