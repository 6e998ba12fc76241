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

pub fn all_packages(conn: &mut AnyConnection) -> QueryResult<Vec<Package>> {
    packages::table
        .order((packages::product_id, packages::name))
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
