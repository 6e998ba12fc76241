//! The customer list on a desktop screen (1280 px): one line a row, the
//! menu on one line, nothing cut off, in every language.

use diesel::prelude::*;
use partnerdesk::db::schema::users;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::driver::Browser;
use crate::helpers::{insert_customer, insert_reseller, Backend, TestApp};
use crate::log_in;

/// What the page measures: the lines of each cell of each row, whether
/// the menu or the list scrolls sideways, and labels and buttons whose text
/// does not fit.
const MEASURE: &str = r#"
const lines = (cell) => {
  const centres = [];
  const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (!walk.currentNode.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(walk.currentNode);
    for (const r of range.getClientRects()) {
      const c = (r.top + r.bottom) / 2;
      if (!centres.some((x) => Math.abs(x - c) < 10)) centres.push(c);
    }
  }
  return centres.length;
};
const rows = [...document.querySelectorAll('table.customers tbody tr')].map((tr) =>
  [...tr.cells].map(lines));
const nav = document.querySelector('.mainnav ul');
const item = nav.querySelector('a');
const wrap = document.querySelector('.table-wrap');
const cut = [...document.querySelectorAll('th, label, button, .button, .mainnav a, .stat-label')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.textContent.trim());
return {
  rows,
  nav_lines: Math.round(nav.getBoundingClientRect().height / item.getBoundingClientRect().height),
  page_wider: document.documentElement.scrollWidth > window.innerWidth,
  list_overflow: wrap.scrollWidth - wrap.clientWidth,
  cut,
};
"#;

#[derive(Debug, serde::Deserialize)]
struct Measured {
    rows: Vec<Vec<usize>>,
    nav_lines: i64,
    page_wider: bool,
    /// How many pixels the list is wider than its box.
    list_overflow: i64,
    cut: Vec<String>,
}

#[actix_web::test]
async fn the_customer_list_keeps_one_line_a_row_at_1280_pixels() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let op = app.person(Role::Operator);
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "Northern Telecom Partners of the Atlantic");
    let mut ids = Vec::new();
    for name in [
        "Harbour Dental Clinic of Greater Manchester",
        "Bakery",
        "Zed",
    ] {
        ids.push(insert_customer(&mut conn, reseller, name));
    }
    drop(conn);
    // One row offers every action: Log in as, Suspend, Delete.
    app.customer_user(ids[0], Role::CustomerAdmin, UserStatus::Active);
    log_in(&browser, &app, &op).await;
    browser.client.set_window_size(1280, 900).await.unwrap();
    for lang in ["en", "fr", "es"] {
        diesel::update(users::table.find(op.user_id))
            .set(users::language.eq(lang))
            .execute(&mut app.conn())
            .unwrap();
        browser.client.goto(&app.url("/customers")).await.unwrap();
        let value = browser.client.execute(MEASURE, vec![]).await.unwrap();
        let m: Measured = serde_json::from_value(value).unwrap();
        assert_eq!(m.rows.len(), 3, "{lang}: {m:?}");
        for row in &m.rows {
            // The name with the ID under it; every other cell one line.
            assert!(row[0] <= 2, "{lang}: {m:?}");
            assert!(row[1..].iter().all(|n| *n <= 1), "{lang}: {m:?}");
        }
        assert_eq!(m.nav_lines, 1, "{lang}: the menu wraps");
        assert!(!m.page_wider && m.list_overflow <= 0, "{lang}: {m:?}");
        assert!(m.cut.is_empty(), "{lang}: cut off: {:?}", m.cut);
    }
}
