//! Addresses and forms that do not fit a page: a malformed cursor starts the
//! list at the top; anything else gets the 400 page in the reader's
//! language, never actix's plain text or a 500.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    malformed_cursors_start_at_the_top,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        for path in [
            "/subscriptions/archived?before=abc",
            "/subscriptions?before=99999999999999999999",
            "/billing?period=2026-11&after=abc",
            "/customers?after=%FF%FE",
        ] {
            let (status, body) = browser.page(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(body.contains("<main"), "{path}");
        }
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
