//! Many users' name, language and phone changed in one statement on
//! PostgreSQL (an import's modifies): an UPDATE from `unnest` of arrays, a
//! round trip for a chunk and not one per person. Raw SQL: diesel's UPDATE
//! takes no FROM.

use chrono::NaiveDateTime;
use diesel::pg::PgConnection;
use diesel::sql_types::{Array, BigInt, Text, Timestamp};
use diesel::{QueryResult, RunQueryDsl};

/// Sets each user's (name, language, phone).
pub fn on_postgres(
    pg: &mut PgConnection,
    rows: &[(i64, (&str, &str, &str))],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let names: Vec<&str> = rows.iter().map(|r| r.1 .0).collect();
    let languages: Vec<&str> = rows.iter().map(|r| r.1 .1).collect();
    let phones: Vec<&str> = rows.iter().map(|r| r.1 .2).collect();
    diesel::sql_query(
        "UPDATE users SET full_name = v.full_name, language = v.language, \
         phone = v.phone, updated_at = $5 \
         FROM unnest($1, $2, $3, $4) AS v(id, full_name, language, phone) \
         WHERE users.id = v.id",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Text>, _>(names)
    .bind::<Array<Text>, _>(languages)
    .bind::<Array<Text>, _>(phones)
    .bind::<Timestamp, _>(now)
    .execute(pg)
    .map(drop)
}
