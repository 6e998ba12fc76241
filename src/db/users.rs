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

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
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

pub fn username_taken(conn: &mut AnyConnection, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::username.eq(normalize_login(username))),
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

pub fn record_login_success(conn: &mut AnyConnection, id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_logins.eq(0),
            users::failed_window_started_at.eq(None::<NaiveDateTime>),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Failed attempts allowed within [`THROTTLE_MINUTES`] before the account
/// is locked for as long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const THROTTLE_MINUTES: i64 = 15;

/// Counts a failed login; returns the end of the lock when this failure
/// locked the account.
pub fn record_login_failure(
    conn: &mut AnyConnection,
    user: &User,
) -> QueryResult<Option<NaiveDateTime>> {
    let now = super::now();
    let window = chrono::Duration::minutes(THROTTLE_MINUTES);
    let started: Option<NaiveDateTime> = users::table
        .find(user.id)
        .select(users::failed_window_started_at)
        .first(conn)?;
    let in_window = started.is_some_and(|s| s + window > now);
    let count: i64 = if in_window {
        diesel::update(users::table.find(user.id))
            .set(users::failed_logins.eq(users::failed_logins + 1))
            .returning(users::failed_logins)
            .get_result(conn)?
    } else {
        diesel::update(users::table.find(user.id))
            .set((
                users::failed_logins.eq(1),
                users::failed_window_started_at.eq(now),
            ))
            .execute(conn)?;
        1
    };
    if count < MAX_FAILED_LOGINS {
        return Ok(None);
    }
    let until = now + window;
    diesel::update(users::table.find(user.id))
        .set((
            users::locked_until.eq(until),
            users::failed_logins.eq(0),
            users::failed_window_started_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(Some(until))
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

/// Whether the account is locked now.
pub fn is_locked(user: &User) -> bool {
    user.locked_until.is_some_and(|t| t > super::now())
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
