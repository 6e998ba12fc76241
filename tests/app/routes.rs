//! Walks the route × role table (`route_table.rs`) for every role and
//! anonymous people. `{own}` stands for a customer inside the person's
//! scope (their own customer, one of their reseller's, any for staff) and
//! `{foreign}` for a customer of another reseller; `{own_site}` and the like
//! for that customer's site, service and subscription.

use partnerdesk::domain::roles::Role;

use crate::route_table::{table, Expect, Route};

use crate::both_backends;
use crate::helpers::*;

#[derive(Debug, PartialEq)]
enum Got {
    Status(u16),
    Redirect(String),
    /// 403 for the role: "Access denied".
    Forbidden,
    /// 403 for a missing or wrong CSRF token: never what a row expects,
    /// since the browser sends its token (a row must not pass on it).
    CsrfRefused,
}

fn expected(e: Expect, fill: &dyn Fn(&str) -> String, got: &Got) -> Got {
    match e {
        // Any redirect: the location holds a fresh id.
        Expect::Redirect("*") => match got {
            Got::Redirect(to) => Got::Redirect(to.clone()),
            _ => Got::Redirect("(any)".into()),
        },
        Expect::Ok(code) => Got::Status(code),
        Expect::Redirect(to) => Got::Redirect(fill(to)),
        Expect::Forbidden => Got::Forbidden,
    }
}

/// The ids a route's placeholders stand for, `{own_site}` and the like.
type Ids = Vec<(String, i64)>;

/// A site, a service and a subscription for a customer, as placeholders.
fn resources(app: &TestApp, prefix: &str, customer: i64) -> Ids {
    use diesel::prelude::*;
    use partnerdesk::db::schema::{customers, import_tasks, subscriptions};
    let mut conn = app.conn();
    let site = partnerdesk::db::sites::insert(&mut conn, customer, "Site").unwrap();
    let service =
        partnerdesk::db::services::insert(&mut conn, customer, Some(site), "Cam", "video_unit")
            .unwrap();
    let (product, reseller): (i64, i64) = customers::table
        .find(customer)
        .select((customers::product_id, customers::reseller_id))
        .first(&mut conn)
        .unwrap();
    let sub: i64 = diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::public_id.eq(format!("S-R{customer}-{site}")),
            subscriptions::customer_id.eq(customer),
            subscriptions::reseller_id.eq(reseller),
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
    // An active administrator to log in as.
    let admin = app.customer_user(
        customer,
        Role::CustomerAdmin,
        partnerdesk::db::users::UserStatus::Active,
    );
    // A finished import, whose page any manager of the customer may open.
    let import: i64 = diesel::insert_into(import_tasks::table)
        .values((
            import_tasks::customer_id.eq(customer),
            import_tasks::started_by.eq("Route table"),
            import_tasks::file_name.eq("users.csv"),
            import_tasks::mode.eq("add_only"),
            import_tasks::status.eq("failed"),
            import_tasks::created_at.eq(partnerdesk::db::now()),
        ))
        .returning(import_tasks::id)
        .get_result(&mut conn)
        .unwrap();
    vec![
        (format!("{{{prefix}}}"), customer),
        (format!("{{{prefix}_import}}"), import),
        (format!("{{{prefix}_user}}"), admin.user_id),
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
    let form: Vec<(&str, String)> = route.form.iter().map(|(k, v)| (*k, fill(v))).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = match route.method {
        "GET" => browser.get(&path).await,
        _ => browser.post(&path, &form).await,
    };
    let got = match res.status().as_u16() {
        303 => Got::Redirect(location(&res)),
        403 if res.text().await.unwrap().contains("This form has expired") => Got::CsrfRefused,
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
