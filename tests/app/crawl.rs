//! Every screen a role may open is reachable by clicking: a crawl of every
//! link from each role's home page reaches them, and no link leads to
//! "Access denied" or "Not found".

use std::collections::{BTreeSet, VecDeque};

use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// The site's own links on a page (`href="/…"`), without their fragment.
fn links(page: &str) -> Vec<String> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| {
            href.split('#')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .filter(|href| !href.starts_with("/static/"))
        .collect()
}

/// Crawls from `/`, following every link once (at most `limit` pages); the
/// paths (without query) of the pages reached.
async fn crawl(browser: &mut Client, limit: usize) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut reached = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_string()]);
    while let Some(href) = queue.pop_front() {
        if seen.len() >= limit || !seen.insert(href.clone()) {
            continue;
        }
        let res = browser.get(&href).await;
        let status = res.status().as_u16();
        assert!(
            status == 200 || status == 303,
            "{href} answered {status} to a link"
        );
        reached.insert(href.split('?').next().unwrap_or_default().to_string());
        if status != 200 {
            continue;
        }
        let is_html = res
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/html"));
        if is_html {
            queue.extend(links(&res.text().await.unwrap()));
        }
    }
    reached
}

both_backends!(
    every_screen_of_each_role_is_reachable,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "crawl");
        let customer = insert_customer(&mut conn, reseller, "Crawl Co");
        drop(conn);

        let (mut operator, _) = app.logged_in(Role::Operator).await;
        let reached = crawl(&mut operator, 300).await;
        for screen in [
            "/customers",
            "/subscriptions",
            "/billing",
            "/resellers",
            "/plans",
            "/products",
            "/audit",
            "/outbox",
            "/staff",
            "/settings",
            "/profile",
        ] {
            assert!(reached.contains(screen), "the operator reaches {screen}");
        }

        let (mut reseller_admin, person) = app.logged_in(Role::ResellerAdmin).await;
        let own = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Own Co");
        let reached = crawl(&mut reseller_admin, 300).await;
        for screen in [
            "/customers".to_string(),
            "/subscriptions".to_string(),
            "/billing".to_string(),
            "/audit".to_string(),
            format!("/customers/{own}"),
            format!("/customers/{own}/users"),
            format!("/customers/{own}/users/add"),
            format!("/customers/{own}/sites"),
        ] {
            assert!(reached.contains(&screen), "the reseller reaches {screen}");
        }
        for screen in ["/resellers", "/plans", "/staff", "/settings"] {
            assert!(
                !reached.contains(screen),
                "the reseller is not led to {screen}"
            );
        }

        let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let mut browser = app.client();
        assert_eq!(browser.login(&admin.username, PASSWORD).await.status(), 303);
        let reached = crawl(&mut browser, 300).await;
        for screen in [
            format!("/customers/{customer}"),
            format!("/customers/{customer}/users"),
            format!("/customers/{customer}/sites"),
            format!("/customers/{customer}/services"),
            format!("/customers/{customer}/subscriptions"),
            "/profile".to_string(),
        ] {
            assert!(
                reached.contains(&screen),
                "the customer's administrator reaches {screen}"
            );
        }
        assert!(
            !reached.contains("/customers"),
            "no link to the customer list"
        );

        // An integrator manages the account's devices: the menu leads to
        // them, and to nothing of the account they may not open.
        let integrator = app.customer_user(customer, Role::Integrator, UserStatus::Active);
        let mut browser = app.client();
        assert_eq!(
            browser.login(&integrator.username, PASSWORD).await.status(),
            303
        );
        let reached = crawl(&mut browser, 300).await;
        assert!(
            reached.contains(&format!("/customers/{customer}/services")),
            "the integrator reaches the services: {reached:?}"
        );
        assert!(!reached.contains(&format!("/customers/{customer}")));
    }
);
