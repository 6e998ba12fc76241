//! A customer's connection to an external system (PBX, Microsoft 365…).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::integrations;
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = integrations)]
pub struct Integration {
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    pub endpoint: String,
    pub credentials_encrypted: String,
    pub enabled: bool,
    pub auto_provision: bool,
    pub last_test_at: Option<NaiveDateTime>,
    pub last_test_ok: Option<bool>,
    pub last_test_message: String,
    pub created_at: NaiveDateTime,
}

pub fn of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Option<Integration>> {
    integrations::table
        .filter(integrations::customer_id.eq(customer_id))
        .select(Integration::as_select())
        .first(conn)
        .optional()
}
