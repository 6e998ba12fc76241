//! The home page: the platform's totals for staff, a reseller's customers.

use diesel::prelude::*;
use partnerdesk::db::raw::totals::{self, Total};
use partnerdesk::db::schema::{customers, memberships, resellers};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

fn stat_values(body: &str) -> Vec<i64> {
    body.split("<span class=\"stat-value\">")
        .skip(1)
        .filter_map(|s| s.split_once('<')?.0.replace(',', "").parse().ok())
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
        assert_eq!(
            stat_values(&body),
            [2, 0],
            "the reseller's own customers, none suspended"
        );
        // Each figure leads to its list.
        assert!(body.contains("<a class=\"stat\" href=\"/customers\">"));
        assert!(body.contains("<a class=\"stat\" href=\"/customers?status=suspended\">"));
        assert!(
            !body.contains("href=\"/outbox"),
            "the outbox is the staff's"
        );

        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let (_, body) = operator.page("/").await;
        assert_eq!(
            stat_values(&body),
            [expected.0, expected.1, expected.2, 0, 0],
            "resellers, customers, customer users, suspended, failed e-mails"
        );
        assert!(expected.0 >= 2 && expected.1 == 3);
        assert!(body.contains("<a class=\"stat\" href=\"/resellers\">"));
        assert!(body.contains("<a class=\"stat\" href=\"/outbox?status=failed\">"));

        // Never stale: what is loaded now shows at the next view.
        insert_customer_with(
            &mut app.conn(),
            mine,
            "Gone Quiet",
            "suspended",
            partnerdesk::db::now(),
        );
        let (_, body) = operator.page("/").await;
        assert_eq!(
            stat_values(&body),
            [expected.0, expected.1 + 1, expected.2, 1, 0]
        );
        let (_, body) = reseller.page("/").await;
        assert_eq!(stat_values(&body), [3, 1]);
    }
);

both_backends!(
    large_totals_are_postgresql_estimates,
    |app: TestApp| async move {
        let reseller = insert_reseller(&mut app.conn(), "Estimated");
        for n in 0..5 {
            let c = insert_customer(&mut app.conn(), reseller, &format!("est {n}"));
            app.customer_user(c, Role::User, UserStatus::Active);
        }
        let mut conn = app.conn();
        let exact = totals::platform(&mut conn, 1_000_000).unwrap();
        let counted = |n: QueryResult<i64>| Total::exact(n.unwrap());
        assert_eq!(
            exact.customers,
            counted(customers::table.count().get_result(&mut conn))
        );
        assert_eq!(
            exact.users,
            counted(
                memberships::table
                    .filter(memberships::customer_id.is_not_null())
                    .count()
                    .get_result(&mut conn)
            )
        );
        assert!(exact.customers.value >= 5 && exact.users.value >= 5);

        // Past the bound: PostgreSQL's statistics, which ANALYZE makes exact
        // for tables this small; SQLite still counts.
        let pg = conn.is_postgres();
        if pg {
            diesel::sql_query("ANALYZE resellers, customers, memberships")
                .execute(&mut conn)
                .unwrap();
        }
        let bounded = totals::platform(&mut conn, 2).unwrap();
        let estimated = |t: Total| Total {
            value: t.value,
            estimated: pg,
        };
        assert_eq!(bounded.customers, estimated(exact.customers));
        assert_eq!(bounded.users, estimated(exact.users));
    }
);
