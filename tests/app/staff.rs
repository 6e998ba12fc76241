use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(operators_add_support_staff, |app: TestApp| async move {
    let (mut browser, _) = app.logged_in(Role::Operator).await;
    browser.page("/staff").await;
    let res = browser
        .post(
            "/staff",
            &[
                ("full_name", "Sue Port"),
                ("email", "sue@example.com"),
                ("role", "support"),
                ("password", "harbour-lights-19"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, body) = browser.page("/staff").await;
    assert!(body.contains("Sue Port was added as Support."));
    assert!(body.contains("sue@example.com"));

    // The same address again is refused next to the field.
    let res = browser
        .post(
            "/staff",
            &[
                ("full_name", "Sue Again"),
                ("email", "SUE@example.com"),
                ("role", "support"),
                ("password", "harbour-lights-19"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("already used by another account"));
    assert!(body.contains(r#"value="Sue Again""#));

    // A forged role is refused, not granted.
    let res = browser
        .post(
            "/staff",
            &[
                ("full_name", "Eve"),
                ("email", "eve@example.com"),
                ("role", "reseller_admin"),
                ("password", "harbour-lights-19"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    // No account came of it: no identity, and no login.
    {
        use diesel::prelude::*;
        use partnerdesk::db::schema::users;
        let eves: i64 = users::table
            .filter(users::email.eq("eve@example.com"))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(eves, 0);
    }
    let res = app
        .client()
        .login("eve@example.com", "harbour-lights-19")
        .await;
    assert_eq!(res.status(), 422);

    let mut sue = app.client();
    assert_eq!(
        sue.login("sue@example.com", "harbour-lights-19")
            .await
            .status(),
        303
    );
    let (_, body) = sue.page("/").await;
    assert!(body.contains("as Support in Platform"));
    assert_eq!(sue.get("/staff").await.status(), 403);
});
