//! The customer list, row actions, delete and overview.

use std::collections::HashSet;

use chrono::Duration;
use diesel::prelude::*;
use partnerdesk::db::schema::{customers, memberships, services, sites};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// Customer names in page order, following "next" (or "previous") links.
async fn walk(browser: &mut Client, start: &str, rel: &str) -> (Vec<String>, String) {
    let mut names = Vec::new();
    let mut url = start.to_string();
    let mut last_url = url.clone();
    for _ in 0..100 {
        let (status, body) = browser.page(&url).await;
        assert_eq!(status, 200, "{url}");
        names.extend(row_names(&body));
        last_url = url.clone();
        match link(&body, rel) {
            Some(next) => url = next,
            None => break,
        }
    }
    (names, last_url)
}

pub fn row_names(body: &str) -> Vec<String> {
    body.split("<td><a href=\"/customers/")
        .skip(1)
        .filter_map(|s| Some(s.split_once('>')?.1.split_once('<')?.0.to_string()))
        .collect()
}

pub fn link(body: &str, rel: &str) -> Option<String> {
    let at = body.find(&format!("rel=\"{rel}\""))?;
    let start = body[..at].rfind("<a href=\"")? + 9;
    let href = body[start..].split('"').next()?;
    Some(href.replace("&#38;", "&").replace("&amp;", "&"))
}

/// The reseller's customer names as the database orders them for `sort`:
/// by the column, then by id, both in the sort's direction.
fn database_order(app: &TestApp, reseller: i64, sort: &str) -> Vec<String> {
    use diesel::prelude::*;
    use partnerdesk::db::schema::customers::dsl as c;
    let mine = c::customers
        .filter(c::reseller_id.eq(reseller))
        .select(c::name);
    let mut conn = app.conn();
    match sort {
        "name" => mine.order((c::name.asc(), c::id.asc())).load(&mut conn),
        "-name" => mine.order((c::name.desc(), c::id.desc())).load(&mut conn),
        "created" => mine
            .order((c::created_at.asc(), c::id.asc()))
            .load(&mut conn),
        _ => mine
            .order((c::created_at.desc(), c::id.desc()))
            .load(&mut conn),
    }
    .unwrap()
}

both_backends!(
    keyset_pages_visit_every_row_once,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let base = partnerdesk::db::now();
        let mut conn = app.conn();
        let mut expected = Vec::new();
        for i in 0..57 {
            // Pairs share a creation time, so the id has to break ties.
            let created = base - Duration::minutes((i / 2) as i64);
            let name = format!("Shop {:02}", (i * 37) % 57);
            insert_customer_with(&mut conn, reseller, &name, "active", created);
            expected.push(name);
        }
        drop(conn);
        let all: HashSet<String> = expected.iter().cloned().collect();
        for sort in ["name", "-name", "created", "-created"] {
            let (forward, last) =
                walk(&mut browser, &format!("/customers?sort={sort}"), "next").await;
            assert_eq!(forward.len(), 57, "{sort}: every row once");
            assert_eq!(
                forward.iter().cloned().collect::<HashSet<_>>(),
                all,
                "{sort}"
            );
            assert_eq!(
                forward,
                database_order(&app, reseller, sort),
                "{sort}: the database's own order"
            );
            // And back again from the last page.
            let (backward, _) = walk(&mut browser, &last, "prev").await;
            assert_eq!(backward.len(), 57, "{sort} backwards");
            let mut pages_back: Vec<String> = backward;
            // Pages come last-first but rows inside a page keep their order.
            pages_back.sort();
            let mut f = forward.clone();
            f.sort();
            assert_eq!(pages_back, f, "{sort} backwards");
        }
    }
);

both_backends!(
    search_and_filters_narrow_the_list,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let now = partnerdesk::db::now();
        let mut conn = app.conn();
        insert_customer_with(&mut conn, reseller, "Alpha Dental", "active", now);
        insert_customer_with(&mut conn, reseller, "Beta Bakery", "suspended", now);
        insert_customer_with(&mut conn, reseller, "100% Gamma_Co", "trial", now);
        drop(conn);
        let names = |body: String| row_names(&body);
        assert_eq!(
            names(browser.page("/customers?q=alp").await.1),
            ["Alpha Dental"]
        );
        assert_eq!(
            names(browser.page("/customers?q=REF-BETA").await.1),
            ["Beta Bakery"]
        );
        assert_eq!(
            names(browser.page("/customers?q=admin%40alpha").await.1),
            ["Alpha Dental"]
        );
        // LIKE wildcards are taken literally.
        assert_eq!(
            names(browser.page("/customers?q=100%25").await.1),
            ["100% Gamma_Co"]
        );
        assert!(names(browser.page("/customers?q=%25").await.1).is_empty());
        assert_eq!(
            names(browser.page("/customers?status=suspended").await.1),
            ["Beta Bakery"]
        );
        // htmx asks for the results only, for search as you type.
        let res = browser
            .http
            .get(app.url("/customers?q=bet"))
            .header("HX-Request", "true")
            .header("HX-Target", "results")
            .send()
            .await
            .unwrap();
        let partial = res.text().await.unwrap();
        assert!(!partial.contains("<html") && !partial.contains("role=\"search\""));
        assert_eq!(row_names(&partial), ["Beta Bakery"]);
        assert!(partial.contains("1 customer<") && !partial.contains("1 customers"));
        // A customer matched by name and by e-mail is listed and counted once.
        let mut conn = app.conn();
        insert_customer_with(&mut conn, reseller, "Admin Works", "active", now);
        drop(conn);
        let (_, body) = browser.page("/customers?q=admin").await;
        assert_eq!(row_names(&body).len(), 4);
        assert!(body.contains("4 customers"), "every admin e-mail starts so");
    }
);

both_backends!(
    resellers_never_see_other_resellers_customers,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let mut conn = app.conn();
        let mine = insert_customer_with(
            &mut conn,
            person.reseller_id.unwrap(),
            "Mine Ltd",
            "active",
            partnerdesk::db::now(),
        );
        let other_reseller = insert_reseller(&mut conn, "elsewhere");
        let theirs = insert_customer_with(
            &mut conn,
            other_reseller,
            "Theirs Ltd",
            "active",
            partnerdesk::db::now(),
        );
        drop(conn);
        // Not listed, not even with their reseller in the URL.
        let (_, body) = browser
            .page(&format!("/customers?reseller={other_reseller}"))
            .await;
        assert_eq!(row_names(&body), ["Mine Ltd"]);
        let (_, csv) = browser
            .page(&format!("/customers/export.csv?reseller={other_reseller}"))
            .await;
        assert!(csv.contains("Mine Ltd") && !csv.contains("Theirs Ltd"));
        // Not reachable by URL or by form: as unknown as a customer that does
        // not exist, so ids cannot be enumerated.
        assert_eq!(
            browser.get(&format!("/customers/{theirs}")).await.status(),
            404
        );
        assert_eq!(
            browser
                .post(&format!("/customers/{theirs}/suspend"), &[])
                .await
                .status(),
            404
        );
        assert_eq!(
            browser
                .post(
                    &format!("/customers/{theirs}/delete"),
                    &[("confirm_name", "Theirs Ltd")]
                )
                .await
                .status(),
            404
        );
        let status: String = customers::table
            .find(theirs)
            .select(customers::status)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(status, "active");
        assert_eq!(
            browser.get(&format!("/customers/{mine}")).await.status(),
            200
        );
        assert_eq!(browser.get("/customers/999999").await.status(), 404);
    }
);

both_backends!(
    rows_suspend_and_enable_in_place,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let id = insert_customer_with(
            &mut app.conn(),
            person.reseller_id.unwrap(),
            "Row Corp",
            "active",
            partnerdesk::db::now(),
        );
        browser.page("/customers").await;
        let token = browser.csrf().await;
        let res = browser
            .http
            .post(app.url(&format!("/customers/{id}/suspend")))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &token)
            .form(&[("return", "/customers?q=row")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body = res.text().await.unwrap();
        assert!(
            body.starts_with(&format!("\n<tr id=\"customer-{id}\">"))
                || body.contains(&format!("<tr id=\"customer-{id}\">"))
        );
        assert!(body.contains("badge-suspended"));
        assert!(
            body.contains(&format!("/customers/{id}/enable")),
            "the row now offers Enable"
        );
        assert!(body.contains("hx-swap-oob") && body.contains("Row Corp is suspended."));
        assert!(!body.contains("<html"));

        // Without JavaScript: a plain form post returns to the list it came from.
        let res = browser
            .post(
                &format!("/customers/{id}/enable"),
                &[("return", "/customers?q=row")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/customers?q=row");
        let (_, body) = browser.page("/customers?q=row").await;
        assert!(body.contains("Row Corp is enabled again."));
        assert!(body.contains("badge-active"));
        let actions = app.audit_actions();
        assert!(actions.contains(&"customer.suspended".to_string()));
        assert!(actions.contains(&"customer.enabled".to_string()));
    }
);

both_backends!(
    delete_asks_for_the_name_and_cascades,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let customer_user = app.person(Role::CustomerAdmin);
        let mut conn = app.conn();
        let id = insert_customer_with(
            &mut conn,
            person.reseller_id.unwrap(),
            "Doomed Co",
            "active",
            partnerdesk::db::now(),
        );
        diesel::update(memberships::table.filter(memberships::user_id.eq(customer_user.user_id)))
            .set(memberships::customer_id.eq(id))
            .execute(&mut conn)
            .unwrap();
        let site = partnerdesk::db::sites::insert(&mut conn, id, "Shop floor").unwrap();
        diesel::insert_into(services::table)
            .values((
                services::customer_id.eq(id),
                services::site_id.eq(site),
                services::name.eq("Cam 1"),
                services::kind.eq("video_unit"),
                services::created_at.eq(partnerdesk::db::now()),
            ))
            .execute(&mut conn)
            .unwrap();
        drop(conn);

        let (status, body) = browser.page(&format!("/customers/{id}/delete")).await;
        assert_eq!(status, 200);
        assert!(
            body.contains("Users: 1")
                && body.contains("Sites: 1")
                && body.contains("Services and devices: 1")
        );
        let res = browser
            .post(
                &format!("/customers/{id}/delete"),
                &[("confirm_name", "Doomed")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("The name typed is not the customer")
                && body.contains(r#"value="Doomed""#)
        );

        let res = browser
            .post(
                &format!("/customers/{id}/delete"),
                &[("confirm_name", "Doomed Co")],
            )
            .await;
        assert_eq!(location(&res), "/customers");
        let (_, body) = browser.page("/customers").await;
        assert!(body.contains("Doomed Co was deleted."));
        let mut conn = app.conn();
        let left: i64 = customers::table
            .filter(customers::id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        let sites_left: i64 = sites::table
            .filter(sites::customer_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        let services_left: i64 = services::table
            .filter(services::customer_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        let members_left: i64 = memberships::table
            .filter(memberships::customer_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(
            (left, sites_left, services_left, members_left),
            (0, 0, 0, 0)
        );
        let (_, _, record) = app.last_audit("customer.deleted").unwrap();
        assert_eq!(
            record,
            "Doomed Co, with 1 user, 1 site, 1 service, 0 subscriptions"
        );
        // Its former user can no longer log in.
        let mut former = app.client();
        assert_eq!(
            former
                .login(&customer_user.username, PASSWORD)
                .await
                .status(),
            422
        );
    }
);

both_backends!(
    csv_export_streams_every_matching_row,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let now = partnerdesk::db::now();
        let mut conn = app.conn();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for i in 0..530 {
                insert_customer_with(
                    conn,
                    reseller,
                    &format!("Bulk {i:03}"),
                    if i % 10 == 0 { "suspended" } else { "active" },
                    now,
                );
            }
            insert_customer_with(conn, reseller, "=cmd|' /C calc'!A0", "active", now);
            Ok(())
        })
        .unwrap();
        drop(conn);
        let res = browser.get("/customers/export.csv?status=active").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let body = res.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        assert_eq!(reader.headers().unwrap().get(0), Some("customer_id"));
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(
            rows.len(),
            477 + 1,
            "477 active bulk rows and the formula one"
        );
        assert!(rows.iter().all(|r| &r[5] == "active"));
        assert!(
            rows.iter().any(|r| r[1].starts_with("'=cmd")),
            "formulas are defused"
        );
    }
);

// The customer's notes are on its overview, kept line by line and escaped.
both_backends!(notes_appear_on_the_overview, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let customer = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Noted Co");
    let (_, page) = browser.page(&format!("/customers/{customer}")).await;
    assert!(!page.contains(r#"id="notes-h""#), "no notes, no card");
    diesel::update(customers::table.find(customer))
        .set(customers::notes.eq("Call before 10\n<b>VIP</b>"))
        .execute(&mut app.conn())
        .unwrap();
    let (_, page) = browser.page(&format!("/customers/{customer}")).await;
    assert!(page.contains(r#"id="notes-h""#));
    assert!(
        page.contains("Call before 10\n&#60;b&#62;VIP&#60;/b&#62;")
            || page.contains("Call before 10\n&lt;b&gt;VIP&lt;/b&gt;"),
        "{page}"
    );
});
