//! The home page: the platform's totals for staff, a reseller's customers.

use diesel::prelude::*;
use partnerdesk::db::schema::{customers, memberships, resellers};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

fn stat_values(body: &str) -> Vec<i64> {
    body.split("<span class=\"stat-value\">")
        .skip(1)
        .filter_map(|s| s.split_once('<')?.0.parse().ok())
        .collect()
}

both_backends!(
    the_home_page_counts_what_the_account_holds,
    |app: TestApp| async move {
        let (mut reseller, person) = app.logged_in(Role::ResellerAdmin).await;
        let mut conn = app.conn();
        let mine = person.reseller_id.unwrap();
        insert_customer(&mut conn, mine, "one");
        insert_customer(&mut conn, mine, "two");
        let other = insert_reseller(&mut conn, "other");
        insert_customer(&mut conn, other, "three");
        let expected: (i64, i64, i64) = (
            resellers::table.count().get_result(&mut conn).unwrap(),
            customers::table.count().get_result(&mut conn).unwrap(),
            memberships::table
                .filter(memberships::customer_id.is_not_null())
                .count()
                .get_result(&mut conn)
                .unwrap(),
        );
        drop(conn);
        let (status, body) = reseller.page("/").await;
        assert_eq!(status, 200);
        assert_eq!(stat_values(&body), [2], "the reseller's own customers");

        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let (_, body) = operator.page("/").await;
        assert_eq!(
            stat_values(&body),
            [expected.0, expected.1, expected.2],
            "resellers, customers, customer users"
        );
        assert!(expected.0 >= 2 && expected.1 == 3);
    }
);
