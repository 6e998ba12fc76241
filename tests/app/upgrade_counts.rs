//! The upgrade that counts each customer's people again: customers made
//! before the count was kept with each change showed 0 or a stale figure.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use partnerdesk::db::schema::customers;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    the_upgrade_counts_each_customers_people_again,
    |app: TestApp| async move {
        let (_, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let counted = insert_customer(&mut app.conn(), reseller, "Counted");
        let empty = insert_customer(&mut app.conn(), reseller, "Empty");
        app.customer_user(counted, Role::CustomerAdmin, UserStatus::Active);
        app.customer_user(counted, Role::User, UserStatus::Invited);
        let set = |id: i64, n: i64| {
            diesel::update(customers::table.find(id))
                .set(customers::user_count.eq(n))
                .execute(&mut app.conn())
                .unwrap();
        };
        // As the database of an earlier version left them.
        set(counted, 0);
        set(empty, 7);

        let upgrade = match app.backend {
            Backend::Sqlite => {
                include_str!("../../migrations/sqlite/2026-12-13-000001_rebuild_user_count/up.sql")
            }
            Backend::Postgres => include_str!(
                "../../migrations/postgres/2026-12-13-000001_rebuild_user_count/up.sql"
            ),
        };
        app.conn().batch_execute(upgrade).unwrap();
        assert_eq!((app.user_count(counted), app.user_count(empty)), (2, 0));
    }
);
