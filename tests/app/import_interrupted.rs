//! An import whose server is killed in the middle of its apply: the
//! database is left as it was, the restarted server marks the task failed,
//! and the person checks it again and applies it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use partnerdesk::db::schema::import_tasks;
use partnerdesk::db::users::UserStatus;
use partnerdesk::db::DatabaseUrl;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::{location, Client};
use crate::helpers::*;
use crate::users_import::{fixture, people, HEADER};
use crate::users_import_tasks::{page_when, upload};

/// Rows of the file: enough for the apply to be caught half way.
const ROWS: usize = 6000;

/// The `partnerdesk` binary serving `db` on `port`, answering health checks.
async fn serve(db: &DatabaseUrl, port: u16) -> Child {
    let url = match db {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{path}"),
        DatabaseUrl::Postgres(url) => url.clone(),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(60);
    while reqwest::get(&health)
        .await
        .map(|r| r.status().as_u16())
        .ok()
        != Some(200)
    {
        assert!(Instant::now() < deadline, "the server never answered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn logged_in(base: &str, username: &str) -> Client {
    let mut browser = Client::new(base);
    let res = browser.login(username, PASSWORD).await;
    assert_eq!(res.status(), 303);
    browser
}

/// Rows written so far, as the task's progress bar shows them.
fn rows_done(page: &str) -> Option<usize> {
    let start = page.find("<progress max=")?;
    let value = page[start..].split("value=\"").nth(1)?;
    value.split('"').next()?.parse().ok()
}

fn status_of(app: &TestApp, task: &str) -> String {
    let id: i64 = task.rsplit('/').next().unwrap().parse().unwrap();
    import_tasks::table
        .find(id)
        .select(import_tasks::status)
        .first(&mut app.conn())
        .unwrap()
}

both_backends!(
    an_apply_killed_half_way_changes_nothing_and_runs_again,
    |app: TestApp| async move {
        let person = app.person(Role::ResellerAdmin);
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let before = people(&app, c);
        let mut file = format!("{HEADER}\n");
        for i in 0..ROWS {
            file.push_str(&format!(
                "add,p{i}@killed.example,Person {i},,user,,en,,TRUE,\n"
            ));
        }

        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = serve(&app.database_url, port).await;
        let mut browser = logged_in(&base, &person.username).await;
        let res = upload(&base, &mut browser, c, file.as_bytes(), "add_only").await;
        let task = location(&res);
        page_when(&mut browser, &task, "Checked").await;
        let res = browser.post(&format!("{task}/apply"), &[]).await;
        assert_eq!(location(&res), task);

        // Killed once some rows are written, and before the last.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (_, page) = browser.page(&task).await;
            assert!(
                !page.contains(">Applied</span>"),
                "applied before it was caught"
            );
            if rows_done(&page).is_some_and(|done| done > 0) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the apply never started:\n{page}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        server.kill().unwrap();
        server.wait().unwrap();
        assert_eq!(people(&app, c), before, "nothing of a killed apply stays");
        assert_eq!(status_of(&app, &task), "applying");

        // Restarted, the same instance marks it failed, and says so.
        let mut server = serve(&app.database_url, port).await;
        let mut browser = logged_in(&base, &person.username).await;
        let page = page_when(&mut browser, &task, "Failed").await;
        assert!(page.contains("interrupted by a restart; nothing was changed"));
        assert!(page.contains(&format!("action=\"{task}/again\"")));

        // Checked again from its kept file, then applied.
        let res = browser.post(&format!("{task}/again"), &[]).await;
        assert_eq!(location(&res), task);
        page_when(&mut browser, &task, "Checked").await;
        browser.post(&format!("{task}/apply"), &[]).await;
        let applied = page_when(&mut browser, &task, "Applied").await;
        assert!(!applied.contains(&format!("{task}/again")));
        assert_eq!(people(&app, c).len(), before.len() + ROWS);
        server.kill().unwrap();
        server.wait().unwrap();
    }
);
