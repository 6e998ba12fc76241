use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::customers::AdminOf;
use super::plan::OnBothBackends;
use super::schema::{customers, memberships, resellers, users};
use super::users::User;
use super::AnyConnection;
use crate::domain::roles::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub reseller_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub site_id: Option<i64>,
    pub package_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct NewMembership {
    pub user_id: i64,
    pub role: String,
    pub reseller_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl NewMembership {
    /// A membership of a customer account.
    pub fn customer(user_id: i64, role: Role, customer_id: i64) -> Self {
        Self {
            user_id,
            role: role.as_str().to_string(),
            reseller_id: None,
            customer_id: Some(customer_id),
            created_at: super::now(),
        }
    }

    pub fn platform(user_id: i64, role: Role) -> Self {
        Self {
            user_id,
            role: role.as_str().to_string(),
            reseller_id: None,
            customer_id: None,
            created_at: super::now(),
        }
    }
}

/// A membership with what the account switcher and the policy need to know
/// of its account.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AccountMembership {
    pub id: i64,
    pub role: Role,
    pub reseller_id: Option<i64>,
    pub reseller_name: Option<String>,
    pub reseller_status: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_status: Option<String>,
    /// The reseller that owns the customer, for customer memberships.
    pub customer_reseller_id: Option<i64>,
}

impl AccountMembership {
    /// Whether the account still lets its members in: a suspended customer
    /// or reseller shuts its people out.
    pub fn is_usable(&self) -> bool {
        self.customer_status.as_deref() != Some("suspended")
            && self.reseller_status.as_deref() != Some("suspended")
    }
}

pub type Row = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

pub fn insert(conn: &mut AnyConnection, new: &NewMembership) -> QueryResult<i64> {
    insert_holding(conn, new, None)
}

/// Customer memberships holding their package from the start, many in one
/// statement.
pub fn insert_all_holding(
    conn: &mut AnyConnection,
    new: &[(NewMembership, Option<i64>)],
) -> QueryResult<()> {
    if new.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = new
        .iter()
        .map(|(m, package)| {
            (
                memberships::user_id.eq(m.user_id),
                memberships::role.eq(&m.role),
                memberships::customer_id.eq(m.customer_id),
                memberships::package_id.eq(*package),
                memberships::created_at.eq(m.created_at),
            )
        })
        .collect();
    crate::bulk_insert!(conn, memberships::table, &rows)?;
    let admin = Role::CustomerAdmin.as_str();
    let mut synced = std::collections::BTreeSet::new();
    for (m, _) in new.iter().filter(|(m, _)| m.role == admin) {
        if let Some(customer) = m.customer_id.filter(|c| synced.insert(*c)) {
            super::customers::sync_first_admin(conn, AdminOf::Customer(customer))?;
        }
    }
    Ok(())
}

/// A membership holding `package` from the start.
pub fn insert_holding(
    conn: &mut AnyConnection,
    new: &NewMembership,
    package: Option<i64>,
) -> QueryResult<i64> {
    let id = diesel::insert_into(memberships::table)
        .values((new, memberships::package_id.eq(package)))
        .returning(memberships::id)
        .get_result(conn)?;
    if let Some(customer) = new.customer_id {
        if new.role == Role::CustomerAdmin.as_str() {
            super::customers::sync_first_admin(conn, AdminOf::Customer(customer))?;
        }
    }
    Ok(id)
}

/// The account columns of a membership, for [`AccountMembership`].
macro_rules! account_columns {
    () => {
        (
            memberships::id,
            memberships::role,
            memberships::reseller_id,
            resellers::name.nullable(),
            resellers::status.nullable(),
            memberships::customer_id,
            customers::name.nullable(),
            customers::status.nullable(),
            customers::reseller_id.nullable(),
        )
    };
}
pub(crate) use account_columns;

/// A query that has the users table, joined with each user's memberships
/// and their accounts, for [`account_columns`].
macro_rules! with_accounts {
    ($users:expr) => {
        $users
            .left_join(memberships::table.on(memberships::user_id.eq(users::id)))
            .left_join(resellers::table.on(memberships::reseller_id.eq(resellers::id.nullable())))
            .left_join(customers::table.on(memberships::customer_id.eq(customers::id.nullable())))
    };
}
pub(crate) use with_accounts;

fn account(r: Row) -> Option<AccountMembership> {
    Some(AccountMembership {
        id: r.0,
        role: r.1.parse().ok()?,
        reseller_id: r.2,
        reseller_name: r.3,
        reseller_status: r.4,
        customer_id: r.5,
        customer_name: r.6,
        customer_status: r.7,
        customer_reseller_id: r.8,
    })
}

pub fn for_user(conn: &mut AnyConnection, user_id: i64) -> QueryResult<Vec<AccountMembership>> {
    let rows: Vec<Row> = memberships::table
        .left_join(resellers::table.on(memberships::reseller_id.eq(resellers::id.nullable())))
        .left_join(customers::table.on(memberships::customer_id.eq(customers::id.nullable())))
        .filter(memberships::user_id.eq(user_id))
        .order(memberships::id)
        .select(account_columns!())
        .load(conn)?;
    Ok(rows.into_iter().filter_map(account).collect())
}

/// A user with the accounts they belong to, as every request needs them.
pub type Person = (User, Vec<AccountMembership>);

/// One row of a person: the user, and one of their memberships if any.
pub type PersonRow = (User, Option<Row>);

/// A person and their memberships in one query: every request asks for
/// both, to check its session (with the session itself, from the database
/// session store: `sessions::load`).
pub fn person(conn: &mut AnyConnection, user_id: i64) -> QueryResult<Option<Person>> {
    // `as_select` is written per backend: inside the body.
    let rows: Vec<PersonRow> = crate::native!(conn, |c| with_accounts!(users::table)
        .filter(users::id.eq(user_id))
        .order(memberships::id)
        .select((User::as_select(), account_columns!().nullable()))
        .load(c))?;
    Ok(person_of(rows))
}

/// The person in rows of a user joined with their memberships, in order.
pub fn person_of(rows: Vec<PersonRow>) -> Option<Person> {
    let mut rows = rows.into_iter().peekable();
    let user = rows.peek().map(|(u, _)| u.clone())?;
    let accounts = rows.filter_map(|(_, r)| r.and_then(account)).collect();
    Some((user, accounts))
}

pub fn operator_exists(conn: &mut AnyConnection) -> QueryResult<bool> {
    operators().get_result(conn)
}

/// Whether any operator exists: looked for among the memberships without a
/// customer, at the head of the (customer, role) index, not among the
/// millions of customer users'.
pub fn operators() -> impl OnBothBackends
       + RunQueryDsl<AnyConnection>
       + for<'a> diesel::query_dsl::LoadQuery<'a, AnyConnection, bool> {
    diesel::select(diesel::dsl::exists(
        memberships::table
            .filter(memberships::customer_id.is_null())
            .filter(memberships::role.eq(Role::Operator.as_str())),
    ))
}

/// A platform staff member, for the staff screen.
#[derive(Debug, Clone, Queryable)]
pub struct StaffMember {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub last_login_at: Option<NaiveDateTime>,
}

pub fn staff(conn: &mut AnyConnection) -> QueryResult<Vec<StaffMember>> {
    use super::schema::users;
    memberships::table
        .inner_join(users::table)
        .filter(memberships::reseller_id.is_null())
        .filter(memberships::customer_id.is_null())
        .order((users::full_name, users::id))
        .select((
            users::id,
            users::full_name,
            users::email,
            memberships::role,
            users::status,
            users::last_login_at,
        ))
        .load(conn)
}

/// A reseller's first administrator.
pub fn reseller_admin(
    conn: &mut AnyConnection,
    reseller_id: i64,
) -> QueryResult<Option<super::users::User>> {
    use super::schema::users;
    memberships::table
        .inner_join(users::table)
        .filter(memberships::reseller_id.eq(reseller_id))
        .filter(memberships::customer_id.is_null())
        .filter(memberships::role.eq(Role::ResellerAdmin.as_str()))
        .order(memberships::id)
        .select(super::users::User::as_select())
        .first(conn)
        .optional()
}

/// The status of the first administrator of each reseller in `of`.
pub fn reseller_admin_statuses(
    conn: &mut AnyConnection,
    of: &[i64],
) -> QueryResult<std::collections::HashMap<i64, String>> {
    use super::schema::users;
    let rows: Vec<(Option<i64>, String)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::reseller_id.eq_any(of))
        .filter(memberships::customer_id.is_null())
        .filter(memberships::role.eq(Role::ResellerAdmin.as_str()))
        .order(memberships::id.desc())
        .select((memberships::reseller_id, users::status))
        .load(conn)?;
    // Newest first: the first administrator is written last.
    Ok(rows
        .into_iter()
        .filter_map(|(r, s)| Some((r?, s)))
        .collect())
}
