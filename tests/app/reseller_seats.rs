//! A reseller's seats in use: the live subscriptions of all its customers,
//! however each was made, read from one range of one index rather than
//! through every customer the reseller has.

use std::collections::BTreeMap;

use diesel::prelude::*;
use partnerdesk::db::plan::unindexed_reads;
use partnerdesk::db::schema::{customers, subscriptions};
use partnerdesk::db::subscriptions::{cancel, seats_in_use, seats_of_reseller};

use crate::both_backends;
use crate::helpers::*;

both_backends!(seats_in_use_read_one_range, |app: TestApp| async move {
    let mut conn = app.conn();
    let scans = unindexed_reads(&mut conn, &seats_in_use(1)).unwrap();
    assert_eq!(scans, Vec::<String>::new());
});

/// Seats of live subscriptions per reseller, found through the customers.
fn through_customers(conn: &mut partnerdesk::db::AnyConnection) -> BTreeMap<i64, i64> {
    let rows: Vec<(i64, i64)> = subscriptions::table
        .inner_join(customers::table)
        .filter(subscriptions::status.ne("cancelled"))
        .select((customers::reseller_id, subscriptions::seats))
        .load(conn)
        .unwrap();
    let mut sums = BTreeMap::new();
    for (reseller, seats) in rows {
        *sums.entry(reseller).or_insert(0) += seats;
    }
    sums
}

both_backends!(
    seats_in_use_count_every_subscription_of_the_resellers_customers,
    |app: TestApp| async move {
        let mut conn = app.conn();
        // The demo data's resellers, and a customer whose first subscription
        // comes from provisioning.
        partnerdesk::demo::load(&mut conn, 4, true).unwrap();
        let reseller = insert_reseller(&mut conn, "Seats");
        let now = partnerdesk::db::now();
        let c = insert_customer_with(&mut conn, reseller, "Seats Co", "creating", now);
        partnerdesk::app::provisioning::provision_pending(&mut conn).unwrap();

        let expected = through_customers(&mut conn);
        assert!(expected.len() >= 3, "{expected:?}");
        assert_eq!(expected.get(&reseller), Some(&1));
        for (r, seats) in &expected {
            assert_eq!(seats_of_reseller(&mut conn, *r).unwrap(), *seats, "{r}");
        }

        // A cancelled subscription no longer counts.
        let sub: i64 = subscriptions::table
            .filter(subscriptions::customer_id.eq(c))
            .select(subscriptions::id)
            .first(&mut conn)
            .unwrap();
        assert!(cancel(&mut conn, sub).unwrap());
        assert_eq!(seats_of_reseller(&mut conn, reseller).unwrap(), 0);
    }
);
