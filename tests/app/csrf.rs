use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    state_changes_need_the_session_token,
    |app: TestApp| async move {
        let person = app.person(Role::Support);
        let mut browser = app.client();
        browser.page("/login").await;

        // No token: refused with a page that says what to do.
        let res = browser
            .post_raw(
                "/login",
                &[("username", &person.username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("This form has expired"));

        // Someone else's token does not do either.
        let mut other = app.client();
        let foreign = other.csrf().await;
        let res = browser
            .post_raw(
                "/login",
                &[
                    ("username", &person.username),
                    ("password", PASSWORD),
                    ("csrf_token", &foreign),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(browser.page("/").await.0, 303, "still logged out");

        browser.login(&person.username, PASSWORD).await;
        let res = browser
            .post_raw(
                "/profile",
                &[
                    ("full_name", "Forged"),
                    ("language", "en"),
                    ("timezone", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        let (_, body) = browser.page("/profile").await;
        assert!(!body.contains("Forged"), "nothing changed");

        // htmx sends the token as a header.
        let token = browser.csrf().await;
        let res = browser
            .http
            .post(app.url("/profile"))
            .header("X-CSRF-Token", token)
            .form(&[
                ("full_name", "Via Header"),
                ("language", "en"),
                ("timezone", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, body) = browser.page("/profile").await;
        assert!(body.contains("Via Header"));

        // An htmx request refused for its token gets a toast, not a page.
        let res = browser
            .http
            .post(app.url("/profile"))
            .header("HX-Request", "true")
            .form(&[("full_name", "Nope"), ("language", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(res.headers()["HX-Retarget"], "#flash");
        let body = res.text().await.unwrap();
        assert!(!body.contains("<html"));
        assert!(body.contains("Reload the page"));
    }
);

both_backends!(the_token_changes_at_login, |app: TestApp| async move {
    let person = app.person(Role::ResellerAdmin);
    let mut browser = app.client();
    let before = browser.csrf().await;
    assert_eq!(
        browser.login(&person.username, PASSWORD).await.status(),
        303
    );
    browser.forget_csrf();
    let (_, home) = browser.page("/").await;
    let after = crate::client::csrf_of(&home).expect("a token on the home page");
    assert_ne!(
        before, after,
        "the token seen before login is worthless after"
    );
    // The old one is refused, the new one works.
    let res = browser
        .post_raw("/account", &[("membership", "1"), ("csrf_token", &before)])
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("This form has expired"));
    assert_eq!(browser.get("/").await.status(), 200, "still logged in");
});
