//! What an impersonated session may never do, and what an anonymous
//! attempt leaves behind: no password set by any path, no second start
//! along a chain, no audit row per anonymous post.

use diesel::prelude::*;
use partnerdesk::db::schema::customers;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::impersonation::{start, start_reseller};

both_backends!(
    an_impersonated_reseller_cannot_set_passwords_nor_nest,
    |app: TestApp| async move {
        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let reseller_admin = app.person(Role::ResellerAdmin);
        let rid = reseller_admin.reseller_id.unwrap();
        let customer = insert_customer(&mut app.conn(), rid, "Wharf");
        let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let product: i64 = customers::table
            .find(customer)
            .select(customers::product_id)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(location(&start_reseller(&mut operator, rid).await), "/");

        // Manual reset on Manage details: not offered, and refused when posted.
        let url = format!("/customers/{customer}/edit");
        let (status, page) = operator.page(&url).await;
        assert_eq!(status, 200);
        assert!(!page.contains("name=\"admin_new_password\""));
        let product = product.to_string();
        let res = operator
            .post(
                &url,
                &[
                    ("name", "Wharf"),
                    ("product_id", product.as_str()),
                    ("country", "GB"),
                    ("timezone", "Europe/London"),
                    ("reference", ""),
                    ("term", "monthly"),
                    ("full_name", "Ada Admin"),
                    ("language", "en"),
                    ("identity_provider", "local"),
                    ("username", admin.username.as_str()),
                    ("email_same", "on"),
                    ("kind", ""),
                    ("admin_new_password", "harbour-light-7731"),
                    ("admin_new_password_confirm", "harbour-light-7731"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        // Reset and e-mail password: refused too.
        let res = operator
            .post(
                &format!(
                    "/customers/{customer}/users/{}/reset-password",
                    admin.user_id
                ),
                &[("return", &format!("/customers/{customer}"))],
            )
            .await;
        assert_eq!(res.status(), 403);
        // The administrator's password is the one it was.
        let res = app.client().login(&admin.username, PASSWORD).await;
        assert_eq!(res.status(), 303);
        let res = app
            .client()
            .login(&admin.username, "harbour-light-7731")
            .await;
        assert_eq!(res.status(), 422);

        // Operator → reseller administrator → customer user: the second start is refused.
        assert_eq!(start(&mut operator, customer, &[]).await.status(), 403);
        let (_, _, summary) = app.last_audit("impersonation.refused").unwrap();
        assert_eq!(summary, "Already logged in as someone");
    }
);

both_backends!(
    anonymous_login_as_posts_write_no_audit_rows,
    |app: TestApp| async move {
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Anon");
        let before = app.audit_actions().len();
        let mut anonymous = app.client();
        for _ in 0..20 {
            let res = anonymous
                .post_raw(&format!("/customers/{customer}/login-as"), &[])
                .await;
            assert!(res.status().is_client_error() || res.status().is_redirection());
        }
        assert_eq!(
            app.audit_actions().len(),
            before,
            "no row per anonymous post"
        );
    }
);

both_backends!(
    refused_starts_are_audited_up_to_a_limit_then_answered_429,
    |app: TestApp| async move {
        let (mut support, _) = app.logged_in(Role::Support).await;
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Flood");
        let refused = |app: &TestApp| {
            app.audit_actions()
                .iter()
                .filter(|a| a.as_str() == "impersonation.refused")
                .count()
        };
        let before = refused(&app);
        let mut statuses = Vec::new();
        for _ in 0..15 {
            statuses.push(start(&mut support, customer, &[]).await.status().as_u16());
        }
        let limit = partnerdesk::web::request::rate_limit::REFUSED_LOGINS_AS_PER_MINUTE as usize;
        assert!(statuses[..limit].iter().all(|s| *s == 403), "{statuses:?}");
        assert!(statuses[limit..].iter().all(|s| *s == 429), "{statuses:?}");
        assert_eq!(
            refused(&app) - before,
            limit,
            "one row per refusal, no more"
        );
    }
);
