//! The append-only audit log.

use diesel::prelude::*;

use super::cursor;
use super::schema::audit_log;
use super::AnyConnection;
pub use crate::domain::audit::{AuditAction, Change, Details};

/// Who acted: the person, and the staff member behind them when impersonating.
#[derive(Debug, Clone, Default)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub name: String,
    pub impersonator_id: Option<i64>,
    pub impersonator_name: String,
    pub client_ip: String,
}

#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub action: AuditAction,
    pub target_type: &'a str,
    pub target_id: String,
    pub customer_id: Option<i64>,
    pub reseller_id: Option<i64>,
    pub details: Details,
}

impl<'a> AuditEvent<'a> {
    /// An event about no customer in particular (a login, the catalogue).
    pub fn new(
        action: AuditAction,
        target_type: &'a str,
        target_id: impl ToString,
        details: Details,
    ) -> Self {
        AuditEvent {
            action,
            target_type,
            target_id: target_id.to_string(),
            customer_id: None,
            reseller_id: None,
            details,
        }
    }

    /// An event about one of a customer's things (or the customer itself).
    pub fn about(
        customer: &super::customers::Customer,
        action: AuditAction,
        target_type: &'a str,
        target_id: String,
        details: Details,
    ) -> Self {
        AuditEvent {
            action,
            target_type,
            target_id,
            customer_id: Some(customer.id),
            reseller_id: Some(customer.reseller_id),
            details,
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct AuditEntry {
    pub id: i64,
    pub created_at: chrono::NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub impersonator_user_id: Option<i64>,
    pub impersonator_name: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub customer_id: Option<i64>,
    pub reseller_id: Option<i64>,
    /// An entry written before `details` existed: its English sentence.
    pub summary: String,
    pub client_ip: String,
    /// What happened, as the action's arguments (`domain::audit::Details`).
    pub details: String,
}

pub fn record(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    event: AuditEvent<'_>,
) -> QueryResult<()> {
    record_all(conn, actor, std::slice::from_ref(&event))
}

/// Records events of one actor, many in one statement.
pub fn record_all(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    events: &[AuditEvent<'_>],
) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let now = super::now();
    let rows: Vec<_> = events
        .iter()
        .map(|e| {
            (
                audit_log::created_at.eq(now),
                audit_log::actor_user_id.eq(actor.user_id),
                audit_log::actor_name.eq(&actor.name),
                audit_log::impersonator_user_id.eq(actor.impersonator_id),
                audit_log::impersonator_name.eq(&actor.impersonator_name),
                audit_log::action.eq(e.action.as_str()),
                audit_log::target_type.eq(e.target_type),
                audit_log::target_id.eq(&e.target_id),
                audit_log::customer_id.eq(e.customer_id),
                audit_log::reseller_id.eq(e.reseller_id),
                audit_log::summary.eq(""),
                audit_log::client_ip.eq(&actor.client_ip),
                audit_log::details.eq(e.details.encode()),
            )
        })
        .collect();
    crate::bulk_insert!(conn, audit_log::table, &rows).map(drop)
}

pub fn recent(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(limit)
        .load(conn)
}

/// What the audit log screens ask for; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// A part of a person's username, e-mail or full name, any case, as
    /// actor or as the impersonator behind the actor.
    pub actor: Option<String>,
    pub customer_id: Option<i64>,
    /// Limits a reseller to its own customers' events.
    pub reseller_id: Option<i64>,
    /// An action ("customer.deleted") or a family of them ("customer").
    pub action: Option<String>,
    pub from: Option<chrono::NaiveDateTime>,
    /// Exclusive.
    pub until: Option<chrono::NaiveDateTime>,
}

/// Where a page of the log starts: the time and id of the entry above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Before {
    pub created_at: chrono::NaiveDateTime,
    pub id: i64,
}

impl Before {
    pub fn of(entry: &AuditEntry) -> Self {
        Before {
            created_at: entry.created_at,
            id: entry.id,
        }
    }

    /// `ID.TIME`, for URLs.
    pub fn encode(&self) -> String {
        cursor::cursor_text(self.id, cursor::cursor_time(&self.created_at))
    }

    /// None for anything malformed: the log then starts at the newest.
    pub fn decode(raw: &str) -> Option<Self> {
        let (id, time) = cursor::cursor_parts(raw.trim())?;
        Some(Before {
            id,
            created_at: cursor::parse_cursor_time(time)?,
        })
    }
}

/// One page of the log, newest first, below `before`. Paged by time, then
/// id: every filter has an index that starts with its column and goes on
/// with the time, so a page of a day long past starts where that day is,
/// not at the newest entry (paged by id, PostgreSQL walked the ids down from
/// the newest, hoping to meet the day early).
pub fn list(
    conn: &mut AnyConnection,
    filter: &AuditFilter,
    before: Option<Before>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut q = audit_log::table.into_boxed::<super::MultiBackend>();
    if let Some(actor) = &filter.actor {
        use super::schema::users;
        let pattern = super::contains_pattern(actor);
        let named = users::table
            .filter(
                super::lower(users::full_name)
                    .like(pattern.clone())
                    .escape('\\'),
            )
            .select(users::id.nullable());
        q = q.filter(
            super::lower(audit_log::actor_name)
                .like(pattern.clone())
                .escape('\\')
                .or(super::lower(audit_log::impersonator_name)
                    .like(pattern)
                    .escape('\\'))
                .or(audit_log::actor_user_id.eq_any(named)),
        );
    }
    if let Some(id) = filter.customer_id {
        q = q.filter(audit_log::customer_id.eq(id));
    }
    if let Some(id) = filter.reseller_id {
        q = q
            .filter(audit_log::reseller_id.eq(id))
            .filter(audit_log::customer_id.is_not_null());
    }
    if let Some(action) = &filter.action {
        if action.contains('.') {
            q = q.filter(audit_log::action.eq(action.clone()));
        } else {
            // "customer" stands for "customer.*": a range the index serves
            // ('/' is the character after '.').
            q = q
                .filter(audit_log::action.ge(format!("{action}.")))
                .filter(audit_log::action.lt(format!("{action}/")));
        }
    }
    if let Some(from) = filter.from {
        q = q.filter(audit_log::created_at.ge(from));
    }
    if let Some(until) = filter.until {
        q = q.filter(audit_log::created_at.lt(until));
    }
    if let Some(Before { created_at, id }) = before {
        // `time <= t AND (time < t OR id < i)`: the leading range lets the
        // index start at the cursor.
        q = q.filter(audit_log::created_at.le(created_at)).filter(
            audit_log::created_at
                .lt(created_at)
                .or(audit_log::id.lt(id)),
        );
    }
    let q = q
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(limit);
    super::plan::for_values(conn, |c| q.load(c))
}
