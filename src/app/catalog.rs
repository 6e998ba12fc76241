//! The operator's catalogue: reseller plans, products and their packages,
//! and resellers (with their first administrator). Each change is written
//! with its audit entry in one transaction.

use super::operators::{self, NewOperator, OperatorError};
use super::{Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::catalog::{self, PlanInput};
use crate::db::{resellers, AnyConnection};
use crate::domain::catalog::format_price;
use crate::domain::policy::{Action, Target};
use crate::domain::roles::Role;
use crate::passwords;

fn event(action: AuditAction, target: String, details: Details) -> AuditEvent<'static> {
    AuditEvent::new(action, "catalog", target, details)
}

/// A plan's limit: a number, or the word for none.
fn limit(details: Details, name: &str, value: Option<i64>) -> Details {
    match value {
        Some(n) => details.number(name, n),
        None => details.word(name, "limit-unlimited"),
    }
}

fn name_taken(field: &'static str) -> Error {
    Error::Refused(Refusal::of_field(field, "name-taken"))
}

/// Creates a plan (`id` None) or changes one; a name is used once.
pub fn save_plan(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &PlanInput,
) -> Outcome<i64> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        if let Some(id) = id {
            catalog::plan(conn, id)?.ok_or(Error::NotFound)?;
        }
        let known: Vec<i64> = catalog::products(conn)?.iter().map(|p| p.id).collect();
        if !input.product_ids.iter().all(|p| known.contains(p)) {
            return Err(Error::Refused(Refusal::of_field(
                "product",
                "product-choose",
            )));
        }
        if catalog::plan_name_taken(conn, &input.name, id)? {
            return Err(name_taken("name"));
        }
        let plan_id = catalog::save_plan(conn, id, input)?;
        let details = Details::new().text("name", &input.name);
        let details = limit(details, "customers", input.max_customers);
        let details = limit(details, "users", input.max_users_per_customer);
        let details = limit(details, "seats", input.max_seats);
        let action = if id.is_some() {
            AuditAction::PlanUpdated
        } else {
            AuditAction::PlanCreated
        };
        audit::record(
            conn,
            &actor.audit,
            event(action, plan_id.to_string(), details),
        )?;
        Ok(plan_id)
    })
}

/// Creates a product (`id` None) or changes one; a name is used once.
pub fn save_product(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
    locked_once_assigned: bool,
) -> Outcome<i64> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        if let Some(id) = id {
            catalog::product(conn, id)?.ok_or(Error::NotFound)?;
        }
        if catalog::product_name_taken(conn, name, id)? {
            return Err(name_taken("name"));
        }
        let pid = catalog::save_product(conn, id, name, locked_once_assigned)?;
        let locked = if locked_once_assigned { "yes" } else { "no" };
        let details = Details::new().text("name", name).word("locked", locked);
        let action = if id.is_some() {
            AuditAction::ProductUpdated
        } else {
            AuditAction::ProductCreated
        };
        audit::record(conn, &actor.audit, event(action, pid.to_string(), details))?;
        Ok(pid)
    })
}

/// A package's prices, in cents.
#[derive(Debug, Clone, Copy)]
pub struct Prices {
    pub monthly: i64,
    pub annual: i64,
}

/// Adds a package to a product; a name is used once per product.
pub fn add_package(
    conn: &mut AnyConnection,
    actor: &Actor,
    product_id: i64,
    name: &str,
    prices: Prices,
) -> Outcome<()> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        let product = catalog::product(conn, product_id)?.ok_or(Error::NotFound)?;
        if catalog::package_name_taken(conn, product_id, name)? {
            return Err(name_taken("package_name"));
        }
        catalog::add_package(conn, product_id, name, prices.monthly, prices.annual)?;
        let details = Details::new()
            .text("product", &product.name)
            .text("name", name)
            .text("monthly", format_price(prices.monthly))
            .text("annual", format_price(prices.annual));
        let e = event(AuditAction::PackageCreated, product_id.to_string(), details);
        audit::record(conn, &actor.audit, e)?;
        Ok(())
    })
}

/// Removes one of a product's packages.
pub fn remove_package(
    conn: &mut AnyConnection,
    actor: &Actor,
    product_id: i64,
    package: i64,
) -> Outcome<()> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    crate::db::write_transaction(conn, |conn| {
        let product = catalog::product(conn, product_id)?.ok_or(Error::NotFound)?;
        let name = catalog::packages_of(conn, product_id)?
            .into_iter()
            .find(|p| p.id == package)
            .map(|p| p.name)
            .ok_or(Error::NotFound)?;
        if catalog::remove_package(conn, product_id, package)? == 0 {
            return Err(Error::NotFound);
        }
        let details = Details::new()
            .text("product", &product.name)
            .text("name", name);
        let e = event(AuditAction::PackageRemoved, package.to_string(), details);
        audit::record(conn, &actor.audit, e)?;
        Ok(())
    })
}

/// A reseller as typed: its name, its plan, and on creation optionally its
/// first administrator.
pub struct ResellerInput {
    pub name: String,
    pub plan_id: i64,
    pub admin: Option<NewOperator>,
}

/// Creates a reseller (`id` None) with its first administrator if given, or
/// changes one. All of it is written, or none.
pub fn save_reseller(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &ResellerInput,
    bcrypt_cost: u32,
) -> Outcome<i64> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    let admin_hash = match &input.admin {
        Some(admin) => {
            if let Err(p) = crate::domain::password::check(&admin.password, &[&admin.email]) {
                let refusal = Refusal::of_field("admin_password", p.message_key());
                return Err(Error::Refused(refusal));
            }
            Some(passwords::hash(&admin.password, bcrypt_cost)?)
        }
        None => None,
    };
    crate::db::write_transaction(conn, |conn| {
        if let Some(id) = id {
            resellers::find(conn, id)?.ok_or(Error::NotFound)?;
        }
        if !catalog::plans(conn)?.iter().any(|p| p.id == input.plan_id) {
            return Err(Error::Refused(Refusal::of_field("plan_id", "plan-choose")));
        }
        if resellers::name_taken(conn, &input.name, id)? {
            return Err(name_taken("name"));
        }
        let rid = match id {
            Some(id) => {
                resellers::update(conn, id, &input.name, input.plan_id)?;
                id
            }
            None => resellers::insert(conn, &input.name, input.plan_id)?,
        };
        if let (Some(admin), Some(hash)) = (&input.admin, &admin_hash) {
            let role = Role::ResellerAdmin;
            match operators::insert_member(conn, admin, role, Some(rid), hash, &actor.audit) {
                Ok(_) => {}
                Err(OperatorError::EmailTaken) => {
                    let refusal = Refusal::of_field("admin_email", "email-taken");
                    return Err(Error::Refused(refusal));
                }
                Err(OperatorError::Database(e)) => return Err(e.into()),
                Err(e) => return Err(Error::Internal(e.into())),
            }
        }
        let plan = catalog::plan(conn, input.plan_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        let details = Details::new().text("name", &input.name).text("plan", plan);
        let action = if id.is_some() {
            AuditAction::ResellerUpdated
        } else {
            AuditAction::ResellerCreated
        };
        audit::record(conn, &actor.audit, event(action, rid.to_string(), details))?;
        Ok(rid)
    })
}

/// Suspends a reseller (`active` false) or enables it; returns its name.
pub fn set_reseller_status(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    active: bool,
) -> Outcome<String> {
    actor.require(Action::ManageCatalog, Target::Platform)?;
    let (status, action) = if active {
        ("active", AuditAction::ResellerEnabled)
    } else {
        ("suspended", AuditAction::ResellerSuspended)
    };
    crate::db::write_transaction(conn, |conn| {
        let r = resellers::find(conn, id)?.ok_or(Error::NotFound)?;
        resellers::set_status(conn, id, status)?;
        let details = Details::new().text("name", &r.name);
        audit::record(conn, &actor.audit, event(action, id.to_string(), details))?;
        Ok(r.name)
    })
}
