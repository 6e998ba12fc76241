//! The operator's reseller list: pages of 50 by name, and a search on the
//! start of the name.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// The reseller names listed on a page, in order.
fn names(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/resellers/")
        .skip(1)
        .filter_map(|row| {
            let name = row.split_once("\">")?.1;
            Some(name.split_once("</a>")?.0.to_string())
        })
        .collect()
}

fn next_link(page: &str) -> Option<String> {
    let (_, rest) = page.split_once("<nav class=\"pager\"")?;
    let (_, href) = rest.split_once("href=\"")?;
    Some(href.split_once('"')?.0.replace("&#38;", "&"))
}

both_backends!(resellers_come_in_pages_by_name, |app: TestApp| async move {
    {
        let mut conn = app.conn();
        // Created out of order: the list sorts them.
        for n in (0..60).rev() {
            insert_reseller(&mut conn, &format!("paged {n:02}"));
        }
    }
    let (mut op, _) = app.logged_in(Role::Operator).await;
    let (status, first) = op.page("/resellers?q=reseller%20PAGED").await;
    assert_eq!(status, 200);
    let mut seen = names(&first);
    assert_eq!(seen.len(), 50);
    let next = next_link(&first).expect("a next page");
    let (_, second) = op.page(&next).await;
    assert!(next_link(&second).is_none(), "the last page");
    seen.extend(names(&second));
    let expected: Vec<String> = (0..60).map(|n| format!("Reseller paged {n:02}")).collect();
    assert_eq!(seen, expected, "every reseller once, by name");
    // The search keeps what was typed.
    assert!(first.contains(r#"value="reseller PAGED""#));

    let (_, fifties) = op.page("/resellers?q=Reseller%20paged%205").await;
    assert_eq!(names(&fifties).len(), 10);
    let (_, none) = op.page("/resellers?q=nobody").await;
    assert!(names(&none).is_empty());
    assert!(none.contains("name starts with this."));
    // A malformed cursor starts at the top.
    let (status, top) = op.page("/resellers?q=reseller%20paged&after=zz").await;
    assert_eq!(status, 200);
    assert_eq!(
        names(&top).first().map(String::as_str),
        Some("Reseller paged 00")
    );
});
