//! The benchmark's dataset: what `partnerdesk bench-seed` loads is what the
//! benchmark's README says, and its trials end as real trials do.

use chrono::Duration;
use diesel::dsl::count_star;
use diesel::prelude::*;
use partnerdesk::bench_seed;
use partnerdesk::db::schema::{customers, memberships, services, subscriptions, users};

use crate::both_backends;
use crate::helpers::*;

both_backends!(bench_seed_loads_what_it_says, |app: TestApp| async move {
    let mut conn = app.conn();
    let said = bench_seed::seed(&mut conn, 30, 4, "bench-password").unwrap();
    assert!(said.starts_with("Loaded 30 customers"), "{said}");

    let bench_customers = || customers::table.filter(customers::public_id.like("B-%"));
    let count = |n: QueryResult<i64>| n.unwrap();
    assert_eq!(count(bench_customers().count().get_result(&mut conn)), 30);
    let bench_users = users::table.filter(users::full_name.like("Bench User %"));
    assert_eq!(count(bench_users.count().get_result(&mut conn)), 150);
    assert_eq!(count(services::table.count().get_result(&mut conn)), 60);
    assert_eq!(
        count(subscriptions::table.count().get_result(&mut conn)),
        30
    );
    // Each reseller's seats in use are its customers' five each.
    let (reseller, of_reseller): (i64, i64) = customers::table
        .group_by(customers::reseller_id)
        .select((customers::reseller_id, count_star()))
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        partnerdesk::db::subscriptions::seats_of_reseller(&mut conn, reseller).unwrap(),
        5 * of_reseller
    );
    // One administrator per customer, with the customer's e-mail.
    let admins: Vec<(String, String)> = memberships::table
        .inner_join(users::table)
        .inner_join(customers::table.on(customers::id.nullable().eq(memberships::customer_id)))
        .filter(memberships::role.eq("customer_admin"))
        .select((users::email, customers::email))
        .load(&mut conn)
        .unwrap();
    assert_eq!(admins.len(), 30);
    assert!(admins.iter().all(|(user, customer)| user == customer));
    // Each customer keeps its administrator's status, as the list shows it.
    assert_eq!(
        partnerdesk::db::customers::first_admin_drift(&mut conn).unwrap(),
        0
    );

    // Every trial has an end within its 14 days, as the wizard gives.
    let now = partnerdesk::db::now();
    let trials: Vec<Option<chrono::NaiveDateTime>> = bench_customers()
        .filter(customers::status.eq("trial"))
        .select(customers::trial_ends_at)
        .load(&mut conn)
        .unwrap();
    assert_eq!(trials.len(), 3);
    for end in &trials {
        let end = end.expect("a trial has an end");
        assert!(end > now - Duration::minutes(1) && end <= now + Duration::days(14));
    }
    assert_eq!(
        partnerdesk::app::jobs::end_trials(&mut conn, now - Duration::minutes(1)).unwrap(),
        0
    );
    assert_eq!(
        partnerdesk::app::jobs::end_trials(&mut conn, now + Duration::days(15)).unwrap(),
        3
    );
    let still_trial: i64 = bench_customers()
        .filter(customers::status.eq("trial"))
        .select(count_star())
        .first(&mut conn)
        .unwrap();
    assert_eq!(still_trial, 0);

    let again = bench_seed::seed(&mut conn, 30, 4, "bench-password").unwrap_err();
    assert!(again.to_string().contains("already loaded"), "{again}");
});
