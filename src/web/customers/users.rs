//! `/customers/{id}/users`: the people of a customer account, and the
//! *Log in as* buttons every customer screen shows.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::target;
use crate::db::customers::Customer;
use crate::db::memberships::{self, CustomerUser};
use crate::db::settings;
use crate::db::users::UserStatus;
use crate::domain::policy::Action;
use crate::web::customers::load_for;
use crate::web::login_as::buttons::{login_as_button, LoginAsButton};
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::time::format_datetime;
use crate::web::{html, AppState};

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
    /// Disable, enable and remove (not oneself).
    pub may_manage: bool,
}

#[derive(Template)]
#[template(path = "customers/users.html")]
struct UsersPage {
    ctx: PageCtx,
    c: Customer,
    rows: Vec<UserRow>,
    return_to: String,
    /// *Add users*, for those who may.
    may_add: bool,
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
        crate::web::request::database::run(&state.pool, move |conn| {
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
                may_manage: user.id != current.user.id && current.may(Action::ManageUsers, scope),
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
        may_add: current.may(Action::ManageUsers, scope),
        rows,
        c,
    };
    html(StatusCode::OK, &page)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(users);
}
