//! Browser tests: headless Chromium through chromedriver, against the real
//! server. Skipped, with a message, when chromedriver is not on PATH.

#[allow(dead_code)]
#[path = "../app/client.rs"]
mod client;
#[allow(dead_code)]
#[path = "../app/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "../app/skips.rs"]
mod skips;

mod accessibility;
mod customers;
mod driver;
mod email;
mod impersonation;
mod layout;
mod reseller_filter;
mod users;

use fantoccini::Locator;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use driver::Browser;
use helpers::{insert_customer, Backend, Person, TestApp, PASSWORD};

/// Waits (up to 10 s) until the element shows the expected text; pages
/// change under the driver while a navigation completes.
pub async fn expect_text(browser: &Browser, css: &str, expected: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(el) = browser.client.find(Locator::Css(css)).await {
            if let Ok(text) = el.text().await {
                if text.contains(expected) {
                    return;
                }
                last = text;
            }
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} never showed {expected:?}; last seen: {last:?}");
}

/// Types `value` into the field, found afresh when htmx replaced it while
/// it was being filled (up to 10 s).
pub async fn fill(browser: &Browser, css: &str, value: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(el) = browser.client.find(Locator::Css(css)).await {
            match el.clear().await {
                Ok(()) => match el.send_keys(value).await {
                    Ok(()) => return,
                    Err(e) => last = e.to_string(),
                },
                Err(e) => last = e.to_string(),
            }
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} could not be filled: {last}");
}

/// A reseller's customer `Customer {name}` with an active administrator,
/// and the reseller logged in: (the app, the reseller, the customer's id,
/// its administrator).
pub async fn reseller_with_customer(
    browser: &Browser,
    name: &str,
) -> (TestApp, Person, i64, Person) {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let reseller = app.person(Role::ResellerAdmin);
    let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), name);
    let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
    log_in(browser, &app, &reseller).await;
    (app, reseller, customer, admin)
}

/// Logs `person` in through the login form and waits for the dashboard.
pub async fn log_in(browser: &Browser, app: &TestApp, person: &Person) {
    browser.client.goto(&app.url("/login")).await.unwrap();
    fill(browser, "#username", &person.username).await;
    fill(browser, "#password", PASSWORD).await;
    click(browser, "main form button[type=submit]").await;
    expect_text(browser, "main h1", "Welcome").await;
}

/// Clicks the element, found afresh when htmx replaced it between finding
/// and clicking (up to 10 s).
pub async fn click(browser: &Browser, css: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        match browser.client.find(Locator::Css(css)).await {
            Ok(el) => match el.click().await {
                Ok(()) => return,
                Err(e) => last = e.to_string(),
            },
            Err(e) => last = e.to_string(),
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} could not be clicked: {last}");
}

/// Waits (up to 10 s) until an element matches.
pub async fn wait_for(browser: &Browser, css: &str) {
    for _ in 0..100 {
        if browser.client.find(Locator::Css(css)).await.is_ok() {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} never appeared");
}

#[actix_web::test]
async fn first_run_setup_login_language_switch_logout() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let setup = app
        .setup_url
        .clone()
        .unwrap()
        .replace("http://127.0.0.1", &app.address);
    browser.client.goto(&setup).await.unwrap();
    expect_text(&browser, "main h1", "Create the first operator").await;

    fill(&browser, "#full_name", "Bea Browser").await;
    fill(&browser, "#email", "bea@example.com").await;
    fill(&browser, "#password", "short").await;
    fill(&browser, "#password_confirm", "short").await;
    click(&browser, "main form button[type=submit]").await;
    // The field error sits next to the field; the name stays.
    expect_text(&browser, "#password-error", "at least 8 characters").await;
    let name = browser
        .client
        .find(Locator::Css("#full_name"))
        .await
        .unwrap();
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Bea Browser")
    );

    fill(&browser, "#password", PASSWORD).await;
    fill(&browser, "#password_confirm", PASSWORD).await;
    click(&browser, "main form button[type=submit]").await;
    expect_text(&browser, "main h1", "Log in").await;
    expect_text(&browser, "#flash", "The operator account is ready.").await;

    fill(&browser, "#username", "bea@example.com").await;
    fill(&browser, "#password", PASSWORD).await;
    click(&browser, "main form button[type=submit]").await;
    expect_text(&browser, "main h1", "Welcome, Bea Browser").await;

    click(&browser, ".lang-switch button[value=fr]").await;
    expect_text(&browser, "main h1", "Bienvenue, Bea Browser").await;
    expect_text(&browser, ".mainnav a[aria-current=page]", "Tableau de bord").await;

    click(&browser, "form[action='/logout'] button").await;
    expect_text(&browser, "main h1", "Connexion").await;
    expect_text(&browser, "main", "Vous êtes déconnecté.").await;

    // Logged out for real: the dashboard sends us back to the login page.
    browser.client.goto(&app.url("/")).await.unwrap();
    expect_text(&browser, "main h1", "Connexion").await;
    assert_eq!(browser.client.current_url().await.unwrap().path(), "/login");
    browser.stop().await;
}
