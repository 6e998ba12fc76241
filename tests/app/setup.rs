use crate::both_backends;
use crate::helpers::*;

both_backends!(
    first_run_creates_the_operator_once,
    |app: TestApp| async move {
        let setup = app
            .setup_url
            .clone()
            .expect("an empty database prints a setup link");
        let path = setup.trim_start_matches("http://127.0.0.1").to_string();
        let mut browser = app.client();

        // A wrong token is not a setup page.
        assert_eq!(browser.page("/setup/not-the-token").await.0, 404);

        let (status, body) = browser.page(&path).await;
        assert_eq!(status, 200);
        assert!(body.contains("Create the first operator"));

        // Bad input: every field is marked, what was typed stays.
        let res = browser
            .post(
                &path,
                &[
                    ("full_name", "Olive Operator"),
                    ("email", "olive@nowhere"),
                    ("password", "password1"),
                    ("password_confirm", "password1"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("This is not a valid e-mail address."),
            "{body}"
        );
        assert!(body.contains("This password is too common."));
        assert!(body.contains(r#"value="Olive Operator""#));
        assert!(body.contains(r#"value="olive@nowhere""#));

        let res = browser
            .post(
                &path,
                &[
                    ("full_name", "Olive Operator"),
                    ("email", "olive@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", "something-else-42"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("The two passwords are not the same."));

        let res = browser
            .post(
                &path,
                &[
                    ("full_name", "Olive Operator"),
                    ("email", "Olive@Example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/login");
        let (_, login) = browser.page("/login").await;
        assert!(login.contains("The operator account is ready."));

        // The link is spent, and no other link opens it either.
        assert_eq!(browser.page(&path).await.0, 404);
        let res = browser
            .post(
                &path,
                &[
                    ("full_name", "Mallory"),
                    ("email", "mallory@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 404);

        let res = browser.login("olive@example.com", PASSWORD).await;
        assert_eq!(res.status(), 303);
        let (_, dashboard) = browser.page("/").await;
        assert!(dashboard.contains("Welcome, Olive Operator"));
        assert!(dashboard.contains(">Staff</a>"));
        assert!(app.audit_actions().contains(&"staff.created".to_string()));
    }
);
