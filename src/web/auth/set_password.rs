//! The "choose a password" form shared by a forced change, an invitation
//! and a reset link; and starting a session once it is set.

use actix_identity::Identity;
use actix_session::Session;
use actix_web::{HttpMessage, HttpRequest};
use askama::Template;
use serde::Deserialize;

use crate::app::own_account;
use crate::db::audit::AuditActor;
use crate::domain::password;
use crate::i18n::Lang;
use crate::web::forms::FormErrors;
use crate::web::request::context::{PageCtx, SESSION_LANG};
use crate::web::request::current::{SESSION_EPOCH, SESSION_MEMBERSHIP};
use crate::web::request::error::AppError;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_confirm: String,
}

impl NewPasswordForm {
    /// Every password rule, then the confirmation.
    pub fn check(&self, lang: Lang, identities: &[&str]) -> FormErrors {
        let mut errors = FormErrors::new(lang);
        if let Err(p) = password::check(&self.new_password, identities) {
            errors.add_password("new_password", p);
        } else if self.new_password != self.new_password_confirm {
            errors.add("new_password_confirm", "password-mismatch");
        }
        errors
    }
}

#[derive(Template)]
#[template(path = "auth/set_password.html")]
pub struct SetPasswordPage {
    pub ctx: PageCtx,
    pub intro: String,
    pub username: String,
    pub action: String,
    pub submit: String,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "auth/link_invalid.html")]
pub struct LinkInvalidPage {
    pub ctx: PageCtx,
    pub text: String,
    pub next_href: &'static str,
    pub next_label: String,
}

/// Logs a person in (a new session id), as the login form does.
pub fn start_session(
    req: &HttpRequest,
    session: &Session,
    user_id: i64,
    epoch: i64,
    membership: i64,
    language: &str,
) -> Result<(), AppError> {
    // Identity::login renews the session, so its id changes here; the CSRF
    // token a page showed before login changes with it.
    Identity::login(&req.extensions(), user_id.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("login failed: {e}")))?;
    session.remove(crate::web::request::context::SESSION_CSRF);
    crate::web::request::context::csrf_token(session)?;
    session.insert(SESSION_EPOCH, epoch)?;
    session.insert(SESSION_MEMBERSHIP, membership)?;
    session.insert(SESSION_LANG, language)?;
    Ok(())
}

/// Saves a person's own new password: every other session of theirs ends,
/// this one carries on under a new id.
pub async fn save_own_password(
    state: &AppState,
    session: &Session,
    user_id: i64,
    password: String,
    actor: AuditActor,
    summary: &'static str,
) -> Result<(), AppError> {
    let cost = state.config.bcrypt_cost;
    let epoch = crate::web::request::database::run(&state.pool, move |conn| {
        let with = (cost, summary);
        Ok(own_account::change_password(
            conn, &actor, user_id, &password, with,
        )?)
    })
    .await?;
    session.insert(SESSION_EPOCH, epoch)?;
    session.renew();
    Ok(())
}
