//! The people of a customer account: who they are, what they hold there
//! (role, package), the export, and taking them out.

use diesel::prelude::*;

use super::customers::AdminOf;
use super::schema::{memberships, users};
use super::AnyConnection;

/// How many people a customer has: its memberships.
pub fn count_of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::customer_id.eq(customer_id))
        .count()
        .get_result(conn)
}

/// Sets the package a person holds in a customer (none: no package).
pub fn set_package(
    conn: &mut AnyConnection,
    user_id: i64,
    customer_id: i64,
    package_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::customer_id.eq(customer_id)),
    )
    .set(memberships::package_id.eq(package_id))
    .execute(conn)
}

/// Whether the user holds a membership of the customer.
pub fn is_member_of_customer(
    conn: &mut AnyConnection,
    user_id: i64,
    customer_id: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::customer_id.eq(customer_id)),
    ))
    .get_result(conn)
}

/// A customer's person as the users' export writes them.
#[derive(Debug, Clone, Queryable)]
pub struct ExportedUser {
    pub membership_id: i64,
    pub role: String,
    pub package_id: Option<i64>,
    pub email: String,
    pub full_name: String,
    pub username: String,
    pub language: String,
    pub phone: String,
}

/// A page of the customer's people, by membership, after `after`.
pub fn export_page(
    conn: &mut AnyConnection,
    customer_id: i64,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ExportedUser>> {
    super::customer_users::in_order(customer_id, after.unwrap_or(0))
        .limit(limit)
        .select((
            memberships::id,
            memberships::role,
            memberships::package_id,
            users::email,
            users::full_name,
            users::username,
            users::language,
            users::phone,
        ))
        .load(conn)
}

/// One person of a customer, as an import compares them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct Member {
    #[diesel(select_expression = memberships::id)]
    pub membership_id: i64,
    #[diesel(select_expression = users::id)]
    pub user_id: i64,
    #[diesel(select_expression = memberships::role)]
    pub role: String,
    #[diesel(select_expression = memberships::package_id)]
    pub package_id: Option<i64>,
    pub email: String,
    pub full_name: String,
    pub language: String,
    pub phone: String,
}

/// Every person of the customer.
pub fn members_of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Vec<Member>> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer_id))
        .select(Member::as_select())
        .load(conn)
}

/// Sets a person's role and package in a customer.
pub fn set_role_and_package(
    conn: &mut AnyConnection,
    user_id: i64,
    customer_id: i64,
    role: &str,
    package_id: Option<i64>,
) -> QueryResult<()> {
    diesel::update(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::customer_id.eq(customer_id)),
    )
    .set((
        memberships::role.eq(role),
        memberships::package_id.eq(package_id),
    ))
    .execute(conn)?;
    super::customers::sync_first_admin(conn, AdminOf::Customer(customer_id))
}

/// Gives many memberships one role and package (an import's modifies), by
/// their numbers: a plan kept for any customer then still reads only them.
/// The caller keeps the customer's first administrator
/// ([`super::customers::sync_first_admin`]).
pub fn set_role_and_package_all(
    conn: &mut AnyConnection,
    membership_ids: &[i64],
    role: &str,
    package_id: Option<i64>,
) -> QueryResult<()> {
    diesel::update(memberships::table.filter(memberships::id.eq_any(membership_ids)))
        .set((
            memberships::role.eq(role),
            memberships::package_id.eq(package_id),
        ))
        .execute(conn)
        .map(drop)
}

/// [`remove_from_customer`] for many people (an import's removes), by
/// their memberships' numbers and their logins. The caller keeps the
/// customer's first administrator ([`super::customers::sync_first_admin`]).
pub fn remove_all_from_customer(
    conn: &mut AnyConnection,
    membership_ids: &[i64],
    user_ids: &[i64],
) -> QueryResult<()> {
    if membership_ids.is_empty() {
        return Ok(());
    }
    diesel::delete(memberships::table.filter(memberships::id.eq_any(membership_ids)))
        .execute(conn)?;
    delete_unattached(conn, user_ids).map(drop)
}

/// Takes a person out of a customer; a login left with no account at all
/// goes too.
pub fn remove_from_customer(
    conn: &mut AnyConnection,
    user_id: i64,
    customer_id: i64,
) -> QueryResult<()> {
    diesel::delete(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::customer_id.eq(customer_id)),
    )
    .execute(conn)?;
    super::customers::sync_first_admin(conn, AdminOf::Customer(customer_id))?;
    delete_unattached(conn, &[user_id]).map(drop)
}

/// One person of a customer, as the Users list's edit form shows them.
pub fn member(
    conn: &mut AnyConnection,
    user_id: i64,
    customer_id: i64,
) -> QueryResult<Option<Member>> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer_id))
        .filter(memberships::user_id.eq(user_id))
        .select(Member::as_select())
        .first(conn)
        .optional()
}

/// How many people hold `role` in a customer.
pub fn count_with_role(conn: &mut AnyConnection, customer_id: i64, role: &str) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::customer_id.eq(customer_id))
        .filter(memberships::role.eq(role))
        .count()
        .get_result(conn)
}

/// The people of a customer, by their login's id.
pub fn user_ids_of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Vec<i64>> {
    memberships::table
        .filter(memberships::customer_id.eq(customer_id))
        .select(memberships::user_id)
        .load(conn)
}

/// Of `user_ids`, deletes the logins left with no membership, so that their
/// e-mail can be used again; how many went.
pub fn delete_unattached(conn: &mut AnyConnection, user_ids: &[i64]) -> QueryResult<usize> {
    let mut deleted = 0;
    for chunk in user_ids.chunks(500) {
        let held = memberships::table
            .filter(memberships::user_id.eq(users::id))
            .select(memberships::id);
        deleted += diesel::delete(
            users::table
                .filter(users::id.eq_any(chunk))
                .filter(diesel::dsl::not(diesel::dsl::exists(held))),
        )
        .execute(conn)?;
    }
    Ok(deleted)
}
