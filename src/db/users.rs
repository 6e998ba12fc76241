use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::customers::AdminOf;
use super::schema::users;
use super::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Invited,
    Active,
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }
}

#[derive(
    Debug, Clone, Queryable, Selectable, Identifiable, serde::Serialize, serde::Deserialize,
)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub password_hash: Option<String>,
    pub language: String,
    pub timezone: Option<String>,
    pub phone: String,
    pub identity_provider: String,
    pub status: String,
    pub must_change_password: bool,
    pub session_epoch: i64,
    pub failed_logins: i64,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    pub fn is_active(&self) -> bool {
        self.status == UserStatus::Active.as_str()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub full_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub language: &'a str,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Usernames and e-mail addresses are compared without regard to case.
pub fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

pub fn insert(conn: &mut AnyConnection, new: &NewUser<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result(conn)
}

/// Inserts a user and returns it as stored.
pub fn insert_returning(conn: &mut AnyConnection, new: &NewUser<'_>) -> QueryResult<User> {
    // On the backend's own connection: diesel's returning of a whole
    // struct does not go through the multi-backend one.
    crate::native!(conn, |c| diesel::insert_into(users::table)
        .values(new)
        .returning(User::as_returning())
        .get_result(c))
}

/// Inserts users without a password, many in one statement, and returns
/// them as stored (in no promised order).
pub fn insert_all_returning(
    conn: &mut AnyConnection,
    new: &[NewUser<'_>],
) -> QueryResult<Vec<User>> {
    // Columns given one by one (no DEFAULT), so SQLite takes one statement.
    let rows: Vec<_> = new
        .iter()
        .map(|u| {
            (
                users::username.eq(u.username),
                users::email.eq(u.email),
                users::full_name.eq(u.full_name),
                users::language.eq(u.language),
                users::status.eq(u.status),
                users::created_at.eq(u.created_at),
                users::updated_at.eq(u.updated_at),
            )
        })
        .collect();
    crate::native!(conn, |c| diesel::insert_into(users::table)
        .values(&rows)
        .returning(User::as_returning())
        .get_results(c))
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Of `logins`, those that are some user's username or e-mail (as
/// normalised for a login): the only ones `find_by_login` may find. Asked
/// in chunks, for files of thousands of rows.
pub fn known_logins(
    conn: &mut AnyConnection,
    logins: &[&str],
) -> QueryResult<std::collections::HashSet<String>> {
    let mut known = std::collections::HashSet::new();
    // Normalised a chunk at a time: a file of 100,000 addresses is not copied.
    for logins in logins.chunks(500) {
        let chunk: Vec<String> = logins.iter().map(|l| normalize_login(l)).collect();
        known.extend(
            users::table
                .filter(users::username.eq_any(&chunk))
                .select(users::username)
                .load::<String>(conn)?,
        );
        known.extend(
            users::table
                .filter(users::email.eq_any(&chunk))
                .select(users::email)
                .load::<String>(conn)?,
        );
    }
    Ok(known)
}

/// Finds the identity a person typed at login: a username, or an e-mail
/// address held by exactly one identity.
pub fn find_by_login(conn: &mut AnyConnection, login: &str) -> QueryResult<Option<User>> {
    let key = normalize_login(login);
    if let Some(user) = users::table
        .filter(users::username.eq(&key))
        .select(User::as_select())
        .first(conn)
        .optional()?
    {
        return Ok(Some(user));
    }
    let mut by_email: Vec<User> = users::table
        .filter(users::email.eq(&key))
        .select(User::as_select())
        .limit(2)
        .load(conn)?;
    Ok(if by_email.len() == 1 {
        by_email.pop()
    } else {
        None
    })
}

/// Usernames and e-mail addresses are one namespace for login (a person
/// logs in with either): whether `login` is the username or the e-mail of
/// an identity other than `except`.
pub fn login_taken(
    conn: &mut AnyConnection,
    login: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let key = normalize_login(login);
    // Ids start at 1: without `except`, no identity is left out.
    let except = except.unwrap_or(0);
    diesel::select(diesel::dsl::exists(
        users::table
            .filter(users::username.eq(key.clone()).or(users::email.eq(key)))
            .filter(users::id.ne(except)),
    ))
    .get_result(conn)
}

pub fn set_language(conn: &mut AnyConnection, id: i64, language: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::language.eq(language),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

pub fn update_profile(
    conn: &mut AnyConnection,
    id: i64,
    full_name: &str,
    language: &str,
    timezone: Option<&str>,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::full_name.eq(full_name),
            users::language.eq(language),
            users::timezone.eq(timezone),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// A user's name, language and phone as an import sets them; the rest of
/// their profile stays.
pub fn set_details(
    conn: &mut AnyConnection,
    id: i64,
    (full_name, language, phone): (&str, &str, &str),
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::full_name.eq(full_name),
            users::language.eq(language),
            users::phone.eq(phone),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// [`set_details`] for many users (an import's modifies): one statement on
/// PostgreSQL, where each statement is a round trip; one per user on
/// SQLite, which runs in the process.
pub fn set_details_all(
    conn: &mut AnyConnection,
    rows: &[(i64, (&str, &str, &str))],
) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        AnyConnection::Postgresql(pg) => {
            super::raw::user_details::on_postgres(pg, rows, super::now())
        }
        AnyConnection::Sqlite(_) => {
            for (id, details) in rows {
                set_details(conn, *id, *details)?;
            }
            Ok(())
        }
    }
}

/// Stores a new password hash and ends every other session of the user by
/// moving their session epoch on. Returns the new epoch.
pub fn set_password(conn: &mut AnyConnection, id: i64, hash: &str) -> QueryResult<i64> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(false),
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(super::now()),
        ))
        .returning(users::session_epoch)
        .get_result(conn)
}

pub fn set_must_change_password(conn: &mut AnyConnection, id: i64, on: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::must_change_password.eq(on))
        .execute(conn)
        .map(drop)
}

/// Accepting an invitation: the first password, and the account is active.
pub fn activate(conn: &mut AnyConnection, id: i64, hash: &str) -> QueryResult<i64> {
    diesel::update(users::table.find(id))
        .set(users::status.eq(UserStatus::Active.as_str()))
        .execute(conn)?;
    super::customers::sync_first_admin(conn, AdminOf::User(id))?;
    set_password(conn, id, hash)
}

pub fn set_status(conn: &mut AnyConnection, id: i64, status: UserStatus) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::status.eq(status.as_str()),
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    super::customers::sync_first_admin(conn, AdminOf::User(id))
}

pub fn set_username(conn: &mut AnyConnection, id: i64, username: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::username.eq(username),
            users::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

pub fn set_contact(
    conn: &mut AnyConnection,
    id: i64,
    phone: &str,
    identity_provider: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::phone.eq(phone),
            users::identity_provider.eq(identity_provider),
        ))
        .execute(conn)
        .map(drop)
}

/// The full names of `ids` that still exist, for showing people by name.
pub fn names_of(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::full_name))
        .load(conn)
}
