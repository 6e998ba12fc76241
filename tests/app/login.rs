use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

const REFUSED: &str = "Wrong username or password, or this account cannot log in.";

both_backends!(login_by_username_or_email, |app: TestApp| async move {
    let person = app.person(Role::ResellerAdmin);
    let mut browser = app.client();
    let res = browser
        .login(&person.username.to_uppercase(), PASSWORD)
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
    let (status, body) = browser.page("/").await;
    assert_eq!(status, 200);
    assert!(body.contains("Reseller administrator"));
    assert!(app.audit_actions().contains(&"login.succeeded".to_string()));
});

both_backends!(refusals_give_no_hint, |app: TestApp| async move {
    let person = app.person(Role::Support);
    let disabled = insert_user(
        &mut app.conn(),
        "disabled@example.com",
        UserStatus::Disabled,
    );
    assert!(disabled > 0);
    let mut browser = app.client();
    for (login, password) in [
        (person.username.as_str(), "not-the-password"),
        ("nobody@example.com", PASSWORD),
        ("disabled@example.com", PASSWORD),
    ] {
        let res = browser.login(login, password).await;
        assert_eq!(res.status(), 422, "{login}");
        let body = res.text().await.unwrap();
        assert!(body.contains(REFUSED), "{login}");
        // What was typed stays; the password does not.
        assert!(body.contains(&format!(r#"value="{login}""#)));
        assert!(!body.contains(password));
    }
    assert_eq!(browser.page("/").await.0, 303);
    let failures = app
        .audit_actions()
        .iter()
        .filter(|a| *a == "login.failed")
        .count();
    assert_eq!(failures, 3);
});

both_backends!(
    suspended_customer_cannot_log_in,
    |app: TestApp| async move {
        use diesel::prelude::*;
        use partnerdesk::db::schema::customers;
        let person = app.person(Role::CustomerAdmin);
        diesel::update(customers::table.find(person.customer_id.unwrap()))
            .set(customers::status.eq("suspended"))
            .execute(&mut app.conn())
            .unwrap();
        let mut browser = app.client();
        let res = browser.login(&person.username, PASSWORD).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains(REFUSED));
    }
);

both_backends!(
    anonymous_pages_redirect_to_login,
    |app: TestApp| async move {
        let mut browser = app.client();
        for path in ["/", "/profile", "/staff"] {
            let res = browser.get(path).await;
            assert_eq!(res.status(), 303, "{path}");
            assert_eq!(location(&res), "/login");
        }
        // htmx requests are told to navigate instead of swapping a login page in.
        let res = browser
            .http
            .get(app.url("/profile"))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["HX-Redirect"], "/login");
    }
);

both_backends!(
    logins_are_audited_with_who_and_from_where,
    |app: TestApp| async move {
        let person = app.person(Role::Support);
        let mut browser = app.client();
        let res = browser.login(&person.username, "not-the-password").await;
        assert_eq!(res.status(), 422);
        let failed = app.last_audit_entry("login.failed").unwrap();
        assert_eq!(
            (failed.actor_user_id, failed.actor_name.as_str()),
            (Some(person.user_id), person.username.as_str())
        );
        assert_eq!(failed.target_id, person.user_id.to_string());
        assert_eq!(failed.client_ip, "127.0.0.1");
        let (_, _, says) = app.last_audit("login.failed").unwrap();
        assert_eq!(
            says,
            format!("Login name {} · account locked: No", person.username)
        );

        let res = browser.login(&person.username, PASSWORD).await;
        assert_eq!(res.status(), 303);
        let done = app.last_audit_entry("login.succeeded").unwrap();
        assert_eq!(
            (
                done.actor_user_id,
                done.actor_name.as_str(),
                done.client_ip.as_str()
            ),
            (Some(person.user_id), person.username.as_str(), "127.0.0.1")
        );
    }
);
