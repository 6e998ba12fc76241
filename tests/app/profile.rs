use diesel::prelude::*;
use partnerdesk::domain::roles::Role;

use crate::audit::{insert_legacy_at, Legacy};
use crate::both_backends;
use crate::helpers::*;

both_backends!(
    profile_keeps_what_was_typed_on_errors,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::User).await;
        browser.page("/profile").await;
        let long = "x".repeat(201);
        let res = browser
            .post(
                "/profile",
                &[
                    ("full_name", &long),
                    ("language", "de"),
                    ("timezone", "Mars/Olympus"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("At most 200 characters."));
        assert!(body.contains("Choose one of the offered languages."));
        assert!(body.contains("Choose a timezone from the list."));
        assert!(body.contains(&format!(r#"value="{long}""#)));
        assert!(body.contains(r#"aria-describedby="full_name-error""#));
    }
);

both_backends!(password_rules_are_explained, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::Integrator).await;
    browser.page("/profile").await;
    for (new, confirm, message) in [
        ("short", "short", "at least 8 characters"),
        ("qwertyuiop", "qwertyuiop", "too common"),
        (
            person.username.as_str(),
            person.username.as_str(),
            "must not be the username",
        ),
        ("lantern-orchid-77", "lantern-orchid-78", "not the same"),
    ] {
        let res = browser
            .post(
                "/profile/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", new),
                    ("new_password_confirm", confirm),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{new}");
        assert!(res.text().await.unwrap().contains(message), "{new}");
    }
    let res = browser
        .post(
            "/profile/password",
            &[
                ("current_password", "not-it-at-all"),
                ("new_password", "lantern-orchid-77"),
                ("new_password_confirm", "lantern-orchid-77"),
            ],
        )
        .await;
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("The current password is not right."));
    assert!(!app
        .audit_actions()
        .contains(&"password.changed".to_string()));
});

/// Saves the person's profile with Tokyo's time zone.
async fn in_tokyo(browser: &mut Client) {
    let profile = [
        ("full_name", "Tz Tester"),
        ("language", "en"),
        ("timezone", "Asia/Tokyo"),
    ];
    let res = browser.post("/profile", &profile).await;
    assert_eq!(res.status(), 303);
}

both_backends!(
    times_show_in_the_viewers_timezone,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        browser.page("/profile").await;
        in_tokyo(&mut browser).await;
        let (_, body) = browser.page("/staff").await;
        assert!(
            body.contains("<p class=\"times-note\">Times are shown in Asia/Tokyo (JST).</p>"),
            "the page names the viewer's timezone: {body}"
        );
    }
);

both_backends!(
    time_zones_are_canonical_grouped_and_the_countrys_first,
    |app: TestApp| async move {
        // Your own time zone: every region, in your language.
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let (_, page) = browser.page("/profile").await;
        assert!(page.contains("<optgroup label=\"Europe\">"));
        assert!(page.contains("<option value=\"America/New_York\">"));
        for alias in ["US/Eastern", "Etc/GMT+1", "W-SU", "Europe/Kiev"] {
            assert!(!page.contains(&format!("value=\"{alias}\"")), "{alias}");
        }
        // A customer's: the zones of its country (GB) first.
        let customer = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Zones Co");
        let (_, page) = browser.page(&format!("/customers/{customer}/edit")).await;
        let own = page
            .find("<optgroup label=\"The country&#39;s zones\">")
            .expect("own group");
        let london = page.find("<option value=\"Europe/London\"").unwrap();
        let africa = page.find("<optgroup label=\"Africa\">").unwrap();
        assert!(own < london && london < africa);
    }
);

both_backends!(
    a_customers_times_read_alike_on_the_list_and_its_overview,
    |app: TestApp| async move {
        use partnerdesk::db::schema::customers;
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        in_tokyo(&mut browser).await;
        let reseller = insert_reseller(&mut app.conn(), "zones");
        let created = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let c = insert_customer_with(&mut app.conn(), reseller, "Far Away", "active", created);
        diesel::update(customers::table.find(c))
            .set(customers::timezone.eq("America/New_York"))
            .execute(&mut app.conn())
            .unwrap();
        // In the viewer's zone on both pages, not the customer's (07:00).
        let note = "<p class=\"times-note\">Times are shown in Asia/Tokyo (JST).</p>";
        let (_, list) = browser.page("/customers?q=far").await;
        assert!(list.contains("2026-03-01 21:00"), "{list}");
        assert!(list.contains(note));
        let (_, overview) = browser.page(&format!("/customers/{c}")).await;
        assert!(overview.contains("2026-03-01 21:00"), "{overview}");
        assert!(!overview.contains("2026-03-01 07:00"));
        assert!(overview.contains(note));
    }
);

both_backends!(
    the_audit_dates_are_the_viewers_days,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        // 20:00 on 1 March in UTC is 05:00 on 2 March in Tokyo.
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(20, 0, 0)
            .unwrap();
        let entry = Legacy {
            actor: (None, "night-owl"),
            action: "plan.updated",
            target: ("catalog", "1".into()),
            customer: None,
            summary: "late change".into(),
        };
        insert_legacy_at(&app, entry, at);
        let day = |d: &str| format!("/audit?actor=night-owl&from={d}&to={d}");
        let (_, page) = browser.page(&day("2026-03-01")).await;
        assert!(page.contains("late change"), "a UTC viewer's 1 March");
        in_tokyo(&mut browser).await;
        let (_, page) = browser.page(&day("2026-03-01")).await;
        assert!(!page.contains("late change"));
        let (_, page) = browser.page(&day("2026-03-02")).await;
        assert!(page.contains("late change"), "Tokyo's 2 March");
        assert!(page.contains("2026-03-02 05:00"));
    }
);
