//! Customer screens in a real browser: the wizard with htmx and by
//! keyboard alone, a row suspended in place, a delete with its
//! confirmation, and the confirmations without JavaScript.

use fantoccini::key::Key;
use fantoccini::Locator;
use partnerdesk::domain::roles::Role;

use crate::driver::Browser;
use crate::helpers::{insert_customer_with, Backend, TestApp};
use crate::{click, expect_text, fill, log_in};

async fn logged_in_reseller(browser: &Browser, app: &TestApp) -> i64 {
    let person = app.person(Role::ResellerAdmin);
    log_in(browser, app, &person).await;
    person.reseller_id.unwrap()
}

async fn path(browser: &Browser) -> String {
    browser
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .to_string()
}

#[actix_web::test]
async fn the_wizard_walks_its_steps_with_htmx() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    logged_in_reseller(&browser, &app).await;
    browser.client.goto(&app.url("/customers")).await.unwrap();
    click(&browser, "a.button[href='/customers/new']").await;
    expect_text(&browser, "form.wizard h2", "Account data").await;
    // A marker on the page survives htmx swaps, not full page loads.
    browser
        .client
        .execute("window.__same_page = true; return null", vec![])
        .await
        .unwrap();

    fill(&browser, "#name", "Browser Bakery").await;
    let product = browser
        .client
        .find(Locator::Css("#product_id"))
        .await
        .unwrap();
    product.select_by_index(1).await.unwrap();
    // The search box app.js puts before the country select picks France.
    fill(&browser, "#country-search", "fran").await;
    click(&browser, ".wizard-nav button[value=next]").await;
    expect_text(&browser, "form.wizard h2", "Address").await;
    assert!(
        path(&browser).await.ends_with("/2"),
        "the address bar follows the step"
    );
    expect_text(&browser, "main", "France (FR)").await;

    // Back keeps what was typed.
    fill(&browser, "#line1", "9 Rue du Four").await;
    click(&browser, ".wizard-nav button[value=back]").await;
    expect_text(&browser, "form.wizard h2", "Account data").await;
    let name = browser.client.find(Locator::Css("#name")).await.unwrap();
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Browser Bakery")
    );
    click(&browser, ".wizard-nav button[value=next]").await;
    expect_text(&browser, "form.wizard h2", "Address").await;
    let line1 = browser.client.find(Locator::Css("#line1")).await.unwrap();
    assert_eq!(
        line1.prop("value").await.unwrap().as_deref(),
        Some("9 Rue du Four")
    );
    // Enter in a field goes forward, though Back comes first on the page.
    line1.send_keys(&Key::Enter.to_string()).await.unwrap();

    expect_text(&browser, "form.wizard h2", "Customer administrator").await;
    // "E-mail same as username" is checked: the e-mail field is hidden.
    let email = browser
        .client
        .find(Locator::Css("#email-field"))
        .await
        .unwrap();
    assert!(!email.is_displayed().await.unwrap());
    click(&browser, "#email_same").await;
    assert!(email.is_displayed().await.unwrap());
    click(&browser, "#email_same").await;
    fill(&browser, "#full_name", "Bea Baker").await;
    fill(&browser, "#username", "bea@bakery.example").await;
    click(&browser, ".wizard-nav button[value=next]").await;
    expect_text(&browser, "form.wizard h2", "Integration").await;
    click(&browser, ".wizard-nav button[value=next]").await;
    expect_text(&browser, "form.wizard h2", "Review").await;
    expect_text(&browser, "form.wizard", "bea@bakery.example").await;
    let same: serde_json::Value = browser
        .client
        .execute("return window.__same_page === true", vec![])
        .await
        .unwrap();
    assert_eq!(
        same,
        serde_json::Value::Bool(true),
        "steps were swapped by htmx"
    );

    click(&browser, "form.wizard button[type=submit]").await;
    expect_text(&browser, "main h1", "Browser Bakery").await;
    assert!(path(&browser).await.starts_with("/customers/"));
    browser.stop().await;
}

#[actix_web::test]
async fn a_row_is_suspended_in_place_and_a_delete_is_confirmed() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let reseller = logged_in_reseller(&browser, &app).await;
    let id = insert_customer_with(
        &mut app.conn(),
        reseller,
        "Rowan Repairs",
        "active",
        partnerdesk::db::now(),
    );
    browser
        .client
        .goto(&app.url("/customers?q=rowan"))
        .await
        .unwrap();
    expect_text(&browser, &format!("#customer-{id}"), "Active").await;
    browser
        .client
        .execute("window.__same_page = true; return null", vec![])
        .await
        .unwrap();

    click(&browser, &format!("#customer-{id} a[hx-post$='/suspend']")).await;
    // htmx asks first; the answer is yes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match browser.client.get_alert_text().await {
            Ok(text) => {
                assert!(text.starts_with("Suspend this customer?"), "{text}");
                browser.client.accept_alert().await.unwrap();
                break;
            }
            Err(_) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(e) => panic!("no confirmation was asked: {e}"),
        }
    }
    expect_text(&browser, &format!("#customer-{id} .badge"), "Suspended").await;
    expect_text(&browser, "#flash", "Rowan Repairs is suspended.").await;
    let same: serde_json::Value = browser
        .client
        .execute("return window.__same_page === true", vec![])
        .await
        .unwrap();
    assert_eq!(same, serde_json::Value::Bool(true), "no full reload");
    assert_eq!(
        browser.client.current_url().await.unwrap().query(),
        Some("q=rowan")
    );

    click(&browser, &format!("#customer-{id} a.danger-link")).await;
    expect_text(&browser, "main h1", "Delete this customer").await;
    fill(&browser, "#confirm_name", "Rowan").await;
    click(&browser, "main form button.danger").await;
    expect_text(&browser, "#confirm_name-error", "not the customer's name").await;
    fill(&browser, "#confirm_name", "Rowan Repairs").await;
    click(&browser, "main form button.danger").await;
    expect_text(&browser, "#flash", "Rowan Repairs was deleted.").await;
    assert_eq!(path(&browser).await, "/customers");
    browser.stop().await;
}

/// The id (or tag) of the element that has the focus.
async fn focused(browser: &Browser) -> String {
    let v = browser
        .client
        .execute(
            "const e = document.activeElement; return e.id || e.tagName + '.' + e.className;",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// Types `keys` where the focus is, as a keyboard does.
async fn type_keys(browser: &Browser, keys: &str) {
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
}

/// Waits for the step's heading, then for the focus to reach `id`.
async fn step_focused(browser: &Browser, heading: &str, id: &str) {
    expect_text(browser, "form.wizard h2", heading).await;
    let mut now = String::new();
    for _ in 0..50 {
        now = focused(browser).await;
        if now == id {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("on {heading}, the focus is on {now:?}, not #{id}");
}

#[actix_web::test]
async fn the_wizard_is_walked_with_the_keyboard_alone() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    logged_in_reseller(&browser, &app).await;
    browser
        .client
        .goto(&app.url("/customers/new"))
        .await
        .unwrap();
    let (tab, enter, down) = (
        Key::Tab.to_string(),
        Key::Enter.to_string(),
        Key::Down.to_string(),
    );

    step_focused(&browser, "Account data", "name").await;
    type_keys(&browser, "Keyboard Kiosk").await;
    type_keys(&browser, &tab).await;
    assert_eq!(focused(&browser).await, "product_id");
    type_keys(&browser, &down).await;
    type_keys(&browser, &tab).await;
    assert_eq!(focused(&browser).await, "country-search");
    type_keys(&browser, "FR").await;
    type_keys(&browser, &enter).await;

    step_focused(&browser, "Address", "line1").await;
    type_keys(&browser, "1 Rue des Touches").await;
    type_keys(&browser, &enter).await;

    step_focused(&browser, "Customer administrator", "full_name").await;
    type_keys(&browser, "Kim Keys").await;
    for _ in 0..3 {
        type_keys(&browser, &tab).await;
    }
    assert_eq!(focused(&browser).await, "username");
    type_keys(&browser, "kim@kiosk.example").await;
    type_keys(&browser, &enter).await;

    step_focused(&browser, "Integration", "kind").await;
    // On to the first field that takes text, where Enter goes forward.
    for _ in 0..6 {
        type_keys(&browser, &tab).await;
        if ["endpoint", "credentials"].contains(&focused(&browser).await.as_str()) {
            break;
        }
    }
    type_keys(&browser, &enter).await;

    // The review has no field: its Create button has the focus.
    expect_text(&browser, "form.wizard h2", "Review").await;
    let mut now = String::new();
    for _ in 0..50 {
        now = focused(&browser).await;
        if now.starts_with("BUTTON") {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let label = browser
        .client
        .execute("return document.activeElement.textContent.trim();", vec![])
        .await
        .unwrap();
    assert_eq!(label, serde_json::json!("Create customer"), "{now}");
    type_keys(&browser, &enter).await;
    expect_text(&browser, "main h1", "Keyboard Kiosk").await;
    browser.stop().await;
}

#[actix_web::test]
async fn without_javascript_suspend_and_password_reset_ask_on_a_page() {
    let Some(browser) = Browser::start_without_javascript().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let reseller = logged_in_reseller(&browser, &app).await;
    let id = insert_customer_with(
        &mut app.conn(),
        reseller,
        "Plain Pottery",
        "active",
        partnerdesk::db::now(),
    );
    app.customer_user(
        id,
        Role::CustomerAdmin,
        partnerdesk::db::users::UserStatus::Active,
    );
    let bob = app.customer_user(id, Role::User, partnerdesk::db::users::UserStatus::Active);

    // Suspend from the list: a page asks, and the list comes back.
    browser
        .client
        .goto(&app.url("/customers?q=plain"))
        .await
        .unwrap();
    click(
        &browser,
        &format!("#customer-{id} a[href^='/customers/{id}/suspend']"),
    )
    .await;
    expect_text(&browser, "main h1", "Suspend").await;
    expect_text(&browser, "main", "Plain Pottery").await;
    click(&browser, "main form button[type=submit]").await;
    expect_text(&browser, "#flash", "Plain Pottery is suspended.").await;
    expect_text(&browser, &format!("#customer-{id}"), "Suspended").await;
    assert_eq!(path(&browser).await, "/customers");

    // Reset and e-mail password from the users list, likewise.
    browser
        .client
        .goto(&app.url(&format!("/customers/{id}/users")))
        .await
        .unwrap();
    click(
        &browser,
        &format!(
            "#user-{} a[href^='/customers/{id}/users/{}/reset-password']",
            bob.user_id, bob.user_id
        ),
    )
    .await;
    expect_text(&browser, "main h1", "Reset and e-mail password").await;
    click(&browser, "main form button[type=submit]").await;
    expect_text(&browser, "#flash", "A new password was e-mailed to").await;
    assert_eq!(path(&browser).await, format!("/customers/{id}/users"));
    browser.stop().await;
}
