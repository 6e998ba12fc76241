//! The customer list's total: counted by the database up to a cap, each
//! customer once however many search branches match it.

use partnerdesk::db::customer_list::{
    count_capped, page_and_total, Cursor, ListFilter, PageRequest, SortKey,
};

use crate::both_backends;
use crate::helpers::*;

both_backends!(totals_are_exact_up_to_the_cap, |app: TestApp| async move {
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "count");
    let other = insert_reseller(&mut conn, "elsewhere");
    let now = partnerdesk::db::now();
    for name in ["Admin One", "Admin Two", "Admin Three", "Zed", "Yonder"] {
        insert_customer_with(&mut conn, reseller, name, "active", now);
    }
    insert_customer_with(&mut conn, reseller, "Paused", "suspended", now);
    insert_customer_with(&mut conn, other, "Admin Elsewhere", "active", now);
    let mine = ListFilter {
        reseller_id: Some(reseller),
        ..Default::default()
    };
    let mut count = |filter: &ListFilter, cap| count_capped(&mut conn, filter, cap).unwrap();

    assert_eq!(count(&mine, 100), 6);
    // Past the cap the answer is cap + 1: "more than cap".
    assert_eq!(count(&mine, 3), 4);
    assert_eq!(count(&mine, 6), 6);
    let suspended = ListFilter {
        status: Some("suspended".into()),
        ..mine.clone()
    };
    assert_eq!(count(&suspended, 100), 1);
    // "admin" starts every admin e-mail and three names: six customers,
    // each counted once.
    let search = ListFilter {
        search: Some("Admin".into()),
        ..mine.clone()
    };
    assert_eq!(count(&search, 100), 6);
    assert_eq!(count(&search, 2), 3, "past the cap on the names alone");
    assert_eq!(
        count(&search, 3),
        4,
        "the names reach the cap, the e-mails pass it"
    );
    assert_eq!(count(&search, 6), 6);
    let names_only = ListFilter {
        search: Some("admin t".into()),
        ..mine.clone()
    };
    assert_eq!(count(&names_only, 100), 2);
    assert_eq!(
        count(&ListFilter::default(), 100),
        7,
        "everyone's, for staff"
    );
});

both_backends!(a_page_comes_with_its_total, |app: TestApp| async move {
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "paged");
    let now = partnerdesk::db::now();
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"] {
        insert_customer_with(&mut conn, reseller, name, "active", now);
    }
    let mine = ListFilter {
        reseller_id: Some(reseller),
        ..Default::default()
    };
    let first = PageRequest {
        limit: 2,
        ..Default::default()
    };
    let names = |page: &partnerdesk::db::customer_list::ListPage| -> Vec<String> {
        page.rows.iter().map(|r| r.name.clone()).collect()
    };

    let (page, total) = page_and_total(&mut conn, &mine, &first, 100).unwrap();
    assert_eq!(names(&page), ["Alpha", "Bravo"]);
    assert!(page.more);
    assert_eq!(total, 6);
    // Past the cap: cap + 1, "more than cap".
    assert_eq!(page_and_total(&mut conn, &mine, &first, 3).unwrap().1, 4);
    // The next page, and one past the last row: the total stays.
    let after = |row: &partnerdesk::db::customer_list::ListRow| PageRequest {
        cursor: Some(Cursor::of(Default::default(), row)),
        ..first.clone()
    };
    let (second, total) = page_and_total(&mut conn, &mine, &after(&page.rows[1]), 100).unwrap();
    assert_eq!(
        (names(&second), total),
        (vec!["Charlie".into(), "Delta".into()], 6)
    );
    let (all, _) = page_and_total(
        &mut conn,
        &mine,
        &PageRequest {
            limit: 10,
            ..Default::default()
        },
        100,
    )
    .unwrap();
    let (past, total) = page_and_total(&mut conn, &mine, &after(&all.rows[5]), 100).unwrap();
    assert!(past.rows.is_empty());
    assert_eq!(total, 6);
    // A search counts what it finds; nothing found is 0.
    let search = |q: &str| ListFilter {
        search: Some(q.into()),
        ..mine.clone()
    };
    assert_eq!(
        page_and_total(&mut conn, &search("e"), &first, 100)
            .unwrap()
            .1,
        1
    );
    let (none, total) = page_and_total(&mut conn, &search("zulu"), &first, 100).unwrap();
    assert!(none.rows.is_empty());
    assert_eq!(total, 0);
    // A search's page past its last row still says how many it found (on
    // PostgreSQL the total comes with the rows, and here there are none).
    let (found, _) = page_and_total(&mut conn, &search("e"), &first, 100).unwrap();
    let (past, total) =
        page_and_total(&mut conn, &search("e"), &after(&found.rows[0]), 100).unwrap();
    assert!(past.rows.is_empty());
    assert_eq!(total, 1);
});

// A search's page comes with its total. A customer may match on its name
// and its e-mail both: counted once. A search that matches on one key only
// (a name, a reference, an e-mail) counts that key's matches; past the cap
// it is "more than the cap". In either order, and with another reseller's
// matches left out.
both_backends!(
    a_search_counts_each_customer_once,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "found");
        let other = insert_reseller(&mut conn, "not found");
        let now = partnerdesk::db::now();
        for name in ["Admin One", "Admin Two", "Admin Three", "Zed", "Yonder"] {
            insert_customer_with(&mut conn, reseller, name, "active", now);
        }
        insert_customer_with(&mut conn, other, "Admin Elsewhere", "active", now);
        for (sort, descending) in [(SortKey::Name, false), (SortKey::Created, true)] {
            let first = PageRequest {
                sort,
                descending,
                limit: 2,
                ..Default::default()
            };
            let mut total = |q: &str, cap: i64| {
                let filter = ListFilter {
                    reseller_id: Some(reseller),
                    search: Some(q.into()),
                    ..Default::default()
                };
                page_and_total(&mut conn, &filter, &first, cap).unwrap().1
            };
            // Three names and five e-mails start with "admin": five customers.
            assert_eq!(total("admin", 100), 5, "{sort:?}");
            assert_eq!(
                total("admin", 4),
                5,
                "{sort:?}: names under the cap, all past it"
            );
            assert_eq!(total("admin", 2), 3, "{sort:?}: past the cap");
            assert_eq!(total("admin", 0), 1, "{sort:?}: one or more");
            assert_eq!(total("admin t", 100), 2, "{sort:?}: names only");
            assert_eq!(total("admin t", 1), 2, "{sort:?}: names only, past the cap");
            assert_eq!(total("ref-y", 100), 1, "{sort:?}: a reference only");
            assert_eq!(total("admin@z", 100), 1, "{sort:?}: an e-mail only");
            assert_eq!(
                total("admin@", 3),
                4,
                "{sort:?}: e-mails only, past the cap"
            );
            assert_eq!(total("zulu", 100), 0, "{sort:?}");
        }
    }
);

// A search whose e-mail branch matches hundreds of customers ("admin" starts
// every administrator's e-mail): PostgreSQL plans its page for the values
// instead of sorting the whole branch. Every page is still the right one,
// by name and by date, and the connection keeps its plans afterwards.
both_backends!(a_wide_search_pages_in_order, |app: TestApp| async move {
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "wide");
    let now = partnerdesk::db::now();
    let n = 230;
    for i in 0..n {
        // Creation order unlike name order.
        let created = now - chrono::Duration::minutes((i * 37) % n);
        insert_customer_with(
            &mut conn,
            reseller,
            &format!("Wide {i:03}"),
            "active",
            created,
        );
    }
    let search = ListFilter {
        reseller_id: Some(reseller),
        search: Some("admin".into()),
        ..Default::default()
    };
    for (sort, descending, seen) in pages_in_both_orders(&mut conn, &search, 25, n) {
        // The export's pages, without the total, are the same.
        let first = PageRequest {
            sort,
            descending,
            limit: 25,
            ..Default::default()
        };
        let exported = partnerdesk::db::customer_list::list(&mut conn, &search, &first).unwrap();
        let names: Vec<&String> = exported.rows.iter().map(|r| &r.name).collect();
        let expected_names: Vec<&String> = seen.iter().take(25).map(|(_, n)| n).collect();
        assert_eq!(names, expected_names, "{sort:?}");
    }
});

// Two filters that no one index serves in the page's order (here the
// reseller and the status): PostgreSQL plans the page and its total for the
// values. The pages and the total are still right, in both orders.
both_backends!(two_filters_page_in_order, |app: TestApp| async move {
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "two");
    let other = insert_reseller(&mut conn, "other");
    let now = partnerdesk::db::now();
    let n = 40;
    for i in 0..n {
        let status = if i % 3 == 0 { "suspended" } else { "active" };
        let created = now - chrono::Duration::minutes((i * 7) % n);
        insert_customer_with(&mut conn, reseller, &format!("Two {i:02}"), status, created);
    }
    insert_customer_with(&mut conn, other, "Two elsewhere", "suspended", now);
    let filter = ListFilter {
        reseller_id: Some(reseller),
        status: Some("suspended".into()),
        ..Default::default()
    };
    let suspended = (0..n).filter(|i| i % 3 == 0).count() as i64;
    pages_in_both_orders(&mut conn, &filter, 4, suspended);
});

/// A row as paging saw it: its creation time and name.
type Seen = (chrono::NaiveDateTime, String);

/// Pages through `filter` by name and by date (newest first), `limit` rows
/// at a time, checking each page's total and that every row comes once, in
/// order. The rows seen (time, name), per order.
fn pages_in_both_orders(
    conn: &mut partnerdesk::db::AnyConnection,
    filter: &ListFilter,
    limit: i64,
    total: i64,
) -> Vec<(SortKey, bool, Vec<Seen>)> {
    let mut orders = Vec::new();
    for (sort, descending) in [(SortKey::Name, false), (SortKey::Created, true)] {
        let mut seen = Vec::new();
        let mut request = PageRequest {
            sort,
            descending,
            limit,
            ..Default::default()
        };
        loop {
            let (page, counted) = page_and_total(conn, filter, &request, 1000).unwrap();
            assert_eq!(counted, total);
            seen.extend(page.rows.iter().map(|r| (r.created_at, r.name.clone())));
            match page.rows.last().filter(|_| page.more) {
                Some(last) => request.cursor = Some(Cursor::of(sort, last)),
                None => break,
            }
        }
        let mut expected = seen.clone();
        match sort {
            SortKey::Name => expected.sort_by(|a, b| a.1.cmp(&b.1)),
            SortKey::Created => expected.sort_by(|a, b| b.cmp(a)),
        }
        assert_eq!(seen.len() as i64, total, "{sort:?}");
        assert_eq!(seen, expected, "{sort:?}");
        orders.push((sort, descending, seen));
    }
    orders
}

// The kept plans (`db/pool.rs`) answer as plans made for each search's
// values do: every page of a narrow and of a wide search, both orders.
both_backends!(
    kept_plans_answer_as_plans_for_the_values,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "plans");
        let now = partnerdesk::db::now();
        for i in 0..120 {
            let name = if i % 3 == 0 {
                format!("Zeta {i:03}")
            } else {
                format!("Wide {i:03}")
            };
            let created = now - chrono::Duration::minutes((i * 37) % 120);
            insert_customer_with(&mut conn, reseller, &name, "active", created);
        }
        let set = |conn: &mut partnerdesk::db::AnyConnection, mode: &str| {
            if conn.is_postgres() {
                use diesel::connection::SimpleConnection;
                conn.batch_execute(&format!("SET plan_cache_mode = {mode}"))
                    .unwrap();
            }
        };
        for (search, total) in [("zeta", 40), ("wide", 80)] {
            let filter = ListFilter {
                reseller_id: Some(reseller),
                search: Some(search.into()),
                ..Default::default()
            };
            set(&mut conn, "force_custom_plan");
            let plain = pages_in_both_orders(&mut conn, &filter, 7, total);
            set(&mut conn, "force_generic_plan");
            let kept = pages_in_both_orders(&mut conn, &filter, 7, total);
            assert_eq!(plain, kept, "{search}");
        }
    }
);
