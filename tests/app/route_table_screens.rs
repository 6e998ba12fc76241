//! Rows of the route × role table for the customer's sub-pages, the
//! subscription lists, the account switcher, the wizard's last posts, the
//! catalog's updates and the doors people use before they log in.

use crate::route_table::{Expect::*, Route, OPERATOR_FORM};

/// Roles in the order of Role::ALL: operator, support, reseller_admin,
/// customer_admin, integrator, user.
pub fn rows() -> Vec<Route> {
    vec![
        // Confirmation pages, for browsers without JavaScript.
        Route {
            method: "GET",
            path: "/customers/{own}/suspend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{foreign}/suspend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(404), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/subscriptions/{own_sub}/cancel",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/subscriptions/{foreign_sub}/cancel",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(404), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/sites",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Ok(200), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{foreign}/sites",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(404), Ok(404), Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/sites",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(422), Ok(422), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/services",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Ok(200), Ok(200), Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/services",
            form: &[("name", ""), ("kind", ""), ("site_id", "")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(422), Ok(422), Ok(422), Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/subscriptions",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Ok(200), Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/subscriptions",
            form: &[("seats", "")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(422), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/subscriptions",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/subscriptions/archived",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Forbidden, Forbidden, Forbidden],
        },
        // Someone else's membership (or none): refused.
        Route {
            method: "POST",
            path: "/account",
            form: &[("membership", "999999999")],
            anonymous: Redirect("/login"),
            roles: [Forbidden; 6],
        },
        Route {
            method: "POST",
            path: "/customers/new/999999999/create",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(410), Forbidden, Ok(410), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/new/999999999/discard",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers"),
                Forbidden,
                Redirect("/customers"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/products/{product}",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "POST",
            path: "/products/{product}/packages/999999999/remove",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Ok(404),
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/resellers/{reseller}",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        // The doors before login: a wrong password, an empty address, and
        // single-use links that are not (or no longer) valid.
        Route {
            method: "POST",
            path: "/login",
            form: &[
                ("username", "nobody@example.com"),
                ("password", "wrong-password"),
            ],
            anonymous: Ok(422),
            roles: [Ok(422); 6],
        },
        Route {
            method: "POST",
            path: "/password/forgot",
            form: &[("email", "")],
            anonymous: Ok(422),
            roles: [Ok(422); 6],
        },
        Route {
            method: "POST",
            path: "/password/reset/not-a-token",
            form: &[("new_password", "x"), ("new_password_confirm", "x")],
            anonymous: Ok(410),
            roles: [Ok(410); 6],
        },
        Route {
            method: "POST",
            path: "/invitation/not-a-token",
            form: &[("new_password", "x"), ("new_password_confirm", "x")],
            anonymous: Ok(410),
            roles: [Ok(410); 6],
        },
        Route {
            method: "GET",
            path: "/setup/not-a-token",
            form: &[],
            anonymous: Ok(404),
            roles: [Ok(404); 6],
        },
        Route {
            method: "POST",
            path: "/setup/not-a-token",
            form: &[("email", ""), ("full_name", ""), ("password", "")],
            anonymous: Ok(404),
            roles: [Ok(404); 6],
        },
    ]
}
