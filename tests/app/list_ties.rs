//! Keyset pages where the sort key ties across resellers: an operator's list
//! holds customers of the same name (names are unique per reseller only) and
//! of the same creation time. Every order, forwards and backwards, visits
//! each customer exactly once.

use std::collections::HashMap;

use diesel::prelude::*;
use partnerdesk::db::schema::customers;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::customers::link;
use crate::helpers::*;

/// Customer ids in page order, following `rel` links from `start`.
async fn walk_ids(browser: &mut Client, start: &str, rel: &str) -> (Vec<i64>, String) {
    let mut ids = Vec::new();
    let mut url = start.to_string();
    let mut last_url = url.clone();
    for _ in 0..100 {
        let (status, body) = browser.page(&url).await;
        assert_eq!(status, 200, "{url}");
        ids.extend(
            body.split("<td><a href=\"/customers/")
                .skip(1)
                .filter_map(|s| {
                    s.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse::<i64>()
                        .ok()
                }),
        );
        last_url = url.clone();
        match link(&body, rel) {
            Some(next) => url = next,
            None => break,
        }
    }
    (ids, last_url)
}

both_backends!(
    equal_names_and_times_across_resellers_page_without_loss,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let created = partnerdesk::db::now() - chrono::Duration::hours(1);
        let mut conn = app.conn();
        for r in 0..3 {
            let reseller = insert_reseller(&mut conn, &format!("tie{r}"));
            for i in 0..19 {
                // The same 19 names at each reseller, all made at one time.
                insert_customer_with(
                    &mut conn,
                    reseller,
                    &format!("Shop {i:02}"),
                    "active",
                    created,
                );
            }
        }
        let names: HashMap<i64, String> = customers::table
            .select((customers::id, customers::name_key))
            .load::<(i64, String)>(&mut conn)
            .unwrap()
            .into_iter()
            .collect();
        drop(conn);
        let total = names.len();
        for sort in ["name", "-name", "created", "-created"] {
            let (forward, last) =
                walk_ids(&mut browser, &format!("/customers?sort={sort}"), "next").await;
            let mut unique = forward.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(forward.len(), total, "{sort}: no row repeated or missed");
            assert_eq!(unique.len(), total, "{sort}: every customer once");
            let keys: Vec<&String> = forward.iter().map(|id| &names[id]).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            if sort == "-name" {
                sorted.reverse();
            }
            if sort.ends_with("name") {
                assert_eq!(keys, sorted, "{sort}: in order of name");
            }
            let (backward, _) = walk_ids(&mut browser, &last, "prev").await;
            let mut back = backward.clone();
            back.sort();
            back.dedup();
            assert_eq!(
                backward.len(),
                total,
                "{sort} backwards: no row repeated or missed"
            );
            assert_eq!(back, unique, "{sort} backwards");
        }
    }
);
