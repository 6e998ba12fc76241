//! Every route × every role: what each person gets. Extend this table with
//! every new route.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// 200 (or the page's own success status).
    Ok(u16),
    /// 303 to this location.
    Redirect(&'static str),
    Forbidden,
}
use Expect::*;

struct Route {
    method: &'static str,
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    anonymous: Expect,
    /// In the order of Role::ALL: operator, support, reseller_admin,
    /// customer_admin, integrator, user.
    roles: [Expect; 6],
}

const ALL_OK: [Expect; 6] = [Ok(200); 6];

fn table() -> Vec<Route> {
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
    ]
}

async fn check(app: &TestApp, browser: &mut Client, who: &str, route: &Route, expect: Expect) {
    let res = match route.method {
        "GET" => browser.get(route.path).await,
        _ => browser.post(route.path, route.form).await,
    };
    let got = match res.status().as_u16() {
        303 => Redirect(Box::leak(location(&res).into_boxed_str())),
        403 => Forbidden,
        code => Ok(code),
    };
    assert_eq!(
        got, expect,
        "{} {} as {who} ({:?})",
        route.method, route.path, app.backend
    );
}

both_backends!(every_route_for_every_role, |app: TestApp| async move {
    let routes = table();
    let mut anonymous = app.client();
    for route in &routes {
        check(&app, &mut anonymous, "anonymous", route, route.anonymous).await;
    }
    for (i, role) in Role::ALL.into_iter().enumerate() {
        for route in &routes {
            // A fresh login per route: /logout in the table ends sessions.
            let (mut browser, _) = app.logged_in(role).await;
            check(&app, &mut browser, role.as_str(), route, route.roles[i]).await;
        }
    }
});
