//! The route × role table: every route, what anonymous people and each
//! role get. `routes.rs` walks it. Add a row for every new route.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// This status (200, or 422 for a refused form).
    Ok(u16),
    /// 303 to this location (placeholders allowed).
    Redirect(&'static str),
    Forbidden,
}
use Expect::*;

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub form: &'static [(&'static str, &'static str)],
    pub anonymous: Expect,
    /// In the order of Role::ALL: operator, support, reseller_admin,
    /// customer_admin, integrator, user.
    pub roles: [Expect; 6],
}

const ALL_OK: [Expect; 6] = [Ok(200); 6];
pub const OPERATOR_ONLY: [Expect; 6] = [
    Ok(200),
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
/// Invalid forms on purpose: the operator gets them back, nothing is saved.
pub const OPERATOR_FORM: [Expect; 6] = [
    Ok(422),
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
const STAFF_AND_RESELLERS: [Expect; 6] =
    [Ok(200), Ok(200), Ok(200), Forbidden, Forbidden, Forbidden];

pub fn table() -> Vec<Route> {
    let mut all = base_rows();
    all.extend(crate::route_table_catalog::rows());
    all.extend(crate::route_table_audit::rows());
    all.extend(crate::route_table_screens::rows());
    all.extend(crate::route_table_users::rows());
    all
}

fn base_rows() -> Vec<Route> {
    vec![
        Route {
            method: "GET",
            path: "/",
            form: &[],
            anonymous: Redirect("/login"),
            roles: ALL_OK,
        },
        Route {
            method: "GET",
            path: "/profile",
            form: &[],
            anonymous: Redirect("/login"),
            roles: ALL_OK,
        },
        Route {
            method: "POST",
            path: "/profile",
            form: &[
                ("full_name", "Renamed Person"),
                ("language", "en"),
                ("timezone", ""),
            ],
            anonymous: Redirect("/login"),
            roles: [Redirect("/profile"); 6],
        },
        Route {
            method: "POST",
            path: "/profile/password",
            // Wrong current password: the form comes back, nothing changes.
            form: &[
                ("current_password", "wrong"),
                ("new_password", "x"),
                ("new_password_confirm", "x"),
            ],
            anonymous: Redirect("/login"),
            roles: [Ok(422); 6],
        },
        Route {
            method: "GET",
            path: "/staff",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Ok(200),
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/staff",
            // Invalid on purpose: allowed roles see the form again.
            form: &[
                ("full_name", ""),
                ("email", "bad"),
                ("role", "support"),
                ("password", ""),
            ],
            anonymous: Redirect("/login"),
            roles: [
                Ok(422),
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "GET",
            path: "/customers",
            form: &[],
            anonymous: Redirect("/login"),
            roles: STAFF_AND_RESELLERS,
        },
        Route {
            method: "GET",
            path: "/customers/reseller-options",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Forbidden, Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/export.csv",
            form: &[],
            anonymous: Redirect("/login"),
            roles: STAFF_AND_RESELLERS,
        },
        Route {
            method: "GET",
            path: "/customers/{own}",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(200), Ok(200), Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{foreign}",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Ok(200), Ok(404), Ok(404), Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/suspend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{own}"),
                Forbidden,
                Redirect("/customers/{own}"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/suspend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{foreign}"),
                Forbidden,
                Ok(404),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/enable",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{foreign}"),
                Forbidden,
                Ok(404),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/delete",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/delete",
            // The wrong name: allowed roles get the confirmation back.
            form: &[("confirm_name", "not it")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(404), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/{own}/edit",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(200), Forbidden, Ok(200), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/edit",
            // Invalid on purpose: allowed roles get the form back, nothing saved.
            form: &[("name", ""), ("term", "monthly")],
            anonymous: Redirect("/login"),
            roles: [Ok(422), Forbidden, Ok(404), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/sites/{own_site}/rename",
            form: &[("name", "Renamed")],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{own}/sites"),
                Forbidden,
                Redirect("/customers/{own}/sites"),
                Redirect("/customers/{own}/sites"),
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/sites/{foreign_site}/remove",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{foreign}/sites"),
                Forbidden,
                Ok(404),
                Ok(404),
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{own}/services/{own_service}/enroll",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{own}/services"),
                Forbidden,
                Redirect("/customers/{own}/services"),
                Redirect("/customers/{own}/services"),
                Redirect("/customers/{own}/services"),
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/customers/{foreign}/services/{foreign_service}/suspend",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{foreign}/services"),
                Forbidden,
                Ok(404),
                Ok(404),
                Ok(404),
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/subscriptions/{own_sub}/manage",
            form: &[("seats", "0"), ("term", "monthly")],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/customers/{own}/subscriptions"),
                Forbidden,
                Redirect("/customers/{own}/subscriptions"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/subscriptions/{foreign_sub}/cancel",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("/subscriptions"),
                Forbidden,
                Ok(404),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        // A draft that is not the person's (or does not exist) is gone.
        Route {
            method: "GET",
            path: "/customers/new/999999999/1",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(410), Forbidden, Ok(410), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "POST",
            path: "/customers/new/999999999/1",
            form: &[("name", "x")],
            anonymous: Redirect("/login"),
            roles: [Ok(410), Forbidden, Ok(410), Forbidden, Forbidden, Forbidden],
        },
        Route {
            method: "GET",
            path: "/customers/new",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [
                Redirect("*"),
                Forbidden,
                Redirect("*"),
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Route {
            method: "POST",
            path: "/language",
            form: &[("lang", "en"), ("next", "/profile")],
            anonymous: Redirect("/profile"),
            roles: [Redirect("/profile"); 6],
        },
        Route {
            method: "GET",
            path: "/login",
            form: &[],
            anonymous: Ok(200),
            roles: [Redirect("/"); 6],
        },
        Route {
            method: "GET",
            path: "/healthz",
            form: &[],
            anonymous: Ok(200),
            roles: ALL_OK,
        },
        Route {
            method: "GET",
            path: "/static/htmx.min.js",
            form: &[],
            anonymous: Ok(200),
            roles: ALL_OK,
        },
        Route {
            method: "POST",
            path: "/logout",
            form: &[],
            anonymous: Redirect("/login?logged_out=1&lang=en"),
            roles: [Redirect("/login?logged_out=1&lang=en"); 6],
        },
        Route {
            method: "GET",
            path: "/no/such/page",
            form: &[],
            anonymous: Ok(404),
            roles: [Ok(404); 6],
        },
        Route {
            method: "GET",
            path: "/customers/999999999",
            form: &[],
            anonymous: Redirect("/login"),
            roles: [Ok(404); 6],
        },
    ]
}
