//! Single-use tokens: first-run setup links, invitations, reset links.
//! Only a SHA-256 of the token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::schema::single_use_tokens;
use super::AnyConnection;

pub const PURPOSE_SETUP: &str = "setup";

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token and returns it in clear, the only time it is seen.
pub fn create(
    conn: &mut AnyConnection,
    purpose: &str,
    user_id: Option<i64>,
    expires_at: Option<NaiveDateTime>,
) -> QueryResult<String> {
    let token = generate();
    diesel::insert_into(single_use_tokens::table)
        .values(row(purpose, &token, user_id, expires_at, super::now()))
        .execute(conn)?;
    Ok(token)
}

/// A token's row: only its hash is stored.
#[allow(clippy::type_complexity)]
fn row<'a>(
    purpose: &'a str,
    token: &str,
    user_id: Option<i64>,
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> (
    diesel::dsl::Eq<single_use_tokens::purpose, &'a str>,
    diesel::dsl::Eq<single_use_tokens::token_hash, String>,
    diesel::dsl::Eq<single_use_tokens::user_id, Option<i64>>,
    diesel::dsl::Eq<single_use_tokens::expires_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<single_use_tokens::created_at, NaiveDateTime>,
) {
    (
        single_use_tokens::purpose.eq(purpose),
        single_use_tokens::token_hash.eq(hash(token)),
        single_use_tokens::user_id.eq(user_id),
        single_use_tokens::expires_at.eq(expires_at),
        single_use_tokens::created_at.eq(now),
    )
}

/// Creates a token for each user, in one statement; the tokens in clear, in
/// the users' order.
pub fn create_all(
    conn: &mut AnyConnection,
    purpose: &str,
    users: &[i64],
    expires_at: Option<NaiveDateTime>,
) -> QueryResult<Vec<String>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let now = super::now();
    let tokens: Vec<String> = users.iter().map(|_| generate()).collect();
    let rows: Vec<_> = users
        .iter()
        .zip(&tokens)
        .map(|(user, token)| row(purpose, token, Some(*user), expires_at, now))
        .collect();
    crate::bulk_insert!(conn, single_use_tokens::table, &rows)?;
    Ok(tokens)
}

/// The id and user of a token that is unused and unexpired.
pub fn find_valid(
    conn: &mut AnyConnection,
    purpose: &str,
    token: &str,
) -> QueryResult<Option<(i64, Option<i64>)>> {
    let now = super::now();
    single_use_tokens::table
        .filter(single_use_tokens::purpose.eq(purpose))
        .filter(single_use_tokens::token_hash.eq(hash(token)))
        .filter(single_use_tokens::used_at.is_null())
        .filter(
            single_use_tokens::expires_at
                .is_null()
                .or(single_use_tokens::expires_at.gt(now)),
        )
        .select((single_use_tokens::id, single_use_tokens::user_id))
        .first(conn)
        .optional()
}

/// The user a token was made for, used or expired alike (the pages saying
/// a link no longer works speak that person's language).
pub fn user_of(conn: &mut AnyConnection, purpose: &str, token: &str) -> QueryResult<Option<i64>> {
    single_use_tokens::table
        .filter(single_use_tokens::purpose.eq(purpose))
        .filter(single_use_tokens::token_hash.eq(hash(token)))
        .select(single_use_tokens::user_id)
        .first::<Option<i64>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Marks a token used; false when it was used meanwhile (two tabs, a replay).
pub fn mark_used(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    diesel::update(
        single_use_tokens::table
            .find(id)
            .filter(single_use_tokens::used_at.is_null()),
    )
    .set(single_use_tokens::used_at.eq(super::now()))
    .execute(conn)
    .map(|n| n == 1)
}
