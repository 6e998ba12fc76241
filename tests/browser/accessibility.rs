//! axe-core's WCAG 2.2 A and AA rules on every screen each role reaches by
//! clicking from its home, in each language: zero violations.

use std::collections::{BTreeSet, VecDeque};

use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::driver::Browser;
use crate::helpers::{insert_customer, Backend, Person, TestApp};
use crate::{click, expect_text, log_in};

/// axe-core's script, named by `AXE_CORE_JS`.
fn axe_source() -> Option<String> {
    match std::env::var("AXE_CORE_JS") {
        Ok(path) => Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))),
        Err(_) => {
            crate::skips::AXE.skip();
            None
        }
    }
}

/// Pages a crawl opens at most per role and language.
const MOST_PAGES: usize = 40;

/// The violations on the page shown, one line each: rule and elements.
async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.client.execute(axe, vec![]).await.unwrap();
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' +
                   v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// The links of the page shown that a crawl follows: this site's pages,
/// not downloads nor logging out.
async fn links(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute(
            "return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));",
            vec![],
        )
        .await
        .unwrap();
    let hrefs: Vec<String> = serde_json::from_value(found).unwrap();
    hrefs
        .into_iter()
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .filter(|h| !h.contains(".csv") && !h.starts_with("/static") && !h.is_empty())
        .collect()
}

/// Every page reached from the home page by clicking, checked by axe: the
/// violations, and how many pages were checked.
async fn crawl(browser: &Browser, app: &TestApp, axe: &str, who: &str) -> (Vec<String>, usize) {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut found = Vec::new();
    while let Some(path) = queue.pop_front() {
        // One page per path: the same screen with other filters is alike.
        if !seen.insert(path.split('?').next().unwrap_or("").to_string()) {
            continue;
        }
        if seen.len() > MOST_PAGES {
            break;
        }
        browser.client.goto(&app.url(&path)).await.unwrap();
        for v in violations(browser, axe).await {
            found.push(format!("{who} {path}: {v}"));
        }
        queue.extend(links(browser).await);
    }
    (found, seen.len())
}

/// Switches the language with the page's switcher, and waits for it.
async fn speak(browser: &Browser, lang: &str) {
    click(browser, &format!(".lang-switch button[value={lang}]")).await;
    for _ in 0..100 {
        let now = browser
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .unwrap();
        if now == serde_json::Value::String(lang.into()) {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page never spoke {lang}");
}

#[actix_web::test]
async fn every_screen_of_every_role_passes_axe_in_every_language() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let operator = app.person(Role::Operator);
    let reseller = app.person(Role::ResellerAdmin);
    let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Axe Co");
    let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
    app.customer_user(customer, Role::User, UserStatus::Invited);
    let people: [(&str, &Person); 3] = [
        ("operator", &operator),
        ("reseller", &reseller),
        ("customer admin", &admin),
    ];
    // The check sees a violation when there is one.
    log_in(&browser, &app, &operator).await;
    browser
        .client
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend', \
             '<img src=\"/static/none.png\">');",
            vec![],
        )
        .await
        .unwrap();
    let planted = violations(&browser, &axe).await;
    assert!(
        planted.iter().any(|v| v.starts_with("image-alt: ")),
        "{planted:?}"
    );
    click(&browser, "form[action='/logout'] button").await;
    expect_text(&browser, "main h1", "Log in").await;

    let mut found = Vec::new();
    for (who, person) in people {
        log_in(&browser, &app, person).await;
        for lang in ["en", "fr", "es"] {
            browser.client.goto(&app.url("/")).await.unwrap();
            speak(&browser, lang).await;
            let (seen, pages) = crawl(&browser, &app, &axe, &format!("{who} ({lang})")).await;
            assert!(pages >= 5, "{who} ({lang}) reached only {pages} pages");
            found.extend(seen);
        }
        browser.client.goto(&app.url("/")).await.unwrap();
        speak(&browser, "en").await;
        click(&browser, "form[action='/logout'] button").await;
        expect_text(&browser, "main h1", "Log in").await;
    }
    browser.stop().await;
    assert!(
        found.is_empty(),
        "axe found {} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[actix_web::test]
async fn no_page_scrolls_sideways_on_a_phone() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, _, customer, _) = crate::reseller_with_customer(&browser, "Narrow Co").await;
    browser.client.set_window_size(390, 844).await.unwrap();
    let mut wide = Vec::new();
    for path in [
        "/".to_string(),
        "/customers".to_string(),
        format!("/customers/{customer}"),
        format!("/customers/{customer}/users"),
        format!("/customers/{customer}/users/import"),
        "/customers/new".to_string(),
        "/profile".to_string(),
    ] {
        browser.client.goto(&app.url(&path)).await.unwrap();
        let widths = browser
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let [scroll, inner]: [i64; 2] = serde_json::from_value(widths).unwrap();
        if scroll > inner {
            let culprits = browser
                .client
                .execute(
                    "return [...document.querySelectorAll('body *')]
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
                       .slice(0, 6)
                       .map(e => e.tagName + '.' + e.className + '#' + e.id + ' < ' + e.parentElement.tagName + '.' + e.parentElement.className);",
                    vec![],
                )
                .await
                .unwrap();
            wide.push(format!(
                "{path}: {scroll} px wide in {inner} px: {culprits}"
            ));
        }
    }
    // The menu folds into a button, which opens it.
    browser.client.goto(&app.url("/")).await.unwrap();
    let shown = |css: &'static str| {
        let client = browser.client.clone();
        async move {
            client
                .execute(
                    "return getComputedStyle(document.querySelector(arguments[0])).display;",
                    vec![serde_json::json!(css)],
                )
                .await
                .unwrap()
                != serde_json::json!("none")
        }
    };
    assert!(!shown(".mainnav").await && shown(".menu-small").await);
    click(&browser, ".menu-small summary").await;
    let link = browser
        .client
        .find(fantoccini::Locator::Css(".menu-small a[href='/customers']"))
        .await
        .unwrap();
    assert!(link.is_displayed().await.unwrap());
    browser.stop().await;
    assert!(wide.is_empty(), "pages wider than the phone: {wide:#?}");
}
