//! *Manual reset* on *Manage details*: a new administrator password and its
//! confirmation; a mismatch or a weak password comes back marked, with the
//! other fields kept.

use diesel::prelude::*;
use partnerdesk::db::schema::customers;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    a_manual_reset_sets_the_administrators_password,
    |app: TestApp| async move {
        let admin = app.person(Role::CustomerAdmin);
        let customer = admin.customer_id.unwrap();
        let product: i64 = customers::table
            .find(customer)
            .select(customers::product_id)
            .first(&mut app.conn())
            .unwrap();
        let product = product.to_string();
        let mut admin_session = app.client();
        admin_session.login(&admin.username, PASSWORD).await;

        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let url = format!("/customers/{customer}/edit");
        let (_, page) = browser.page(&url).await;
        assert!(page.contains("name=\"admin_new_password\""));
        let form = |new: &'static str, confirm: &'static str| {
            vec![
                ("name", "Kept Name Ltd"),
                ("product_id", product.as_str()),
                ("country", "GB"),
                ("timezone", "Europe/London"),
                ("reference", "REF-9"),
                ("term", "monthly"),
                ("full_name", "Cleo Customer"),
                ("language", "en"),
                ("identity_provider", "local"),
                ("username", admin.username.as_str()),
                ("email_same", "on"),
                ("kind", ""),
                ("admin_new_password", new),
                ("admin_new_password_confirm", confirm),
            ]
        };
        let res = browser
            .post(&url, &form("tidal-basin-4471", "tidal-basin-4472"))
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("The two passwords are not the same."));
        assert!(
            body.contains("value=\"Kept Name Ltd\""),
            "other fields kept"
        );
        let res = browser.post(&url, &form("12345678", "12345678")).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("too common"));

        let res = browser
            .post(&url, &form("tidal-basin-4471", "tidal-basin-4471"))
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(admin_session.get("/").await.status(), 303, "sessions end");
        let mut again = app.client();
        assert_eq!(
            again
                .login(&admin.username, "tidal-basin-4471")
                .await
                .status(),
            303
        );
        let (_, _, summary) = app.last_audit("customer.updated").unwrap();
        assert!(
            summary.contains("Administrator's password set by hand"),
            "{summary}"
        );
        assert!(!summary.contains("tidal"), "secrets never written");
    }
);
