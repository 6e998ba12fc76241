//! *Apply*: a checked file written in one transaction, a chunk of people at
//! a time: the adds as a few statements per chunk, and the modifies and
//! removes gathered and written together, so that a file of thousands is
//! not a statement per person.

use std::collections::BTreeMap;

use super::{plan, Change, Counts, PackageMode, Progress, Report, PROGRESS_EVERY};
use crate::app::customer_users::{add_all_new, add_one, Existing, NewPerson};
use crate::app::{customer, Actor, Error, Outcome};
use crate::db::audit::{self, AuditAction, AuditEvent, Details};
use crate::db::customer_members::{self, Member};
use crate::db::customers::{self as customer_rows, AdminOf, Customer};
use crate::db::{users, AnyConnection};
use crate::domain::policy::Action;
use crate::domain::roles::Role;
use crate::domain::users_import::{ImportRow, ReadFile};
use crate::i18n::Lang;
use crate::mail::Links;

/// Applies `file`, checked again inside one transaction: all of it, or, if
/// any problem is found, nothing (the report says why).
pub fn apply(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    customer_id: i64,
    file: &ReadFile,
    mode: PackageMode,
) -> Outcome<Result<Counts, Report>> {
    apply_telling(conn, actor, links, customer_id, file, (mode, &|_| {}))
}

/// `apply`, telling its progress: the rows checked, then the rows written.
pub fn apply_telling(
    conn: &mut AnyConnection,
    actor: &Actor,
    links: &Links,
    customer_id: i64,
    file: &ReadFile,
    (mode, progress): (PackageMode, Progress),
) -> Outcome<Result<Counts, Report>> {
    let c = customer(conn, actor, customer_id, Action::ManageUsers)?;
    crate::db::write_transaction(conn, |conn| {
        let members = customer_members::members_of_customer(conn, c.id)?;
        let (changes, report) = plan(conn, &c, file, &members, (mode, &|_| {}))?;
        if !report.problems.is_empty() {
            return Ok(Err(report));
        }
        let mut chunk = Chunk::default();
        for (i, change) in changes.iter().enumerate() {
            if i % PROGRESS_EVERY == 0 {
                chunk.write(conn, actor, links, &c)?;
                progress(i);
            }
            chunk.take(conn, actor, links, &c, change)?;
        }
        chunk.write(conn, actor, links, &c)?;
        let k = report.counts;
        // Each add is one membership more, each remove one less.
        let total = members.len() + k.add - k.remove;
        customer_rows::set_user_count(conn, c.id, total as i64)?;
        let event = AuditEvent::about(
            &c,
            AuditAction::UsersImported,
            "customer",
            c.public_id.clone(),
            Details::new()
                .number("added", k.add as i64)
                .number("modified", k.modify as i64)
                .number("removed", k.remove as i64)
                .number("unchanged", k.unchanged as i64),
        );
        audit::record(conn, &actor.audit, event)?;
        Ok::<_, Error>(Ok(k))
    })
}

/// The writes of a chunk of changes, gathered until it is written. A file
/// names each person once (the check refuses a second row), so the order
/// of the writes inside a chunk changes nothing.
#[derive(Default)]
struct Chunk<'r> {
    /// People no login holds: added together.
    new_people: Vec<NewPerson>,
    /// New (name, language, phone) of people modified.
    details: Vec<(i64, (&'r str, &'r str, &'r str))>,
    /// Memberships given a new role or package, by the two.
    roles: BTreeMap<(&'r str, Option<i64>), Vec<i64>>,
    /// Memberships removed.
    removed: Vec<i64>,
    /// Their logins, which go when they hold no other account.
    removed_logins: Vec<i64>,
    events: Vec<AuditEvent<'static>>,
}

impl<'r> Chunk<'r> {
    /// Takes one change: written now (an add to a login that exists), or
    /// kept for [`Chunk::write`].
    fn take(
        &mut self,
        conn: &mut AnyConnection,
        actor: &Actor,
        links: &Links,
        c: &Customer,
        change: &'r Change<'r>,
    ) -> Outcome<()> {
        let (member, action) = match change {
            Change::Unchanged => return Ok(()),
            Change::Add {
                row,
                role,
                package,
                existing: Existing::No,
            } => {
                self.new_people.push(person_of(row, *role, *package));
                return Ok(());
            }
            Change::Add {
                row,
                role,
                package,
                existing,
            } => {
                let person = person_of(row, *role, *package);
                add_one(conn, actor, links, (c, &person), *existing)?;
                return Ok(());
            }
            Change::Modify {
                member,
                role,
                package,
                row,
            } => {
                let details = (
                    kept(&row.full_name, &member.full_name),
                    kept(&row.language, &member.language),
                    kept(&row.phone, &member.phone),
                );
                let was = (
                    member.full_name.as_str(),
                    member.language.as_str(),
                    member.phone.as_str(),
                );
                if details != was {
                    self.details.push((member.user_id, details));
                }
                if *role != member.role || *package != member.package_id {
                    let key = (role.as_str(), *package);
                    self.roles
                        .entry(key)
                        .or_default()
                        .push(member.membership_id);
                }
                (member, AuditAction::UserModified)
            }
            Change::Remove(member) => {
                self.removed.push(member.membership_id);
                self.removed_logins.push(member.user_id);
                (member, AuditAction::UserRemoved)
            }
        };
        self.events.push(event_of(c, member, action));
        Ok(())
    }

    /// Writes what was gathered, and empties it.
    fn write(
        &mut self,
        conn: &mut AnyConnection,
        actor: &Actor,
        links: &Links,
        c: &Customer,
    ) -> Outcome<()> {
        add_all_new(conn, actor, links, c, &self.new_people)?;
        users::set_details_all(conn, &self.details)?;
        for ((role, package), people) in &self.roles {
            customer_members::set_role_and_package_all(conn, people, role, *package)?;
        }
        customer_members::remove_all_from_customer(conn, &self.removed, &self.removed_logins)?;
        if !self.roles.is_empty() || !self.removed.is_empty() {
            customer_rows::sync_first_admin(conn, AdminOf::Customer(c.id))?;
        }
        audit::record_all(conn, &actor.audit, &self.events)?;
        *self = Chunk::default();
        Ok(())
    }
}

/// The audit entry of a person modified or removed by an import.
fn event_of(c: &Customer, member: &Member, action: AuditAction) -> AuditEvent<'static> {
    let details = Details::new()
        .text("email", &member.email)
        .word("via", "audit-via-import");
    AuditEvent::about(c, action, "user", member.user_id.to_string(), details)
}

/// What a row typed, or what was there when it left the cell blank.
fn kept<'s>(typed: &'s str, was: &'s str) -> &'s str {
    if typed.is_empty() {
        was
    } else {
        typed
    }
}

fn person_of(row: &ImportRow, role: Role, package: Option<i64>) -> NewPerson {
    NewPerson {
        full_name: row.full_name.clone(),
        email: row.email.clone(),
        role,
        language: Lang::from_code(&row.language).unwrap_or_default(),
        package_id: package,
    }
}
