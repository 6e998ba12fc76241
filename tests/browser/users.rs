//! A customer's users in a real browser: three added at once with one
//! mistake fixed in place, and a CSV uploaded, checked, applied and seen.

use fantoccini::Locator;

use crate::driver::Browser;
use crate::{click, expect_text, fill, reseller_with_customer, wait_for};

#[actix_web::test]
async fn three_users_are_added_with_one_mistake_fixed_in_place() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, _, customer, _) = reseller_with_customer(&browser, "Crew Co").await;
    let users = app.url(&format!("/customers/{customer}/users"));
    browser.client.goto(&users).await.unwrap();
    click(
        &browser,
        &format!("a[href='/customers/{customer}/users/add']"),
    )
    .await;
    expect_text(&browser, "main h1", "Add users").await;
    // Each new row is there before the next is asked for.
    for n in 1..=2 {
        click(&browser, "button[value=add_row]").await;
        wait_for(&browser, &format!("#full_name-{n}")).await;
    }
    let people = [
        ("Ann Able", "ann@crew.example"),
        ("Ben Baker", "not-an-address"),
        ("Cy Cole", "cy@crew.example"),
    ];
    for (n, (name, email)) in people.iter().enumerate() {
        fill(&browser, &format!("#full_name-{n}"), name).await;
        fill(&browser, &format!("#email-{n}"), email).await;
    }
    click(&browser, "button[value=save]").await;
    // The mistake is marked on its row; every row keeps what was typed.
    expect_text(&browser, "#email-1-error", "e-mail").await;
    let kept = browser
        .client
        .find(Locator::Css("#full_name-2"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Cy Cole"));
    fill(&browser, "#email-1", "ben@crew.example").await;
    click(&browser, "button[value=save]").await;
    expect_text(&browser, "#flash", "3 users added.").await;
    for (name, _) in people {
        expect_text(&browser, "#user-results", name).await;
    }

    // A row action swaps its row in place: the page is not reloaded.
    browser
        .client
        .execute("window.stayed = true;", vec![])
        .await
        .unwrap();
    let cancel = "//tr[td[text()='Ann Able']]//button[text()='Cancel invitation']";
    browser
        .client
        .find(Locator::XPath(cancel))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    expect_text(
        &browser,
        "#flash",
        "The invitation of Ann Able was cancelled.",
    )
    .await;
    let badge = "//tr[td[text()='Ann Able']]//span[contains(@class, 'badge')]";
    let mut status = String::new();
    for _ in 0..50 {
        status = browser
            .client
            .find(Locator::XPath(badge))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if status == "Disabled" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "Disabled");
    let stayed = browser
        .client
        .execute("return window.stayed === true;", vec![])
        .await
        .unwrap();
    assert_eq!(stayed, serde_json::Value::Bool(true), "the row was swapped");
    browser.stop().await;
}

#[actix_web::test]
async fn a_csv_is_uploaded_checked_applied_and_its_users_seen() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, _, customer, _) = reseller_with_customer(&browser, "Import Co").await;
    let dir = std::env::temp_dir().join(format!(
        "partnerdesk-upload-{customer}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("people.csv");
    std::fs::write(
        &file,
        "action,email,full_name,username,role,package,language,phone\n\
         add,dee@import.example,Dee Dunn,,user,,en,\n\
         add,eve@import.example,Eve Ellis,,user,,fr,\n",
    )
    .unwrap();

    browser
        .client
        .goto(&app.url(&format!("/customers/{customer}/users")))
        .await
        .unwrap();
    click(
        &browser,
        &format!("a[href='/customers/{customer}/users/import']"),
    )
    .await;
    expect_text(&browser, "main h1", "Import users").await;
    browser
        .client
        .find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    click(&browser, "main form button[type=submit]").await;
    // The task page follows the check without a reload, then offers Apply.
    expect_text(&browser, "main h1", "Import").await;
    expect_text(&browser, "#task-status .badge", "Checked").await;
    expect_text(&browser, "#task-status table.counts tr:first-child td", "2").await;
    click(&browser, "#task-status form button[type=submit]").await;
    expect_text(&browser, "#task-status .badge", "Applied").await;
    click(&browser, "#task-status a.button").await;
    expect_text(&browser, "#user-results", "Dee Dunn").await;
    expect_text(&browser, "#user-results", "Eve Ellis").await;
    std::fs::remove_dir_all(&dir).ok();
    browser.stop().await;
}
