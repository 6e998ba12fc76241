//! Sessions kept in memory on PostgreSQL (`db::session_cache`): a page is
//! served without reading its session again, until anything it was read from
//! changes: on this instance, the next page sees it; on another, or by hand,
//! within moments.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use partnerdesk::db::schema::users;
use partnerdesk::db::session_cache::SessionCache;
use partnerdesk::domain::roles::Role;

use crate::helpers::*;

/// Waits until `app` serves kept sessions: its listener is connected.
async fn keeping(app: &TestApp) -> &SessionCache {
    let cache = app.session_cache().expect("PostgreSQL keeps sessions");
    let start = Instant::now();
    while cache.ticket().is_none() {
        assert!(start.elapsed() < Duration::from_secs(5), "never listening");
        actix_web::rt::time::sleep(Duration::from_millis(5)).await;
    }
    cache
}

/// An instance on PostgreSQL (when `TEST_DATABASE_URL` is set), keeping
/// sessions.
async fn keeping_app() -> Option<TestApp> {
    let app = TestApp::spawn(Backend::Postgres).await?;
    keeping(&app).await;
    Some(app)
}

/// A connection from outside every instance, as an administrator's by hand:
/// from a pool of its own.
fn by_hand(app: &TestApp) -> partnerdesk::db::PooledConnection {
    let pool = partnerdesk::db::connect(&app.database_url, 1).unwrap();
    pool.checkout().unwrap()
}

/// How long until `app` sends `cookie` to the login page; fails past 1 s.
async fn refused_within(app: &TestApp, cookie: &str) -> Duration {
    let start = Instant::now();
    loop {
        let res = get_with_cookie(app, "/", cookie).await;
        if res.status() == 303 {
            assert!(location(&res).starts_with("/login"), "{}", location(&res));
            return start.elapsed();
        }
        assert_eq!(res.status(), 200);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "still served a second after the change"
        );
        actix_web::rt::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Lets the notifications of the changes made so far (a login's, for one)
/// come back through the listener, which would otherwise drop what is kept
/// meanwhile.
async fn settle() {
    actix_web::rt::time::sleep(Duration::from_millis(100)).await;
}

/// Logs a new user of `role` in on `app`: the person and the session cookie.
async fn logged_in_cookie(app: &TestApp, role: Role) -> (Person, String) {
    let person = app.person(role);
    let res = app.client().login(&person.username, PASSWORD).await;
    assert_eq!(res.status(), 303);
    (person, session_cookie(&res).expect("a session cookie"))
}

/// Disables a user through `conn`.
fn disable(conn: &mut partnerdesk::db::AnyConnection, user_id: i64) {
    diesel::update(users::table.find(user_id))
        .set(users::status.eq("disabled"))
        .execute(conn)
        .unwrap();
}

#[actix_web::test]
async fn sqlite_keeps_no_session_in_memory() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    assert!(app.session_cache().is_none());
}

#[actix_web::test]
async fn a_page_is_served_with_its_session_kept_in_memory() {
    let Some(app) = keeping_app().await else {
        return;
    };
    let (_, cookie) = logged_in_cookie(&app, Role::Support).await;
    settle().await;
    assert_eq!(get_with_cookie(&app, "/", &cookie).await.status(), 200);
    // The session's row goes by hand without a word to any instance (its
    // trigger off): the session is still served, so it came from memory.
    let mut by_hand = by_hand(&app);
    by_hand
        .batch_execute(
            "ALTER TABLE sessions DISABLE TRIGGER sessions_changed; \
             DELETE FROM sessions; \
             ALTER TABLE sessions ENABLE TRIGGER sessions_changed;",
        )
        .unwrap();
    for _ in 0..3 {
        assert_eq!(get_with_cookie(&app, "/", &cookie).await.status(), 200);
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    // Any change that is heard (here, to every user) ends that.
    diesel::update(users::table)
        .set(users::updated_at.eq(partnerdesk::db::now()))
        .execute(&mut by_hand)
        .unwrap();
    refused_within(&app, &cookie).await;
}

#[actix_web::test]
async fn a_change_on_this_instance_reaches_the_next_page() {
    let Some(app) = keeping_app().await else {
        return;
    };
    let cache = app.session_cache().unwrap();
    for _ in 0..5 {
        let (person, cookie) = logged_in_cookie(&app, Role::ResellerAdmin).await;
        settle().await;
        assert_eq!(get_with_cookie(&app, "/", &cookie).await.status(), 200);
        assert!(!cache.is_empty());
        disable(&mut app.conn(), person.user_id);
        // At once: not left to the listener.
        let res = get_with_cookie(&app, "/", &cookie).await;
        assert_eq!(location(&res), "/login?session=ended");
    }
}

#[actix_web::test]
async fn a_logout_on_another_instance_reaches_a_kept_session() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let other = app.second_instance().await;
    keeping(&other).await;
    let person = app.person(Role::Operator);
    let mut browser = app.client();
    let cookie = session_cookie(&browser.login(&person.username, PASSWORD).await).unwrap();
    assert_eq!(get_with_cookie(&other, "/", &cookie).await.status(), 200);
    assert_eq!(get_with_cookie(&other, "/", &cookie).await.status(), 200);
    assert_eq!(browser.post("/logout", &[]).await.status(), 303);
    refused_within(&other, &cookie).await;
}

#[actix_web::test]
async fn a_user_disabled_by_hand_loses_a_kept_session() {
    let Some(app) = keeping_app().await else {
        return;
    };
    let (person, cookie) = logged_in_cookie(&app, Role::Integrator).await;
    assert_eq!(get_with_cookie(&app, "/", &cookie).await.status(), 200);
    disable(&mut by_hand(&app), person.user_id);
    refused_within(&app, &cookie).await;
}
