use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    the_browser_language_applies_before_login,
    |app: TestApp| async move {
        let client = app.client();
        for (accept, title) in [
            ("fr-FR,fr;q=0.9", "Connexion"),
            ("es", "Iniciar sesión"),
            ("de-DE", "Log in"),
        ] {
            let res = client
                .http
                .get(app.url("/login"))
                .header("Accept-Language", accept)
                .send()
                .await
                .unwrap();
            let body = res.text().await.unwrap();
            assert!(body.contains(&format!("<h1>{title}</h1>")), "{accept}");
        }
    }
);

both_backends!(the_login_page_switcher_sticks, |app: TestApp| async move {
    let mut browser = app.client();
    let res = browser
        .post("/language", &[("lang", "es"), ("next", "/login")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login");
    let (_, body) = browser.page("/login").await;
    assert!(body.contains("<h1>Iniciar sesión</h1>"));
    assert!(body.contains(r#"<html lang="es">"#));
    // An offsite "next" is ignored.
    let res = browser
        .post("/language", &[("lang", "fr"), ("next", "//evil.example")])
        .await;
    assert_eq!(location(&res), "/");
    // So is one with a control character.
    let res = browser
        .post(
            "/language",
            &[("lang", "fr"), ("next", "/login\r\nX-Evil: 1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
    assert!(res.headers().get("X-Evil").is_none());
});

both_backends!(
    a_users_language_applies_on_the_next_page,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::CustomerAdmin).await;
        browser.page("/profile").await;
        let res = browser
            .post(
                "/profile",
                &[
                    ("full_name", "Camille Client"),
                    ("language", "fr"),
                    ("timezone", "Europe/Paris"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (_, body) = browser.page("/profile").await;
        assert!(
            body.contains("Votre profil a été enregistré."),
            "flash in the new language"
        );
        assert!(body.contains("<h1>Votre profil</h1>"));

        // It is the person's, not the browser's: a new session, in French.
        let mut elsewhere = app.client();
        elsewhere.login(&person.username, PASSWORD).await;
        let (_, body) = elsewhere.page("/").await;
        assert!(body.contains("Bienvenue, Camille Client"));

        // The header switcher saves it too.
        let res = elsewhere
            .post("/language", &[("lang", "es"), ("next", "/")])
            .await;
        assert_eq!(location(&res), "/");
        let (_, body) = browser.page("/").await;
        assert!(body.contains("Bienvenido, Camille Client"));
    }
);

both_backends!(
    htmx_requests_get_the_content_without_the_layout,
    |app: TestApp| async move {
        let (browser, _) = app.logged_in(Role::Operator).await;
        let full = browser
            .http
            .get(app.url("/profile"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(full.contains("<html") && full.contains("Skip to main content"));
        let partial = browser
            .http
            .get(app.url("/profile"))
            .header("HX-Request", "true")
            .header("HX-Target", "content")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!partial.contains("<html"));
        assert!(!partial.contains("class=\"topbar\""));
        assert!(partial.contains("<h1>Your profile</h1>"));
        assert!(partial.contains("id=\"flash\""));
    }
);
