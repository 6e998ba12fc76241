//! Rows of the server-side session store (see `web::session_store`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::query_dsl::methods::ExecuteDsl;

use super::plan::OnBothBackends;
use super::schema::sessions;
use super::AnyConnection;

/// The stored state of the session under `key_hash`, unless it expired.
pub fn load(conn: &mut AnyConnection, key_hash: &str) -> QueryResult<Option<String>> {
    sessions::table
        .find(key_hash)
        .filter(sessions::expires_at.gt(super::now()))
        .select(sessions::state)
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut AnyConnection,
    key_hash: &str,
    state: &str,
    user_id: Option<i64>,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::key_hash.eq(key_hash),
            sessions::state.eq(state),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Returns whether a row was there to update.
pub fn update(
    conn: &mut AnyConnection,
    key_hash: &str,
    state: &str,
    user_id: Option<i64>,
    expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(sessions::table.find(key_hash))
        .set((
            sessions::state.eq(state),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|n| n > 0)
}

pub fn touch(
    conn: &mut AnyConnection,
    key_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(key_hash))
        .set(sessions::expires_at.eq(expires_at))
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut AnyConnection, key_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(key_hash))
        .execute(conn)
        .map(drop)
}

pub fn delete_expired(conn: &mut AnyConnection) -> QueryResult<usize> {
    expired(super::now()).execute(conn)
}

/// Deletes the sessions expired at `now`.
pub fn expired(
    now: NaiveDateTime,
) -> impl OnBothBackends + RunQueryDsl<AnyConnection> + ExecuteDsl<AnyConnection> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now)))
}
