//! Actions on one user of a customer: resend or cancel the invitation,
//! *Reset and e-mail password*. Each answers with a message on the page it
//! came from.

use actix_session::Session;
use actix_web::{post, web, HttpResponse};
use diesel::Connection;
use serde::Deserialize;

use super::{load_for, local_return};
use crate::db::audit::{self, AuditEvent};
use crate::db::customers::Customer;
use crate::db::users::{User, UserStatus};
use crate::db::{memberships, users};
use crate::domain::policy::Action;
use crate::invitations::{self, PURPOSE_INVITATION};
use crate::passwords;
use crate::web::auth::current::CurrentUser;
use crate::web::context::flash_with;
use crate::web::error::{see_other, AppError};
use crate::web::AppState;

#[derive(Deserialize)]
struct ReturnForm {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// The customer and one of its users, or 404/403.
async fn load_user(
    state: &AppState,
    current: &CurrentUser,
    customer_id: i64,
    user_id: i64,
    action: Action,
) -> Result<(Customer, User), AppError> {
    let c = load_for(state, current, customer_id, action).await?;
    let cid = c.id;
    let user = crate::web::database::run(&state.pool, move |conn| {
        let inside = memberships::is_member_of_customer(conn, user_id, cid)?;
        Ok(users::find(conn, user_id)?.filter(|_| inside))
    })
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((c, user))
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

fn event(c: &Customer, action: &'static str, user: &User, summary: String) -> AuditEvent<'static> {
    AuditEvent {
        action,
        target_type: "user",
        target_id: user.id.to_string(),
        customer_id: Some(c.id),
        reseller_id: Some(c.reseller_id),
        summary,
    }
}

#[derive(Clone, Copy)]
enum InvitationChange {
    Resend,
    Cancel,
}

/// Resend or cancel an invited user's invitation, with its audit entry.
async fn change_invitation(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    (cid, uid): (i64, i64),
    form: &ReturnForm,
    change: InvitationChange,
) -> Result<HttpResponse, AppError> {
    let (c, user) = load_user(state, current, cid, uid, Action::ManageInvitations).await?;
    if user.status != UserStatus::Invited.as_str() {
        return Err(AppError::Conflict("user-not-invited"));
    }
    let (actor, links) = (current.audit_actor(), state.links.clone());
    let (cc, u) = (c.clone(), user.clone());
    crate::web::database::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let (action, summary) = match change {
                InvitationChange::Resend => {
                    invitations::invite(conn, &links, &u, &cc.name, Some(cc.id))?;
                    (
                        "invitation.resent",
                        format!("invitation sent again to {}", u.email),
                    )
                }
                InvitationChange::Cancel => {
                    invitations::revoke(conn, u.id, PURPOSE_INVITATION)?;
                    users::set_status(conn, u.id, UserStatus::Disabled)?;
                    let summary = format!("invitation of {} cancelled; user disabled", u.email);
                    ("invitation.cancelled", summary)
                }
            };
            audit::record(conn, &actor, event(&cc, action, &u, summary))?;
            Ok::<_, diesel::result::Error>(())
        })?;
        Ok(())
    })
    .await?;
    let key = match change {
        InvitationChange::Resend => "invitation-resent",
        InvitationChange::Cancel => "invitation-cancelled",
    };
    back(session, form, &c, key, &user)
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
    change_invitation(&state, &session, &current, (id, user), &form, change).await
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
    let (c, user) = load_user(&state, &current, cid, uid, Action::ResetPassword).await?;
    if !user.is_active() {
        return Err(AppError::Conflict("user-not-active"));
    }
    let (actor, links, cost) = (
        current.audit_actor(),
        state.links.clone(),
        state.config.bcrypt_cost,
    );
    let (cc, u) = (c.clone(), user.clone());
    crate::web::database::run(&state.pool, move |conn| {
        let password = invitations::generate_password();
        let hash = passwords::hash(&password, cost)?;
        invitations::reset_and_email(conn, &links, &u, (&password, &hash), &cc, &actor)
            .map_err(diesel::result::Error::from)?;
        Ok(())
    })
    .await?;
    back(&session, &form, &c, "password-reset-emailed", &user)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(invitation).service(reset_password);
}
