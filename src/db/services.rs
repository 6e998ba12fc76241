//! What a customer runs: media services, video units, lines.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::services;
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = services)]
pub struct Service {
    pub id: i64,
    pub customer_id: i64,
    pub site_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub enrolled: bool,
    pub created_at: NaiveDateTime,
}

/// (active, suspended) counts as people see them: everything of a
/// suspended customer shows as suspended.
pub fn counts(
    conn: &mut AnyConnection,
    customer_id: i64,
    customer_suspended: bool,
) -> QueryResult<(i64, i64)> {
    let total: i64 = services::table
        .filter(services::customer_id.eq(customer_id))
        .count()
        .get_result(conn)?;
    if customer_suspended {
        return Ok((0, total));
    }
    let suspended: i64 = services::table
        .filter(services::customer_id.eq(customer_id))
        .filter(services::status.eq("suspended"))
        .count()
        .get_result(conn)?;
    Ok((total - suspended, suspended))
}

pub fn has_enrolled(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        services::table
            .filter(services::customer_id.eq(customer_id))
            .filter(services::enrolled.eq(true)),
    ))
    .get_result(conn)
}
