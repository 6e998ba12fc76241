//! Products with their packages, and reseller plans.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{packages, plan_products, products, reseller_plans, resellers};
use super::AnyConnection;
use crate::domain::customer::PlanLimits;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub locked_once_assigned: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = packages)]
pub struct Package {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub price_monthly_cents: i64,
    pub price_annual_cents: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reseller_plans)]
pub struct Plan {
    pub id: i64,
    pub name: String,
    pub max_customers: Option<i64>,
    pub max_users_per_customer: Option<i64>,
    pub max_seats: Option<i64>,
    pub trials_allowed: bool,
    pub api_allowed: bool,
    pub created_at: NaiveDateTime,
}

impl Plan {
    pub fn limits(&self) -> PlanLimits {
        PlanLimits {
            max_customers: self.max_customers,
            max_users_per_customer: self.max_users_per_customer,
            max_seats: self.max_seats,
            trials_allowed: self.trials_allowed,
            api_allowed: self.api_allowed,
        }
    }
}

pub fn products(conn: &mut AnyConnection) -> QueryResult<Vec<Product>> {
    products::table
        .order(products::name)
        .select(Product::as_select())
        .load(conn)
}

pub fn product(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Product>> {
    products::table
        .find(id)
        .select(Product::as_select())
        .first(conn)
        .optional()
}

pub fn packages_of(conn: &mut AnyConnection, product_id: i64) -> QueryResult<Vec<Package>> {
    packages::table
        .filter(packages::product_id.eq(product_id))
        .order(packages::name)
        .select(Package::as_select())
        .load(conn)
}

pub fn plans(conn: &mut AnyConnection) -> QueryResult<Vec<Plan>> {
    reseller_plans::table
        .order(reseller_plans::name)
        .select(Plan::as_select())
        .load(conn)
}

pub fn plan(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Plan>> {
    reseller_plans::table
        .find(id)
        .select(Plan::as_select())
        .first(conn)
        .optional()
}

/// The plan a reseller is on.
pub fn plan_of_reseller(conn: &mut AnyConnection, reseller_id: i64) -> QueryResult<Plan> {
    resellers::table
        .inner_join(reseller_plans::table)
        .filter(resellers::id.eq(reseller_id))
        .select(Plan::as_select())
        .first(conn)
}

pub fn plan_product_ids(conn: &mut AnyConnection, plan_id: i64) -> QueryResult<Vec<i64>> {
    plan_products::table
        .filter(plan_products::plan_id.eq(plan_id))
        .select(plan_products::product_id)
        .load(conn)
}

/// Products a reseller's plan allows, by name.
pub fn products_for_reseller(
    conn: &mut AnyConnection,
    reseller_id: i64,
) -> QueryResult<Vec<Product>> {
    let plan = plan_of_reseller(conn, reseller_id)?;
    let allowed = plan_product_ids(conn, plan.id)?;
    products::table
        .filter(products::id.eq_any(allowed))
        .order(products::name)
        .select(Product::as_select())
        .load(conn)
}

pub struct PlanInput {
    pub name: String,
    pub max_customers: Option<i64>,
    pub max_users_per_customer: Option<i64>,
    pub max_seats: Option<i64>,
    pub trials_allowed: bool,
    pub api_allowed: bool,
    pub product_ids: Vec<i64>,
}

pub fn plan_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let ids: Vec<i64> = reseller_plans::table
        .filter(reseller_plans::name.eq(name))
        .select(reseller_plans::id)
        .load(conn)?;
    Ok(ids.iter().any(|id| Some(*id) != except))
}

/// Creates (id None) or updates a plan and its allowed products.
pub fn save_plan(conn: &mut AnyConnection, id: Option<i64>, p: &PlanInput) -> QueryResult<i64> {
    conn.transaction(|conn| {
        let values = (
            reseller_plans::name.eq(&p.name),
            reseller_plans::max_customers.eq(p.max_customers),
            reseller_plans::max_users_per_customer.eq(p.max_users_per_customer),
            reseller_plans::max_seats.eq(p.max_seats),
            reseller_plans::trials_allowed.eq(p.trials_allowed),
            reseller_plans::api_allowed.eq(p.api_allowed),
        );
        let id = match id {
            Some(id) => {
                diesel::update(reseller_plans::table.find(id))
                    .set(values)
                    .execute(conn)?;
                id
            }
            None => diesel::insert_into(reseller_plans::table)
                .values((values, reseller_plans::created_at.eq(super::now())))
                .returning(reseller_plans::id)
                .get_result(conn)?,
        };
        diesel::delete(plan_products::table.filter(plan_products::plan_id.eq(id))).execute(conn)?;
        // One row at a time: multi-row inserts do not compile for the
        // multi-backend connection.
        for product in &p.product_ids {
            diesel::insert_into(plan_products::table)
                .values((
                    plan_products::plan_id.eq(id),
                    plan_products::product_id.eq(product),
                ))
                .execute(conn)?;
        }
        Ok(id)
    })
}

pub fn product_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let ids: Vec<i64> = products::table
        .filter(products::name.eq(name))
        .select(products::id)
        .load(conn)?;
    Ok(ids.iter().any(|id| Some(*id) != except))
}

pub fn save_product(
    conn: &mut AnyConnection,
    id: Option<i64>,
    name: &str,
    locked: bool,
) -> QueryResult<i64> {
    match id {
        Some(id) => {
            diesel::update(products::table.find(id))
                .set((
                    products::name.eq(name),
                    products::locked_once_assigned.eq(locked),
                ))
                .execute(conn)?;
            Ok(id)
        }
        None => diesel::insert_into(products::table)
            .values((
                products::name.eq(name),
                products::locked_once_assigned.eq(locked),
                products::created_at.eq(super::now()),
            ))
            .returning(products::id)
            .get_result(conn),
    }
}

pub fn add_package(
    conn: &mut AnyConnection,
    product_id: i64,
    name: &str,
    monthly: i64,
    annual: i64,
) -> QueryResult<i64> {
    diesel::insert_into(packages::table)
        .values((
            packages::product_id.eq(product_id),
            packages::name.eq(name),
            packages::price_monthly_cents.eq(monthly),
            packages::price_annual_cents.eq(annual),
        ))
        .returning(packages::id)
        .get_result(conn)
}

pub fn package_name_taken(
    conn: &mut AnyConnection,
    product_id: i64,
    name: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        packages::table
            .filter(packages::product_id.eq(product_id))
            .filter(packages::name.eq(name)),
    ))
    .get_result(conn)
}

pub fn remove_package(conn: &mut AnyConnection, product_id: i64, id: i64) -> QueryResult<usize> {
    diesel::delete(
        packages::table
            .find(id)
            .filter(packages::product_id.eq(product_id)),
    )
    .execute(conn)
}
