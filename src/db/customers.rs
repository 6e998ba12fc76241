//! Customer accounts: the record and the changes made to it (the list is in
//! `customer_list`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::catalog::Plan;
use super::schema::{
    customers, memberships, products, reseller_plans, resellers, services, sites, subscriptions,
};
use super::sql::CountSql;
use super::{AnyConnection, MultiBackend};
use crate::domain::roles::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: i64,
    pub public_id: String,
    pub reseller_id: i64,
    pub name: String,
    pub name_key: String,
    pub product_id: i64,
    pub reference: String,
    pub reference_key: String,
    pub country: String,
    pub timezone: String,
    pub term: String,
    pub pending_term: Option<String>,
    pub pending_term_at: Option<NaiveDateTime>,
    pub period_ends_at: NaiveDateTime,
    pub notes: String,
    pub trial_ends_at: Option<NaiveDateTime>,
    pub is_internal: bool,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    pub contact_phone: String,
    pub email: String,
    pub admin_email_key: String,
    pub api_access: bool,
    pub status: String,
    pub user_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id)
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// A customer with its product's and reseller's names and the reseller's
/// plan, in one query, as its overview shows them.
pub fn find_with_plan(
    conn: &mut AnyConnection,
    id: i64,
) -> QueryResult<Option<(Customer, String, String, Plan)>> {
    crate::native!(conn, |c| {
        customers::table
            .inner_join(products::table)
            .inner_join(resellers::table.inner_join(reseller_plans::table))
            .filter(customers::id.eq(id))
            .select((
                Customer::as_select(),
                products::name,
                resellers::name,
                Plan::as_select(),
            ))
            .first(c)
            .optional()
    })
}

/// The customer's id from its public id ("C-…").
pub fn id_by_public_id(conn: &mut AnyConnection, public_id: &str) -> QueryResult<Option<i64>> {
    customers::table
        .filter(customers::public_id.eq(public_id))
        .select(customers::id)
        .first(conn)
        .optional()
}

/// Whether another customer of the reseller already has this name (any case).
pub fn name_taken(
    conn: &mut AnyConnection,
    reseller_id: i64,
    name_key: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let mut q = customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .filter(customers::name_key.eq(name_key))
        .select(customers::id)
        .into_boxed::<MultiBackend>();
    if let Some(id) = except {
        q = q.filter(customers::id.ne(id));
    }
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

pub fn count_for_reseller(conn: &mut AnyConnection, reseller_id: i64) -> QueryResult<i64> {
    customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .count()
        .get_result(conn)
}

/// The reseller's internal demo system, if it has one.
pub fn internal_of_reseller(
    conn: &mut AnyConnection,
    reseller_id: i64,
) -> QueryResult<Option<i64>> {
    customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .filter(customers::is_internal.eq(true))
        .select(customers::id)
        .first(conn)
        .optional()
}

pub fn set_status(conn: &mut AnyConnection, id: i64, status: &str) -> QueryResult<()> {
    diesel::update(customers::table.find(id))
        .set((
            customers::status.eq(status),
            customers::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Whose customers' first administrator may have changed.
#[derive(Debug, Clone, Copy)]
pub enum AdminOf {
    /// The customer was given an administrator.
    Customer(i64),
    /// The user's status changed: the customers it administers.
    User(i64),
}

/// Brings `customers.admin_status` up to date: the status of each
/// customer's first administrator (its oldest `customer_admin`
/// membership), which every list row shows for *Log in as*. Kept on the
/// customer, a page reads it with the row instead of looking up a
/// membership and a user for each row. [`super::users`] and
/// [`super::memberships`] call this at every change that can alter it.
pub fn sync_admin_status(conn: &mut AnyConnection, of: AdminOf) -> QueryResult<()> {
    let role = Role::CustomerAdmin.as_str();
    let mut q = CountSql::default();
    q.sql(
        "UPDATE customers SET admin_status = (SELECT users.status FROM memberships \
         INNER JOIN users ON users.id = memberships.user_id \
         WHERE memberships.customer_id = customers.id AND memberships.role = ",
    )
    .text(role)
    .sql(" ORDER BY memberships.id LIMIT 1) WHERE ");
    match of {
        AdminOf::Customer(id) => q.sql("customers.id = ").int(id),
        AdminOf::User(id) => q
            .sql("customers.id IN (SELECT customer_id FROM memberships WHERE user_id = ")
            .int(id)
            .sql(" AND role = ")
            .text(role)
            .sql(")"),
    };
    crate::native!(conn, |c| q.execute(c)).map(drop)
}

/// How many customers' kept administrator status differs from their first
/// administrator's own: none, unless a change went around
/// [`sync_admin_status`]. For tests and checks.
pub fn admin_status_drift(conn: &mut AnyConnection) -> QueryResult<i64> {
    let mut q = CountSql::default();
    q.sql(
        "SELECT count(*) FROM customers WHERE COALESCE(admin_status, '') <> COALESCE(\
         (SELECT users.status FROM memberships INNER JOIN users ON users.id = memberships.user_id \
         WHERE memberships.customer_id = customers.id AND memberships.role = ",
    )
    .text(Role::CustomerAdmin.as_str())
    .sql(" ORDER BY memberships.id LIMIT 1), '')");
    crate::native!(conn, |c| q.get_result(c))
}

/// What a delete takes with it, for the confirmation page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Footprint {
    pub users: i64,
    pub sites: i64,
    pub services: i64,
    pub subscriptions: i64,
}

pub fn footprint(conn: &mut AnyConnection, id: i64) -> QueryResult<Footprint> {
    Ok(Footprint {
        users: memberships::table
            .filter(memberships::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        sites: sites::table
            .filter(sites::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        services: services::table
            .filter(services::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        subscriptions: subscriptions::table
            .filter(subscriptions::customer_id.eq(id))
            .count()
            .get_result(conn)?,
    })
}

/// Deletes the customer; memberships, sites, services, subscriptions and
/// integrations go with it (ON DELETE CASCADE).
pub fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<usize> {
    diesel::delete(customers::table.find(id)).execute(conn)
}
