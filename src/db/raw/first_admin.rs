//! The first administrator a customer keeps (`admin_user_id`,
//! `admin_status`), brought up to date from its memberships. Raw SQL: the
//! values are correlated subqueries with an order and a limit, which
//! diesel's UPDATE cannot take.

use diesel::RunQueryDsl;

use super::{CountSql, Sql};
use crate::db::AnyConnection;
use crate::domain::roles::Role;
use diesel::QueryResult;

/// Whose customers' first administrator may have changed.
#[derive(Debug, Clone, Copy)]
pub enum AdminOf {
    /// The customer was given an administrator.
    Customer(i64),
    /// The user's status changed: the customers it administers.
    User(i64),
}

/// The first administrator's `column` (a membership's or a user's) of the
/// customer in the enclosing statement: its oldest `customer_admin`
/// membership, with the role bound.
fn first_admin<ST>(q: &mut Sql<ST>, column: &str) {
    q.sql(format!(
        "(SELECT {column} FROM memberships INNER JOIN users ON users.id = memberships.user_id \
         WHERE memberships.customer_id = customers.id AND memberships.role = "
    ))
    .text(Role::CustomerAdmin.as_str())
    .sql(" ORDER BY memberships.id LIMIT 1)");
}

/// Brings `customers.admin_user_id` and `customers.admin_status` up to
/// date: the customer's first administrator (its oldest `customer_admin`
/// membership) and that user's status. Every list row shows the status (for
/// *Log in as*), and the overview the administrator: kept on the customer,
/// they are read with it instead of through its memberships.
/// [`crate::db::users`] and [`crate::db::memberships`] call this at every change
/// that can alter them.
pub fn sync_first_admin(conn: &mut AnyConnection, of: AdminOf) -> QueryResult<()> {
    let mut q = CountSql::default();
    q.sql("UPDATE customers SET admin_user_id = ");
    first_admin(&mut q, "users.id");
    q.sql(", admin_status = ");
    first_admin(&mut q, "users.status");
    q.sql(" WHERE (");
    match of {
        AdminOf::Customer(id) => q.sql("customers.id = ").int(id),
        AdminOf::User(id) => q
            .sql("customers.id IN (SELECT customer_id FROM memberships WHERE user_id = ")
            .int(id)
            .sql(" AND role = ")
            .text(Role::CustomerAdmin.as_str())
            .sql(")"),
    };
    // Only a customer whose kept values change is written: on PostgreSQL,
    // rewriting one row at every change of a long import leaves a chain of
    // row versions that each later write walks.
    q.sql(") AND (");
    differs(&mut q);
    q.sql(")");
    crate::native!(conn, |c| q.execute(c)).map(drop)
}

/// Whether the customer of the enclosing statement keeps another first
/// administrator, or status, than its memberships say.
fn differs<ST>(q: &mut Sql<ST>) {
    q.sql("COALESCE(admin_user_id, 0) <> COALESCE(");
    first_admin(q, "users.id");
    q.sql(", 0) OR COALESCE(admin_status, '') <> COALESCE(");
    first_admin(q, "users.status");
    q.sql(", '')");
}

/// How many customers' kept administrator or status differs from their
/// first administrator's own: none, unless a change went around
/// [`sync_first_admin`]. For tests and checks.
pub fn first_admin_drift(conn: &mut AnyConnection) -> QueryResult<i64> {
    let mut q = CountSql::default();
    q.sql("SELECT count(*) FROM customers WHERE ");
    differs(&mut q);
    crate::native!(conn, |c| q.get_result(c))
}
