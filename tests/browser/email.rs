//! *Send e-mail* in a real browser: write, preview (sanitised), send, and
//! the overview confirms it.

use crate::driver::Browser;
use crate::{click, expect_text, fill, reseller_with_customer};

#[actix_web::test]
async fn staff_preview_then_send_an_email_to_a_customer() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, _, customer, _) = reseller_with_customer(&browser, "Marina").await;

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
    expect_text(
        &browser,
        ".events",
        "E-mail sent · To admin@customer-marina.example",
    )
    .await;
    browser.stop().await;
}
