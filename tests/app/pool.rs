//! The pool lends a PostgreSQL connection without a ping when it answered a
//! moment ago; a connection the server closed is then caught by its own
//! failed query and never lent again.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Integer;
use partnerdesk::db::{self, AnyConnection, DatabaseUrl};

fn backend_pid(conn: &mut AnyConnection) -> QueryResult<i32> {
    diesel::select(sql::<Integer>("pg_backend_pid()")).get_result(conn)
}

#[test]
fn a_connection_the_server_closed_is_replaced() {
    let Ok(raw) = std::env::var("TEST_DATABASE_URL") else {
        return; // PostgreSQL only: a SQLite connection cannot be closed by a server.
    };
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
    let Ok(raw) = std::env::var("TEST_DATABASE_URL") else {
        return; // PostgreSQL settings.
    };
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
}
