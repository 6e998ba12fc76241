//! A NUL character, which no field takes, gets a 400 page saying so, on
//! either database, and changes nothing; never a 500.

use actix_web::ResponseError;
use diesel::prelude::*;
use partnerdesk::db::schema::reseller_plans;
use partnerdesk::domain::roles::Role;
use partnerdesk::web::request::error::AppError;

use crate::both_backends;
use crate::helpers::*;

const SAYS: &str = "which no field accepts";

both_backends!(nul_in_a_filter_is_refused, |app: TestApp| async move {
    let (mut browser, _) = app.logged_in(Role::Operator).await;
    for path in [
        "/customers?q=a%00b",
        "/audit?actor=%00",
        "/outbox?kind=x%00",
    ] {
        let (status, body) = browser.page(path).await;
        assert_eq!(status, 400, "{path}");
        assert!(body.contains(SAYS), "{path}: {body}");
    }
    // htmx swaps a message in, as for other refusals.
    let (status, body) = browser.htmx_page("/customers?q=%00").await;
    assert_eq!(status, 400);
    assert!(body.contains(SAYS) && !body.contains("<html"), "{body}");
    // The same filters without it are answered.
    assert_eq!(browser.page("/customers?q=ab").await.0, 200);
});

both_backends!(nul_in_a_form_changes_nothing, |app: TestApp| async move {
    let (mut browser, _) = app.logged_in(Role::User).await;
    let profile =
        |name: &'static str| [("full_name", name), ("language", "en"), ("timezone", "UTC")];
    let res = browser.post("/profile", &profile("Ada\0Lovelace")).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains(SAYS));
    let (_, page) = browser.page("/profile").await;
    assert!(!page.contains("Lovelace"));
    // Without it the same form is saved.
    let res = browser.post("/profile", &profile("Ada Lovelace")).await;
    assert!(res.status().is_redirection() || res.status().is_success());
    assert!(browser.page("/profile").await.1.contains("Ada Lovelace"));
});

// Past the pages' check (an upload, say), PostgreSQL refuses to store a NUL;
// that error is the input's fault and is answered 400, not 500. SQLite
// stores it.
both_backends!(stored_nul_is_the_inputs_fault, |app: TestApp| async move {
    let mut conn = app.conn();
    let stored = diesel::insert_into(reseller_plans::table)
        .values((
            reseller_plans::name.eq("Plan\0"),
            reseller_plans::created_at.eq(partnerdesk::db::now()),
        ))
        .execute(&mut *conn);
    match (conn.is_postgres(), stored) {
        (true, Err(e)) => assert_eq!(AppError::from(e).status_code(), 400),
        (false, Ok(1)) => {}
        (postgres, other) => panic!("postgres: {postgres}, {other:?}"),
    }
});

both_backends!(
    a_form_whose_media_type_is_in_capitals_is_checked_too,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::User).await;
        let token = browser.csrf().await;
        let body = serde_urlencoded::to_string([
            ("full_name", "Ada\0Lovelace"),
            ("language", "en"),
            ("timezone", "UTC"),
            ("csrf_token", token.as_str()),
        ])
        .unwrap();
        let res = browser
            .http
            .post(app.url("/profile"))
            .header("Content-Type", "APPLICATION/X-WWW-FORM-URLENCODED")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains(SAYS));
        assert!(!browser.page("/profile").await.1.contains("Lovelace"));
    }
);
