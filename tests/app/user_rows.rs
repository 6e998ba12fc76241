//! The Users list's row actions: each works as a plain form, and with htmx
//! answers the row in its new state and a message, so the list stays put.

use diesel::prelude::*;
use partnerdesk::db::schema::memberships;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::location;
use crate::helpers::*;
use crate::users_import::fixture;

fn package_of(app: &TestApp, user: i64, customer: i64) -> Option<i64> {
    memberships::table
        .filter(memberships::user_id.eq(user))
        .filter(memberships::customer_id.eq(customer))
        .select(memberships::package_id)
        .first(&mut app.conn())
        .unwrap()
}

both_backends!(
    change_package_in_place_or_by_plain_form,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let bob = app.customer_user(c, Role::User, UserStatus::Active);
        let action = format!("/customers/{c}/users/{}/package", bob.user_id);
        let list = format!("/customers/{c}/users");

        // The row offers the customer's packages, with a button for
        // browsers without JavaScript.
        let (_, page) = browser.page(&list).await;
        assert!(page.contains(&format!("action=\"{action}\"")));
        assert!(page.contains(&format!("<option value=\"{}\">Basic</option>", f.basic)));
        assert!(page.contains("<noscript><button type=\"submit\" class=\"secondary\">Change package</button></noscript>"));

        // Without JavaScript: back to the list, with a message.
        let basic = f.basic.to_string();
        let res = browser
            .post(&action, &[("package", &basic), ("return", &list)])
            .await;
        assert_eq!(location(&res), list);
        assert_eq!(package_of(&app, bob.user_id, c), Some(f.basic));
        let (_, page) = browser.page(&list).await;
        assert!(page.contains(&format!(
            "The package of Person {} is changed.",
            bob.username
        )));

        // With htmx: the row alone, in its new state, and the message.
        let pro = f.pro.to_string();
        let res = browser.post_htmx(&action, &[("package", &pro)]).await;
        assert_eq!(res.status().as_u16(), 200);
        let body = res.text().await.unwrap();
        assert!(!body.contains("<html"));
        assert!(body
            .trim_start()
            .starts_with(&format!("<tr id=\"user-{}\">", bob.user_id)));
        assert!(body.contains(&format!(
            "<option value=\"{}\" selected>Pro</option>",
            f.pro
        )));
        assert!(body.contains("hx-swap-oob=\"true\""));
        assert_eq!(package_of(&app, bob.user_id, c), Some(f.pro));
        assert_eq!(
            app.audit_summaries("user.edited"),
            [
                format!("{}: Package: - → Basic", bob.username),
                format!("{}: Package: Basic → Pro", bob.username)
            ]
        );

        // A package of another product: refused, the row left as it is.
        let other = {
            let reseller = insert_reseller(&mut app.conn(), "Elsewhere");
            fixture(&app, reseller).basic.to_string()
        };
        let res = browser.post_htmx(&action, &[("package", &other)]).await;
        assert_eq!(res.headers()["HX-Reswap"], "none");
        let body = res.text().await.unwrap();
        assert!(body.contains("flash-error") && !body.contains("<tr"));
        assert_eq!(package_of(&app, bob.user_id, c), Some(f.pro));
    }
);

both_backends!(disable_and_enable_swap_the_row, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let f = fixture(&app, person.reseller_id.unwrap());
    let c = f.customer;
    app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
    let bob = app.customer_user(c, Role::User, UserStatus::Active);
    let base = format!("/customers/{c}/users/{}", bob.user_id);

    let res = browser.post_htmx(&format!("{base}/disable"), &[]).await;
    let body = res.text().await.unwrap();
    assert!(body.contains("<span class=\"badge badge-disabled\">Disabled</span>"));
    assert!(body.contains(&format!("hx-post=\"{base}/enable\"")));
    assert!(!body.contains(&format!("hx-post=\"{base}/disable\"")));

    let res = browser.post_htmx(&format!("{base}/enable"), &[]).await;
    let body = res.text().await.unwrap();
    assert!(body.contains("<span class=\"badge badge-active\">Active</span>"));
    // Enabling twice: refused, and the row stays.
    let res = browser.post_htmx(&format!("{base}/enable"), &[]).await;
    assert_eq!(res.headers()["HX-Reswap"], "none");
});
