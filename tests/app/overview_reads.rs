//! The overview reads the customer with its product, reseller, plan, first
//! administrator and integration in one query: a customer has at most one
//! integration, and one without either still opens. Its sites, live
//! subscriptions and latest events follow, each list in its order.

use chrono::Duration;
use diesel::prelude::*;
use partnerdesk::db::customers::find_with_plan;
use partnerdesk::db::overview_lists::{self, EVENTS_SHOWN};
use partnerdesk::db::schema::{audit_log, integrations};
use partnerdesk::db::subscriptions::{self, NewSubscription};
use partnerdesk::db::users::UserStatus;
use partnerdesk::db::{sites, AnyConnection};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    one_query_finds_the_administrator_and_the_integration,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "Reads");
        let customer = insert_customer(&mut conn, reseller, "Plain");
        let bare = find_with_plan(&mut conn, customer).unwrap().unwrap();
        assert_eq!(bare.customer.name, "Customer Plain");
        assert!(bare.admin.is_none() && bare.integration.is_none());
        assert_eq!(bare.services, (0, 0));

        let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let add = |conn: &mut partnerdesk::db::AnyConnection, endpoint: &str| {
            diesel::insert_into(integrations::table)
                .values((
                    integrations::customer_id.eq(customer),
                    integrations::kind.eq("pbx"),
                    integrations::endpoint.eq(endpoint),
                    integrations::created_at.eq(partnerdesk::db::now()),
                ))
                .execute(conn)
        };
        add(&mut conn, "pbx.example.com:5060").unwrap();
        let full = find_with_plan(&mut conn, customer).unwrap().unwrap();
        assert_eq!(full.admin.map(|u| u.username), Some(admin.username));
        assert_eq!(
            full.integration.map(|i| i.endpoint).as_deref(),
            Some("pbx.example.com:5060")
        );
        // A second integration is refused, so the customer stays one row.
        assert!(add(&mut conn, "other.example.com:5060").is_err());
        assert!(find_with_plan(&mut conn, customer + 1000)
            .unwrap()
            .is_none());
    }
);

/// An event of `customer` at `minutes` past a fixed time; returns its id.
fn event(conn: &mut AnyConnection, customer: i64, minutes: i64, action: &str) -> i64 {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        + Duration::minutes(minutes);
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::created_at.eq(at),
            audit_log::actor_name.eq("Ops"),
            audit_log::action.eq(action),
            audit_log::target_type.eq("customer"),
            audit_log::target_id.eq(customer.to_string()),
            audit_log::customer_id.eq(customer),
            audit_log::summary.eq(format!("{action} done")),
        ))
        .returning(audit_log::id)
        .get_result(conn)
        .unwrap()
}

type Reader = fn(
    &mut AnyConnection,
    i64,
) -> diesel::QueryResult<partnerdesk::db::overview_lists::OverviewLists>;

both_backends!(
    the_lists_come_each_in_its_order,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "Lists");
        let customer = insert_customer(&mut conn, reseller, "Listed");
        let other = insert_customer(&mut conn, reseller, "Other");
        let empty = overview_lists::of_customer(&mut conn, customer).unwrap();
        assert!(empty.sites.is_empty() && empty.subscriptions.is_empty());
        assert!(empty.events.is_empty());

        for name in ["Warehouse", "Annex", "Main office"] {
            sites::insert(&mut conn, customer, name).unwrap();
        }
        sites::insert(&mut conn, other, "Elsewhere").unwrap();
        let product = find_with_plan(&mut conn, customer)
            .unwrap()
            .unwrap()
            .customer
            .product_id;
        let subscribe = |conn: &mut AnyConnection, customer: i64, seats: i64| {
            subscriptions::insert(
                conn,
                &NewSubscription {
                    customer_id: customer,
                    reseller_id: reseller,
                    product_id: product,
                    seats,
                    term: "annual",
                    status: "active",
                    customer_may_edit: seats == 7,
                },
            )
            .unwrap()
        };
        let first = subscribe(&mut conn, customer, 7);
        let cancelled = subscribe(&mut conn, customer, 3);
        let last = subscribe(&mut conn, customer, 12);
        subscribe(&mut conn, other, 1);
        assert!(subscriptions::cancel(&mut conn, cancelled).unwrap());

        // Ten events, two at the same minute; the other customer's newest.
        let mut events: Vec<(i64, i64)> = (0..9)
            .map(|m| (m, event(&mut conn, customer, m, &format!("step-{m}"))))
            .collect();
        events.push((8, event(&mut conn, customer, 8, "step-8-again")));
        event(&mut conn, other, 60, "elsewhere");

        // The page's one-statement read answers as the three plain queries.
        let readers: [Reader; 2] = [
            overview_lists::of_customer,
            partnerdesk::db::raw::overview_one_read::of_customer,
        ];
        for read in readers {
            let lists = read(&mut conn, customer).unwrap();
            let names: Vec<&str> = lists.sites.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(names, ["Annex", "Main office", "Warehouse"]);
            assert!(lists.sites.iter().all(|s| s.customer_id == customer));

            let live: Vec<(i64, i64, bool, &str)> = lists
                .subscriptions
                .iter()
                .map(|(s, product)| (s.id, s.seats, s.customer_may_edit, product.as_str()))
                .collect();
            assert_eq!(
                live,
                [
                    (first, 7, true, "Product Lists"),
                    (last, 12, false, "Product Lists")
                ]
            );
            let (sub, _) = &lists.subscriptions[1];
            assert_eq!(
                (sub.term.as_str(), sub.status.as_str()),
                ("annual", "active")
            );
            assert_eq!((sub.customer_id, sub.reseller_id), (customer, reseller));
            assert!(sub.cancelled_at.is_none());

            // Newest first; of two at the same time, the later recorded first.
            let mut events = events.clone();
            events.sort_by(|a, b| b.cmp(a));
            let expected: Vec<i64> = events
                .iter()
                .take(EVENTS_SHOWN as usize)
                .map(|e| e.1)
                .collect();
            let shown: Vec<i64> = lists.events.iter().map(|e| e.id).collect();
            assert_eq!(shown, expected);
            let newest = &lists.events[0];
            assert_eq!(newest.action, "step-8-again");
            assert_eq!(newest.summary, "step-8-again done");
            assert_eq!(
                (newest.customer_id, newest.actor_name.as_str()),
                (Some(customer), "Ops")
            );
        }
    }
);
