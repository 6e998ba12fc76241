use diesel::prelude::*;
use partnerdesk::db::schema::{customers, users};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    logout_ends_the_session_on_the_server,
    |app: TestApp| async move {
        let person = app.person(Role::Operator);
        let mut browser = app.client();
        let res = browser.login(&person.username, PASSWORD).await;
        let stolen = session_cookie(&res).expect("login sets the session cookie");
        assert_eq!(get_with_cookie(&app, "/", &stolen).await.status(), 200);

        let res = browser.post("/logout", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/login?logged_out=1&lang=en");
        let (_, body) = browser.page(&location(&res)).await;
        assert!(body.contains("You have logged out."));

        // The copy taken before logout is worthless now.
        let res = get_with_cookie(&app, "/", &stolen).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/login");
        assert!(app.audit_actions().contains(&"logout".to_string()));
    }
);

both_backends!(session_id_changes_at_login, |app: TestApp| async move {
    let person = app.person(Role::Support);
    let mut browser = app.client();
    let res = browser.get("/login").await;
    let before = session_cookie(&res).expect("an anonymous session carries the CSRF token");
    let res = browser.login(&person.username, PASSWORD).await;
    let after = session_cookie(&res).expect("a new cookie at login");
    assert_ne!(before, after);
    // The anonymous session is gone, not promoted.
    assert_eq!(get_with_cookie(&app, "/", &before).await.status(), 303);
});

both_backends!(
    disabling_a_user_ends_their_sessions,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        assert_eq!(browser.page("/").await.0, 200);
        diesel::update(users::table.find(person.user_id))
            .set(users::status.eq("disabled"))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/").await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/login?session=ended");
        let (_, body) = browser.page("/login?session=ended").await;
        assert!(body.contains("Your session has ended."));
    }
);

both_backends!(
    suspending_a_customer_ends_its_users_sessions,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::Integrator).await;
        assert_eq!(browser.page("/").await.0, 200);
        diesel::update(customers::table.find(person.customer_id.unwrap()))
            .set(customers::status.eq("suspended"))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/profile").await;
        assert_eq!(location(&res), "/login?session=ended");
    }
);

both_backends!(
    a_password_change_ends_other_sessions,
    |app: TestApp| async move {
        let person = app.person(Role::CustomerAdmin);
        let mut laptop = app.client();
        let mut phone = app.client();
        laptop.login(&person.username, PASSWORD).await;
        phone.login(&person.username, PASSWORD).await;
        laptop.page("/profile").await;
        let res = laptop
            .post(
                "/profile/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "lantern-orchid-77"),
                    ("new_password_confirm", "lantern-orchid-77"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        // This session carries on; the other one has ended.
        let (status, body) = laptop.page("/profile").await;
        assert_eq!(status, 200);
        assert!(body.contains("Your password was changed."));
        assert_eq!(location(&phone.get("/").await), "/login?session=ended");
        let mut fresh = app.client();
        assert_eq!(fresh.login(&person.username, PASSWORD).await.status(), 422);
        assert_eq!(
            fresh
                .login(&person.username, "lantern-orchid-77")
                .await
                .status(),
            303
        );
    }
);

both_backends!(
    the_account_switcher_changes_the_acting_account,
    |app: TestApp| async move {
        use partnerdesk::db::memberships::{self, NewMembership};
        let person = app.person(Role::CustomerAdmin);
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "other");
        let other_customer = insert_customer(&mut conn, reseller, "Other");
        let second = memberships::insert(
            &mut conn,
            &NewMembership {
                user_id: person.user_id,
                role: "integrator".into(),
                reseller_id: None,
                customer_id: Some(other_customer),
                created_at: partnerdesk::db::now(),
            },
        )
        .unwrap();
        drop(conn);

        let mut browser = app.client();
        browser.login(&person.username, PASSWORD).await;
        let (_, body) = browser.page("/").await;
        assert!(
            body.contains(r#"name="membership""#),
            "two accounts: a switcher"
        );
        assert!(body.contains("as Customer administrator"));
        let res = browser
            .post("/account", &[("membership", &second.to_string())])
            .await;
        assert_eq!(res.status(), 303);
        let (_, body) = browser.page("/").await;
        assert!(body.contains("as Integrator in Customer Other"), "{body}");

        // Someone else's membership cannot be chosen.
        let stranger = app.person(Role::CustomerAdmin);
        let theirs: i64 = {
            use partnerdesk::db::schema::memberships as m;
            m::table
                .filter(m::user_id.eq(stranger.user_id))
                .select(m::id)
                .first(&mut app.conn())
                .unwrap()
        };
        let res = browser
            .post("/account", &[("membership", &theirs.to_string())])
            .await;
        assert_eq!(res.status(), 403);
    }
);

#[actix_web::test]
async fn redis_sessions_also_end_at_logout() {
    let Some(app) = TestApp::spawn_with_redis().await else {
        return;
    };
    let person = app.person(Role::ResellerAdmin);
    let mut browser = app.client();
    let res = browser.login(&person.username, PASSWORD).await;
    assert_eq!(res.status(), 303);
    let stolen = session_cookie(&res).unwrap();
    assert_eq!(get_with_cookie(&app, "/", &stolen).await.status(), 200);
    // Nothing of the session is in the database: it lives in Redis.
    let rows: i64 = partnerdesk::db::schema::sessions::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(rows, 0);
    browser.post("/logout", &[]).await;
    assert_eq!(get_with_cookie(&app, "/", &stolen).await.status(), 303);
}

both_backends!(
    sessions_survive_a_restart_and_cross_instances,
    |app: TestApp| async move {
        let person = app.person(Role::Support);
        let mut browser = app.client();
        let res = browser.login(&person.username, PASSWORD).await;
        let cookie = session_cookie(&res).unwrap();
        // The cookie key was generated once and kept in the database, so another
        // instance (or the same one restarted) accepts the session.
        let other = app.second_instance().await;
        let res = get_with_cookie(&other, "/", &cookie).await;
        assert_eq!(res.status(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains(&format!("Person {}", person.username)));
    }
);

both_backends!(
    requests_in_flight_cannot_bring_a_logout_back,
    |app: TestApp| async move {
        use partnerdesk::db::schema::sessions;
        let person = app.person(Role::Operator);
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Jetty");
        let mut browser = app.client();
        assert_eq!(
            browser.login(&person.username, PASSWORD).await.status(),
            303
        );
        let token = browser.csrf().await;
        // Requests that write to the session (a flash message), in flight
        // while the same browser logs out.
        let flashing = (0..48).map(|i| {
            let http = browser.http.clone();
            let url = app.url(&format!("/customers/{customer}/sites/1/rename"));
            let logout = app.url("/logout");
            let token = token.clone();
            async move {
                let target = if i == 24 { logout } else { url };
                let form = [("name", ""), ("csrf_token", token.as_str())];
                http.post(target).form(&form).send().await.unwrap().status()
            }
        });
        futures_util::future::join_all(flashing).await;
        let logged_in: i64 = sessions::table
            .filter(sessions::user_id.eq(person.user_id))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(logged_in, 0, "a logged-in session came back after logout");
        assert_eq!(browser.get("/").await.status(), 303, "logged out");
    }
);
