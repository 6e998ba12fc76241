//! Every route × every role: what each person gets. Extend this table with
//! every new route. `{own}` stands for a customer inside the person's scope
//! (their own customer, one of their reseller's, any for staff) and
//! `{foreign}` for a customer of another reseller.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// This status (200, or 422 for a refused form).
    Ok(u16),
    /// 303 to this location (placeholders allowed).
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
const OPERATOR_ONLY: [Expect; 6] = [
    Ok(200),
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
/// Invalid forms on purpose: the operator gets them back, nothing is saved.
const OPERATOR_FORM: [Expect; 6] = [
    Ok(422),
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
const STAFF_AND_RESELLERS: [Expect; 6] =
    [Ok(200), Ok(200), Ok(200), Forbidden, Forbidden, Forbidden];

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
            method: "GET",
            path: "/customers",
            form: &[],
            anonymous: Redirect("/login"),
            roles: STAFF_AND_RESELLERS,
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
            roles: [Ok(200), Ok(200), Forbidden, Forbidden, Forbidden, Forbidden],
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
                Forbidden,
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
                Forbidden,
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
                Forbidden,
                Forbidden,
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
                Forbidden,
                Forbidden,
                Forbidden,
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
                Forbidden,
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

#[derive(Debug, PartialEq)]
enum Got {
    Status(u16),
    Redirect(String),
    Forbidden,
}

fn expected(e: Expect, fill: &dyn Fn(&str) -> String, got: &Got) -> Got {
    match e {
        // Any redirect: the location holds a fresh id.
        Redirect("*") => match got {
            Got::Redirect(to) => Got::Redirect(to.clone()),
            _ => Got::Redirect("(any)".into()),
        },
        Ok(code) => Got::Status(code),
        Redirect(to) => Got::Redirect(fill(to)),
        Forbidden => Got::Forbidden,
    }
}

/// The ids a route's placeholders stand for, `{own_site}` and the like.
type Ids = Vec<(String, i64)>;

/// A site, a service and a subscription for a customer, as placeholders.
fn resources(app: &TestApp, prefix: &str, customer: i64) -> Ids {
    use diesel::prelude::*;
    use partnerdesk::db::schema::{customers, subscriptions};
    let mut conn = app.conn();
    let site = partnerdesk::db::sites::insert(&mut conn, customer, "Site").unwrap();
    let service =
        partnerdesk::db::services::insert(&mut conn, customer, Some(site), "Cam", "video_unit")
            .unwrap();
    let product: i64 = customers::table
        .find(customer)
        .select(customers::product_id)
        .first(&mut conn)
        .unwrap();
    let sub: i64 = diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::public_id.eq(format!("S-R{customer}-{site}")),
            subscriptions::customer_id.eq(customer),
            subscriptions::product_id.eq(product),
            subscriptions::seats.eq(1i64),
            subscriptions::term.eq("monthly"),
            subscriptions::status.eq("active"),
            subscriptions::started_at.eq(partnerdesk::db::now()),
            subscriptions::created_at.eq(partnerdesk::db::now()),
        ))
        .returning(subscriptions::id)
        .get_result(&mut conn)
        .unwrap();
    vec![
        (format!("{{{prefix}}}"), customer),
        (format!("{{{prefix}_site}}"), site),
        (format!("{{{prefix}_service}}"), service),
        (format!("{{{prefix}_sub}}"), sub),
    ]
}

async fn check(
    app: &TestApp,
    browser: &mut Client,
    who: &str,
    route: &Route,
    expect: Expect,
    ids: &Ids,
) {
    let fill = |s: &str| {
        // Longest names first, so {own_site} is not read as {own}.
        let mut out = s.to_string();
        let mut sorted: Vec<&(String, i64)> = ids.iter().collect();
        sorted.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        for (k, v) in sorted {
            out = out.replace(k.as_str(), &v.to_string());
        }
        out
    };
    let path = fill(route.path);
    let res = match route.method {
        "GET" => browser.get(&path).await,
        _ => browser.post(&path, route.form).await,
    };
    let got = match res.status().as_u16() {
        303 => Got::Redirect(location(&res)),
        403 => Got::Forbidden,
        code => Got::Status(code),
    };
    let want = expected(expect, &fill, &got);
    assert_eq!(
        got, want,
        "{} {} as {who} ({:?})",
        route.method, route.path, app.backend
    );
}

both_backends!(every_route_for_every_role, |app: TestApp| async move {
    let routes = table();
    let mut conn = app.conn();
    let other_reseller = insert_reseller(&mut conn, "foreign");
    let foreign = insert_customer(&mut conn, other_reseller, "foreign");
    drop(conn);
    let catalog: Ids = {
        use diesel::prelude::*;
        use partnerdesk::db::schema::{customers, resellers};
        let mut conn = app.conn();
        let plan: i64 = resellers::table
            .find(other_reseller)
            .select(resellers::plan_id)
            .first(&mut conn)
            .unwrap();
        let product: i64 = customers::table
            .find(foreign)
            .select(customers::product_id)
            .first(&mut conn)
            .unwrap();
        vec![
            ("{plan}".into(), plan),
            ("{product}".into(), product),
            ("{reseller}".into(), other_reseller),
        ]
    };
    let foreign_ids: Ids = resources(&app, "foreign", foreign)
        .into_iter()
        .chain(catalog.clone())
        .collect();

    let mut anonymous = app.client();
    for route in &routes {
        // Anonymous people reach nothing: "own" stands for the foreign customer.
        let ids: Ids = foreign_ids
            .iter()
            .cloned()
            .chain(
                foreign_ids
                    .iter()
                    .map(|(k, v)| (k.replace("foreign", "own"), *v)),
            )
            .collect();
        check(
            &app,
            &mut anonymous,
            "anonymous",
            route,
            route.anonymous,
            &ids,
        )
        .await;
    }
    for (i, role) in Role::ALL.into_iter().enumerate() {
        for route in &routes {
            // A fresh person per route: /logout ends sessions, suspend changes state.
            let (mut browser, person) = app.logged_in(role).await;
            let own = match (person.customer_id, person.reseller_id) {
                (Some(c), _) => c,
                (None, Some(r)) => {
                    insert_customer(&mut app.conn(), r, &format!("own-{}", person.user_id))
                }
                (None, None) => {
                    let r = insert_reseller(&mut app.conn(), &format!("staff-{}", person.user_id));
                    insert_customer(&mut app.conn(), r, &format!("own-{}", person.user_id))
                }
            };
            // A suspended customer would log its own people out; start active.
            use diesel::prelude::*;
            use partnerdesk::db::schema::customers;
            diesel::update(customers::table.filter(customers::id.eq_any([own, foreign])))
                .set(customers::status.eq("active"))
                .execute(&mut app.conn())
                .unwrap();
            let ids: Ids = resources(&app, "own", own)
                .into_iter()
                .chain(foreign_ids.iter().cloned())
                .collect();
            check(
                &app,
                &mut browser,
                role.as_str(),
                route,
                route.roles[i],
                &ids,
            )
            .await;
        }
    }
});
