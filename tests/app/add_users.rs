//! *Add users*: up to 25 people at once, checked together, all or none; an
//! e-mail that already has a login gets a membership, not a second login.

use diesel::prelude::*;
use partnerdesk::db::schema::{memberships, outbox, reseller_plans, resellers, users};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// The form's fields for `rows` (name, e-mail, role), then `action`.
fn form<'a>(rows: &[(&'a str, &'a str, &'a str)], action: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut f = Vec::new();
    for (name, email, role) in rows {
        f.extend([
            ("full_name", *name),
            ("email", *email),
            ("role", *role),
            ("package", ""),
            ("language", "en"),
        ]);
    }
    f.push(("action", action));
    f
}

fn members(app: &TestApp, customer: i64) -> Vec<(String, String)> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer))
        .order(users::email)
        .select((users::email, memberships::role))
        .load(&mut app.conn())
        .unwrap()
}

both_backends!(
    a_reseller_adds_three_users_fixing_one_row,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let customer = insert_customer(&mut app.conn(), reseller, "Crew Co");
        let before = members(&app, customer);

        // The users page leads to the form.
        let (_, users_page) = browser.page(&format!("/customers/{customer}/users")).await;
        assert!(users_page.contains(&format!("/customers/{customer}/users/add")));
        let (status, page) = browser
            .page(&format!("/customers/{customer}/users/add"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            page.matches(r#"name="full_name""#).count(),
            1,
            "one row shows"
        );

        // *Add row* keeps what was typed and adds a blank row.
        let path = format!("/customers/{customer}/users/add");
        let res = browser
            .post(
                &path,
                &form(
                    &[("Ann Crew", "ann@crew.example", "customer_admin")],
                    "add_row",
                ),
            )
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert_eq!(page.matches(r#"name="full_name""#).count(), 2);
        assert!(page.contains(r#"value="Ann Crew""#));

        // One bad e-mail: nothing is added, the row says why, all is kept.
        let rows = [
            ("Ann Crew", "ann@crew.example", "customer_admin"),
            ("Bob Crew", "bob-at-crew", "user"),
            ("Cy Crew", "cy@crew.example", "integrator"),
        ];
        let res = browser.post(&path, &form(&rows, "save")).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains(r#"id="email-1-error""#),
            "the error is on row 2's e-mail"
        );
        assert!(!page.contains(r#"id="email-0-error""#));
        for typed in ["Ann Crew", "bob-at-crew", "cy@crew.example"] {
            assert!(
                page.contains(&format!(r#"value="{typed}""#)),
                "{typed} kept"
            );
        }
        assert_eq!(members(&app, customer), before, "nothing added");

        // Fixed: all three are added and invited.
        let queued_before: i64 = outbox::table.count().get_result(&mut app.conn()).unwrap();
        let rows = [
            ("Ann Crew", "ann@crew.example", "customer_admin"),
            ("Bob Crew", "bob@crew.example", "user"),
            ("Cy Crew", "cy@crew.example", "integrator"),
        ];
        let res = browser.post(&path, &form(&rows, "save")).await;
        assert_eq!(location(&res), format!("/customers/{customer}/users"));
        let (_, page) = browser.page(&format!("/customers/{customer}/users")).await;
        assert!(page.contains("3 users added."), "{page}");
        let now = members(&app, customer);
        for (email, role) in [
            ("ann@crew.example", "customer_admin"),
            ("bob@crew.example", "user"),
            ("cy@crew.example", "integrator"),
        ] {
            assert!(
                now.contains(&(email.to_string(), role.to_string())),
                "{email}"
            );
        }
        let queued: i64 = outbox::table.count().get_result(&mut app.conn()).unwrap();
        assert_eq!(queued - queued_before, 3, "one invitation each");
        assert_eq!(
            app.user_count(customer),
            now.len() as i64,
            "the list's count follows"
        );
        assert_eq!(
            app.audit_actions()
                .iter()
                .filter(|a| *a == "user.added")
                .count(),
            3
        );

        // The same e-mail twice, or someone already here: refused by row.
        let rows = [
            ("Dee Crew", "dee@crew.example", "user"),
            ("Dee Again", "dee@crew.example", "user"),
            ("Ann Again", "ann@crew.example", "user"),
        ];
        let res = browser.post(&path, &form(&rows, "save")).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="email-1-error""#) && page.contains(r#"id="email-2-error""#));
        assert!(page.contains("already in another row") && page.contains("already a user"));
        assert_eq!(members(&app, customer), now);
    }
);

both_backends!(
    twenty_five_at_most_and_the_plan_limit,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let customer = insert_customer(&mut app.conn(), reseller, "Limits Co");
        let path = format!("/customers/{customer}/users/add");

        // 25 rows: *Add row* is refused with a message, no 26th row.
        let emails: Vec<String> = (0..25).map(|i| format!("p{i}@limits.example")).collect();
        let rows: Vec<(&str, &str, &str)> = emails
            .iter()
            .map(|e| ("Some One", e.as_str(), "user"))
            .collect();
        let res = browser.post(&path, &form(&rows, "add_row")).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert_eq!(page.matches(r#"name="full_name""#).count(), 25);
        assert!(page.contains("At most 25 people"));
        // 26 posted rows are refused whole.
        let mut more = rows.clone();
        more.push(("One Too Many", "p25@limits.example", "user"));
        let res = browser.post(&path, &form(&more, "save")).await;
        assert_eq!(res.status(), 422);
        assert!(members(&app, customer).is_empty());

        // The plan allows 2 users per customer: 3 at once are refused whole.
        let plan: i64 = resellers::table
            .find(reseller)
            .select(resellers::plan_id)
            .first(&mut app.conn())
            .unwrap();
        diesel::update(reseller_plans::table.find(plan))
            .set(reseller_plans::max_users_per_customer.eq(Some(2i64)))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.post(&path, &form(&rows[..3], "save")).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("allows no more users"));
        assert!(members(&app, customer).is_empty());
        let res = browser.post(&path, &form(&rows[..2], "save")).await;
        assert_eq!(res.status(), 303);
        assert_eq!(members(&app, customer).len(), 2);
    }
);

both_backends!(one_login_gets_a_second_account, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let reseller = person.reseller_id.unwrap();
    let first = insert_customer(&mut app.conn(), reseller, "First Co");
    let second = insert_customer(&mut app.conn(), reseller, "Second Co");
    let someone = app.customer_user(
        first,
        Role::User,
        partnerdesk::db::users::UserStatus::Active,
    );
    let logins_before: i64 = users::table.count().get_result(&mut app.conn()).unwrap();

    let path = format!("/customers/{second}/users/add");
    let rows = [("Same Person", someone.username.as_str(), "customer_admin")];
    let res = browser.post(&path, &form(&rows, "save")).await;
    assert_eq!(res.status(), 303);
    let logins: i64 = users::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(logins, logins_before, "no second login");
    assert_eq!(
        members(&app, second),
        [(someone.username.clone(), "customer_admin".to_string())]
    );
    assert_eq!(members(&app, first).len(), 1, "the first account is kept");

    // The person now chooses between both accounts.
    let mut own = app.client();
    assert_eq!(own.login(&someone.username, PASSWORD).await.status(), 303);
    let (_, home) = own.page("/").await;
    assert!(
        home.contains("First Co") && home.contains("Second Co"),
        "{home}"
    );

    // Staff logins are not lent to a customer.
    let operator = app.person(Role::Operator);
    let rows = [("An Operator", operator.username.as_str(), "user")];
    let res = browser.post(&path, &form(&rows, "save")).await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("already used by another account"));
});
