//! *Edit* a user of a customer: name, phone, language, role and package,
//! and the username once the user has activated their account. A person
//! does not change their own role, and the customer's last administrator
//! stays one.

use super::customer_users::CUSTOMER_ROLES;
use super::users::of_customer;
use super::{Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Change, Details};
use crate::db::customer_members::{self, Member};
use crate::db::customers::Customer;
use crate::db::users::{self, User};
use crate::db::{catalog, AnyConnection};
use crate::domain::policy::Action;
use crate::domain::roles::Role;
use crate::i18n::Lang;

/// What the form sets, parsed by the caller.
#[derive(Debug, Clone)]
pub struct UserEdit {
    /// A new username; None leaves it.
    pub username: Option<String>,
    pub full_name: String,
    pub phone: String,
    pub language: Lang,
    pub role: Role,
    pub package_id: Option<i64>,
}

/// The customer, the user and what they hold there, for the form.
pub fn current(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: (i64, i64),
) -> Outcome<(Customer, User, Member)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ManageUsers)?;
    let m = customer_members::member(conn, u.id, c.id)?.ok_or(Error::NotFound)?;
    Ok((c, u, m))
}

pub fn edit(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: (i64, i64),
    e: &UserEdit,
) -> Outcome<(Customer, User)> {
    let (c, u, m) = current(conn, actor, ids)?;
    if !CUSTOMER_ROLES.contains(&e.role) {
        return Err(Error::Refused(Refusal::of_field(
            "role",
            "user-role-unknown",
        )));
    }
    let packages = catalog::packages_of(conn, c.product_id)?;
    if e.package_id
        .is_some_and(|p| !packages.iter().any(|k| k.id == p))
    {
        return Err(Error::Refused(Refusal::of_field(
            "package",
            "user-package-unknown",
        )));
    }
    let admin = Role::CustomerAdmin.as_str();
    let role_changes = m.role != e.role.as_str();
    if role_changes && u.id == actor.who.user_id {
        return Err(Error::Refused(Refusal::of_field(
            "role",
            "user-not-yourself",
        )));
    }
    let new_username = e.username.as_ref().filter(|n| **n != u.username);
    if let Some(name) = new_username {
        if !u.is_active() {
            return Err(Error::Refused(Refusal::of_field(
                "username",
                "user-username-before-activation",
            )));
        }
        if users::login_taken(conn, name, Some(u.id))? {
            return Err(Error::Refused(Refusal::of_field(
                "username",
                "username-taken",
            )));
        }
    }
    let package_name = |id: Option<i64>| {
        id.and_then(|id| packages.iter().find(|p| p.id == id))
            .map_or("-", |p| p.name.as_str())
            .to_string()
    };
    let language = |code: &str| {
        Lang::from_code(code)
            .map_or(code, |l| l.native_name())
            .to_string()
    };
    let mut changes = Vec::new();
    if let Some(name) = new_username {
        changes.push(Change::text("user-username", &u.username, name));
    }
    for (what, was, is) in [
        ("user-full-name", m.full_name.clone(), e.full_name.clone()),
        ("user-phone", m.phone.clone(), e.phone.clone()),
        (
            "language-label",
            language(&m.language),
            language(e.language.code()),
        ),
        (
            "user-package",
            package_name(m.package_id),
            package_name(e.package_id),
        ),
    ] {
        if was != is {
            changes.push(Change::text(what, was, is));
        }
    }
    if role_changes {
        let role = |r: &str| format!("role-{r}");
        changes.push(Change::words(
            "user-role",
            role(&m.role),
            role(e.role.as_str()),
        ));
    }
    if changes.is_empty() {
        return Ok((c, u));
    }
    crate::db::write_transaction(conn, |conn| {
        // Counted inside the transaction, so two demotions cannot both pass.
        if role_changes
            && m.role == admin
            && customer_members::count_with_role(conn, c.id, admin)? <= 1
        {
            return Err(Error::Refused(Refusal::of_field("role", "user-last-admin")));
        }
        users::update_profile(
            conn,
            u.id,
            &e.full_name,
            e.language.code(),
            u.timezone.as_deref(),
        )?;
        if let Some(name) = new_username {
            users::set_username(conn, u.id, name)?;
        }
        if m.phone != e.phone {
            users::set_contact(conn, u.id, &e.phone, &u.identity_provider)?;
        }
        customer_members::set_role_and_package(conn, u.id, c.id, e.role.as_str(), e.package_id)?;
        let event = AuditEvent {
            action: AuditAction::UserEdited,
            target_type: "user",
            target_id: u.id.to_string(),
            customer_id: Some(c.id),
            reseller_id: Some(c.reseller_id),
            details: Details::new().text("email", &u.email).changes(changes),
        };
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(())
    })?;
    Ok((c, u))
}
