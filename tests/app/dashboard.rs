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
            [2, 0, 0, 0],
            "the reseller's own customers; none ending a trial, changing term, suspended"
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
            [expected.0, expected.1, expected.2, 0, 0, 0, 0],
            "resellers, customers, customer users, trials ending, term changes, \
             suspended, failed e-mails"
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
            [expected.0, expected.1 + 1, expected.2, 0, 0, 1, 0]
        );
        let (_, body) = reseller.page("/").await;
        assert_eq!(stat_values(&body), [3, 0, 0, 1]);
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

/// The names on a customer list page.
fn listed(body: &str) -> Vec<String> {
    let mut names: Vec<String> = ["Trial Soon", "Trial Later", "Term Waits", "Plain"]
        .iter()
        .filter(|n| body.contains(&format!(">Customer {n}<")))
        .map(|n| n.to_string())
        .collect();
    names.sort();
    names
}

both_backends!(
    trials_ending_and_term_changes_lead_to_their_lists,
    |app: TestApp| async move {
        let (mut reseller, person) = app.logged_in(Role::ResellerAdmin).await;
        let mine = person.reseller_id.unwrap();
        let mut conn = app.conn();
        let now = partnerdesk::db::now();
        for (name, status, trial_days, pending) in [
            ("Trial Soon", "trial", Some(3), None),
            ("Trial Later", "trial", Some(20), None),
            ("Term Waits", "active", None, Some("annual")),
            ("Plain", "active", None, None),
        ] {
            let id =
                insert_customer_with(&mut conn, mine, &format!("Customer {name}"), status, now);
            diesel::update(customers::table.find(id))
                .set((
                    customers::trial_ends_at
                        .eq(trial_days.map(|d| now + chrono::Duration::days(d))),
                    customers::pending_term.eq(pending),
                ))
                .execute(&mut conn)
                .unwrap();
        }
        // Another reseller's trial is not this reseller's business.
        let other = insert_reseller(&mut conn, "elsewhere");
        let theirs = insert_customer_with(&mut conn, other, "Customer Theirs", "trial", now);
        diesel::update(customers::table.find(theirs))
            .set(customers::trial_ends_at.eq(Some(now + chrono::Duration::days(1))))
            .execute(&mut conn)
            .unwrap();
        drop(conn);

        let (_, home) = reseller.page("/").await;
        assert_eq!(stat_values(&home), [4, 1, 1, 0]);
        let trials = "/customers?status=trial_ending";
        let terms = "/customers?status=term_change";
        assert!(home.contains(&format!("<a class=\"stat\" href=\"{trials}\">")));
        assert!(home.contains(&format!("<a class=\"stat\" href=\"{terms}\">")));
        let (status, list) = reseller.page(trials).await;
        assert_eq!(status, 200);
        assert_eq!(listed(&list), ["Trial Soon"]);
        assert!(!list.contains("Customer Theirs"));
        assert!(list.contains("<option value=\"trial_ending\" selected>"));
        let (_, list) = reseller.page(terms).await;
        assert_eq!(listed(&list), ["Term Waits"]);
        // A search within the filter keeps it.
        let (_, list) = reseller.page(&format!("{trials}&q=customer")).await;
        assert_eq!(listed(&list), ["Trial Soon"]);
        let (_, list) = reseller.page(&format!("{trials}&q=plain")).await;
        assert!(listed(&list).is_empty());
    }
);
