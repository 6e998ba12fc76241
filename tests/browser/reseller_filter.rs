//! The operator's reseller filter in a real browser: suggestions arrive as
//! the name is typed, and picking one narrows the list in place.

use fantoccini::key::Key;
use fantoccini::Locator;
use partnerdesk::domain::roles::Role;

use crate::driver::Browser;
use crate::helpers::{insert_customer_with, insert_reseller, Backend, TestApp};
use crate::{expect_text, fill, log_in};

/// Waits (up to 10 s) until the script returns the expected number.
async fn expect_count(browser: &Browser, script: &str, expected: u64) {
    let mut last = None;
    for _ in 0..100 {
        let value = browser.client.execute(script, vec![]).await.unwrap();
        if value.as_u64() == Some(expected) {
            return;
        }
        last = Some(value);
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{script} never gave {expected}; last: {last:?}");
}

#[actix_web::test]
async fn typing_a_reseller_suggests_names_and_narrows_the_list() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let mut conn = app.conn();
    let now = partnerdesk::db::now();
    let north = insert_reseller(&mut conn, "North Star");
    let northwind = insert_reseller(&mut conn, "Northwind");
    let south = insert_reseller(&mut conn, "South");
    insert_customer_with(&mut conn, north, "Polaris Ltd", "active", now);
    insert_customer_with(&mut conn, northwind, "Gale Ltd", "active", now);
    insert_customer_with(&mut conn, south, "Cross Ltd", "active", now);
    drop(conn);

    let operator = app.person(Role::Operator);
    log_in(&browser, &app, &operator).await;
    browser.client.goto(&app.url("/customers")).await.unwrap();
    expect_text(&browser, "#results", "Cross Ltd").await;

    fill(&browser, "#reseller", "reseller nor").await;
    let options = "return document.querySelectorAll('#reseller-options option').length";
    expect_count(&browser, options, 2).await;
    // The suggestions are not a page: the address stays the list's, and a
    // reload shows the list.
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(
        url.path(),
        "/customers",
        "the suggestions' URL was pushed: {url}"
    );
    let first = browser
        .client
        .execute(
            "return document.querySelector('#reseller-options option').value",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first.as_str(), Some("Reseller North Star"));

    // Taking the suggestion and leaving the field filters the list in place.
    fill(&browser, "#reseller", "Reseller North Star").await;
    browser
        .client
        .find(Locator::Css("#reseller"))
        .await
        .unwrap()
        .send_keys(&Key::Tab.to_string())
        .await
        .unwrap();
    let rows = "return document.querySelectorAll('#results tbody tr').length";
    expect_count(&browser, rows, 1).await;
    expect_text(&browser, "#results", "Polaris Ltd").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(
        url.as_str()
            .contains("reseller_name=Reseller%20North%20Star"),
        "the URL holds the filter: {url}"
    );
}
