//! The outbox claim on PostgreSQL: due messages locked with `FOR UPDATE
//! SKIP LOCKED`, so concurrent workers take different rows, and marked as
//! being sent in the same statement. Raw SQL: diesel's UPDATE takes no
//! locking subquery.

use chrono::NaiveDateTime;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Timestamp};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Takes up to `limit` messages due at `now`, leased until `lease`; their ids.
pub fn on_postgres(
    pg: &mut PgConnection,
    lease: NaiveDateTime,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    let claimed = diesel::sql_query(
        "UPDATE outbox SET status = 'sending', next_attempt_at = $1 \
         WHERE id IN (SELECT id FROM outbox \
           WHERE status IN ('queued', 'sending') AND next_attempt_at <= $2 \
           ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING id",
    )
    .bind::<Timestamp, _>(lease)
    .bind::<Timestamp, _>(now)
    .bind::<BigInt, _>(limit)
    .load::<ClaimedId>(pg)?;
    Ok(claimed.into_iter().map(|c| c.id).collect())
}
