//! *Log in as*: who may, the banner, return to where one started, what the
//! impersonated session cannot do, expiry, revoked rights, and the audit.

use diesel::prelude::*;
use partnerdesk::db::schema::{customers, memberships, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// A reseller logged in, and one of its customers with an active administrator.
async fn reseller_and_customer(app: &TestApp) -> (Client, Person, i64, Person) {
    let (browser, reseller) = app.logged_in(Role::ResellerAdmin).await;
    let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Acme");
    let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
    (browser, reseller, customer, admin)
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.cookies()
        .find(|c| c.name() == "partnerdesk_session")
        .map(|c| c.value().to_string())
}

pub async fn start(
    browser: &mut Client,
    customer: i64,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let res = browser
        .post(&format!("/customers/{customer}/login-as"), form)
        .await;
    // The session changed: the next form needs the new one's token.
    browser.forget_csrf();
    res
}

both_backends!(
    a_reseller_logs_in_as_a_customer_and_comes_back,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, admin) = reseller_and_customer(&app).await;
        let (_, overview) = browser.page(&format!("/customers/{customer}")).await;
        assert!(overview.contains(&format!("action=\"/customers/{customer}/login-as\"")));

        let list = "/customers?q=acme&amp;sort=name";
        let res = start(
            &mut browser,
            customer,
            &[("return_to", "/customers?q=acme&sort=name")],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
        assert!(session_cookie(&res).is_some(), "the session id is rotated");

        // Every page shows who is who: a full page, and an htmx partial.
        let (status, home) = browser.page("/").await;
        assert_eq!(status, 200);
        let banner = format!(
            "You are logged in as Person {} (Customer Acme)",
            admin.username
        );
        assert!(home.contains(&banner), "{home}");
        assert!(home.contains(&format!("Return to Person {}", reseller.username)));
        let (_, partial) = browser.htmx_page("/profile").await;
        assert!(partial.contains(&banner));
        assert!(partial.contains("hx-swap-oob=\"true\""));
        assert!(!partial.contains("<html"));

        // The customer administrator's view: no customer list.
        assert_eq!(browser.get("/customers").await.status(), 403);

        // Log out ends the impersonation only, back on the list with its filters.
        let res = browser.post("/logout", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), list.replace("&amp;", "&"));
        assert!(session_cookie(&res).is_some(), "rotated again at the end");
        let (status, page) = browser.page(&location(&res)).await;
        assert_eq!(status, 200);
        assert!(!page.contains("You are logged in as"));
        assert!(page.contains(&format!("you were logged in as Person {}", admin.username)));

        let (actor, impersonator, summary) = app.last_audit("impersonation.started").unwrap();
        assert_eq!(actor, reseller.username);
        assert_eq!(impersonator, "");
        assert!(summary.contains(&admin.username), "{summary}");
        let (actor, impersonator, _) = app.last_audit("impersonation.ended").unwrap();
        assert_eq!(
            (&actor, &impersonator),
            (&admin.username, &reseller.username)
        );
    }
);

both_backends!(
    return_brings_the_actor_back_to_the_overview_with_their_session_whole,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, admin) = reseller_and_customer(&app).await;
        // The actor's own session data: a language chosen for the session.
        let res = browser
            .post("/language", &[("lang", "fr"), ("next", "/")])
            .await;
        assert_eq!(res.status(), 303);
        start(&mut browser, customer, &[]).await;
        // The actor's session, kept inside the impersonated one, is kept as
        // stored: without the person read with it, nor a password hash.
        let stored: Vec<String> = partnerdesk::db::schema::sessions::table
            .select(partnerdesk::db::schema::sessions::state)
            .load(&mut app.conn())
            .unwrap();
        assert!(stored.iter().any(|s| s.contains("impersonation")));
        for state in stored {
            assert!(
                !state.contains("partnerdesk.person") && !state.contains("$2"),
                "{state}"
            );
        }
        let res = browser.post("/impersonation/end", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/customers/{customer}"));
        let (status, page) = browser.page(&format!("/customers/{customer}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("<html lang=\"fr\""), "language kept");
        assert!(page.contains(&format!("Person {}", admin.username)));
        assert!(page.contains(&format!("Person {}", reseller.username)));
    }
);

both_backends!(
    actions_while_impersonating_record_both_identities,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, admin) = reseller_and_customer(&app).await;
        start(&mut browser, customer, &[]).await;
        let res = browser
            .post(
                &format!("/customers/{customer}/sites"),
                &[("name", "Depot")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (actor, impersonator, _) = app.last_audit("site.created").unwrap();
        assert_eq!(
            (&actor, &impersonator),
            (&admin.username, &reseller.username)
        );
        // The overview's last events show both.
        browser.post("/impersonation/end", &[]).await;
        let (_, page) = browser.page(&format!("/customers/{customer}")).await;
        assert!(page.contains(&format!("{} as {}", reseller.username, admin.username)));
    }
);

both_backends!(
    an_impersonated_session_cannot_nest_or_change_credentials,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, admin) = reseller_and_customer(&app).await;
        let other = app.customer_user(customer, Role::User, UserStatus::Active);
        start(&mut browser, customer, &[]).await;
        let uid = other.user_id.to_string();
        let res = start(&mut browser, customer, &[("user_id", &uid)]).await;
        assert_eq!(res.status(), 403);
        let (_, _, summary) = app.last_audit("impersonation.refused").unwrap();
        assert_eq!(summary, "Already logged in as someone");
        // Still the same impersonation.
        let (_, home) = browser.page("/").await;
        assert!(home.contains(&format!("logged in as Person {}", admin.username)));

        let res = browser
            .post(
                "/profile/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "another-long-secret-9"),
                    ("new_password_confirm", "another-long-secret-9"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        let (_, profile) = browser.page("/profile").await;
        assert!(!profile.contains("name=\"new_password\""));
        let _ = reseller;
    }
);

both_backends!(
    refused_starts_are_audited_and_change_nothing,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, _admin) = reseller_and_customer(&app).await;
        let foreign_reseller = insert_reseller(&mut app.conn(), "other");
        let foreign = insert_customer(&mut app.conn(), foreign_reseller, "Foreign");
        let foreign_admin = app.customer_user(foreign, Role::CustomerAdmin, UserStatus::Active);

        // Another reseller's customer, by URL.
        assert_eq!(start(&mut browser, foreign, &[]).await.status(), 403);
        let (actor, _, summary) = app.last_audit("impersonation.refused").unwrap();
        assert_eq!(actor, reseller.username);
        assert_eq!(summary, "Not allowed for this user");
        // Another reseller's user, by form field on an own customer.
        let fid = foreign_admin.user_id.to_string();
        assert_eq!(
            start(&mut browser, customer, &[("user_id", &fid)])
                .await
                .status(),
            404
        );
        // Unknown ids.
        assert_eq!(
            start(&mut browser, customer, &[("user_id", "999999")])
                .await
                .status(),
            404
        );
        assert_eq!(
            start(&mut browser, customer, &[("user_id", "abc")])
                .await
                .status(),
            404
        );
        assert_eq!(start(&mut browser, 999_999, &[]).await.status(), 404);
        // No CSRF token: a replayed or cross-site request.
        let res = browser
            .post_raw(&format!("/customers/{customer}/login-as"), &[])
            .await;
        assert_eq!(res.status(), 403);
        let (_, _, summary) = app.last_audit("impersonation.refused").unwrap();
        assert_eq!(summary, "Missing or invalid security token");

        let refused = app
            .audit_actions()
            .iter()
            .filter(|a| *a == "impersonation.refused")
            .count();
        assert_eq!(refused, 6);
        assert!(app.last_audit("impersonation.started").is_none());
        // The reseller's session is untouched.
        let (status, page) = browser.page("/customers").await;
        assert_eq!(status, 200);
        assert!(!page.contains("You are logged in as"));
    }
);

both_backends!(
    support_and_customer_roles_may_not_log_in_as_anyone,
    |app: TestApp| async move {
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Target");
        app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        for role in [
            Role::Support,
            Role::CustomerAdmin,
            Role::Integrator,
            Role::User,
        ] {
            let (mut browser, person) = app.logged_in(role).await;
            let own = person.customer_id.unwrap_or(customer);
            app.customer_user(own, Role::User, UserStatus::Active);
            let (_, page) = browser.page(&format!("/customers/{own}")).await;
            assert!(!page.contains("/login-as\""), "{role}: no button");
            assert_eq!(start(&mut browser, own, &[]).await.status(), 403, "{role}");
        }
    }
);

both_backends!(
    an_operator_may_log_in_as_anyone_but_an_operator,
    |app: TestApp| async move {
        let (mut browser, _op) = app.logged_in(Role::Operator).await;
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Target");
        let other_operator = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        diesel::insert_into(memberships::table)
            .values((
                memberships::user_id.eq(other_operator.user_id),
                memberships::role.eq("operator"),
                memberships::created_at.eq(partnerdesk::db::now()),
            ))
            .execute(&mut app.conn())
            .unwrap();
        let uid = other_operator.user_id.to_string();
        assert_eq!(
            start(&mut browser, customer, &[("user_id", &uid)])
                .await
                .status(),
            403
        );

        let user = app.customer_user(customer, Role::User, UserStatus::Active);
        let uid = user.user_id.to_string();
        assert_eq!(
            start(&mut browser, customer, &[("user_id", &uid)])
                .await
                .status(),
            303
        );
        let (_, home) = browser.page("/").await;
        assert!(home.contains(&format!("logged in as Person {}", user.username)));
        assert_eq!(browser.get("/staff").await.status(), 403);
    }
);

both_backends!(
    unusable_targets_show_a_disabled_button_with_the_reason,
    |app: TestApp| async move {
        let (mut browser, reseller, customer, admin) = reseller_and_customer(&app).await;
        let rid = reseller.reseller_id.unwrap();
        let invited_customer = insert_customer(&mut app.conn(), rid, "Fresh");
        let invited = app.customer_user(invited_customer, Role::CustomerAdmin, UserStatus::Invited);

        let (_, page) = browser
            .page(&format!("/customers/{invited_customer}"))
            .await;
        assert!(page.contains("disabled title=\"The user has not accepted the invitation yet.\""));
        // The reason is written beside the button, not only in its tooltip.
        assert!(page.contains(
            "login-as-reason\" aria-hidden=\"true\">The user has not accepted the invitation yet.</span>"
        ));
        let uid = invited.user_id.to_string();
        let res = start(&mut browser, invited_customer, &[("user_id", &uid)]).await;
        assert_eq!(res.status(), 403);

        diesel::update(customers::table.find(customer))
            .set(customers::status.eq("suspended"))
            .execute(&mut app.conn())
            .unwrap();
        let (_, list) = browser.page("/customers").await;
        assert!(list.contains("disabled title=\"The customer is suspended.\""));
        let (_, users_page) = browser.page(&format!("/customers/{customer}/users")).await;
        assert!(users_page.contains(&admin.username));
        assert!(users_page.contains("The customer is suspended."));
        assert_eq!(start(&mut browser, customer, &[]).await.status(), 403);
    }
);

both_backends!(
    the_impersonation_ends_when_its_time_is_up,
    |app: TestApp| async move {
        let (mut browser, _reseller, customer, _admin) = reseller_and_customer(&app).await;
        start(&mut browser, customer, &[("return_to", "/customers")]).await;
        assert_eq!(browser.get("/").await.status(), 200);
        // An instance where every impersonation has already run out.
        let strict = app
            .second_instance_with(|c| c.impersonation_minutes = -1)
            .await;
        browser.rebase(&strict);
        let res = browser.get("/profile").await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/customers");
        let (status, page) = browser.page("/customers").await;
        assert_eq!(status, 200);
        assert!(page.contains("time limit"));
        let (_, _, summary) = app.last_audit("impersonation.ended").unwrap();
        assert_eq!(summary, "Time limit reached");
    }
);

both_backends!(
    the_impersonation_ends_when_the_actor_loses_the_right,
    |app: TestApp| async move {
        // Role removed: the reseller membership is gone.
        let (mut browser, reseller, customer, _admin) = reseller_and_customer(&app).await;
        start(&mut browser, customer, &[]).await;
        diesel::update(memberships::table.filter(memberships::user_id.eq(reseller.user_id)))
            .set(memberships::role.eq("support"))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/").await;
        assert_eq!(res.status(), 303);
        let (_, _, summary) = app.last_audit("impersonation.ended").unwrap();
        assert_eq!(summary, "The actor lost the right");

        // Account disabled: the actor is logged out altogether.
        let (mut browser, reseller, customer, _admin) = reseller_and_customer(&app).await;
        start(&mut browser, customer, &[]).await;
        diesel::update(users::table.find(reseller.user_id))
            .set(users::status.eq("disabled"))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/").await;
        assert_eq!(location(&res), "/login?session=ended");
        assert_eq!(browser.get("/").await.status(), 303, "no session left");
    }
);

both_backends!(
    an_operator_can_switch_impersonation_off,
    |app: TestApp| async move {
        let (mut browser, _reseller, customer, _admin) = reseller_and_customer(&app).await;
        let switched_off = "disabled title=\"Log in as is switched off for the platform.\"";
        let start_form = format!("action=\"/customers/{customer}/login-as\"");
        // Both pages have shown the switch on before it changes.
        for path in ["/customers".to_string(), format!("/customers/{customer}")] {
            let (_, page) = browser.page(&path).await;
            assert!(page.contains(&start_form), "{path}");
            assert!(!page.contains(switched_off), "{path}");
        }
        start(&mut browser, customer, &[]).await;
        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let (status, page) = operator.page("/settings").await;
        assert_eq!(status, 200);
        assert!(page.contains("name=\"impersonation_enabled\""));
        let res = operator.post("/settings", &[]).await;
        assert_eq!(res.status(), 303);
        let (actor, _, summary) = app.last_audit("settings.updated").unwrap();
        assert_eq!(summary, "Log in as: On → Off", "{actor}");

        // The running impersonation ends, and no new one starts.
        let res = browser.get("/").await;
        assert_eq!(res.status(), 303);
        browser.page(&location(&res)).await;
        for path in ["/customers".to_string(), format!("/customers/{customer}")] {
            let (_, page) = browser.page(&path).await;
            assert!(page.contains(switched_off), "{path}");
        }
        assert_eq!(start(&mut browser, customer, &[]).await.status(), 403);

        let res = operator
            .post("/settings", &[("impersonation_enabled", "on")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(start(&mut browser, customer, &[]).await.status(), 303);
    }
);

both_backends!(
    an_operator_logs_in_as_a_resellers_administrator,
    |app: TestApp| async move {
        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let reseller_admin = app.person(Role::ResellerAdmin);
        let rid = reseller_admin.reseller_id.unwrap();
        let (_, page) = operator.page("/resellers").await;
        assert!(page.contains(&format!("action=\"/resellers/{rid}/login-as\"")));
        let res = start_reseller(&mut operator, rid).await;
        assert_eq!(location(&res), "/");
        let (_, home) = operator.page("/customers").await;
        assert!(home.contains(&format!(
            "You are logged in as Person {} (Reseller {})",
            reseller_admin.username,
            &reseller_admin.username[15..23]
        )));
        let res = operator.post("/impersonation/end", &[]).await;
        assert_eq!(location(&res), "/resellers");

        // A reseller may not log in as another reseller's administrator.
        let (mut reseller, _) = app.logged_in(Role::ResellerAdmin).await;
        assert_eq!(start_reseller(&mut reseller, rid).await.status(), 403);
        let (_, _, summary) = app.last_audit("impersonation.refused").unwrap();
        assert_eq!(summary, "Not allowed for this user");
    }
);

pub async fn start_reseller(browser: &mut Client, reseller: i64) -> reqwest::Response {
    let res = browser
        .post(
            &format!("/resellers/{reseller}/login-as"),
            &[("return_to", "/resellers")],
        )
        .await;
    browser.forget_csrf();
    res
}
