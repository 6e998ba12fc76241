//! Rows of the route × role table for the operator's catalogue (plans,
//! products, resellers) and the billing export.

use crate::route_table::Expect::*;
use crate::route_table::{Route, OPERATOR_FORM, OPERATOR_ONLY};

pub fn rows() -> Vec<Route> {
    vec![
        Route {
            method: "GET",
            path: "/plans",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/plans",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "GET",
            path: "/products",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/products",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "GET",
            path: "/resellers",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/resellers",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "GET",
            path: "/billing",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/billing.csv",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/plans/{plan}",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/plans/{plan}",
            form: &[("name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "GET",
            path: "/products/{product}",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/products/{product}/packages",
            form: &[("package_name", "")],
            anonymous: Redirect("/login"),
            roles: OPERATOR_FORM,
        },
        Route {
            method: "GET",
            path: "/resellers/{reseller}",
            form: &[],
            anonymous: Redirect("/login"),
            roles: OPERATOR_ONLY,
        },
        Route {
            method: "POST",
            path: "/resellers/{reseller}/enable",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/resellers"),
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
    ]
}
