//! The list's total as its users see it: exact up to 1,000, "more than
//! 1,000" past it (a search's up to 100); a total past the cap is kept a
//! moment per instance for the same filters, while totals under it and
//! searches are counted at each view.

use diesel::prelude::*;
use partnerdesk::bench_seed;
use partnerdesk::db::schema::customers;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

const MANY: &str = "More than 1,000 customers";

both_backends!(
    a_total_past_the_cap_is_kept_a_moment,
    |app: TestApp| async move {
        let mut conn = app.conn();
        bench_seed::seed(&mut conn, 1002, 4, "bench-password").unwrap();
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let (_, list) = browser.page("/customers").await;
        assert!(list.contains(MANY));

        // Two customers fewer: 1,000 in all. The total shown a moment ago
        // is not counted again on this instance...
        let two: Vec<i64> = customers::table
            .select(customers::id)
            .order(customers::id)
            .limit(2)
            .load(&mut conn)
            .unwrap();
        diesel::delete(customers::table.filter(customers::id.eq_any(&two)))
            .execute(&mut conn)
            .unwrap();
        let (_, list) = browser.page("/customers").await;
        assert!(list.contains(MANY), "kept");
        // ...but another instance counts it, as do a search and a total
        // under the cap, at each view.
        let other = app.second_instance().await;
        let (mut elsewhere, _) = other.logged_in(Role::Operator).await;
        let (_, list) = elsewhere.page("/customers").await;
        assert!(list.contains("1,000 customers") && !list.contains(MANY));
        // A search counts up to 100, at each view: past it "more than 100".
        let (_, found) = browser.page("/customers?q=customer").await;
        assert!(found.contains("More than 100 customers"), "{found}");
        let named_a = || {
            customers::table
                .filter(customers::name_key.like("customer a%"))
                .select(customers::id)
                .load::<i64>(&mut app.conn())
                .unwrap()
        };
        let a = named_a();
        assert!((2..=100).contains(&a.len()), "{}", a.len());
        let (_, found) = browser.page("/customers?q=Customer+a").await;
        assert!(found.contains(&format!("{} customers", a.len())), "{found}");
        diesel::delete(customers::table.find(a[0]))
            .execute(&mut conn)
            .unwrap();
        let (_, found) = browser.page("/customers?q=Customer+a").await;
        assert!(found.contains(&format!("{} customers", a.len() - 1)));
        let suspended = |conn: &mut partnerdesk::db::AnyConnection| -> i64 {
            customers::table
                .filter(customers::status.eq("suspended"))
                .count()
                .get_result(conn)
                .unwrap()
        };
        let before = suspended(&mut conn);
        let (_, list) = browser.page("/customers?status=suspended").await;
        assert!(list.contains(&format!("{before} customers")));
        diesel::update(customers::table.filter(customers::status.eq("active")))
            .set(customers::status.eq("suspended"))
            .execute(&mut conn)
            .unwrap();
        let now = suspended(&mut conn);
        assert!(now > before && now < 1000);
        let (_, list) = browser.page("/customers?status=suspended").await;
        assert!(list.contains(&format!("{now} customers")));
    }
);
