//! Addresses and forms that do not fit a page: a malformed cursor starts the
//! list at the top; anything else gets the 400 page in the reader's
//! language, never actix's plain text or a 500.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// A page's table rows, the part a cursor moves.
/// The rows of a page's table, without the way back the row links carry
/// (the page's own address, which differs).
fn rows(body: &str) -> String {
    let start = body.find("<tbody").unwrap_or(0);
    let end = body[start..]
        .find("</tbody>")
        .map_or(body.len(), |e| start + e);
    let mut parts = body[start..end].split("?return=");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        out.push_str(&part[part.find('"').unwrap_or(0)..]);
    }
    out
}

both_backends!(
    malformed_cursors_start_at_the_top,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let reseller = insert_reseller(&mut app.conn(), "top");
        for i in 0..30 {
            insert_customer(&mut app.conn(), reseller, &format!("Top {i:02}"));
        }
        for (path, top) in [
            (
                "/subscriptions/archived?before=abc",
                "/subscriptions/archived",
            ),
            (
                "/subscriptions?before=99999999999999999999",
                "/subscriptions",
            ),
            (
                "/billing?period=2026-11&after=abc",
                "/billing?period=2026-11",
            ),
            ("/customers?after=%FF%FE", "/customers"),
            ("/customers?sort=name&after=zz%7C", "/customers?sort=name"),
        ] {
            let (status, body) = browser.page(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(body.contains("<main"), "{path}");
            let (_, first) = browser.page(top).await;
            assert_eq!(rows(&body), rows(&first), "{path} is the top of the list");
        }
        let (_, first) = browser.page("/customers?sort=name").await;
        let names = crate::customers::row_names(&first);
        assert!(
            names.first().is_some_and(|n| n.ends_with("Top 00")),
            "{names:?}"
        );
    }
);

both_backends!(
    addresses_and_forms_that_do_not_fit,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let (status, body) = browser.page("/customers?q=a&q=b").await;
        assert_eq!(status, 400);
        assert!(body.contains("The address holds a value this page cannot read"));
        // A form whose field holds the wrong kind of value (a stale or
        // forged page): the account switch takes a membership's number.
        let res = browser.post("/account", &[("membership", "abc")]).await;
        assert_eq!(res.status(), 400);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("The form sent does not match this page"));
    }
);
