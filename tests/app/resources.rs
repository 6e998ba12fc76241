//! Sites, services and subscriptions of a customer.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    customers, reseller_plans, resellers, services, sites, subscriptions,
};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// A reseller administrator logged in, with one customer of theirs.
async fn reseller_with_customer(app: &TestApp, name: &str) -> (Client, i64, i64) {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let reseller = person.reseller_id.unwrap();
    let customer = insert_customer_with(
        &mut app.conn(),
        reseller,
        name,
        "active",
        partnerdesk::db::now(),
    );
    browser.page("/").await;
    (browser, reseller, customer)
}

both_backends!(
    sites_add_rename_and_keep_the_last,
    |app: TestApp| async move {
        let (mut browser, _, c) = reseller_with_customer(&app, "Sited").await;
        let url = format!("/customers/{c}/sites");
        let res = browser.post(&url, &[("name", "  ")]).await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("This field is required."));
        assert_eq!(
            browser.post(&url, &[("name", "Store 1")]).await.status(),
            303
        );
        let site: i64 = sites::table
            .filter(sites::customer_id.eq(c))
            .select(sites::id)
            .first(&mut app.conn())
            .unwrap();
        // The only site stays.
        browser.post(&format!("{url}/{site}/remove"), &[]).await;
        let (_, body) = browser.page(&url).await;
        assert!(body.contains("A customer keeps at least one site."));
        browser
            .post(&format!("{url}/{site}/rename"), &[("name", "Flagship")])
            .await;
        browser.post(&url, &[("name", "Store 2")]).await;
        browser.post(&format!("{url}/{site}/remove"), &[]).await;
        let names: Vec<String> = sites::table
            .filter(sites::customer_id.eq(c))
            .select(sites::name)
            .load(&mut app.conn())
            .unwrap();
        assert_eq!(names, ["Store 2"]);
        // Another customer's site id through this customer's URL is not found.
        let other = app.person(Role::CustomerAdmin).customer_id.unwrap();
        let foreign_site =
            partnerdesk::db::sites::insert(&mut app.conn(), other, "Theirs").unwrap();
        let res = browser
            .post(
                &format!("{url}/{foreign_site}/rename"),
                &[("name", "Mine now")],
            )
            .await;
        assert_eq!(res.status(), 404);
    }
);

both_backends!(
    services_filter_and_change_state,
    |app: TestApp| async move {
        let (mut browser, _, c) = reseller_with_customer(&app, "Serviced").await;
        let site = partnerdesk::db::sites::insert(&mut app.conn(), c, "Lobby").unwrap();
        let other_site = partnerdesk::db::sites::insert(
            &mut app.conn(),
            app.person(Role::CustomerAdmin).customer_id.unwrap(),
            "Theirs",
        )
        .unwrap();
        let url = format!("/customers/{c}/services");
        let res = browser
            .post(
                &url,
                &[
                    ("name", "Cam"),
                    ("kind", "video_unit"),
                    ("site_id", &other_site.to_string()),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Choose one of this customer"));
        browser
            .post(
                &url,
                &[
                    ("name", "Cam A"),
                    ("kind", "video_unit"),
                    ("site_id", &site.to_string()),
                ],
            )
            .await;
        browser
            .post(
                &url,
                &[("name", "Line B"), ("kind", "line"), ("site_id", "")],
            )
            .await;
        let cam: i64 = services::table
            .filter(services::name.eq("Cam A"))
            .select(services::id)
            .first(&mut app.conn())
            .unwrap();
        browser.post(&format!("{url}/{cam}/suspend"), &[]).await;
        browser.post(&format!("{url}/{cam}/enroll"), &[]).await;
        let (status, enrolled): (String, bool) = services::table
            .find(cam)
            .select((services::status, services::enrolled))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!((status.as_str(), enrolled), ("suspended", true));
        let names = |body: &str| {
            ["Cam A", "Line B"]
                .into_iter()
                .filter(|n| body.contains(&format!("<td>{n}</td>")))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&browser.page(&format!("{url}?status=suspended")).await.1),
            ["Cam A"]
        );
        assert_eq!(
            names(&browser.page(&format!("{url}?status=active")).await.1),
            ["Line B"]
        );
        assert_eq!(
            names(&browser.page(&format!("{url}?site={site}")).await.1),
            ["Cam A"]
        );
        assert_eq!(
            names(&browser.page(&format!("{url}?kind=line")).await.1),
            ["Line B"]
        );
        // The overview counts link to those lists.
        let (_, overview) = browser.page(&format!("/customers/{c}")).await;
        assert!(overview.contains(&format!(
            "href=\"/customers/{c}/services?status=active\"><strong>1</strong>"
        )));
        assert!(overview.contains(&format!(
            "href=\"/customers/{c}/services?status=suspended\"><strong>1</strong>"
        )));
        // A suspended customer's services all show suspended.
        diesel::update(customers::table.find(c))
            .set(customers::status.eq("suspended"))
            .execute(&mut app.conn())
            .unwrap();
        assert_eq!(
            names(&browser.page(&format!("{url}?status=suspended")).await.1),
            ["Cam A", "Line B"]
        );
        assert!(names(&browser.page(&format!("{url}?status=active")).await.1).is_empty());
        let (_, overview) = browser.page(&format!("/customers/{c}")).await;
        assert!(overview.contains(&format!(
            "href=\"/customers/{c}/services?status=active\"><strong>0</strong>"
        )));
        assert!(overview.contains(&format!(
            "href=\"/customers/{c}/services?status=suspended\"><strong>2</strong>"
        )));
        browser.post(&format!("{url}/{cam}/remove"), &[]).await;
        assert_eq!(
            browser
                .post(&format!("{url}/{cam}/explode"), &[])
                .await
                .status(),
            404
        );
        let left: i64 = services::table
            .filter(services::customer_id.eq(c))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(left, 1);
    }
);

both_backends!(
    subscriptions_launch_manage_cancel_archive,
    |app: TestApp| async move {
        let (mut browser, reseller, c) = reseller_with_customer(&app, "Subscribed").await;
        let product: i64 = customers::table
            .find(c)
            .select(customers::product_id)
            .first(&mut app.conn())
            .unwrap();
        let product = product.to_string();
        let plan: i64 = resellers::table
            .find(reseller)
            .select(resellers::plan_id)
            .first(&mut app.conn())
            .unwrap();
        diesel::update(reseller_plans::table.find(plan))
            .set(reseller_plans::max_seats.eq(Some(10i64)))
            .execute(&mut app.conn())
            .unwrap();
        let url = format!("/customers/{c}/subscriptions");
        for (seats, msg) in [
            ("0", "whole number from 1"),
            ("-5", "whole number from 1"),
            ("11", "exceed the seats"),
        ] {
            let res = browser
                .post(
                    &url,
                    &[
                        ("product_id", &product),
                        ("seats", seats),
                        ("term", "monthly"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422, "{seats}");
            let body = res.text().await.unwrap();
            assert!(body.contains(msg), "{seats}");
            assert!(body.contains(&format!(r#"value="{seats}""#)));
        }
        assert_eq!(
            browser
                .post(
                    &url,
                    &[("product_id", &product), ("seats", "6"), ("term", "annual")]
                )
                .await
                .status(),
            303
        );
        let sub: i64 = subscriptions::table
            .filter(subscriptions::customer_id.eq(c))
            .select(subscriptions::id)
            .first(&mut app.conn())
            .unwrap();
        // Managing within the plan's 10 seats, then beyond them.
        browser
            .post(
                &format!("/subscriptions/{sub}/manage"),
                &[
                    ("seats", "9"),
                    ("term", "annual"),
                    ("customer_may_edit", "on"),
                ],
            )
            .await;
        let res = browser
            .post(
                &format!("/subscriptions/{sub}/manage"),
                &[("seats", "11"), ("term", "annual")],
            )
            .await;
        assert_eq!(location(&res), url);
        let (_, body) = browser.page(&url).await;
        assert!(body.contains("exceed the seats"));
        let (seats, may): (i64, bool) = subscriptions::table
            .find(sub)
            .select((subscriptions::seats, subscriptions::customer_may_edit))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!((seats, may), (9, true));
        // The reseller's list, then cancel: it moves to the archive.
        let (_, list) = browser.page("/subscriptions").await;
        assert!(list.contains("Subscribed"));
        browser
            .post(
                &format!("/subscriptions/{sub}/cancel"),
                &[("return", "/subscriptions")],
            )
            .await;
        let (_, list) = browser.page("/subscriptions").await;
        assert!(
            list.contains("was cancelled and moved to the archive")
                && !list.contains(">Subscribed<")
        );
        let (_, archive) = browser.page("/subscriptions/archived").await;
        assert!(archive.contains(">Subscribed<"));
        // Another reseller sees none of it and cannot cancel it.
        let (mut other, _) = app.logged_in(Role::ResellerAdmin).await;
        assert!(!other
            .page("/subscriptions/archived")
            .await
            .1
            .contains("Subscribed"));
        assert_eq!(
            other
                .post(
                    &format!("/subscriptions/{sub}/manage"),
                    &[("seats", "1"), ("term", "monthly")]
                )
                .await
                .status(),
            404
        );
    }
);
