//! Disable, enable and remove a customer's user.

use diesel::prelude::*;
use partnerdesk::db::schema::{memberships, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    a_reseller_disables_enables_and_removes_a_user,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let customer = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Access Co");
        let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let ann = app.customer_user(customer, Role::User, UserStatus::Active);
        let mut ann_browser = app.client();
        assert_eq!(
            ann_browser.login(&ann.username, PASSWORD).await.status(),
            303
        );
        let users_page = format!("/customers/{customer}/users");

        // Disable: Ann's session ends at once and she cannot log in.
        let res = browser
            .post(
                &format!("/customers/{customer}/users/{}/disable", ann.user_id),
                &[],
            )
            .await;
        assert_eq!(location(&res), users_page);
        assert_eq!(
            location(&ann_browser.get("/").await),
            "/login?session=ended"
        );
        assert_eq!(
            app.client().login(&ann.username, PASSWORD).await.status(),
            422
        );
        // Enable: she can again.
        browser
            .post(
                &format!("/customers/{customer}/users/{}/enable", ann.user_id),
                &[],
            )
            .await;
        assert_eq!(
            app.client().login(&ann.username, PASSWORD).await.status(),
            303
        );

        // Remove, after a confirmation page: her login goes with her only
        // account, so her e-mail can be used again.
        let (status, page) = browser
            .page(&format!(
                "/customers/{customer}/users/{}/remove",
                ann.user_id
            ))
            .await;
        assert_eq!(status, 200);
        assert!(page.contains(&ann.username));
        let res = browser
            .post(
                &format!("/customers/{customer}/users/{}/remove", ann.user_id),
                &[],
            )
            .await;
        assert_eq!(location(&res), users_page);
        let left: i64 = users::table
            .filter(users::id.eq(ann.user_id))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(left, 0);
        assert!(app.last_audit("user.removed").is_some());
        // The list's user count follows: the administrator is left.
        assert_eq!(app.user_count(customer), 1);

        // The last administrator stays.
        let res = browser
            .post(
                &format!("/customers/{customer}/users/{}/remove", admin.user_id),
                &[],
            )
            .await;
        assert_eq!(location(&res), users_page);
        let (_, page) = browser.page(&users_page).await;
        assert!(
            page.contains("last administrator cannot be removed"),
            "{page}"
        );
        let kept: i64 = memberships::table
            .filter(memberships::user_id.eq(admin.user_id))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(kept, 1);
    }
);
