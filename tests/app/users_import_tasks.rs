//! *Import CSV* as a person uses it: upload a file, watch it checked on the
//! server, read the counts and problems, apply it, see the users; one
//! import at a time; a restart leaves nothing half done.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use partnerdesk::db::schema::{audit_log, import_tasks};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::{location, Client};
use crate::helpers::*;
use crate::users_import::{fixture, people, HEADER};

pub(crate) async fn upload(
    base: &str,
    browser: &mut Client,
    customer: i64,
    bytes: &[u8],
    mode: &str,
) -> reqwest::Response {
    let token = browser.csrf().await;
    let file = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name("people.csv")
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("mode", mode.to_string())
        .part("file", file);
    browser
        .http
        .post(format!(
            "{base}/customers/{customer}/users/import?csrf_token={token}"
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The task's page once its status badge reads `status`, polled for at
/// most two minutes.
pub(crate) async fn page_when(browser: &mut Client, path: &str, status: &str) -> String {
    let badge = format!(">{status}</span>");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (code, page) = browser.page(path).await;
        assert_eq!(code, 200, "{path}");
        if page.contains(&badge) {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never read {status}:\n{page}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The count shown beside `label` on a task's page.
fn count(page: &str, label: &str) -> String {
    let marker = format!("<th scope=\"row\">{label}</th><td>");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {label}")) + marker.len();
    page[start..].chars().take_while(|c| *c != '<').collect()
}

both_backends!(
    a_file_is_uploaded_checked_applied_and_its_users_listed,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let bob = app
            .customer_user(c, Role::User, UserStatus::Active)
            .username;

        // The users page leads to the import page, which documents the
        // customer's package columns and offers their template.
        let (_, users_page) = browser.page(&format!("/customers/{c}/users")).await;
        assert!(users_page.contains(&format!("/customers/{c}/users/import\"")));
        let (status, page) = browser.page(&format!("/customers/{c}/users/import")).await;
        assert_eq!(status, 200);
        assert!(page.contains("<code>Basic</code>") && page.contains("<code>Pro</code>"));
        assert!(page.contains("at most 50 MB"), "the size limit is stated");
        let template = browser
            .get(&format!("/customers/{c}/users/import/template.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(template.trim_start_matches('\u{feff}').trim_end(), HEADER);

        let file = format!(
            "{HEADER}\r\n\
             add,ann@tasks.example,Ann Able,,user,,fr,,TRUE,\r\n\
             add,ben@tasks.example,Ben Baker,,customer_admin,,en,,,TRUE\r\n\
             modify,{bob},Bob Renamed,,,,,,,\r\n"
        );
        let res = upload(&app.address, &mut browser, c, file.as_bytes(), "add_only").await;
        assert_eq!(res.status().as_u16(), 303);
        let task_path = location(&res);
        assert!(task_path.starts_with(&format!("/customers/{c}/users/import/")));

        let checked = page_when(&mut browser, &task_path, "Checked").await;
        assert_eq!(count(&checked, "To add"), "2");
        assert_eq!(count(&checked, "To modify"), "1");
        assert_eq!(count(&checked, "Errors"), "0");
        assert!(checked.contains(&format!("{task_path}/apply")));
        // Checking wrote nothing.
        assert!(!people(&app, c).iter().any(|p| p.0 == "ann@tasks.example"));

        let res = browser.post(&format!("{task_path}/apply"), &[]).await;
        assert_eq!(location(&res), task_path);
        let applied = page_when(&mut browser, &task_path, "Applied").await;
        assert_eq!(count(&applied, "To add"), "2");
        assert!(
            !applied.contains(&format!("{task_path}/apply")),
            "applied once"
        );

        let everyone = people(&app, c);
        let ann = everyone
            .iter()
            .find(|p| p.0 == "ann@tasks.example")
            .unwrap();
        assert_eq!((ann.1.as_str(), ann.2), ("user", Some(f.basic)));
        let ben = everyone
            .iter()
            .find(|p| p.0 == "ben@tasks.example")
            .unwrap();
        assert_eq!((ben.1.as_str(), ben.2), ("customer_admin", Some(f.pro)));
        let (_, users_page) = browser.page(&format!("/customers/{c}/users")).await;
        assert!(users_page.contains("Ann Able") && users_page.contains("Bob Renamed"));

        // The tasks list shows it, with who started it.
        let (_, list) = browser.page(&format!("/customers/{c}/users/import")).await;
        assert!(list.contains(&format!("href=\"{task_path}\"")));
        assert!(list.contains(">Applied</span>"));
        let imported: i64 = audit_log::table
            .filter(audit_log::action.eq("users.imported"))
            .filter(audit_log::customer_id.eq(c))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(imported, 1);
    }
);

both_backends!(
    a_file_with_problems_shows_them_and_cannot_be_applied,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let before = people(&app, c);
        let file = format!(
            "{HEADER}\n\
             add,fine@tasks.example,Fine Person,,user,,en,,,\n\
             modify,ghost@tasks.example,Ghost,,,,,,,\n\
             add,odd@tasks.example,Odd,,user,,en,,MAYBE,\n"
        );
        let res = upload(
            &app.address,
            &mut browser,
            c,
            file.as_bytes(),
            "add_and_remove",
        )
        .await;
        let task_path = location(&res);
        let page = page_when(&mut browser, &task_path, "Checked").await;
        assert_eq!(count(&page, "Errors"), "2");
        assert!(page.contains(
            "<td>3</td><td>email</td><td>No user of this customer has this e-mail address.</td>"
        ));
        assert!(
            page.contains("<td>4</td><td>Basic</td><td>Use TRUE, FALSE or leave it blank.</td>")
        );
        assert!(!page.contains(&format!("{task_path}/apply\"")));

        // Applying anyway is refused, and nothing changes.
        let res = browser.post(&format!("{task_path}/apply"), &[]).await;
        assert_eq!(location(&res), task_path);
        let (_, page) = browser.page(&task_path).await;
        assert!(page.contains("Only a checked file with no problem can be applied."));
        assert_eq!(people(&app, c), before);

        // The problems download as CSV, in the reader's language.
        let csv = browser
            .get(&format!("{task_path}/problems.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(csv.contains("Line,Column,Problem"));
        assert!(csv.contains("3,email,No user of this customer has this e-mail address."));
    }
);

both_backends!(
    a_file_refused_whole_says_why_and_a_second_import_waits,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;

        // Binary data: the task fails with the reason, nothing written.
        let res = upload(
            &app.address,
            &mut browser,
            c,
            b"\xff\xfe\x00\x01binary",
            "add_only",
        )
        .await;
        let task_path = location(&res);
        let page = page_when(&mut browser, &task_path, "Failed").await;
        assert!(page.contains("The file is not UTF-8 text (line 1)."));

        // No file at all: the form says so.
        let res = upload(&app.address, &mut browser, c, b"", "add_only").await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Choose a CSV file to upload."));

        // While one import runs, a second is refused by name.
        diesel::insert_into(import_tasks::table)
            .values((
                import_tasks::customer_id.eq(c),
                import_tasks::started_by.eq("Someone Else"),
                import_tasks::file_name.eq("first.csv"),
                import_tasks::mode.eq("add_only"),
                import_tasks::status.eq("checking"),
                import_tasks::created_at.eq(partnerdesk::db::now()),
            ))
            .execute(&mut app.conn())
            .unwrap();
        let file = format!("{HEADER}\nadd,late@tasks.example,Late,,user,,en,,,\n");
        let res = upload(&app.address, &mut browser, c, file.as_bytes(), "add_only").await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Another import of this customer is running."));
    }
);

both_backends!(
    a_restart_fails_its_own_running_imports_only,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let other = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Other Co");
        let task = |customer: i64, runner: &str| -> i64 {
            diesel::insert_into(import_tasks::table)
                .values((
                    import_tasks::customer_id.eq(customer),
                    import_tasks::started_by.eq("Someone"),
                    import_tasks::file_name.eq("users.csv"),
                    import_tasks::mode.eq("add_only"),
                    import_tasks::status.eq("applying"),
                    import_tasks::runner.eq(runner),
                    import_tasks::created_at.eq(partnerdesk::db::now()),
                ))
                .returning(import_tasks::id)
                .get_result(&mut app.conn())
                .unwrap()
        };
        let mine = task(f.customer, "host-a:8080");
        let theirs = task(other, "host-b:8080");
        let failed =
            partnerdesk::app::import_tasks::fail_interrupted(&mut app.conn(), "host-a:8080")
                .unwrap();
        assert_eq!(failed, 1);
        let status = |id: i64| -> String {
            import_tasks::table
                .find(id)
                .select(import_tasks::status)
                .first(&mut app.conn())
                .unwrap()
        };
        assert_eq!(
            (status(mine), status(theirs)),
            ("failed".into(), "applying".into())
        );
        let (_, page) = browser
            .page(&format!("/customers/{}/users/import/{mine}", f.customer))
            .await;
        assert!(page.contains("interrupted by a restart; nothing was changed"));
    }
);
