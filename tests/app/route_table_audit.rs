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
            roles: [Ok(200), Ok(200), Forbidden, Forbidden, Forbidden, Forbidden],
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
    ]
}
