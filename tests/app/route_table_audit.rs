//! Rows of the route × role table for *Log in as*, a customer's users, the
//! audit log and platform settings (`route_table.rs` holds the rest).

use crate::route_table::Expect::{self, *};
use crate::route_table::Route;

/// The operator gets `e`; everyone else is refused.
const fn operator_only(e: Expect) -> [Expect; 6] {
    [e, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]
}
const OPERATOR_AND_RESELLERS: [Expect; 6] =
    [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden];
/// Operators, support and resellers: the customer-care roles.
const CARE: [Expect; 6] = [Ok(200), Ok(200), Ok(200), Forbidden, Forbidden, Forbidden];
/// Staff only, but someone else's customer for a reseller.
const STAFF: [Expect; 6] = [Ok(200), Ok(200), Forbidden, Forbidden, Forbidden, Forbidden];

pub fn rows() -> Vec<Route> {
    vec![
        Route {
            method: "POST",
            path: "/customers/{own}/login-as",
            form: &[("return_to", "/customers")],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/"),
                Forbidden,
                Redirect("/"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/login-as",
            form: &[],
            anonymous: Redirect("/login"),
            roles: operator_only(Redirect("/")),
        },
        // Another reseller's user, slipped in by form field: not one of
        // this customer's users.
        Route {
            method: "POST",
            path: "/customers/{own}/login-as",
            form: &[("user_id", "{foreign_user}")],
            anonymous: Redirect("/login"),
            roles: [Ok(404), Forbidden, Ok(404), Forbidden, Forbidden, Forbidden],
        },
        // The walker's other reseller has no administrator yet.
        Route {
            method: "POST",
            path: "/resellers/{reseller}/login-as",
            form: &[],
            anonymous: Redirect("/login"),
            roles: operator_only(Ok(404)),
        },
        Route {
            method: "POST",
            path: "/impersonation/end",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Redirect("/"); 6],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/users",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Ok(200), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{foreign}/users",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(404), Ok(404), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/audit",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_AND_RESELLERS,
        },
        Route {
            method: "GET",
            path: "/audit?action=nonsense&from=yesterday",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(422), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/audit/export.csv",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_AND_RESELLERS,
        },
        Route {
            method: "GET",
            path: "/settings",
            form: &[],
            anonymous: Redirect("/login"),
            roles: operator_only(Ok(200)),
        },
        Route {
            method: "POST",
            path: "/settings",
            form: &[("impersonation_enabled", "on")],
            anonymous: Redirect("/login"),
            roles: operator_only(Redirect("/settings")),
        },
        Route {
            method: "GET",
            path: "/customers/{own}/email",
            form: &[],
            anonymous: Redirect("/login"),
            roles: CARE,
        },
        Route {
            method: "GET",
            path: "/customers/{foreign}/email",
            form: &[],
            anonymous: Redirect("/login"),
            // A reseller may e-mail its own customers: another's is unknown.
            roles: [Ok(200), Ok(200), Ok(404), Forbidden, Forbidden, Forbidden],
        },
        // An empty message: the form comes back, nothing is queued.
        Route {
            method: "POST",
            path: "/customers/{own}/email",
            form: &[("subject", ""), ("message", ""), ("action", "send")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Ok(422), Ok(422), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/users/{own_user}/reset-password",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{own}/users"),
                Redirect("/customers/{own}/users"),
                Redirect("/customers/{own}/users"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/users/{foreign_user}/reset-password",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{foreign}/users"),
                Redirect("/customers/{foreign}/users"),
                Ok(404),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        // Another customer's user under an own customer's URL: not found.
        Route {
            method: "POST",
            path: "/customers/{own}/users/{foreign_user}/reset-password",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(404), Ok(404), Ok(404), Forbidden, Forbidden, Forbidden],
        },
        // The user is active: there is no invitation to resend or cancel.
        Route {
            method: "POST",
            path: "/customers/{own}/users/{own_user}/invitation/resend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(409), Ok(409), Ok(409), Ok(409), Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/users/{foreign_user}/invitation/cancel",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(409), Ok(409), Ok(404), Ok(404), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/outbox",
            form: &[],
            anonymous: Redirect("/login"),
            roles: STAFF,
        },
        Route {
            method: "GET",
            path: "/outbox/999999",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(404), Ok(404), Forbidden, Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/outbox/999999/retry",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(404), Ok(404), Forbidden, Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/password/forgot",
            form: &[],
            anonymous: Ok(200),
            roles: [Ok(200); 6],
        },
        Route {
            method: "GET",
            path: "/password/change",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Redirect("/profile"); 6],
        },
        Route {
            method: "POST",
            path: "/password/change",
            form: &[("new_password", "x")],
            anonymous: Redirect("/login"),
            roles: [Forbidden; 6],
        },
        Route {
            method: "GET",
            path: "/invitation/not-a-token",
            form: &[],
            anonymous: Ok(410),
            roles: [Ok(410); 6],
        },
        Route {
            method: "GET",
            path: "/password/reset/not-a-token",
            form: &[],
            anonymous: Ok(410),
            roles: [Ok(410); 6],
        },
    ]
}
