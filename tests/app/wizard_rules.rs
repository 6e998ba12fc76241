//! The wizard's rules: the plan, uniqueness, forged fields, drafts.

use diesel::prelude::*;
use partnerdesk::db::schema::{customers, reseller_plans, resellers, wizard_drafts};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::wizard::{account, product_of, start, step};

both_backends!(account_rules_of_the_plan_hold, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let reseller = person.reseller_id.unwrap();
    let product = product_of(&app, reseller);
    let mut conn = app.conn();
    insert_customer_with(
        &mut conn,
        reseller,
        "Taken Name",
        "active",
        partnerdesk::db::now(),
    );
    let plan: i64 = resellers::table
        .find(reseller)
        .select(resellers::plan_id)
        .first(&mut conn)
        .unwrap();
    let other = insert_reseller(&mut conn, "other");
    let foreign_product = product_of(&app, other);
    insert_customer_with(
        &mut conn,
        other,
        "Shared Name",
        "active",
        partnerdesk::db::now(),
    );
    drop(conn);
    let d = start(&mut browser).await;
    let refused = |body: String, text: &str| assert!(body.contains(text), "expected {text:?}");

    // Unique per reseller, whatever the case; another reseller's name is free.
    let res = step(&mut browser, d, 1, &account("TAKEN name", &product)).await;
    refused(
        res.text().await.unwrap(),
        "already has a customer with this name",
    );
    // A product outside the plan.
    let res = step(&mut browser, d, 1, &account("New One", &foreign_product)).await;
    refused(res.text().await.unwrap(), "not part of the reseller");
    // Trials only when the plan allows them.
    diesel::update(reseller_plans::table.find(plan))
        .set(reseller_plans::trials_allowed.eq(false))
        .execute(&mut app.conn())
        .unwrap();
    let mut with_trial = account("New One", &product);
    with_trial.push(("trial", "on"));
    refused(
        step(&mut browser, d, 1, &with_trial)
            .await
            .text()
            .await
            .unwrap(),
        "does not allow trials",
    );
    // One internal demo system per reseller.
    let mut internal = account("Demo Box", &product);
    internal.push(("internal", "on"));
    assert_eq!(
        step(&mut browser, d, 1, &account("Shared Name", &product))
            .await
            .status(),
        303
    );
    diesel::update(customers::table.filter(customers::name.eq("Taken Name")))
        .set(customers::is_internal.eq(true))
        .execute(&mut app.conn())
        .unwrap();
    refused(
        step(&mut browser, d, 1, &internal)
            .await
            .text()
            .await
            .unwrap(),
        "already has an internal demo system",
    );
    // The plan's customer limit; empty means unlimited.
    diesel::update(reseller_plans::table.find(plan))
        .set(reseller_plans::max_customers.eq(Some(1i64)))
        .execute(&mut app.conn())
        .unwrap();
    let body = step(&mut browser, d, 1, &account("One Too Many", &product))
        .await
        .text()
        .await
        .unwrap();
    // The form's message, not one field's: no field of the form can change it.
    refused(
        body.clone(),
        "<p class=\"form-error\" role=\"alert\">The reseller&#39;s plan allows no more customers.</p>",
    );
    assert!(!body.contains("name-error"), "the name is not at fault");
    diesel::update(reseller_plans::table.find(plan))
        .set(reseller_plans::max_customers.eq(None::<i64>))
        .execute(&mut app.conn())
        .unwrap();
    assert_eq!(
        step(&mut browser, d, 1, &account("One Too Many", &product))
            .await
            .status(),
        303
    );
});

both_backends!(a_forged_reseller_id_is_ignored, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let own = person.reseller_id.unwrap();
    let product = product_of(&app, own);
    let victim = insert_reseller(&mut app.conn(), "victim");
    let d = start(&mut browser).await;
    let victim_id = victim.to_string();
    let mut fields = account("Sneaky", &product);
    fields.push(("reseller_id", &victim_id));
    step(&mut browser, d, 1, &fields).await;
    step(&mut browser, d, 2, &[("nav", "next")]).await;
    step(
        &mut browser,
        d,
        3,
        &[
            ("full_name", "Sam"),
            ("language", "en"),
            ("identity_provider", "local"),
            ("username", "sam@sneaky.example"),
            ("email_same", "on"),
            ("nav", "next"),
        ],
    )
    .await;
    step(&mut browser, d, 4, &[("kind", ""), ("nav", "next")]).await;
    browser
        .post(&format!("/customers/new/{d}/create"), &[])
        .await;
    let owner: i64 = customers::table
        .filter(customers::name.eq("Sneaky"))
        .select(customers::reseller_id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(owner, own);
});

both_backends!(
    drafts_belong_to_their_author_and_expire,
    |app: TestApp| async move {
        let (mut alice, _) = app.logged_in(Role::ResellerAdmin).await;
        let (mut bob, _) = app.logged_in(Role::ResellerAdmin).await;
        let d = start(&mut alice).await;
        let (status, body) = bob.page(&format!("/customers/new/{d}/1")).await;
        assert_eq!(status, 410);
        assert!(body.contains("This draft is no longer available"));
        assert_eq!(
            bob.post(&format!("/customers/new/{d}/1"), &[("name", "x")])
                .await
                .status(),
            410
        );
        diesel::update(wizard_drafts::table.find(d))
            .set(wizard_drafts::updated_at.eq(partnerdesk::db::now() - chrono::Duration::hours(25)))
            .execute(&mut app.conn())
            .unwrap();
        assert_eq!(alice.page(&format!("/customers/new/{d}/1")).await.0, 410);
        assert_eq!(
            alice
                .post(&format!("/customers/new/{d}/create"), &[])
                .await
                .status(),
            410
        );
        // Starting again makes a new draft.
        let fresh = start(&mut alice).await;
        assert_ne!(fresh, d);
    }
);

both_backends!(
    a_taken_username_is_refused_at_step_3,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let product = product_of(&app, person.reseller_id.unwrap());
        let d = start(&mut browser).await;
        step(&mut browser, d, 1, &account("Userland", &product)).await;
        step(&mut browser, d, 2, &[("nav", "next")]).await;
        let res = step(
            &mut browser,
            d,
            3,
            &[
                ("full_name", "Dup"),
                ("language", "en"),
                ("identity_provider", "local"),
                ("username", &person.username),
                ("email_same", "on"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("This username is already taken."));
    }
);

both_backends!(
    another_tenants_e_mail_login_cannot_be_taken,
    |app: TestApp| async move {
        use partnerdesk::db::schema::users;
        // A user of another tenant who logs in with an e-mail that is not
        // their username.
        let other = app.person(Role::CustomerAdmin);
        diesel::update(users::table.find(other.user_id))
            .set(users::email.eq("kim@harbour.example"))
            .execute(&mut app.conn())
            .unwrap();
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let product = product_of(&app, person.reseller_id.unwrap());
        let d = start(&mut browser).await;
        step(&mut browser, d, 1, &account("Takeover", &product)).await;
        step(&mut browser, d, 2, &[("nav", "next")]).await;
        let admin = |username: &'static str, email: &'static str| {
            vec![
                ("full_name", "Kim Copy"),
                ("language", "en"),
                ("identity_provider", "local"),
                ("username", username),
                ("email", email),
                ("nav", "next"),
            ]
        };
        // Their e-mail as a username.
        let res = step(
            &mut browser,
            d,
            3,
            &admin("KIM@harbour.example", "x@y.example"),
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("This username is already taken."));
        // Their e-mail as the new administrator's e-mail.
        let res = step(
            &mut browser,
            d,
            3,
            &admin("kim.copy", "kim@harbour.example"),
        )
        .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("already used by someone else to log in"),
            "{body}"
        );
        assert!(
            body.contains("value=\"kim.copy\""),
            "what was typed is kept"
        );
        // The other tenant's user still logs in by e-mail.
        let res = app.client().login("kim@harbour.example", PASSWORD).await;
        assert_eq!(res.status(), 303);
    }
);
