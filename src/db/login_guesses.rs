//! A login's guesses at its password: a few in a window, then a lock for a
//! while, and a successful login gives them back.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::users;
use super::AnyConnection;

pub fn record_login_success(conn: &mut AnyConnection, id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_logins.eq(0),
            users::failed_window_started_at.eq(None::<NaiveDateTime>),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Failed attempts allowed within [`THROTTLE_MINUTES`] before the account
/// is locked for as long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const THROTTLE_MINUTES: i64 = 15;

/// Takes one of the [`MAX_FAILED_LOGINS`] guesses of the current window
/// before a password is checked, or none when the account is locked or the
/// window's guesses are spent. Each step is one conditional update, so
/// concurrent attempts can never check more guesses than the window allows.
/// A successful login gives them back (`record_login_success`).
pub fn take_login_guess(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    let now = super::now();
    let window_start = now - chrono::Duration::minutes(THROTTLE_MINUTES);
    let unlocked = users::locked_until
        .is_null()
        .or(users::locked_until.le(now));
    // No window running: this guess opens one.
    let opened = diesel::update(
        users::table.find(id).filter(unlocked).filter(
            users::failed_window_started_at
                .is_null()
                .or(users::failed_window_started_at.le(window_start)),
        ),
    )
    .set((
        users::failed_logins.eq(1),
        users::failed_window_started_at.eq(now),
        users::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if opened == 1 {
        return Ok(true);
    }
    let taken = diesel::update(
        users::table
            .find(id)
            .filter(unlocked)
            .filter(users::failed_window_started_at.gt(window_start))
            .filter(users::failed_logins.lt(MAX_FAILED_LOGINS)),
    )
    .set(users::failed_logins.eq(users::failed_logins + 1))
    .execute(conn)?;
    Ok(taken == 1)
}

/// After a wrong password: locks the account when the window's guesses are
/// spent. Returns the end of the lock when this call locked it.
pub fn lock_when_guesses_spent(
    conn: &mut AnyConnection,
    id: i64,
) -> QueryResult<Option<NaiveDateTime>> {
    let now = super::now();
    let until = now + chrono::Duration::minutes(THROTTLE_MINUTES);
    let locked = diesel::update(
        users::table
            .find(id)
            .filter(users::failed_logins.ge(MAX_FAILED_LOGINS))
            .filter(
                users::locked_until
                    .is_null()
                    .or(users::locked_until.le(now)),
            ),
    )
    .set((
        users::locked_until.eq(until),
        users::failed_logins.eq(0),
        users::failed_window_started_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok((locked == 1).then_some(until))
}
