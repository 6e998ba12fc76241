//! Actions that end something ask first: *Suspend*, *Reset and e-mail
//! password* and *Cancel subscription* lead to a page that says what will
//! happen and posts only when confirmed (htmx asks in place instead).

use diesel::prelude::*;
use partnerdesk::db::schema::customers;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::location;
use crate::helpers::*;

both_backends!(
    suspend_and_password_reset_ask_before_acting,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let (reseller, now) = (person.reseller_id.unwrap(), partnerdesk::db::now());
        let c = insert_customer_with(&mut app.conn(), reseller, "Careful Co", "active", now);
        let admin = app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);

        // The list's Suspend is a link to the question, keeping the list.
        let (_, list) = browser.page("/customers?q=careful").await;
        let link = format!("/customers/{c}/suspend?return=/customers%3Fq%3Dcareful");
        assert!(list.contains(&format!("href=\"{link}\"")), "{list}");
        let (status, page) = browser.page(&link).await;
        assert_eq!(status, 200);
        assert!(page.contains("Suspend Careful Co? Its users can no longer log in"));
        assert!(page.contains(&format!("action=\"/customers/{c}/suspend\"")));
        assert!(page.contains("name=\"return\" value=\"/customers?q=careful\""));
        let status_of = || -> String {
            customers::table
                .find(c)
                .select(customers::status)
                .first(&mut app.conn())
                .unwrap()
        };
        assert_eq!(status_of(), "active", "asking changes nothing");
        let res = browser
            .post(
                &format!("/customers/{c}/suspend"),
                &[("return", "/customers?q=careful")],
            )
            .await;
        assert_eq!(location(&res), "/customers?q=careful");
        assert_eq!(status_of(), "suspended");

        // Reset and e-mail password says that sessions end.
        let (_, users) = browser.page(&format!("/customers/{c}/users")).await;
        let reset = format!("/customers/{c}/users/{}/reset-password", admin.user_id);
        assert!(users.contains(&format!("href=\"{reset}?return=")));
        let (status, page) = browser.page(&reset).await;
        assert_eq!(status, 200);
        assert!(page.contains("Their sessions end"));
        assert!(page.contains(&format!("action=\"{reset}\"")));
    }
);
