//! The *Log in as* buttons of the lists and overviews, each with the reason
//! it is disabled when it is.

use crate::app::impersonation::unavailable_reason;
use crate::domain::policy::{Action, Target};
use crate::web::request::current::CurrentUser;

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
