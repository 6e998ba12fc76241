//! Actions on one user of a customer: resend or cancel the invitation,
//! *Reset and e-mail password*. Each answers with a message on the page it
//! came from.

use actix_session::Session;
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::app::users::{self, InvitationChange};
use crate::db::customers::Customer;
use crate::db::users::User;
use crate::web::request::context::flash_with;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::local_return;
use crate::web::AppState;

#[derive(Deserialize)]
struct ReturnForm {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

fn back(
    session: &Session,
    form: &ReturnForm,
    c: &Customer,
    key: &str,
    user: &User,
) -> Result<HttpResponse, AppError> {
    flash_with(
        session,
        "success",
        key,
        vec![
            ("name".into(), user.full_name.clone()),
            ("email".into(), user.email.clone()),
        ],
    )?;
    let fallback = format!("/customers/{}/users", c.id);
    Ok(see_other(&local_return(
        form.return_to.as_deref(),
        &fallback,
    )))
}

/// Resend or cancel an invitation: one route, whose last word names it.
#[post("/customers/{id}/users/{user}/invitation/{change:resend|cancel}")]
async fn invitation(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64, String)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (id, user, change) = path.into_inner();
    let change = match change.as_str() {
        "resend" => InvitationChange::Resend,
        _ => InvitationChange::Cancel,
    };
    let (actor, links) = (current.app_actor(), state.links.clone());
    let (c, user) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::change_invitation(
            conn,
            &actor,
            &links,
            (id, user),
            change,
        )?)
    })
    .await?;
    let key = match change {
        InvitationChange::Resend => "invitation-resent",
        InvitationChange::Cancel => "invitation-cancelled",
    };
    back(&session, &form, &c, key, &user)
}

#[post("/customers/{id}/users/{user}/reset-password")]
async fn reset_password(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (cid, uid) = path.into_inner();
    let (actor, links, cost) = (
        current.app_actor(),
        state.links.clone(),
        state.config.bcrypt_cost,
    );
    let (c, user) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(users::reset_and_email_password(
            conn,
            &actor,
            &links,
            cost,
            (cid, uid),
        )?)
    })
    .await?;
    back(&session, &form, &c, "password-reset-emailed", &user)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(invitation).service(reset_password);
}
