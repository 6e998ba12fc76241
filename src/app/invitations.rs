//! Links that let people in: invitations (7 days) and *Forgot password*
//! links (1 hour), single-use and stored hashed, each queued as an e-mail in
//! the transaction of the change that causes it. Also the staff password
//! reset that e-mails a generated password.

use chrono::Duration;
use diesel::prelude::*;
use rand::Rng;

use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use crate::db::customers::Customer;
use crate::db::schema::single_use_tokens;
use crate::db::users::{self, User};
use crate::db::{self, tokens, AnyConnection};
use crate::i18n::Lang;
use crate::mail::{self, compose, sealed, Links};

pub const PURPOSE_INVITATION: &str = "invitation";
pub const PURPOSE_RESET: &str = "password_reset";
pub const INVITATION_DAYS: i64 = 7;
pub const RESET_MINUTES: i64 = 60;

/// A storage or template failure while queueing.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error("mail template: {0}")]
    Template(#[from] askama::Error),
}

impl From<MailError> for diesel::result::Error {
    fn from(e: MailError) -> Self {
        match e {
            MailError::Db(e) => e,
            MailError::Template(t) => diesel::result::Error::QueryBuilderError(t.into()),
        }
    }
}

fn lang_of(user: &User) -> Lang {
    Lang::from_code(&user.language).unwrap_or_default()
}

/// Makes earlier links of this kind for the user worthless.
pub fn revoke(conn: &mut AnyConnection, user_id: i64, purpose: &str) -> QueryResult<usize> {
    diesel::update(
        single_use_tokens::table
            .filter(single_use_tokens::user_id.eq(user_id))
            .filter(single_use_tokens::purpose.eq(purpose))
            .filter(single_use_tokens::used_at.is_null()),
    )
    .set(single_use_tokens::used_at.eq(db::now()))
    .execute(conn)
}

/// Queues an invitation to `user` (replacing any earlier link).
pub fn invite(
    conn: &mut AnyConnection,
    links: &Links,
    user: &User,
    account: &str,
    customer_id: Option<i64>,
) -> Result<(), MailError> {
    revoke(conn, user.id, PURPOSE_INVITATION)?;
    invite_first(conn, links, user, account, customer_id)
}

/// Queues the first invitation of a login just made, which has no earlier
/// link to revoke.
pub fn invite_first(
    conn: &mut AnyConnection,
    links: &Links,
    user: &User,
    account: &str,
    customer_id: Option<i64>,
) -> Result<(), MailError> {
    invite_all_first(
        conn,
        links,
        std::slice::from_ref(user),
        account,
        customer_id,
    )
}

/// [`invite_first`] for many logins just made, in a few statements.
pub fn invite_all_first(
    conn: &mut AnyConnection,
    links: &Links,
    users: &[User],
    account: &str,
    customer_id: Option<i64>,
) -> Result<(), MailError> {
    let expires = db::now() + Duration::days(INVITATION_DAYS);
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let tokens = tokens::create_all(conn, PURPOSE_INVITATION, &ids, Some(expires))?;
    let link = links.secret_link("/invitation/");
    let mut messages = Vec::with_capacity(users.len());
    for (user, token) in users.iter().zip(tokens) {
        let lang = lang_of(user);
        let m = compose::invitation(lang, &user.full_name, &user.username, account, &link)?;
        messages.push((user.email.as_str(), lang, m, token));
    }
    mail::queue_all_with_secrets(conn, links, customer_id, &messages)?;
    Ok(())
}

/// Queues a *Forgot password* link (replacing any earlier one).
pub fn send_reset_link(
    conn: &mut AnyConnection,
    links: &Links,
    user: &User,
) -> Result<(), MailError> {
    revoke(conn, user.id, PURPOSE_RESET)?;
    let expires = db::now() + Duration::minutes(RESET_MINUTES);
    let token = tokens::create(conn, PURPOSE_RESET, Some(user.id), Some(expires))?;
    let link = links.secret_link("/password/reset/");
    let lang = lang_of(user);
    let m = compose::password_reset(lang, &user.full_name, &link)?;
    mail::queue_with_secret(conn, links, &token, &user.email, lang, None, &m)?;
    Ok(())
}

/// A strong password people can type: 20 characters from an alphabet
/// without look-alikes (about 115 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// *Reset and e-mail password*: a generated password, e-mailed; the user
/// must change it at next login, and their sessions end. `hash` is the
/// bcrypt of `password` (computed outside the transaction).
pub fn reset_and_email(
    conn: &mut AnyConnection,
    links: &Links,
    user: &User,
    (password, hash): (&str, &str),
    customer: &Customer,
    actor: &AuditActor,
) -> Result<(), MailError> {
    let (customer_id, reseller_id) = (Some(customer.id), Some(customer.reseller_id));
    crate::db::write_transaction(conn, |conn| {
        users::set_password(conn, user.id, hash)?;
        users::set_must_change_password(conn, user.id, true)?;
        let lang = lang_of(user);
        let login = format!("{}/login", links.base_url);
        let m = compose::new_password(
            lang,
            &user.full_name,
            &user.username,
            sealed::PLACEHOLDER,
            &login,
        )?;
        mail::queue_with_secret(conn, links, password, &user.email, lang, customer_id, &m)?;
        audit::record(
            conn,
            actor,
            AuditEvent {
                action: AuditAction::PasswordResetEmailed,
                target_type: "user",
                target_id: user.id.to_string(),
                customer_id,
                reseller_id,
                details: Details::new().text("email", &user.email),
            },
        )?;
        Ok(())
    })
}
