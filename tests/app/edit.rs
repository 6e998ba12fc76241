//! *Manage details* and its rules.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    audit_log, customers, plan_products, products, reseller_plans, resellers, services, users,
};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// The edit form's fields for a customer as the test sets them up.
fn form<'a>(
    name: &'a str,
    product: &'a str,
    term: &'a str,
    username: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("product_id", product),
        ("country", "GB"),
        ("timezone", "Europe/London"),
        ("reference", "REF-9"),
        ("term", term),
        ("full_name", "Cleo Customer"),
        ("language", "en"),
        ("identity_provider", "local"),
        ("username", username),
        ("email_same", "on"),
        ("kind", ""),
    ]
}

struct Setup {
    customer: i64,
    admin: Person,
    product: String,
    other_product: String,
}

fn setup(app: &TestApp) -> Setup {
    let admin = app.person(Role::CustomerAdmin);
    let customer = admin.customer_id.unwrap();
    let mut conn = app.conn();
    let (reseller, product): (i64, i64) = customers::table
        .find(customer)
        .select((customers::reseller_id, customers::product_id))
        .first(&mut conn)
        .unwrap();
    let plan: i64 = resellers::table
        .find(reseller)
        .select(resellers::plan_id)
        .first(&mut conn)
        .unwrap();
    let other: i64 = diesel::insert_into(products::table)
        .values((
            products::name.eq(format!("Other {customer}")),
            products::created_at.eq(partnerdesk::db::now()),
        ))
        .returning(products::id)
        .get_result(&mut conn)
        .unwrap();
    diesel::insert_into(plan_products::table)
        .values((
            plan_products::plan_id.eq(plan),
            plan_products::product_id.eq(other),
        ))
        .execute(&mut conn)
        .unwrap();
    Setup {
        customer,
        admin,
        product: product.to_string(),
        other_product: other.to_string(),
    }
}

both_backends!(
    the_product_is_locked_once_assigned,
    |app: TestApp| async move {
        let s = setup(&app);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let url = format!("/customers/{}/edit", s.customer);
        // Unlocked: the product can change.
        browser.page(&url).await;
        let res = browser
            .post(
                &url,
                &form(
                    "Renamed Ltd",
                    &s.other_product,
                    "monthly",
                    &s.admin.username,
                ),
            )
            .await;
        assert_eq!(res.status(), 303);
        diesel::update(
            products::table.filter(products::id.eq(s.other_product.parse::<i64>().unwrap())),
        )
        .set(products::locked_once_assigned.eq(true))
        .execute(&mut app.conn())
        .unwrap();
        let (_, body) = browser.page(&url).await;
        assert!(body.contains("disabled aria-describedby=\"product_id-reason\""));
        assert!(body.contains("locked once assigned"));
        let res = browser
            .post(
                &url,
                &form("Renamed Ltd", &s.product, "monthly", &s.admin.username),
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("This product cannot be changed once assigned."));
        assert!(
            body.contains(r#"value="Renamed Ltd""#),
            "what was typed stays"
        );
        // The disabled field is not sent: the product stays and the rest saves.
        let mut without_product = form("Renamed Again", "", "monthly", &s.admin.username);
        without_product.retain(|(k, _)| *k != "product_id");
        assert_eq!(browser.post(&url, &without_product).await.status(), 303);
        let (name, product): (String, i64) = customers::table
            .find(s.customer)
            .select((customers::name, customers::product_id))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(
            (name.as_str(), product.to_string()),
            ("Renamed Again", s.other_product.clone())
        );
    }
);

both_backends!(
    the_username_changes_only_once_active,
    |app: TestApp| async move {
        let s = setup(&app);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let url = format!("/customers/{}/edit", s.customer);
        diesel::update(users::table.find(s.admin.user_id))
            .set(users::status.eq("invited"))
            .execute(&mut app.conn())
            .unwrap();
        let (_, body) = browser.page(&url).await;
        assert!(body.contains("username-reason"));
        let res = browser
            .post(
                &url,
                &form("Cust", &s.product, "monthly", "new.name@example.com"),
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("only change once the administrator has activated"));
        diesel::update(users::table.find(s.admin.user_id))
            .set(users::status.eq("active"))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser
            .post(
                &url,
                &form("Cust", &s.product, "monthly", "new.name@example.com"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let username: String = users::table
            .find(s.admin.user_id)
            .select(users::username)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(username, "new.name@example.com");
    }
);

both_backends!(
    term_changes_now_or_at_the_end_of_the_period,
    |app: TestApp| async move {
        let s = setup(&app);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let url = format!("/customers/{}/edit", s.customer);
        browser.page(&url).await;
        // Nothing enrolled: the term changes at once.
        browser
            .post(&url, &form("Cust", &s.product, "annual", &s.admin.username))
            .await;
        let (term, pending): (String, Option<String>) = customers::table
            .find(s.customer)
            .select((customers::term, customers::pending_term))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!((term.as_str(), pending), ("annual", None));

        // Once a service is enrolled, annual → monthly waits for the period's end.
        diesel::insert_into(services::table)
            .values((
                services::customer_id.eq(s.customer),
                services::name.eq("Line 1"),
                services::kind.eq("line"),
                services::enrolled.eq(true),
                services::created_at.eq(partnerdesk::db::now()),
            ))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser
            .post(
                &url,
                &form("Cust", &s.product, "monthly", &s.admin.username),
            )
            .await;
        assert_eq!(res.status(), 303);
        let (term, pending, at, end): (
            String,
            Option<String>,
            Option<chrono::NaiveDateTime>,
            chrono::NaiveDateTime,
        ) = customers::table
            .find(s.customer)
            .select((
                customers::term,
                customers::pending_term,
                customers::pending_term_at,
                customers::period_ends_at,
            ))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(
            (term.as_str(), pending.as_deref(), at),
            ("annual", Some("monthly"), Some(end))
        );
        let (_, overview) = browser.page(&format!("/customers/{}", s.customer)).await;
        assert!(overview.contains("The new term takes effect at the end of the current period"));
        assert!(overview.contains("Pending change: Monthly"));

        // The periodic job applies it when the period ends.
        let mut conn = app.conn();
        assert_eq!(
            partnerdesk::app::jobs::roll_periods(&mut conn, end - chrono::Duration::days(1))
                .unwrap(),
            0
        );
        assert_eq!(
            partnerdesk::app::jobs::roll_periods(&mut conn, end + chrono::Duration::minutes(1))
                .unwrap(),
            1
        );
        let (term, pending, new_end): (String, Option<String>, chrono::NaiveDateTime) =
            customers::table
                .find(s.customer)
                .select((
                    customers::term,
                    customers::pending_term,
                    customers::period_ends_at,
                ))
                .first(&mut conn)
                .unwrap();
        assert_eq!((term.as_str(), pending), ("monthly", None));
        assert!(new_end > end && new_end <= end + chrono::Duration::days(31));
        let applied: i64 = audit_log::table
            .filter(audit_log::action.eq("customer.term_changed"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(applied, 1);
    }
);

both_backends!(
    edit_checks_every_field_and_the_plan,
    |app: TestApp| async move {
        let s = setup(&app);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let url = format!("/customers/{}/edit", s.customer);
        browser.page(&url).await;
        let long = "x".repeat(201);
        let mut bad = form(&long, &s.product, "weekly", &s.admin.username);
        bad.push(("kind", "pbx"));
        bad.push(("endpoint", "not-an-endpoint"));
        bad.retain(|(k, v)| *k != "kind" || !v.is_empty());
        bad.push(("country", "ZZ"));
        bad.retain(|(k, v)| *k != "country" || *v == "ZZ");
        let res = browser.post(&url, &bad).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        for msg in [
            "At most 200 characters.",
            "Choose monthly or annual.",
            "Choose a country from the list.",
            "Enter a URL (http or https) or host:port.",
        ] {
            assert!(body.contains(msg), "{msg}");
        }
        // API access only when the plan includes it.
        let reseller: i64 = customers::table
            .find(s.customer)
            .select(customers::reseller_id)
            .first(&mut app.conn())
            .unwrap();
        let plan: i64 = resellers::table
            .find(reseller)
            .select(resellers::plan_id)
            .first(&mut app.conn())
            .unwrap();
        diesel::update(reseller_plans::table.find(plan))
            .set(reseller_plans::api_allowed.eq(false))
            .execute(&mut app.conn())
            .unwrap();
        let mut with_api = form("Cust", &s.product, "monthly", &s.admin.username);
        with_api.push(("api_access", "on"));
        let res = browser.post(&url, &with_api).await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("does not include API access"));
        let updates: i64 = audit_log::table
            .filter(audit_log::action.eq("customer.updated"))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(updates, 0, "nothing half-saved");
    }
);

both_backends!(
    a_new_product_and_term_carry_to_the_live_subscription,
    |app: TestApp| async move {
        use partnerdesk::db::schema::subscriptions;
        let s = setup(&app);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let (reseller, product): (i64, i64) = customers::table
            .find(s.customer)
            .select((customers::reseller_id, customers::product_id))
            .first(&mut app.conn())
            .unwrap();
        let sub = |status: &str, n: &str| -> i64 {
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::public_id.eq(format!("S-CARRY-{n}-{}", s.customer)),
                    subscriptions::customer_id.eq(s.customer),
                    subscriptions::reseller_id.eq(reseller),
                    subscriptions::product_id.eq(product),
                    subscriptions::seats.eq(3i64),
                    subscriptions::term.eq("monthly"),
                    subscriptions::status.eq(status),
                    subscriptions::started_at.eq(partnerdesk::db::now()),
                    subscriptions::created_at.eq(partnerdesk::db::now()),
                ))
                .returning(subscriptions::id)
                .get_result(&mut app.conn())
                .unwrap()
        };
        let (live, cancelled) = (sub("active", "live"), sub("cancelled", "gone"));
        // No service is enrolled: the term changes at once.
        let url = format!("/customers/{}/edit", s.customer);
        let username = s.admin.username.clone();
        let res = browser
            .post(&url, &form("Cust", &s.other_product, "annual", &username))
            .await;
        assert_eq!(res.status(), 303);
        let of = |id: i64| -> (i64, String) {
            subscriptions::table
                .find(id)
                .select((subscriptions::product_id, subscriptions::term))
                .first(&mut app.conn())
                .unwrap()
        };
        let other: i64 = s.other_product.parse().unwrap();
        assert_eq!(of(live), (other, "annual".to_string()));
        assert_eq!(
            of(cancelled),
            (product, "monthly".to_string()),
            "history stays"
        );
    }
);
