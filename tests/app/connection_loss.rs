//! PostgreSQL going away: connections ended by the server are replaced
//! without a failed page, and a database that is down gets the "database
//! unavailable" page within seconds, not a 500 after a long wait.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use partnerdesk::db::DatabaseUrl;
use partnerdesk::domain::roles::Role;

use crate::helpers::*;

fn postgres_url(app: &TestApp) -> String {
    match &app.database_url {
        DatabaseUrl::Postgres(url) => url.clone(),
        DatabaseUrl::Sqlite(_) => unreachable!("a PostgreSQL test app"),
    }
}

#[actix_web::test]
async fn pages_survive_the_server_ending_every_connection() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let name = format!("pd_loss_{}", &partnerdesk::db::tokens::generate()[..10]);
    let url = format!("{}&application_name={name}", postgres_url(&app));
    let instance = app
        .second_instance_with(|c| c.database_url = DatabaseUrl::parse(&url).unwrap())
        .await;
    let person = app.person(Role::Operator);
    let mut browser = app.client();
    browser.rebase(&instance);
    browser.login(&person.username, PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(browser.page("/customers").await.0, 200);
    }
    let ended: Vec<bool> = diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
         WHERE application_name = '{name}'"
    ))
    .load::<Ended>(&mut app.conn())
    .unwrap()
    .into_iter()
    .map(|e| e.ended)
    .collect();
    assert!(!ended.is_empty(), "the instance had connections to end");
    for _ in 0..10 {
        let (status, _body) = browser.page("/customers").await;
        assert_eq!(status, 200, "no page fails for a lost connection: {_body}");
    }
}

#[derive(QueryableByName)]
struct Ended {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    ended: bool,
}

/// A TCP relay to PostgreSQL that can be cut: the database "disappears".
struct Relay {
    port: u16,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<actix_web::rt::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(to: &'static str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let tasks = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = tasks.clone();
        let accept = actix_web::rt::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let copy = actix_web::rt::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(to).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                kept.lock().unwrap().push(copy);
            }
        });
        tasks.lock().unwrap().push(accept);
        Relay { port, tasks }
    }

    fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

#[actix_web::test]
async fn a_database_that_is_down_gets_the_unavailable_page_fast() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let url = postgres_url(&app);
    let Some(rest) = url
        .split_once("@127.0.0.1:5432")
        .map(|(_, r)| r.to_string())
    else {
        return; // The relay knows only the default local server.
    };
    let relay = Relay::start("127.0.0.1:5432").await;
    let via = format!("postgres://postgres@127.0.0.1:{}{rest}", relay.port);
    let instance = app
        .second_instance_with(|c| c.database_url = DatabaseUrl::parse(&via).unwrap())
        .await;
    let person = app.person(Role::Operator);
    let mut browser = app.client();
    browser.rebase(&instance);
    browser.login(&person.username, PASSWORD).await;
    assert_eq!(browser.page("/customers").await.0, 200);

    relay.cut();
    let started = Instant::now();
    let (status, page) = browser.page("/customers").await;
    let waited = started.elapsed();
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("cannot reach its database"), "{page}");
    assert!(waited < Duration::from_secs(6), "answered after {waited:?}");
    let res = instance.client().get("/healthz").await;
    assert_eq!(res.status(), 503);
}
