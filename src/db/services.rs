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

/// (active, suspended) counts as people see them, from all of a
/// customer's services and its suspended ones: everything of a suspended
/// customer shows as suspended.
pub fn shown_counts(all: i64, suspended: i64, customer_suspended: bool) -> (i64, i64) {
    if customer_suspended {
        (0, all)
    } else {
        (all - suspended, suspended)
    }
}

pub fn has_enrolled(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        services::table
            .filter(services::customer_id.eq(customer_id))
            .filter(services::enrolled.eq(true)),
    ))
    .get_result(conn)
}

#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub status: Option<String>,
    pub site_id: Option<i64>,
    pub kind: Option<String>,
}

/// A customer's services with their site's name. Status filters apply to
/// what people see (a suspended customer's services are all suspended).
pub fn list(
    conn: &mut AnyConnection,
    customer_id: i64,
    customer_suspended: bool,
    filter: &ServiceFilter,
) -> QueryResult<Vec<(Service, Option<String>)>> {
    use super::schema::sites;
    let mut q = services::table
        .left_join(sites::table)
        .filter(services::customer_id.eq(customer_id))
        .select((Service::as_select(), sites::name.nullable()))
        .order((services::name, services::id))
        .into_boxed::<super::MultiBackend>();
    match (filter.status.as_deref(), customer_suspended) {
        (Some("active"), true) => return Ok(Vec::new()),
        (Some("suspended"), true) | (None, _) => {}
        (Some(s), false) => q = q.filter(services::status.eq(s.to_string())),
        (Some(_), true) => {}
    }
    if let Some(site) = filter.site_id {
        q = q.filter(services::site_id.eq(site));
    }
    if let Some(kind) = &filter.kind {
        q = q.filter(services::kind.eq(kind.clone()));
    }
    q.load(conn)
}

pub fn insert(
    conn: &mut AnyConnection,
    customer_id: i64,
    site_id: Option<i64>,
    name: &str,
    kind: &str,
) -> QueryResult<i64> {
    diesel::insert_into(services::table)
        .values((
            services::customer_id.eq(customer_id),
            services::site_id.eq(site_id),
            services::name.eq(name),
            services::kind.eq(kind),
            services::created_at.eq(super::now()),
        ))
        .returning(services::id)
        .get_result(conn)
}

pub fn find(conn: &mut AnyConnection, customer_id: i64, id: i64) -> QueryResult<Option<Service>> {
    services::table
        .find(id)
        .filter(services::customer_id.eq(customer_id))
        .select(Service::as_select())
        .first(conn)
        .optional()
}

pub fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    enrolled: bool,
) -> QueryResult<()> {
    diesel::update(services::table.find(id))
        .set((services::status.eq(status), services::enrolled.eq(enrolled)))
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<()> {
    diesel::delete(services::table.find(id))
        .execute(conn)
        .map(drop)
}
