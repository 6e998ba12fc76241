//! The Users list of a customer: search by name or e-mail, filters by role,
//! package and status, and keyset pages in the order people were added
//! (the membership's id, which the customer's index serves), so a page of
//! a customer with 100,000 users reads one page of rows.

use diesel::prelude::*;

use super::schema::{memberships, users};
use super::users::User;
use super::{lower, AnyConnection, MultiBackend};
use crate::domain::roles::Role;

/// What the list is narrowed to; empty fields narrow nothing.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// A part of the name or e-mail, any case.
    pub q: String,
    pub role: Option<Role>,
    /// A package's id, or `Some(None)` for people with none.
    pub package: Option<Option<i64>>,
    pub status: Option<String>,
}

/// One person of the list.
pub struct ListedUser {
    pub membership_id: i64,
    pub role: Role,
    pub package_id: Option<i64>,
    pub user: User,
}

/// A page of the list and where the next starts, if there is one.
pub struct UserPage {
    pub rows: Vec<ListedUser>,
    pub next: Option<i64>,
}

/// A customer's people in the order they were added, after membership
/// `after` (0: from the first): read in that order from the customer's
/// index (`tests/app/user_list_plan.rs` checks), not sorted.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn in_order(customer_id: i64, after: i64) -> _ {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer_id))
        .filter(memberships::id.gt(after))
        .order(memberships::id)
}

/// The page after membership `after` (the first page without), of `limit`
/// people at most.
pub fn page(
    conn: &mut AnyConnection,
    customer_id: i64,
    filter: &UserFilter,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<UserPage> {
    let mut query = in_order(customer_id, after.unwrap_or(0))
        .select((
            memberships::id,
            memberships::role,
            memberships::package_id,
            User::as_select(),
        ))
        .limit(limit + 1)
        .into_boxed::<MultiBackend>();
    if !filter.q.trim().is_empty() {
        let pattern = super::contains_pattern(&filter.q);
        query = query.filter(
            lower(users::full_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::email).like(pattern).escape('\\')),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(memberships::role.eq(role.as_str()));
    }
    match filter.package {
        Some(Some(p)) => query = query.filter(memberships::package_id.eq(p)),
        Some(None) => query = query.filter(memberships::package_id.is_null()),
        None => {}
    }
    if let Some(status) = &filter.status {
        query = query.filter(users::status.eq(status.clone()));
    }
    let mut found: Vec<(i64, String, Option<i64>, User)> = query.load(conn)?;
    let more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    // From the rows read, so a row left out below never ends the pages.
    let next = more.then(|| found.last().map(|r| r.0)).flatten();
    let rows: Vec<ListedUser> = found
        .into_iter()
        .filter_map(|(membership_id, role, package_id, user)| {
            Some(ListedUser {
                membership_id,
                role: role.parse().ok()?,
                package_id,
                user,
            })
        })
        .collect();
    Ok(UserPage { rows, next })
}

/// One person of the list, as their row shows them (after a row action).
pub fn one(
    conn: &mut AnyConnection,
    customer_id: i64,
    user_id: i64,
) -> QueryResult<Option<ListedUser>> {
    let found: Option<(i64, String, Option<i64>, User)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer_id))
        .filter(memberships::user_id.eq(user_id))
        .select((
            memberships::id,
            memberships::role,
            memberships::package_id,
            User::as_select(),
        ))
        .first(conn)
        .optional()?;
    Ok(found.and_then(|(membership_id, role, package_id, user)| {
        Some(ListedUser {
            membership_id,
            role: role.parse().ok()?,
            package_id,
            user,
        })
    }))
}
