//! On PostgreSQL a search's page and total come from one statement
//! (`db/raw/customer_search.rs`), an optimisation of the plain path in
//! diesel's builder (`customer_list::load_page` and `count_capped`). Both
//! must answer alike: every page, both orders, both directions, and the
//! total, for narrow, wide and empty searches.

use partnerdesk::db::customer_list::{
    count_capped, load_page, page_and_total, Cursor, ListFilter, PageRequest, SortKey,
};

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    the_one_statement_search_answers_as_the_plain_path,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "paths");
        let other = insert_reseller(&mut conn, "other paths");
        let now = partnerdesk::db::now();
        // Names that tie on their first words, creation times that tie, and
        // e-mails ("admin@…") that every customer matches.
        for i in 0..60 {
            let created = now - chrono::Duration::minutes(i % 7);
            let name = format!("Path {} {i:02}", ["Alpha", "Beta", "Admin"][i as usize % 3]);
            insert_customer_with(&mut conn, reseller, &name, "active", created);
        }
        insert_customer_with(&mut conn, other, "Path Alpha other", "active", now);
        let cap = 100;
        for (reseller_id, search) in [
            (Some(reseller), "path a"),
            (Some(reseller), "admin"),
            (Some(reseller), "ref-path-beta"),
            (None, "path alpha"),
            (None, "nothing matches"),
        ] {
            let filter = ListFilter {
                reseller_id,
                search: Some(search.into()),
                ..Default::default()
            };
            let plain_total = count_capped(&mut conn, &filter, cap).unwrap();
            for (sort, descending) in [
                (SortKey::Name, false),
                (SortKey::Name, true),
                (SortKey::Created, false),
                (SortKey::Created, true),
            ] {
                let mut request = PageRequest {
                    sort,
                    descending,
                    limit: 7,
                    ..Default::default()
                };
                let mut pages = 0;
                loop {
                    let (page, total) = page_and_total(&mut conn, &filter, &request, cap).unwrap();
                    let plain = load_page(&mut conn, &filter, &request).unwrap();
                    let ids = |p: &partnerdesk::db::customer_list::ListPage| -> Vec<i64> {
                        p.rows.iter().map(|r| r.id).collect()
                    };
                    let at = format!("{search:?} {sort:?} desc={descending} page {pages}");
                    assert_eq!(ids(&page), ids(&plain), "{at}");
                    assert_eq!(page.more, plain.more, "{at}");
                    assert_eq!(total, plain_total, "{at}");
                    pages += 1;
                    match page.rows.last().filter(|_| page.more) {
                        Some(last) => request.cursor = Some(Cursor::of(sort, last)),
                        None => break,
                    }
                }
                // And back from the last page's start, one page at a time.
                if let Some(first) = load_page(&mut conn, &filter, &request)
                    .unwrap()
                    .rows
                    .first()
                {
                    let back = PageRequest {
                        cursor: Some(Cursor::of(sort, first)),
                        backwards: true,
                        ..request.clone()
                    };
                    let (page, _) = page_and_total(&mut conn, &filter, &back, cap).unwrap();
                    let plain = load_page(&mut conn, &filter, &back).unwrap();
                    assert_eq!(
                        page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
                        plain.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
                        "{search:?} {sort:?} backwards"
                    );
                }
            }
        }
    }
);
