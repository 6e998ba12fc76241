//! The Users list of a customer of 100,000 people stays fast: its pages,
//! and the export's, are read in order from the customer's index a page at
//! a time, never every person read and sorted.

use diesel::prelude::*;
use partnerdesk::db::customer_users::in_order;
use partnerdesk::db::plan::{sorts, unindexed_reads};
use partnerdesk::db::schema::{memberships, users};

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    a_page_of_users_is_read_in_order,
    |app: TestApp| async move {
        let mut conn = app.conn();
        for after in [0, 5_000] {
            let page = in_order(1, after)
                .select((memberships::id, memberships::role, users::email))
                .limit(51);
            assert_eq!(sorts(&mut conn, &page).unwrap(), Vec::<String>::new());
            assert_eq!(
                unindexed_reads(&mut conn, &page).unwrap(),
                Vec::<String>::new()
            );
        }
        // The check sees a sort where there is one: no index gives the names
        // in order.
        let by_name = in_order(1, 0)
            .order(users::full_name)
            .select(memberships::id)
            .limit(51);
        assert_ne!(sorts(&mut conn, &by_name).unwrap(), Vec::<String>::new());
    }
);
