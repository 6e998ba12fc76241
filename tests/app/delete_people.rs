//! Deleting a customer takes its people's memberships, and the logins that
//! belonged to it alone, so their e-mail can be used again; a login that
//! also belongs to another customer stays.

use diesel::prelude::*;
use partnerdesk::db::schema::{memberships, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::location;
use crate::helpers::*;

both_backends!(
    a_deleted_customers_own_logins_go_and_shared_ones_stay,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let doomed = insert_customer(&mut app.conn(), reseller, "Gone Co");
        let other = insert_customer(&mut app.conn(), reseller, "Stays Co");
        let only_here = app.customer_user(doomed, Role::User, UserStatus::Active);
        let shared = app.customer_user(doomed, Role::User, UserStatus::Active);
        diesel::insert_into(memberships::table)
            .values((
                memberships::user_id.eq(shared.user_id),
                memberships::role.eq("customer_admin"),
                memberships::customer_id.eq(other),
                memberships::created_at.eq(partnerdesk::db::now()),
            ))
            .execute(&mut app.conn())
            .unwrap();

        let res = browser
            .post(
                &format!("/customers/{doomed}/delete"),
                &[("confirm_name", "Customer Gone Co")],
            )
            .await;
        assert_eq!(location(&res), "/customers");
        let login = |id: i64| -> i64 {
            users::table
                .filter(users::id.eq(id))
                .count()
                .get_result(&mut app.conn())
                .unwrap()
        };
        assert_eq!((login(only_here.user_id), login(shared.user_id)), (0, 1));

        // The e-mail of the login that went can be given to someone new.
        let res = browser
            .post(
                &format!("/customers/{other}/users/add"),
                &[
                    ("full_name", "New Owner"),
                    ("email", only_here.username.as_str()),
                    ("role", "user"),
                    ("package", ""),
                    ("language", "en"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(location(&res), format!("/customers/{other}/users"));
    }
);
