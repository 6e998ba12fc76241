//! The pool lends a PostgreSQL connection without a ping when it answered a
//! moment ago; a connection the server closed is then caught by its own
//! failed query and never lent again; one that carried an import's file is
//! closed, not kept.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Integer;
use partnerdesk::db::import_tasks::{self as tasks, NewTask};
use partnerdesk::db::{self, AnyConnection, DatabaseUrl};

use crate::helpers::{insert_customer, insert_reseller, Backend, TestApp};

/// The PostgreSQL server of the tests, or the test is noted as skipped.
fn postgres_url() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL").ok();
    if url.is_none() {
        crate::skips::POSTGRES.skip();
    }
    url
}

fn backend_pid(conn: &mut AnyConnection) -> QueryResult<i32> {
    diesel::select(sql::<Integer>("pg_backend_pid()")).get_result(conn)
}

#[test]
fn a_connection_the_server_closed_is_replaced() {
    // PostgreSQL only: a SQLite connection cannot be closed by a server.
    let Some(raw) = postgres_url() else { return };
    let url = DatabaseUrl::parse(&raw).unwrap();
    let pool = db::connect(&url, 1).unwrap();
    let pid = backend_pid(&mut pool.checkout().unwrap()).unwrap();

    // Another session ends it, as a server restart or an administrator would.
    let mut admin = db::connect(&url, 1).unwrap().checkout().unwrap();
    diesel::select(sql::<diesel::sql_types::Bool>(&format!(
        "pg_terminate_backend({pid}, 5000)"
    )))
    .get_result::<bool>(&mut admin)
    .unwrap();

    // The connection answered a moment ago, so it is lent without a ping and
    // its query fails...
    assert!(backend_pid(&mut pool.checkout().unwrap()).is_err());
    // ...and that failure retires it: the next checkout is a new connection.
    let replaced = backend_pid(&mut pool.checkout().unwrap()).unwrap();
    assert_ne!(replaced, pid);
}

fn setting(conn: &mut AnyConnection, name: &str) -> String {
    diesel::select(sql::<diesel::sql_types::Text>(&format!(
        "current_setting('{name}')"
    )))
    .get_result(conn)
    .unwrap()
}

/// What every PostgreSQL connection of the pool is set to: no JIT, and one
/// plan kept per statement. The jobs and the logs' screens ask for plans
/// made for their values, only while they run.
#[test]
fn postgresql_keeps_one_plan_per_statement_without_jit() {
    let Some(raw) = postgres_url() else { return };
    let pool = db::connect(&DatabaseUrl::parse(&raw).unwrap(), 1).unwrap();
    let mut conn = pool.checkout().unwrap();
    assert_eq!(setting(&mut conn, "plan_cache_mode"), "force_generic_plan");
    assert_eq!(setting(&mut conn, "jit"), "off");
    let inside = db::plan::for_values(&mut conn, |c| Ok(setting(c, "plan_cache_mode"))).unwrap();
    assert_eq!(inside, "force_custom_plan");
    assert_eq!(setting(&mut conn, "plan_cache_mode"), "force_generic_plan");
    // Also when what it ran failed.
    let failed: diesel::QueryResult<i32> = db::plan::for_values(&mut conn, |c| {
        diesel::select(sql::<Integer>("1 / 0")).get_result(c)
    });
    assert!(failed.is_err());
    assert_eq!(setting(&mut conn, "plan_cache_mode"), "force_generic_plan");

    // The next checkout finds it as the pool set it.
    drop(conn);
    let mut conn = pool.checkout().unwrap();
    assert_eq!(setting(&mut conn, "plan_cache_mode"), "force_generic_plan");

    // A connection of its own, for an import in the background, is set up
    // the same way, and closed once dropped.
    let mut own = pool.dedicated().unwrap();
    assert_eq!(setting(&mut own, "plan_cache_mode"), "force_generic_plan");
    assert_eq!(setting(&mut own, "jit"), "off");
    let pid = backend_pid(&mut own).unwrap();
    assert_ne!(pid, backend_pid(&mut conn).unwrap());
    drop(own);
    assert!(closes(&mut conn, pid));
}

fn is_open(conn: &mut AnyConnection, pid: i32) -> bool {
    diesel::select(sql::<diesel::sql_types::Bool>(&format!(
        "EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {pid})"
    )))
    .get_result(conn)
    .unwrap()
}

/// Whether the connection of `pid` is closed within five seconds (the
/// server ends a session a moment after its client left).
fn closes(conn: &mut AnyConnection, pid: i32) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while is_open(conn, pid) {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

/// A connection that carried an import's file, to the database or back, is
/// closed once it returns to the pool: libpq keeps its buffers as large as
/// the largest message, so a pool of such connections would keep a file's
/// size each for good. Any other connection is kept.
#[actix_web::test]
async fn a_connection_that_carried_a_file_is_not_kept() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let mut watcher = db::connect(&DatabaseUrl::parse(&postgres_url().unwrap()).unwrap(), 1)
        .unwrap()
        .checkout()
        .unwrap();
    let customer = {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "R1");
        insert_customer(&mut conn, reseller, "C1")
    };
    let file = "action,email\nadd,a@example.test\n".repeat(10_000);

    // Both out at once, so that they are two connections.
    let mut kept = app.conn();
    let plain = backend_pid(&mut kept).unwrap();
    let mut conn = app.conn();
    let upload = backend_pid(&mut conn).unwrap();
    let new = NewTask {
        customer_id: customer,
        started_by: "Ops",
        file_name: "people.csv",
        mode: "add_only",
        runner: "here:1",
        content: file.as_bytes(),
    };
    let task = tasks::start(&mut conn, &new).unwrap().unwrap();
    drop(kept);
    drop(conn);
    assert!(
        closes(&mut watcher, upload),
        "the upload's connection is closed"
    );
    // Returned first, it would be gone by now if it had been closed too.
    assert!(is_open(&mut watcher, plain), "a plain connection is kept");

    let mut conn = app.conn();
    let reader = backend_pid(&mut conn).unwrap();
    assert_eq!(tasks::file(&mut conn, task).unwrap(), file.as_bytes());
    drop(conn);
    assert!(
        closes(&mut watcher, reader),
        "the reader's connection is closed"
    );
}
