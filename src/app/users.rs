//! A customer's users: their invitations and *Reset and e-mail password*.

use super::invitations::{self, PURPOSE_INVITATION};
use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction as A, AuditEvent, Change, Details};
use crate::db::customers::Customer;
use crate::db::users::{self, User, UserStatus};
use crate::db::{customer_members, AnyConnection};
use crate::domain::policy::Action;
use crate::mail::Links;
use crate::passwords;

/// The customer and one of its users, when the actor may do `action` there.
pub fn of_customer(
    conn: &mut AnyConnection,
    actor: &Actor,
    (customer_id, user_id): (i64, i64),
    action: Action,
) -> Outcome<(Customer, User)> {
    let c = customer(conn, actor, customer_id, action)?;
    if !customer_members::is_member_of_customer(conn, user_id, c.id)? {
        return Err(Error::NotFound);
    }
    let user = users::find(conn, user_id)?.ok_or(Error::NotFound)?;
    Ok((c, user))
}

/// An event about one of a customer's users, named by e-mail.
fn event(c: &Customer, action: A, user: &User, details: Details) -> AuditEvent<'static> {
    AuditEvent {
        action,
        target_type: "user",
        target_id: user.id.to_string(),
        customer_id: Some(c.id),
        reseller_id: Some(c.reseller_id),
        details: details.text("email", &user.email),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationChange {
    Resend,
    Cancel,
}

/// Resends or cancels an invited user's invitation; cancelling disables the
/// user. Returns the customer and the user, for the message.
pub fn change_invitation(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    ids: (i64, i64),
    change: InvitationChange,
) -> Outcome<(Customer, User)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ManageInvitations)?;
    if u.status != UserStatus::Invited.as_str() {
        return Err(Error::Refused(Refusal::of_form("user-not-invited")));
    }
    crate::db::write_transaction(conn, |conn| {
        let action = match change {
            InvitationChange::Resend => {
                invitations::invite(conn, links, &u, &c.name, Some(c.id))?;
                A::InvitationResent
            }
            InvitationChange::Cancel => {
                invitations::revoke(conn, u.id, PURPOSE_INVITATION)?;
                users::set_status(conn, u.id, UserStatus::Disabled)?;
                A::InvitationCancelled
            }
        };
        audit::record(conn, &actor.audit, event(&c, action, &u, Details::new()))?;
        Ok::<_, Error>(())
    })?;
    Ok((c, u))
}

/// *Reset and e-mail password*: a generated password is e-mailed, the user
/// must change it at next login, and their sessions end.
pub fn reset_and_email_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    bcrypt_cost: u32,
    ids: (i64, i64),
) -> Outcome<(Customer, User)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ResetPassword)?;
    if !u.is_active() {
        return Err(Error::Refused(Refusal::of_form("user-not-active")));
    }
    let password = invitations::generate_password();
    let hash = passwords::hash(&password, bcrypt_cost)?;
    invitations::reset_and_email(conn, links, &u, (&password, &hash), &c, &actor.audit)?;
    Ok((c, u))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Disable,
    Enable,
}

/// Disables a user (every session of theirs ends) or enables them again.
/// An invited user has no access to change: their invitation is cancelled
/// instead.
pub fn set_access(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: (i64, i64),
    change: Access,
) -> Outcome<(Customer, User)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ManageUsers)?;
    if u.id == actor.who.user_id {
        return Err(Error::Refused(Refusal::of_form("user-not-yourself")));
    }
    let (from, to, action) = match change {
        Access::Disable => (UserStatus::Active, UserStatus::Disabled, A::UserDisabled),
        Access::Enable => (UserStatus::Disabled, UserStatus::Active, A::UserEnabled),
    };
    if u.status != from.as_str() {
        return Err(Error::Refused(Refusal::of_form("user-status-unchanged")));
    }
    crate::db::write_transaction(conn, |conn| {
        users::set_status(conn, u.id, to)?;
        audit::record(conn, &actor.audit, event(&c, action, &u, Details::new()))?;
        Ok::<_, Error>(())
    })?;
    Ok((c, u))
}

/// Takes a user out of the customer; a login left with no account goes
/// too. The customer's last administrator stays.
pub fn remove(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: (i64, i64),
) -> Outcome<(Customer, User)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ManageUsers)?;
    crate::db::write_transaction(conn, |conn| {
        // Counted, not loaded: a customer may have 100,000 people.
        let admin = crate::domain::roles::Role::CustomerAdmin.as_str();
        let is_admin = customer_members::member(conn, u.id, c.id)?.is_some_and(|m| m.role == admin);
        if is_admin && customer_members::count_with_role(conn, c.id, admin)? == 1 {
            return Err(Error::Refused(Refusal::of_form("user-last-admin")));
        }
        customer_members::remove_from_customer(conn, u.id, c.id)?;
        let members = customer_members::count_of_customer(conn, c.id)?;
        crate::db::customers::set_user_count(conn, c.id, members)?;
        let e = event(&c, A::UserRemoved, &u, Details::new());
        audit::record(conn, &actor.audit, e)?;
        Ok(())
    })?;
    Ok((c, u))
}

/// *Change package*: one of the customer's product's packages, or none.
pub fn change_package(
    conn: &mut AnyConnection,
    actor: &Actor,
    ids: (i64, i64),
    package: Option<i64>,
) -> Outcome<(Customer, User)> {
    let (c, u) = of_customer(conn, actor, ids, Action::ManageUsers)?;
    let packages = crate::db::catalog::packages_of(conn, c.product_id)?;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| packages.iter().find(|p| p.id == id))
            .map_or("-", |p| p.name.as_str())
            .to_string()
    };
    if package.is_some_and(|p| !packages.iter().any(|k| k.id == p)) {
        return Err(Error::Refused(Refusal::of_field(
            "package",
            "user-package-unknown",
        )));
    }
    let held = customer_members::member(conn, u.id, c.id)?.ok_or(Error::NotFound)?;
    if held.package_id == package {
        return Ok((c, u));
    }
    crate::db::write_transaction(conn, |conn| {
        customer_members::set_package(conn, u.id, c.id, package)?;
        let change = Change::text("user-package", name_of(held.package_id), name_of(package));
        let e = event(&c, A::UserEdited, &u, Details::new().changes(vec![change]));
        audit::record(conn, &actor.audit, e)?;
        Ok::<_, Error>(())
    })?;
    Ok((c, u))
}
