//! The Users list of a customer: search by name or e-mail, filters by role,
//! package and status, and pages that neither miss nor repeat anyone.

use diesel::prelude::*;
use partnerdesk::db::schema::memberships;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::Client;
use crate::helpers::*;
use crate::users_import::fixture;

/// The e-mails of the list's rows, in order (the username beside each is
/// the same address).
fn emails(page: &str) -> Vec<String> {
    let mut cells: Vec<String> = page
        .split("<td>")
        .skip(1)
        .filter_map(|cell| cell.split("</td>").next())
        .filter(|cell| cell.starts_with("member") && cell.ends_with("@list.example"))
        .map(str::to_string)
        .collect();
    cells.dedup();
    cells
}

/// Every row of every page from `path`, following *Next*.
async fn all_pages(browser: &mut Client, path: &str) -> Vec<String> {
    let (mut seen, mut next) = (Vec::new(), Some(path.to_string()));
    let mut pages = 0;
    while let Some(path) = next.take() {
        pages += 1;
        assert!(pages <= 10, "a page leads back to one already seen: {path}");
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200, "{path}");
        let rows = emails(&page);
        assert!(rows.len() <= 50, "a page holds 50 people at most");
        seen.extend(rows);
        let marker = "<a href=\"";
        next = page.split("<nav class=\"pager\"").nth(1).and_then(|nav| {
            nav.split(marker)
                .skip(1)
                .find(|a| a.contains("after="))
                .map(|a| a.split('"').next().unwrap().replace("&#38;", "&"))
        });
    }
    seen
}

both_backends!(
    the_users_list_searches_filters_and_pages,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        let mut conn = app.conn();
        let mut everyone = Vec::new();
        for i in 0..120 {
            let status = if i % 10 == 3 {
                UserStatus::Invited
            } else {
                UserStatus::Active
            };
            let email = format!("member{i:03}@list.example");
            let id = insert_user(&mut conn, &email, status);
            let package = (i % 2 == 0).then_some(f.basic);
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(id),
                    memberships::role.eq(if i == 7 { "customer_admin" } else { "user" }),
                    memberships::customer_id.eq(c),
                    memberships::package_id.eq(package),
                    memberships::created_at.eq(partnerdesk::db::now()),
                ))
                .execute(&mut conn)
                .unwrap();
            everyone.push(email);
        }

        // Three pages, in the order people were added, nobody twice.
        let listed = all_pages(&mut browser, &format!("/customers/{c}/users")).await;
        assert_eq!(listed, everyone);

        // A part of the e-mail, any case.
        let (_, page) = browser
            .page(&format!("/customers/{c}/users?q=MEMBER11"))
            .await;
        let want: Vec<String> = everyone
            .iter()
            .filter(|e| e.starts_with("member11"))
            .cloned()
            .collect();
        assert_eq!(emails(&page), want);
        // LIKE's wildcards match as typed.
        let (_, page) = browser.page(&format!("/customers/{c}/users?q=%25")).await;
        assert!(emails(&page).is_empty());
        assert!(page.contains("No user matches."));

        // Filters, each kept in the form and in the pages' links.
        let invited = all_pages(
            &mut browser,
            &format!("/customers/{c}/users?status=invited"),
        )
        .await;
        assert_eq!(invited.len(), 12);
        let admins = all_pages(
            &mut browser,
            &format!("/customers/{c}/users?role=customer_admin"),
        )
        .await;
        assert_eq!(admins, vec!["member007@list.example".to_string()]);
        let basic = format!("/customers/{c}/users?package={}", f.basic);
        let with_basic = all_pages(&mut browser, &basic).await;
        assert_eq!(with_basic.len(), 60);
        assert!(with_basic
            .iter()
            .all(|e| e[6..9].parse::<u32>().unwrap() % 2 == 0));
        let none = all_pages(
            &mut browser,
            &format!("/customers/{c}/users?package=none&status=active"),
        )
        .await;
        // The invited (every tenth from the fourth) all hold no package.
        assert_eq!(none.len(), 60 - 12);
        let (_, page) = browser.page(&basic).await;
        assert!(page.contains(&format!(
            "<option value=\"{}\" selected>Basic</option>",
            f.basic
        )));
    }
);
