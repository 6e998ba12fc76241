//! *Send e-mail* in a real browser: write, preview (sanitised), send, and
//! the overview confirms it.

use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::driver::Browser;
use crate::helpers::{insert_customer, Backend, TestApp, PASSWORD};
use crate::{click, expect_text, fill};

#[actix_web::test]
async fn staff_preview_then_send_an_email_to_a_customer() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let reseller = app.person(Role::ResellerAdmin);
    let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Marina");
    app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);

    browser.client.goto(&app.url("/login")).await.unwrap();
    fill(&browser, "#username", &reseller.username).await;
    fill(&browser, "#password", PASSWORD).await;
    click(&browser, "main form button[type=submit]").await;
    expect_text(&browser, "main h1", "Welcome").await;

    browser
        .client
        .goto(&app.url(&format!("/customers/{customer}")))
        .await
        .unwrap();
    click(&browser, &format!("a[href='/customers/{customer}/email']")).await;
    expect_text(&browser, "main h1", "Send e-mail").await;
    expect_text(&browser, "#email-to", "admin@customer-marina.example").await;
    fill(&browser, "#subject", "Maintenance on Sunday").await;
    fill(
        &browser,
        "#message",
        "<p>Dear customer,</p><p>We <b>upgrade</b> on Sunday.</p><script>alert(1)</script>",
    )
    .await;
    click(&browser, "button[value=preview]").await;
    expect_text(
        &browser,
        "#email-preview .email-preview",
        "We upgrade on Sunday.",
    )
    .await;
    expect_text(&browser, "#email-preview .email-text", "Dear customer,").await;
    let scripts = browser
        .client
        .find_all(fantoccini::Locator::Css("#email-preview script"))
        .await
        .unwrap();
    assert!(scripts.is_empty(), "the preview is sanitised");

    click(&browser, "button[value=send]").await;
    expect_text(&browser, "#flash", "is queued for sending").await;
    expect_text(&browser, "main h1", "Customer Marina").await;
    expect_text(&browser, ".events", "email.sent").await;
    browser.stop().await;
}
