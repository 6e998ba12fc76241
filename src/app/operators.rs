//! Creating platform staff (operators and support), shared by the first-run
//! page, the staff screen and the `create-operator` command.

use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use crate::db::memberships::{self, NewMembership};
use crate::db::users::{self, NewUser, UserStatus};
use crate::db::{self, tokens, AnyConnection};
use crate::domain::password::{self, PasswordProblem};
use crate::domain::roles::Role;
use crate::passwords;

pub struct NewOperator {
    /// Already validated and lower-cased; it is also the username.
    pub email: String,
    pub full_name: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error("{}", .0.describe())]
    WeakPassword(PasswordProblem),
    #[error("the first operator has already been created")]
    SetupClosed,
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("password hashing failed: {0}")]
    Hash(anyhow::Error),
}

/// Creates a staff member with a platform role. `actor` says who did it,
/// for the audit log.
pub fn create(
    conn: &mut AnyConnection,
    new: &NewOperator,
    role: Role,
    cost: u32,
    actor: &AuditActor,
) -> Result<i64, OperatorError> {
    debug_assert!(role.is_staff());
    create_member(conn, new, role, None, cost, actor)
}

/// Creates a person with a password and one membership: platform staff
/// (`reseller_id` None) or a reseller's administrator.
pub fn create_member(
    conn: &mut AnyConnection,
    new: &NewOperator,
    role: Role,
    reseller_id: Option<i64>,
    cost: u32,
    actor: &AuditActor,
) -> Result<i64, OperatorError> {
    password::check(&new.password, &[&new.email]).map_err(OperatorError::WeakPassword)?;
    let hash = passwords::hash(&new.password, cost).map_err(OperatorError::Hash)?;
    crate::db::write_transaction(conn, |conn| {
        insert_member(conn, new, role, reseller_id, &hash, actor)
    })
}

/// Creates the first operator through a setup link, consuming the link.
pub fn create_first(
    conn: &mut AnyConnection,
    new: &NewOperator,
    setup_token: &str,
    cost: u32,
) -> Result<i64, OperatorError> {
    password::check(&new.password, &[&new.email]).map_err(OperatorError::WeakPassword)?;
    let hash = passwords::hash(&new.password, cost).map_err(OperatorError::Hash)?;
    crate::db::write_transaction(conn, |conn| {
        let token = tokens::find_valid(conn, tokens::PURPOSE_SETUP, setup_token)?;
        let Some((token_id, _)) = token else {
            return Err(OperatorError::SetupClosed);
        };
        if memberships::operator_exists(conn)? || !tokens::mark_used(conn, token_id)? {
            return Err(OperatorError::SetupClosed);
        }
        let actor = AuditActor {
            name: "first-run setup".into(),
            ..Default::default()
        };
        insert_member(conn, new, Role::Operator, None, &hash, &actor)
    })
}

pub(crate) fn insert_member(
    conn: &mut AnyConnection,
    new: &NewOperator,
    role: Role,
    reseller_id: Option<i64>,
    hash: &str,
    actor: &AuditActor,
) -> Result<i64, OperatorError> {
    if users::login_taken(conn, &new.email, None)? {
        return Err(OperatorError::EmailTaken);
    }
    let now = db::now();
    let id = users::insert(
        conn,
        &NewUser {
            username: &new.email,
            email: &new.email,
            full_name: &new.full_name,
            password_hash: Some(hash),
            language: "en",
            status: UserStatus::Active.as_str(),
            created_at: now,
            updated_at: now,
        },
    )?;
    memberships::insert(
        conn,
        &NewMembership {
            reseller_id,
            ..NewMembership::platform(id, role)
        },
    )?;
    audit::record(
        conn,
        actor,
        AuditEvent {
            reseller_id,
            ..AuditEvent::new(
                if reseller_id.is_some() {
                    AuditAction::ResellerAdminCreated
                } else {
                    AuditAction::StaffCreated
                },
                "user",
                id,
                Details::new()
                    .word("role", format!("role-{}", role.as_str()))
                    .text("email", &new.email),
            )
        },
    )?;
    Ok(id)
}
