//! `/customers/{id}/users`: the people of a customer account, and the
//! *Log in as* buttons every customer screen shows.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

use super::{load_for, target};
use crate::db::customers::Customer;
use crate::db::memberships::{self, CustomerUser};
use crate::db::settings;
use crate::db::users::UserStatus;
use crate::domain::policy::{Action, Target};
use crate::web::auth::current::CurrentUser;
use crate::web::auth::login_as::unavailable_reason;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::time::format_datetime;
use crate::web::{html, AppState};

/// A *Log in as* button, or the reason it is disabled.
pub struct LoginAsButton {
    /// Where the form posts: the customer's or the reseller's start.
    pub action: String,
    /// The user; the account's administrator when absent.
    pub user_id: Option<i64>,
    pub reason: Option<String>,
}

/// The reason people can't be used, as a message; None when they can.
fn reason_key(
    enabled: bool,
    user: Option<&str>,
    account: impl Fn(&str) -> Option<&'static str>,
) -> Option<&'static str> {
    if !enabled {
        return Some("login-as-switched-off");
    }
    match user {
        None => Some("login-as-no-user"),
        Some(status) => account(status),
    }
}

/// The button for a reseller's first administrator (operators only).
pub fn reseller_login_as_button(
    current: &CurrentUser,
    reseller_id: i64,
    reseller_status: &str,
    admin: Option<(Option<i64>, &str)>,
    enabled: bool,
) -> Option<LoginAsButton> {
    let scope = Target::Reseller(reseller_id);
    let operator = current.actor.role == crate::domain::roles::Role::Operator;
    if !operator || current.impersonation.is_some() || !current.may(Action::Impersonate, scope) {
        return None;
    }
    let reason = reason_key(enabled, admin.map(|(_, s)| s), |status| {
        if reseller_status == "suspended" {
            Some("login-as-reseller-suspended")
        } else {
            unavailable_reason(status, "active")
        }
    });
    Some(LoginAsButton {
        action: format!("/resellers/{reseller_id}/login-as"),
        user_id: admin.and_then(|(id, _)| id),
        reason: reason.map(|k| current.lang.t(k)),
    })
}

/// The button for a customer's user (`user`: id and status; `None` when the
/// customer has no administrator), or nothing when the person may not log
/// in as anyone there.
pub fn login_as_button(
    current: &CurrentUser,
    scope: Target,
    customer_status: &str,
    user: Option<(Option<i64>, &str)>,
    enabled: bool,
) -> Option<LoginAsButton> {
    let Target::Customer { id, .. } = scope else {
        return None;
    };
    if current.impersonation.is_some() || !current.may(Action::Impersonate, scope) {
        return None;
    }
    let reason = reason_key(enabled, user.map(|(_, s)| s), |status| {
        unavailable_reason(status, customer_status)
    });
    Some(LoginAsButton {
        action: format!("/customers/{id}/login-as"),
        user_id: user.and_then(|(id, _)| id),
        reason: reason.map(|k| current.lang.t(k)),
    })
}

pub struct UserRow {
    pub full_name: String,
    pub username: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub status_label: String,
    pub last_login: String,
    pub login_as: Option<LoginAsButton>,
    pub id: i64,
    /// Resend and cancel the invitation (an invited user).
    pub may_invite: bool,
    /// *Reset and e-mail password* (an active user).
    pub may_reset: bool,
}

#[derive(Template)]
#[template(path = "customers/users.html")]
struct UsersPage {
    ctx: PageCtx,
    c: Customer,
    rows: Vec<UserRow>,
    return_to: String,
}

/// The most users the page lists (a plan allows far fewer per customer).
const MAX_ROWS: i64 = 1000;

#[get("/customers/{id}/users")]
async fn users(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ViewCustomer).await?;
    let cid = c.id;
    let (list, enabled): (Vec<CustomerUser>, bool) =
        crate::web::database::run(&state.pool, move |conn| {
            Ok((
                memberships::users_of_customer(conn, cid, MAX_ROWS)?,
                settings::impersonation_enabled(conn)?,
            ))
        })
        .await?;
    let lang = current.lang;
    let scope = target(&c);
    let rows = list
        .into_iter()
        .map(|u| {
            let user = u.user;
            let login_as = (user.id != current.user.id)
                .then(|| {
                    let who = Some((Some(user.id), user.status.as_str()));
                    login_as_button(&current, scope, &c.status, who, enabled)
                })
                .flatten();
            let invited = user.status == UserStatus::Invited.as_str();
            UserRow {
                id: user.id,
                may_invite: invited && current.may(Action::ManageInvitations, scope),
                may_reset: user.is_active()
                    && user.id != current.user.id
                    && current.may(Action::ResetPassword, scope),
                role: lang.t(u.role.label_key()),
                status_label: lang.t(&format!("user-status-{}", user.status)),
                last_login: user
                    .last_login_at
                    .map(|t| format_datetime(t, Some(c.timezone.as_str())))
                    .unwrap_or_default(),
                full_name: user.full_name,
                username: user.username,
                email: user.email,
                status: user.status,
                login_as,
            }
        })
        .collect();
    let page = UsersPage {
        ctx: PageCtx::for_user(&req, &current, "customer-users-title")?,
        return_to: format!("/customers/{cid}/users"),
        rows,
        c,
    };
    html(StatusCode::OK, &page)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(users);
}
