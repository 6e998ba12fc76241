//! Each customer keeps its first administrator and that user's status,
//! which the list's *Log in as* button and the overview show: they follow
//! the administrator's invitation, activation and disabling, and whatever
//! loaded the customers.

use diesel::prelude::*;
use partnerdesk::db::customers::first_admin_drift;
use partnerdesk::db::schema::customers;
use partnerdesk::db::users::{self, UserStatus};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

const INVITED: &str = "disabled title=\"The user has not accepted the invitation yet.\"";
const DISABLED: &str = "disabled title=\"The user is disabled.\"";
const NO_USER: &str = "disabled title=\"The customer has no user who can be logged in as.\"";

both_backends!(
    the_list_follows_the_first_administrators_status,
    |app: TestApp| async move {
        let (mut browser, reseller) = app.logged_in(Role::ResellerAdmin).await;
        let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Acme");
        let start_form = format!("action=\"/customers/{customer}/login-as\"");
        let drift = || first_admin_drift(&mut app.conn()).unwrap();

        // The button in the customer's row: a form to start, or disabled
        // with the reason.
        let mut button = async || {
            let (_, list) = browser.page("/customers").await;
            assert!(list.contains("Acme"));
            if list.contains(&start_form) {
                "start"
            } else if list.contains(INVITED) {
                "invited"
            } else if list.contains(DISABLED) {
                "disabled"
            } else if list.contains(NO_USER) {
                "no user"
            } else {
                panic!("no Log in as button: {list}")
            }
        };
        assert_eq!(button().await, "no user");

        let first = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);
        assert_eq!(button().await, "invited");
        assert_eq!(drift(), 0);

        users::activate(&mut app.conn(), first.user_id, "hash").unwrap();
        assert_eq!(button().await, "start");

        // A second administrator, still invited, is not the first one.
        let second = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);
        assert_eq!(button().await, "start");
        assert_eq!(drift(), 0);

        users::set_status(&mut app.conn(), first.user_id, UserStatus::Disabled).unwrap();
        assert_eq!(button().await, "disabled");
        assert_eq!(drift(), 0);

        // The overview shows the first administrator.
        let (_, overview) = browser.page(&format!("/customers/{customer}")).await;
        assert!(overview.contains(&first.username));
        assert!(!overview.contains(&second.username));
    }
);

both_backends!(
    demo_data_keeps_its_administrators_statuses,
    |app: TestApp| async move {
        let mut conn = app.conn();
        partnerdesk::demo::load(&mut conn, 4, true).unwrap();
        assert_eq!(first_admin_drift(&mut conn).unwrap(), 0);
        // A status written behind the application's back is seen.
        let changed =
            diesel::update(customers::table.filter(customers::admin_status.is_not_null()))
                .set(customers::admin_status.eq("not-a-status"))
                .execute(&mut conn)
                .unwrap();
        assert!(changed > 0);
        assert_eq!(first_admin_drift(&mut conn).unwrap(), changed as i64);
    }
);
