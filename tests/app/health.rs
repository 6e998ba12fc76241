use crate::both_backends;
use crate::helpers::*;

both_backends!(
    healthz_answers_when_the_database_does,
    |app: TestApp| async move {
        let res = app.client().get("/healthz").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "ok\n");
    }
);

#[actix_web::test]
async fn healthz_is_503_without_a_database() {
    use actix_web::{test, web, App};
    use partnerdesk::config::Config;
    use partnerdesk::db::{ConnectionManager, DatabaseUrl, Pool};
    use partnerdesk::web::AppState;
    use std::sync::Arc;

    // Nothing listens on port 1; the pool is built without connecting.
    let url = DatabaseUrl::parse("postgres://nobody@127.0.0.1:1/none?connect_timeout=1").unwrap();
    let manager = ConnectionManager::new(url.clone());
    let pool = Pool::new(
        diesel::r2d2::Pool::builder()
            .connection_timeout(std::time::Duration::from_secs(2))
            .build_unchecked(manager.clone()),
        manager,
    );
    let state = web::Data::new(AppState::new(
        pool,
        Arc::new(Config::for_tests(url)),
        "test secret that is long enough",
    ));
    let app = test::init_service(
        App::new()
            .app_data(state)
            .configure(partnerdesk::web::assets::routes),
    )
    .await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(res.status(), 503);
}

both_backends!(
    head_is_answered_wherever_get_is,
    |app: TestApp| async move {
        let http = reqwest::Client::new();
        for path in ["/login", "/healthz", "/static/app.css"] {
            let url = format!("{}{path}", app.address);
            let get = http.get(&url).send().await.unwrap();
            let head = http.head(&url).send().await.unwrap();
            assert_eq!(head.status(), get.status(), "{path}");
            assert_eq!(
                head.headers().get("content-type"),
                get.headers().get("content-type"),
                "{path}"
            );
            assert!(head.bytes().await.unwrap().is_empty(), "{path}: no body");
        }
        // Still not a door to what only POST may do.
        let res = http
            .head(format!("{}/logout", app.address))
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 200);
    }
);

both_backends!(
    every_page_names_the_version_and_where_its_source_is,
    |app: TestApp| async move {
        let (status, page) = app.client().page("/login").await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("Partnerdesk {}", env!("CARGO_PKG_VERSION"))));
        assert!(page.contains(&format!("href=\"{}\"", env!("CARGO_PKG_REPOSITORY"))));
        assert!(page.contains("Source code (AGPL-3.0)"));
    }
);
