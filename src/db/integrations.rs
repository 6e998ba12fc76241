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
    crate::native!(conn, |c| {
        integrations::table
            .filter(integrations::customer_id.eq(customer_id))
            .select(Integration::as_select())
            .first(c)
            .optional()
    })
}

/// Adds a customer's integration; `sealed` are the encrypted credentials.
pub fn insert(
    conn: &mut AnyConnection,
    customer_id: i64,
    plan: &crate::domain::wizard::IntegrationPlan,
    sealed: &str,
) -> QueryResult<()> {
    diesel::insert_into(integrations::table)
        .values((
            integrations::customer_id.eq(customer_id),
            integrations::kind.eq(&plan.kind),
            integrations::endpoint.eq(&plan.endpoint.raw),
            integrations::credentials_encrypted.eq(sealed),
            integrations::enabled.eq(plan.enabled),
            integrations::auto_provision.eq(plan.auto_provision),
            integrations::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}
