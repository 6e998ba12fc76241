//! *Import CSV* of a customer's users: a file read by
//! [`crate::domain::users_import`] is checked against the customer (who is
//! there, the product's packages, the plan's limit, the last administrator)
//! and then applied in one transaction, all or nothing, checked again there.

use std::collections::HashMap;

mod apply;

pub use apply::{apply, apply_telling};

use super::customer_users::{login_of, Existing, Login};
use super::{customer, Actor, Outcome};
use crate::db::catalog::{self, Package};
use crate::db::customer_members::{self, Member};
use crate::db::customers::Customer;
use crate::db::{users, AnyConnection};
use crate::domain::policy::Action;
use crate::domain::roles::Role;
use crate::domain::users_import::{CellProblem, ImportRow, ReadFile, RowAction};

/// What FALSE in a package column does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageMode {
    /// FALSE never takes a package away.
    AddOnly,
    /// FALSE takes the package away.
    AddAndRemove,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub add: usize,
    pub modify: usize,
    pub remove: usize,
    pub unchanged: usize,
    pub errors: usize,
}

/// A file's outcome: what it would do, and every problem.
#[derive(Debug, Default)]
pub struct Report {
    pub counts: Counts,
    pub problems: Vec<CellProblem>,
}

/// One row's change, once checked.
enum Change<'r> {
    /// A person to add (their row, read again when written, so a file of
    /// 100,000 adds is not copied), and whether a login may hold their
    /// address.
    Add {
        row: &'r ImportRow,
        role: Role,
        package: Option<i64>,
        existing: Existing,
    },
    Modify {
        member: &'r Member,
        role: String,
        package: Option<i64>,
        row: &'r ImportRow,
    },
    Remove(&'r Member),
    Unchanged,
}

fn problem(line: u64, column: &str, key: &'static str) -> CellProblem {
    CellProblem {
        line,
        column: column.to_string(),
        key,
    }
}

/// The package a row asks for: its `package` column, or the one package
/// column holding TRUE; `Ok(None)` when it names none.
fn asked_package(
    row: &ImportRow,
    columns: &[String],
    packages: &[Package],
) -> Result<Option<i64>, CellProblem> {
    let flagged: Vec<&String> = columns
        .iter()
        .zip(&row.packages)
        .filter(|(_, f)| **f == Some(true))
        .map(|(name, _)| name)
        .collect();
    let named = match (row.package.as_str(), flagged.as_slice()) {
        ("", []) => return Ok(None),
        ("", [one]) => one.as_str(),
        (name, []) => name,
        (name, [one]) if one.eq_ignore_ascii_case(name) => name,
        _ => return Err(problem(row.line, "package", "import-one-package")),
    };
    packages
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(named))
        .map(|p| Some(p.id))
        .ok_or_else(|| problem(row.line, "package", "user-package-unknown"))
}

/// Told now and then how many rows are done, while a file is checked or
/// applied.
pub type Progress<'a> = &'a dyn Fn(usize);

/// How many rows between two reports of progress.
const PROGRESS_EVERY: usize = 1000;

/// Every row's change, and the problems.
fn plan<'r>(
    conn: &mut AnyConnection,
    c: &Customer,
    file: &'r ReadFile,
    members: &'r [Member],
    (mode, progress): (PackageMode, Progress),
) -> Outcome<(Vec<Change<'r>>, Report)> {
    let packages = catalog::packages_of(conn, c.product_id)?;
    // Only an address some login already holds needs a closer look.
    let new_emails: Vec<&str> = file
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Add)
        .map(|r| r.email.as_str())
        .collect();
    let known = users::known_logins(conn, &new_emails)?;
    let by_email: HashMap<&str, &Member> = members.iter().map(|m| (m.email.as_str(), m)).collect();
    let mut report = Report {
        problems: file.problems.clone(),
        ..Default::default()
    };
    let mut changes = Vec::new();
    for (i, row) in file.rows.iter().enumerate() {
        if i % PROGRESS_EVERY == 0 {
            progress(i);
        }
        let member = by_email.get(row.email.as_str()).copied();
        let package = match asked_package(row, &file.package_columns, &packages) {
            Ok(p) => p,
            Err(p) => {
                report.problems.push(p);
                continue;
            }
        };
        let change = match (row.action, member) {
            (RowAction::Add, Some(_)) => Err(problem(row.line, "email", "user-already-member")),
            (RowAction::Add, None) => add_of(conn, row, package, &known)?,
            (RowAction::Modify | RowAction::Remove, None) => {
                Err(problem(row.line, "email", "import-user-missing"))
            }
            (RowAction::Remove, Some(m)) => Ok(Change::Remove(m)),
            (RowAction::Modify, Some(m)) => Ok(modify_of(
                row,
                m,
                package,
                &file.package_columns,
                &packages,
                mode,
            )),
        };
        match change {
            Ok(change) => changes.push(change),
            Err(p) => report.problems.push(p),
        }
    }
    // After the whole file: an administrator is left, and the plan holds.
    let admins_left = members
        .iter()
        .filter(|m| m.role == Role::CustomerAdmin.as_str())
        .count() as i64
        + changes
            .iter()
            .map(|ch| match ch {
                Change::Add { role, .. } if *role == Role::CustomerAdmin => 1,
                Change::Remove(m) if m.role == Role::CustomerAdmin.as_str() => -1,
                Change::Modify { member, role, .. } => {
                    let was = member.role == Role::CustomerAdmin.as_str();
                    let is = role == Role::CustomerAdmin.as_str();
                    i64::from(is) - i64::from(was)
                }
                _ => 0,
            })
            .sum::<i64>();
    if admins_left < 1 {
        report.problems.push(problem(0, "", "import-last-admin"));
    }
    let added = changes
        .iter()
        .filter(|c| matches!(c, Change::Add { .. }))
        .count() as i64;
    let removed = changes
        .iter()
        .filter(|c| matches!(c, Change::Remove(_)))
        .count() as i64;
    let max = catalog::plan_of_reseller(conn, c.reseller_id)?.max_users_per_customer;
    if max.is_some_and(|max| members.len() as i64 + added - removed > max) {
        report.problems.push(problem(0, "", "users-over-plan"));
    }
    report.problems.sort_by_key(|p| p.line);
    for ch in &changes {
        match ch {
            Change::Add { .. } => report.counts.add += 1,
            Change::Modify { .. } => report.counts.modify += 1,
            Change::Remove(_) => report.counts.remove += 1,
            Change::Unchanged => report.counts.unchanged += 1,
        }
    }
    report.counts.errors = report.problems.len();
    Ok((changes, report))
}

fn add_of<'r>(
    conn: &mut AnyConnection,
    row: &'r ImportRow,
    package: Option<i64>,
    known: &std::collections::HashSet<String>,
) -> Outcome<Result<Change<'r>, CellProblem>> {
    let key = users::normalize_login(&row.email);
    let existing = if known.contains(&key) {
        if let Login::Taken = login_of(conn, &row.email)? {
            return Ok(Err(problem(row.line, "email", "email-taken")));
        }
        Existing::Maybe
    } else {
        Existing::No
    };
    let role = row.role.parse().unwrap_or(Role::User);
    Ok(Ok(Change::Add {
        row,
        role,
        package,
        existing,
    }))
}

fn modify_of<'r>(
    row: &'r ImportRow,
    m: &'r Member,
    asked: Option<i64>,
    columns: &[String],
    packages: &[Package],
    mode: PackageMode,
) -> Change<'r> {
    let role = if row.role.is_empty() {
        m.role.clone()
    } else {
        row.role.clone()
    };
    // A package named is taken; FALSE in the held package's column takes
    // it away when the mode says so; blank leaves it.
    let held_cleared = mode == PackageMode::AddAndRemove
        && columns.iter().zip(&row.packages).any(|(name, flag)| {
            *flag == Some(false)
                && packages
                    .iter()
                    .any(|p| Some(p.id) == m.package_id && p.name.eq_ignore_ascii_case(name))
        });
    let package = match asked {
        Some(p) => Some(p),
        None if held_cleared => None,
        None => m.package_id,
    };
    let same = (row.full_name.is_empty() || row.full_name == m.full_name)
        && (row.language.is_empty() || row.language == m.language)
        && (row.phone.is_empty() || row.phone == m.phone)
        && role == m.role
        && package == m.package_id;
    if same {
        Change::Unchanged
    } else {
        Change::Modify {
            member: m,
            role,
            package,
            row,
        }
    }
}

/// Checks `file` against the customer: nothing is written.
pub fn check(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_id: i64,
    file: &ReadFile,
    mode: PackageMode,
) -> Outcome<Report> {
    check_telling(conn, actor, customer_id, file, (mode, &|_| {}))
}

/// `check`, telling its progress.
pub fn check_telling(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_id: i64,
    file: &ReadFile,
    how: (PackageMode, Progress),
) -> Outcome<Report> {
    let c = customer(conn, actor, customer_id, Action::ManageUsers)?;
    let members = customer_members::members_of_customer(conn, c.id)?;
    Ok(plan(conn, &c, file, &members, how)?.1)
}
