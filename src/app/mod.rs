//! The use cases: one function per thing a person does. Each takes the actor,
//! checks the policy, writes in one transaction with its audit entry and its
//! outbox rows, and says what happened or why it was refused. Screens, the
//! command line and later the API, SCIM and the CSV import call these same
//! functions, so a rule lives in one place.

pub mod catalog;
pub mod customer_users;
pub mod customers;
pub mod editing;
pub mod impersonation;
pub mod import_tasks;
pub mod invitations;
pub mod jobs;
pub mod operators;
pub mod outbox;
pub mod own_account;
pub mod password_links;
pub mod provisioning;
pub mod services;
pub mod settings;
pub mod sign_in;
pub mod sites;
pub mod subscriptions;
pub mod user_edit;
pub mod users;
pub mod users_import;

use crate::db::audit::AuditActor;
use crate::db::customers::{self as customer_rows, Customer};
use crate::db::{self, AnyConnection};
use crate::domain::policy::{self, Action, Target};

/// Who acts: their role and reach for the policy, their name and address
/// for the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub who: policy::Actor,
    pub audit: AuditActor,
}

impl Actor {
    /// Whether the actor may do `action` on `target`. A target out of reach
    /// is refused as not found, so ids cannot be told apart; a role that may
    /// not do this at all is forbidden.
    pub fn require(&self, action: Action, target: Target) -> Result<(), Error> {
        if policy::may(&self.who, action, target) {
            Ok(())
        } else if policy::may_somewhere(&self.who, action) {
            Err(Error::NotFound)
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// Why a use case did nothing: a field and a message key for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The form field the refusal belongs to, if any.
    pub field: Option<&'static str>,
    pub key: &'static str,
}

impl Refusal {
    pub fn of_field(field: &'static str, key: &'static str) -> Self {
        Refusal {
            field: Some(field),
            key,
        }
    }

    pub fn of_form(key: &'static str) -> Self {
        Refusal { field: None, key }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Unknown, or out of the actor's reach.
    #[error("not found")]
    NotFound,
    /// The actor's role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// A rule refused it; nothing was written.
    #[error("refused: {}", .0.key)]
    Refused(Refusal),
    #[error(transparent)]
    Database(#[from] db::Error),
    /// Anything else that failed (a password hash, a template).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Error::NotFound,
            e => Error::Database(e.into()),
        }
    }
}

pub type Outcome<T> = Result<T, Error>;

/// What the policy sees of a customer.
pub fn target(c: &Customer) -> Target {
    Target::Customer {
        id: c.id,
        reseller_id: c.reseller_id,
    }
}

/// The customer `id`, when the actor may do `action` on it.
pub fn customer(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    action: Action,
) -> Outcome<Customer> {
    let c = customer_rows::find(conn, id)?.ok_or(Error::NotFound)?;
    actor.require(action, target(&c))?;
    Ok(c)
}

impl From<invitations::MailError> for Error {
    fn from(e: invitations::MailError) -> Self {
        diesel::result::Error::from(e).into()
    }
}

/// Separates a rule's refusal, which a screen shows on its form, from a
/// failure, which becomes an error page.
pub fn or_refusal<T>(outcome: Outcome<T>) -> Outcome<Result<T, Refusal>> {
    match outcome {
        Err(Error::Refused(r)) => Ok(Err(r)),
        other => other.map(Ok),
    }
}
