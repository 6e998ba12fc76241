//! Customer accounts: the record and the changes made to it (the list is in
//! `customer_list`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::catalog::Plan;
use super::integrations::Integration;
pub use super::raw::first_admin::{first_admin_drift, sync_first_admin, AdminOf};
use super::schema::{
    customers, integrations, memberships, products, reseller_plans, resellers, services, sites,
    subscriptions, users,
};
use super::users::User;
use super::{AnyConnection, MultiBackend};
use crate::domain::customer::CustomerStatus;

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

/// A customer as its overview shows it: with its product's and reseller's
/// names, the reseller's plan, its first administrator, its integration
/// and how many services it has, in one query.
pub struct CustomerWithPlan {
    pub customer: Customer,
    pub product: String,
    pub reseller: String,
    pub plan: Plan,
    pub admin: Option<User>,
    pub integration: Option<Integration>,
    /// Its services, (active, suspended), as [`super::services::shown_counts`].
    pub services: (i64, i64),
}

/// A row of [`find_with_plan`]: then the services, all and suspended.
type FoundRow = (
    Customer,
    String,
    String,
    Plan,
    Option<User>,
    Option<Integration>,
    Option<i64>,
    Option<i64>,
);

/// The customer `id` as its overview shows it, in one query.
pub fn find_with_plan(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<CustomerWithPlan>> {
    let suspended = CustomerStatus::Suspended.as_str();
    let row: Option<FoundRow> = crate::native!(conn, |c| {
        customers::table
            .inner_join(products::table)
            .inner_join(resellers::table.inner_join(reseller_plans::table))
            .left_join(users::table.on(customers::admin_user_id.eq(users::id.nullable())))
            .left_join(integrations::table)
            .filter(customers::id.eq(id))
            .select((
                Customer::as_select(),
                products::name,
                resellers::name,
                Plan::as_select(),
                Option::<User>::as_select(),
                Option::<Integration>::as_select(),
                services::table
                    .filter(services::customer_id.eq(customers::id))
                    .count()
                    .single_value(),
                services::table
                    .filter(services::customer_id.eq(customers::id))
                    .filter(services::status.eq(suspended))
                    .count()
                    .single_value(),
            ))
            .first(c)
            .optional()
    })?;
    Ok(row.map(
        |(customer, product, reseller, plan, admin, integration, all, held)| {
            let services = super::services::shown_counts(
                all.unwrap_or(0),
                held.unwrap_or(0),
                customer.status == suspended,
            );
            CustomerWithPlan {
                customer,
                product,
                reseller,
                plan,
                admin,
                integration,
                services,
            }
        },
    ))
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

/// Keeps the number of people the list shows for the customer.
pub fn set_user_count(conn: &mut AnyConnection, id: i64, count: i64) -> QueryResult<()> {
    diesel::update(customers::table.find(id))
        .set(customers::user_count.eq(count))
        .execute(conn)
        .map(drop)
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

/// The customer's first administrator, as the customer keeps it
/// ([`sync_first_admin`]); None when it has none.
pub fn admin(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Option<User>> {
    crate::native!(conn, |c| {
        customers::table
            .inner_join(users::table.on(customers::admin_user_id.eq(users::id.nullable())))
            .filter(customers::id.eq(customer_id))
            .select(User::as_select())
            .first(c)
            .optional()
    })
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
