//! *Log in as* in a real browser: a reseller opens a customer, logs in as
//! its administrator, sees the banner, logs out and is back on the same
//! customer page as themselves; and the same from a row of the list.

use crate::driver::Browser;
use crate::{click, expect_text, reseller_with_customer};

#[actix_web::test]
async fn a_reseller_logs_in_as_a_customer_and_logs_out_back_to_the_customer() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, reseller, customer, admin) = reseller_with_customer(&browser, "Harbour").await;

    let overview = format!("/customers/{customer}");
    browser.client.goto(&app.url(&overview)).await.unwrap();
    expect_text(&browser, "main h1", "Customer Harbour").await;
    click(&browser, "form[action$='/login-as'] button").await;
    expect_text(
        &browser,
        "#impersonation-banner",
        &format!(
            "You are logged in as Person {} (Customer Harbour)",
            admin.username
        ),
    )
    .await;
    expect_text(
        &browser,
        "#impersonation-banner button",
        &format!("Return to Person {}", reseller.username),
    )
    .await;
    expect_text(
        &browser,
        "main h1",
        &format!("Welcome, Person {}", admin.username),
    )
    .await;

    click(&browser, "form[action='/logout'] button").await;
    expect_text(&browser, "main h1", "Customer Harbour").await;
    expect_text(&browser, "#flash", "You are back in your own session").await;
    assert_eq!(browser.client.current_url().await.unwrap().path(), overview);
    let banners = browser
        .client
        .find_all(fantoccini::Locator::Css("#impersonation-banner"))
        .await
        .unwrap();
    assert!(banners.is_empty(), "no banner once back");
    expect_text(
        &browser,
        ".user-name",
        &format!("Person {}", reseller.username),
    )
    .await;
    browser.stop().await;
}

/// A row's button posts the list's shared form (its `form` attribute):
/// the token and the way back travel with it, without JavaScript's help.
#[actix_web::test]
async fn a_reseller_logs_in_as_a_customer_from_the_list_and_comes_back_to_it() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, _, customer, admin) = reseller_with_customer(&browser, "Lighthouse").await;

    browser
        .client
        .goto(&app.url("/customers?q=customer+light"))
        .await
        .unwrap();
    click(
        &browser,
        &format!("#customer-{customer} button[formaction$='/login-as']"),
    )
    .await;
    expect_text(
        &browser,
        "#impersonation-banner",
        &format!(
            "You are logged in as Person {} (Customer Lighthouse)",
            admin.username
        ),
    )
    .await;

    click(&browser, "form[action='/logout'] button").await;
    expect_text(&browser, "#flash", "You are back in your own session").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/customers");
    assert_eq!(url.query(), Some("q=customer+light"));
    expect_text(
        &browser,
        &format!("#customer-{customer}"),
        "Customer Lighthouse",
    )
    .await;
    browser.stop().await;
}
