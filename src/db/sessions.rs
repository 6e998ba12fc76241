//! Rows of the server-side session store.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::query_dsl::methods::ExecuteDsl;

use super::memberships::{account_columns, person_of, with_accounts, Person, Row as MembershipRow};
use super::plan::OnBothBackends;
use super::schema::{customers, memberships, resellers, sessions, users};
use super::users::User;
use super::AnyConnection;

/// A stored session as a request reads it.
#[derive(Clone)]
pub struct Loaded {
    pub state: String,
    /// The user it is logged in as, and that user's person: both `None`
    /// when nobody is logged in; a user id without a person when the user
    /// is gone.
    pub user_id: Option<i64>,
    pub person: Option<Person>,
    pub expires_at: NaiveDateTime,
}

/// The session, unexpired, with the person it is logged in as: one indexed
/// statement, since every page needs both.
pub fn load(conn: &mut AnyConnection, key_hash: &str) -> QueryResult<Option<Loaded>> {
    type Row = (
        String,
        Option<i64>,
        NaiveDateTime,
        Option<User>,
        Option<MembershipRow>,
    );
    // `as_select` is written per backend: inside the body.
    let rows: Vec<Row> = crate::native!(conn, |c| with_accounts!(
        sessions::table.left_join(users::table.on(users::id.nullable().eq(sessions::user_id)))
    )
    .filter(sessions::key_hash.eq(key_hash))
    .filter(sessions::expires_at.gt(super::now()))
    .order(memberships::id)
    .select((
        sessions::state,
        sessions::user_id,
        sessions::expires_at,
        Option::<User>::as_select(),
        account_columns!().nullable(),
    ))
    .load(c))?;
    let Some((state, user_id, expires_at)) = rows.first().map(|r| (r.0.clone(), r.1, r.2)) else {
        return Ok(None);
    };
    let person = person_of(
        rows.into_iter()
            .filter_map(|(_, _, _, user, m)| Some((user?, m)))
            .collect(),
    );
    Ok(Some(Loaded {
        state,
        user_id,
        person,
        expires_at,
    }))
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
