//! Wizard drafts, kept server-side for 24 hours.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::query_dsl::methods::ExecuteDsl;

use super::plan::OnBothBackends;
use super::schema::wizard_drafts;
use super::AnyConnection;
use crate::domain::wizard::{Draft, DRAFT_HOURS};

pub struct StoredDraft {
    pub id: i64,
    pub user_id: i64,
    pub draft: Draft,
    pub updated_at: NaiveDateTime,
}

impl StoredDraft {
    pub fn expired(&self, now: NaiveDateTime) -> bool {
        self.updated_at < now - Duration::hours(DRAFT_HOURS)
    }
}

fn decode(row: (i64, i64, String, NaiveDateTime)) -> StoredDraft {
    StoredDraft {
        id: row.0,
        user_id: row.1,
        // A draft that no longer reads (an older format) starts afresh.
        draft: serde_json::from_str(&row.2).unwrap_or_else(|_| Draft::new()),
        updated_at: row.3,
    }
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<StoredDraft>> {
    Ok(wizard_drafts::table
        .find(id)
        .select((
            wizard_drafts::id,
            wizard_drafts::user_id,
            wizard_drafts::data,
            wizard_drafts::updated_at,
        ))
        .first(conn)
        .optional()?
        .map(decode))
}

/// The person's most recent draft that has not expired.
pub fn latest_for(conn: &mut AnyConnection, user_id: i64) -> QueryResult<Option<StoredDraft>> {
    let since = super::now() - Duration::hours(DRAFT_HOURS);
    Ok(wizard_drafts::table
        .filter(wizard_drafts::user_id.eq(user_id))
        .filter(wizard_drafts::updated_at.ge(since))
        .order(wizard_drafts::updated_at.desc())
        .select((
            wizard_drafts::id,
            wizard_drafts::user_id,
            wizard_drafts::data,
            wizard_drafts::updated_at,
        ))
        .first(conn)
        .optional()?
        .map(decode))
}

pub fn create(conn: &mut AnyConnection, user_id: i64, draft: &Draft) -> QueryResult<i64> {
    diesel::insert_into(wizard_drafts::table)
        .values((
            wizard_drafts::user_id.eq(user_id),
            wizard_drafts::step.eq(1i64),
            wizard_drafts::data.eq(serde_json::to_string(draft).unwrap_or_default()),
            wizard_drafts::updated_at.eq(super::now()),
        ))
        .returning(wizard_drafts::id)
        .get_result(conn)
}

pub fn save(conn: &mut AnyConnection, id: i64, draft: &Draft) -> QueryResult<()> {
    diesel::update(wizard_drafts::table.find(id))
        .set((
            wizard_drafts::data.eq(serde_json::to_string(draft).unwrap_or_default()),
            wizard_drafts::step.eq(draft.completed),
            wizard_drafts::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<()> {
    diesel::delete(wizard_drafts::table.find(id))
        .execute(conn)
        .map(drop)
}

pub fn delete_expired(conn: &mut AnyConnection) -> QueryResult<usize> {
    expired(super::now()).execute(conn)
}

/// Deletes the drafts expired at `now`.
pub fn expired(
    now: NaiveDateTime,
) -> impl OnBothBackends + RunQueryDsl<AnyConnection> + ExecuteDsl<AnyConnection> {
    let before = now - Duration::hours(DRAFT_HOURS);
    diesel::delete(wizard_drafts::table.filter(wizard_drafts::updated_at.lt(before)))
}
