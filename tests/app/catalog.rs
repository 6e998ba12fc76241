//! Operator screens (plans, products, resellers) and the billing export.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    customers, packages, plan_products, products, reseller_plans, resellers, subscriptions,
};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(operators_build_the_catalog, |app: TestApp| async move {
    let (mut op, _) = app.logged_in(Role::Operator).await;
    // The list's product filter, seen before the catalogue changes...
    let (_, list) = op.page("/customers").await;
    assert!(!list.contains(">Signatures</option>"));
    op.page("/products").await;
    assert_eq!(
        op.post("/products", &[("name", "Signatures"), ("locked", "on")])
            .await
            .status(),
        303
    );
    let product: i64 = products::table
        .filter(products::name.eq("Signatures"))
        .select(products::id)
        .first(&mut app.conn())
        .unwrap();
    // ...offers the new product at once.
    let (_, list) = op.page("/customers").await;
    assert!(list.contains(&format!("<option value=\"{product}\">Signatures</option>")));
    let res = op
        .post(
            &format!("/products/{product}/packages"),
            &[
                ("package_name", "Basic"),
                ("monthly", "4.5x"),
                ("annual", "48"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("Enter a price like 12 or 12.50.") && body.contains(r#"value="4.5x""#));
    op.post(
        &format!("/products/{product}/packages"),
        &[
            ("package_name", "Basic"),
            ("monthly", "4.50"),
            ("annual", "48"),
        ],
    )
    .await;
    let (monthly, annual): (i64, i64) = packages::table
        .filter(packages::product_id.eq(product))
        .select((packages::price_monthly_cents, packages::price_annual_cents))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((monthly, annual), (450, 4800));

    // A plan with an empty limit is unlimited.
    let p = product.to_string();
    let res = op
        .post(
            "/plans",
            &[
                ("name", "Gold"),
                ("max_customers", ""),
                ("max_users_per_customer", "x"),
                ("max_seats", "100"),
                ("product", &p),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("A limit is a whole number"));
    assert_eq!(
        op.post(
            "/plans",
            &[
                ("name", "Gold"),
                ("max_customers", ""),
                ("max_users_per_customer", "25"),
                ("max_seats", "100"),
                ("product", &p),
                ("trials_allowed", "on")
            ]
        )
        .await
        .status(),
        303
    );
    let (plan, max_customers, api): (i64, Option<i64>, bool) = reseller_plans::table
        .filter(reseller_plans::name.eq("Gold"))
        .select((
            reseller_plans::id,
            reseller_plans::max_customers,
            reseller_plans::api_allowed,
        ))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((max_customers, api), (None, false));
    let allowed: Vec<i64> = plan_products::table
        .filter(plan_products::plan_id.eq(plan))
        .select(plan_products::product_id)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(allowed, [product]);

    // A reseller with its first administrator, who can then log in.
    let res = op
        .post(
            "/resellers",
            &[
                ("name", "Acme Partners"),
                ("plan_id", &plan.to_string()),
                ("admin_name", "Ann Acme"),
                ("admin_email", "ann@acme.example"),
                ("admin_password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("at least 8 characters") && body.contains(r#"value="Acme Partners""#));
    assert_eq!(
        op.post(
            "/resellers",
            &[
                ("name", "Acme Partners"),
                ("plan_id", &plan.to_string()),
                ("admin_name", "Ann Acme"),
                ("admin_email", "ann@acme.example"),
                ("admin_password", PASSWORD)
            ]
        )
        .await
        .status(),
        303
    );
    // A second reseller whose administrator's e-mail is taken is refused
    // whole: no reseller without its administrator, so the name stays free.
    let res = op
        .post(
            "/resellers",
            &[
                ("name", "Second Partners"),
                ("plan_id", &plan.to_string()),
                ("admin_name", "Ann Again"),
                ("admin_email", "ann@acme.example"),
                ("admin_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains(r#"value="Second Partners""#));
    let second: i64 = resellers::table
        .filter(resellers::name.eq("Second Partners"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(second, 0);
    let mut ann = app.client();
    assert_eq!(ann.login("ann@acme.example", PASSWORD).await.status(), 303);
    let (_, home) = ann.page("/").await;
    assert!(home.contains("Reseller administrator in Acme Partners"));
    // Suspending the reseller ends its people's sessions.
    let reseller: i64 = resellers::table
        .filter(resellers::name.eq("Acme Partners"))
        .select(resellers::id)
        .first(&mut app.conn())
        .unwrap();
    op.post(&format!("/resellers/{reseller}/suspend"), &[])
        .await;
    assert_eq!(location(&ann.get("/").await), "/login?session=ended");
    assert_eq!(
        app.client()
            .login("ann@acme.example", PASSWORD)
            .await
            .status(),
        422
    );
});

both_backends!(
    billing_bills_each_subscription_of_the_month,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let now = partnerdesk::db::now();
        let mut conn = app.conn();
        let with_ref = insert_customer_with(&mut conn, reseller, "Paying Co", "active", now);
        let no_ref = insert_customer_with(&mut conn, reseller, "Blank Ref", "active", now);
        let demo = insert_customer_with(&mut conn, reseller, "Our Demo", "active", now);
        let trial = insert_customer_with(&mut conn, reseller, "Trying Co", "trial", now);
        let gone = insert_customer_with(&mut conn, reseller, "Gone Co", "active", now);
        diesel::update(customers::table.find(no_ref))
            .set((customers::reference.eq(""), customers::reference_key.eq("")))
            .execute(&mut conn)
            .unwrap();
        diesel::update(customers::table.find(demo))
            .set(customers::is_internal.eq(true))
            .execute(&mut conn)
            .unwrap();
        let product: i64 = customers::table
            .find(with_ref)
            .select(customers::product_id)
            .first(&mut conn)
            .unwrap();
        diesel::insert_into(packages::table)
            .values((
                packages::product_id.eq(product),
                packages::name.eq("Seat"),
                packages::price_monthly_cents.eq(1000i64),
                packages::price_annual_cents.eq(10800i64),
            ))
            .execute(&mut conn)
            .unwrap();
        let sub = |conn: &mut partnerdesk::db::AnyConnection,
                   customer: i64,
                   seats: i64,
                   term: &str,
                   status: &str,
                   cancelled: Option<chrono::NaiveDateTime>| {
            let reseller: i64 = customers::table
                .find(customer)
                .select(customers::reseller_id)
                .first(conn)
                .unwrap();
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::public_id.eq(format!("S-{customer}-{term}")),
                    subscriptions::customer_id.eq(customer),
                    subscriptions::reseller_id.eq(reseller),
                    subscriptions::product_id.eq(product),
                    subscriptions::seats.eq(seats),
                    subscriptions::term.eq(term),
                    subscriptions::status.eq(status),
                    subscriptions::started_at.eq(now - chrono::Duration::days(40)),
                    subscriptions::cancelled_at.eq(cancelled),
                    subscriptions::created_at.eq(now),
                ))
                .execute(conn)
                .unwrap();
        };
        sub(&mut conn, with_ref, 3, "monthly", "active", None);
        sub(&mut conn, no_ref, 2, "annual", "active", None);
        sub(&mut conn, demo, 5, "monthly", "active", None);
        sub(&mut conn, trial, 4, "monthly", "trial", None);
        sub(
            &mut conn,
            gone,
            9,
            "monthly",
            "cancelled",
            Some(now - chrono::Duration::days(35)),
        );
        // Another reseller's customer is never in this reseller's export.
        let other = insert_reseller(&mut conn, "elsewhere");
        let foreign = insert_customer_with(&mut conn, other, "Foreign Co", "active", now);
        sub(&mut conn, foreign, 1, "monthly", "active", None);
        drop(conn);

        let period = partnerdesk::domain::billing::Period::of(now).label();
        let res = browser.get(&format!("/billing.csv?period={period}")).await;
        assert_eq!(res.status(), 200);
        let body = res.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let find = |name: &str| rows.iter().find(|r| r[1] == name).cloned();
        let paying = find("Paying Co").expect("active subscription billed");
        assert_eq!(
            (
                paying[0].as_str(),
                paying[4].as_str(),
                paying[6].as_str(),
                paying[7].as_str()
            ),
            ("REF-paying-co", "3", "10.00", "30.00")
        );
        let blank = find("Blank Ref").unwrap();
        assert!(
            blank[0].starts_with("C-"),
            "the customer ID stands in for an empty reference"
        );
        assert_eq!(
            (blank[6].as_str(), blank[7].as_str()),
            ("9.00", "18.00"),
            "annual: a twelfth"
        );
        let demo_row = find("Our Demo").unwrap();
        assert_eq!(
            (demo_row[7].as_str(), demo_row[8].as_str()),
            ("0.00", "true")
        );
        assert!(
            find("Trying Co").is_none()
                && find("Gone Co").is_none()
                && find("Foreign Co").is_none()
        );
        assert_eq!(rows.len(), 3);

        let (status, page) = browser.page(&format!("/billing?period={period}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Paying Co") && page.contains("30.00"));
        let (status, page) = browser.page("/billing?period=2026-13").await;
        assert_eq!(status, 422);
        assert!(page.contains("Enter a month as YYYY-MM.") && page.contains(r#"value="2026-13""#));
    }
);
