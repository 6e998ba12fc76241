//! Adding people to a customer: several at once, checked together, all or
//! none. A person whose e-mail already has an identity gets a membership of
//! this customer, with its own role, on that identity: one login, several
//! accounts. Everyone new is invited through the outbox.

use std::collections::HashSet;

use super::invitations;
use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::customers::Customer;
use crate::db::memberships::{self, NewMembership};
use crate::db::users::{self, NewUser, UserStatus};
use crate::db::{self, catalog, customer_members, AnyConnection};
use crate::domain::policy::Action;
use crate::domain::roles::Role;
use crate::i18n::Lang;
use crate::mail::Links;

/// The most people one form adds.
pub const MAX_AT_ONCE: usize = 25;

/// The roles a customer's people may hold.
pub const CUSTOMER_ROLES: [Role; 3] = [Role::User, Role::Integrator, Role::CustomerAdmin];

/// A person to add, as typed and already parsed: the e-mail checked and
/// lower-cased, the role one of [`CUSTOMER_ROLES`].
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub language: Lang,
    /// One of the customer's product's packages, or none.
    pub package_id: Option<i64>,
}

/// Why one row was refused: its place in the form (from 0), its field and
/// the message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRefusal {
    pub row: usize,
    pub field: &'static str,
    pub key: &'static str,
}

/// What adding gave: the people added, or why each refused row was refused
/// (nothing was written then).
pub type Added = Result<Vec<i64>, Vec<RowRefusal>>;

/// Adds `people` to the customer, all or none. A refusal of the whole form
/// (more than [`MAX_AT_ONCE`], the plan's limit of users per customer) is an
/// [`Error::Refused`]; a refusal of rows comes back as the rows' refusals.
pub fn add(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    customer_id: i64,
    people: &[NewPerson],
) -> Outcome<Added> {
    let c = customer(conn, actor, customer_id, Action::ManageUsers)?;
    if people.len() > MAX_AT_ONCE {
        return Err(Error::Refused(Refusal::of_form("users-too-many-at-once")));
    }
    crate::db::write_transaction(conn, |conn| {
        let refused = check(conn, &c, people)?;
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        let plan = catalog::plan_of_reseller(conn, c.reseller_id)?;
        let members = customer_members::count_of_customer(conn, c.id)?;
        if let Some(max) = plan.max_users_per_customer {
            if members + people.len() as i64 > max {
                return Err(Error::Refused(Refusal::of_form("users-over-plan")));
            }
        }
        let mut added = Vec::with_capacity(people.len());
        for p in people {
            added.push(add_one(conn, actor, links, (&c, p), Existing::Maybe)?);
        }
        crate::db::customers::set_user_count(conn, c.id, members + people.len() as i64)?;
        Ok(Ok(added))
    })
}

/// Every row's refusals: a role or package the customer cannot have, an
/// e-mail twice in the form, or of someone already in this customer or on
/// the platform's staff.
fn check(conn: &mut AnyConnection, c: &Customer, people: &[NewPerson]) -> Outcome<Vec<RowRefusal>> {
    let packages: Vec<i64> = catalog::packages_of(conn, c.product_id)?
        .iter()
        .map(|p| p.id)
        .collect();
    let mut refused = Vec::new();
    let mut seen = HashSet::new();
    for (row, p) in people.iter().enumerate() {
        let mut refuse = |field, key| refused.push(RowRefusal { row, field, key });
        if !CUSTOMER_ROLES.contains(&p.role) {
            refuse("role", "user-role-unknown");
        }
        if p.package_id.is_some_and(|id| !packages.contains(&id)) {
            refuse("package", "user-package-unknown");
        }
        if !seen.insert(p.email.clone()) {
            refuse("email", "user-email-twice");
            continue;
        }
        match login_of(conn, &p.email)? {
            Login::Member(customers) if customers.contains(&c.id) => {
                refuse("email", "user-already-member")
            }
            Login::Taken => refuse("email", "email-taken"),
            _ => {}
        }
    }
    Ok(refused)
}

/// What an e-mail address is already to the platform.
pub(crate) enum Login {
    /// Nobody's: a new login is made.
    Free,
    /// A login with memberships of these customers, which can take another.
    Member(Vec<i64>),
    /// Staff keep their login to themselves; so does someone whose username
    /// is this address but whose e-mail is not.
    Taken,
}

pub(crate) fn login_of(conn: &mut AnyConnection, email: &str) -> Outcome<Login> {
    let Some(existing) = users::find_by_login(conn, email)? else {
        return Ok(Login::Free);
    };
    let held = memberships::for_user(conn, existing.id)?;
    if existing.email != email || held.iter().any(|m| m.role.is_staff()) {
        return Ok(Login::Taken);
    }
    Ok(Login::Member(
        held.iter().filter_map(|m| m.customer_id).collect(),
    ))
}

/// People added at once by [`add_all_new`]: bounded so that each statement
/// stays within the databases' limit of bound values.
const CHUNK: usize = 500;

/// Adds people no login holds yet (the caller checked every address in
/// this transaction): as [`add_one`] does, their logins, memberships,
/// invitations and audit entries, a few statements per chunk of people
/// instead of several per person.
pub(crate) fn add_all_new(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    c: &Customer,
    people: &[NewPerson],
) -> Outcome<()> {
    for chunk in people.chunks(CHUNK) {
        let now = db::now();
        let new: Vec<NewUser> = chunk.iter().map(|p| new_login(p, now)).collect();
        let made = users::insert_all_returning(conn, &new)?;
        let id_of: std::collections::HashMap<&str, i64> =
            made.iter().map(|u| (u.email.as_str(), u.id)).collect();
        let mut held = Vec::with_capacity(chunk.len());
        let mut events = Vec::with_capacity(chunk.len());
        for p in chunk {
            let user_id = *id_of.get(p.email.as_str()).ok_or(Error::NotFound)?;
            held.push((NewMembership::customer(user_id, p.role, c.id), p.package_id));
            events.push(added_event(c, p, user_id, true));
        }
        memberships::insert_all_holding(conn, &held)?;
        invitations::invite_all_first(conn, links, &made, &c.name, Some(c.id))?;
        audit::record_all(conn, &actor.audit, &events)?;
    }
    Ok(())
}

/// The login of a person added, invited: their e-mail is their username.
fn new_login(p: &NewPerson, now: chrono::NaiveDateTime) -> NewUser<'_> {
    NewUser {
        username: &p.email,
        email: &p.email,
        full_name: &p.full_name,
        password_hash: None,
        language: p.language.code(),
        status: UserStatus::Invited.as_str(),
        created_at: now,
        updated_at: now,
    }
}

/// The audit entry of a person added to a customer.
fn added_event<'a>(c: &Customer, p: &NewPerson, user_id: i64, new: bool) -> AuditEvent<'a> {
    let details = Details::new()
        .text("name", &p.full_name)
        .text("email", &p.email)
        .word("role", format!("role-{}", p.role.as_str()))
        .word(
            "login",
            if new {
                "audit-login-new"
            } else {
                "audit-login-existing"
            },
        );
    AuditEvent::about(
        c,
        AuditAction::UserAdded,
        "user",
        user_id.to_string(),
        details,
    )
}

/// Whether a login may already hold a person's e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// It is looked up.
    Maybe,
    /// The caller knows none does (an import looks its file's addresses
    /// up at once, in the transaction that adds them).
    No,
}

/// Adds one person: a membership on their identity, made first when new,
/// with its invitation; one audit entry.
pub(crate) fn add_one(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    (c, p): (&Customer, &NewPerson),
    existing: Existing,
) -> Outcome<i64> {
    let now = db::now();
    let found = match existing {
        Existing::Maybe => users::find_by_login(conn, &p.email)?,
        Existing::No => None,
    };
    let (user_id, invited) = match found {
        Some(existing) => (existing.id, None),
        None => {
            let user = users::insert_returning(conn, &new_login(p, now))?;
            (user.id, Some(user))
        }
    };
    let membership = NewMembership::customer(user_id, p.role, c.id);
    memberships::insert_holding(conn, &membership, p.package_id)?;
    let new = invited.is_some();
    if let Some(user) = &invited {
        // A new login has no earlier link to revoke.
        invitations::invite_first(conn, links, user, &c.name, Some(c.id))?;
    }
    let event = added_event(c, p, user_id, new);
    audit::record(conn, &actor.audit, event)?;
    Ok(user_id)
}
