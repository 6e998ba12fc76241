//! One row of a customer's Users list, as the list shows it and as a row
//! action answers htmx with it: the row in its new state, and the message
//! in the page's flash area.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::app::target;
use crate::db::catalog::Package;
use crate::db::customer_users::{self, ListedUser};
use crate::db::customers::Customer;
use crate::db::users::UserStatus;
use crate::db::{catalog, settings};
use crate::domain::policy::Action;
use crate::web::customers::list::Choice;
use crate::web::login_as::buttons::{login_as_button, LoginAsButton};
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::time::format_datetime;
use crate::web::{html, AppState};

pub struct UserRow {
    pub full_name: String,
    pub package: String,
    /// *Change package*: the customer's packages, the held one chosen.
    pub packages: Vec<Choice>,
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
    /// What the browser asks before it, with JavaScript.
    pub reset_confirm: String,
    /// Disable, enable and remove (not oneself).
    pub may_manage: bool,
    /// Edit name, phone, language, role and package.
    pub may_edit: bool,
}

/// A listed user's row, as `current` may act on it.
pub fn row_of(
    current: &CurrentUser,
    c: &Customer,
    (packages, impersonation_on): (&[Package], bool),
    u: ListedUser,
) -> UserRow {
    let lang = current.lang;
    let scope = target(c);
    let user = u.user;
    let login_as = (user.id != current.user.id)
        .then(|| {
            let who = Some((Some(user.id), user.status.as_str()));
            login_as_button(current, scope, &c.status, who, impersonation_on)
        })
        .flatten();
    let invited = user.status == UserStatus::Invited.as_str();
    let held = u.package_id.map(|p| p.to_string()).unwrap_or_default();
    let choice = |value: String, label: String| Choice {
        selected: value == held,
        value,
        label,
    };
    UserRow {
        id: user.id,
        may_invite: invited && current.may(Action::ManageInvitations, scope),
        may_reset: user.is_active()
            && user.id != current.user.id
            && current.may(Action::ResetPassword, scope),
        may_manage: user.id != current.user.id && current.may(Action::ManageUsers, scope),
        may_edit: current.may(Action::ManageUsers, scope),
        role: lang.t(u.role.label_key()),
        package: u
            .package_id
            .and_then(|id| packages.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        packages: std::iter::once(choice(String::new(), lang.t("user-package-none")))
            .chain(
                packages
                    .iter()
                    .map(|p| choice(p.id.to_string(), p.name.clone())),
            )
            .collect(),
        status_label: lang.t(&format!("user-status-{}", user.status)),
        reset_confirm: lang.t_args(
            "password-reset-confirm-text",
            &[("name", user.full_name.clone())],
        ),
        last_login: user
            .last_login_at
            .map(|t| format_datetime(t, current.user.timezone.as_deref()))
            .unwrap_or_default(),
        full_name: user.full_name,
        username: user.username,
        email: user.email,
        status: user.status,
        login_as,
    }
}

#[derive(Template)]
#[template(path = "customers/_user_row_swap.html")]
struct RowSwap {
    ctx: PageCtx,
    c: Customer,
    /// None when the user is no longer the customer's: the row goes.
    row: Option<UserRow>,
    message: String,
    return_to: String,
}

/// The answer to a row action asked by htmx: the user's row as it now is,
/// and `message` in the flash area.
pub async fn swap(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    (c, user_id): (Customer, i64),
    (message, return_to): (String, String),
) -> Result<HttpResponse, AppError> {
    let (cid, product) = (c.id, c.product_id);
    let (listed, packages, enabled) =
        crate::web::request::database::run(&state.pool, move |conn| {
            Ok((
                customer_users::one(conn, cid, user_id)?,
                catalog::packages_of(conn, product)?,
                settings::impersonation_enabled(conn)?,
            ))
        })
        .await?;
    let row = listed.map(|u| row_of(current, &c, (&packages, enabled), u));
    let page = RowSwap {
        ctx: PageCtx::for_user(req, current, "customer-users-title")?,
        row,
        message,
        return_to,
        c,
    };
    html(StatusCode::OK, &page)
}
