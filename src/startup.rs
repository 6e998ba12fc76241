//! Builds the application: database, migrations, secrets, the first-run
//! link, the session store, middleware and routes. Tests build it the same
//! way on port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_identity::IdentityMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_session::storage::RedisSessionStore;
use actix_session::SessionMiddleware;
use actix_web::cookie::{time::Duration, Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition, DefaultHeaders, Logger};
use actix_web::{web as aweb, App, HttpServer};
use anyhow::Context;

use crate::config::Config;
use crate::db::{self, memberships, settings, tokens, Pool};
use crate::web::request::error::{render_error_pages, AppError};
use crate::web::request::session_store::{AnySessionStore, DbSessionStore};
use crate::web::AppState;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                   script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

pub struct Application {
    server: Server,
    port: u16,
    pool: Pool,
    /// The one-time link to create the first operator, while none exists.
    pub setup_url: Option<String>,
}

/// Opens the pool and brings the schema up to date.
pub fn prepare_database(config: &Config) -> anyhow::Result<Pool> {
    let pool = db::connect(&config.database_url, config.db_pool_size)?;
    let mut conn = pool
        .checkout()
        .context("cannot get a database connection")?;
    let applied = db::run_migrations(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(pool)
}

/// The secret key (signs cookies, seals stored secrets): from configuration,
/// or generated once and kept in the database so every instance and every
/// restart uses the same.
pub fn secret(config: &Config, pool: &Pool) -> anyhow::Result<String> {
    let secret = match &config.secret_key {
        Some(s) => s.clone(),
        None => {
            let mut conn = pool.checkout()?;
            settings::get_or_insert_with(&mut conn, settings::SECRET_KEY, || {
                format!("{}{}", tokens::generate(), tokens::generate())
            })?
        }
    };
    Ok(secret)
}

/// The keys that seal stored secrets (see `crate::crypto`).
pub fn sealing_keys(config: &Config, pool: &Pool) -> anyhow::Result<crate::crypto::SealingKeys> {
    Ok(crate::crypto::SealingKeys::of(
        config,
        &secret(config, pool)?,
    ))
}

/// A setup link when no operator exists yet. Links printed by earlier starts
/// (or by other instances) keep working until the first operator exists.
fn setup_link(config: &Config, pool: &Pool) -> anyhow::Result<Option<String>> {
    let mut conn = pool.checkout()?;
    if memberships::operator_exists(&mut conn)? {
        return Ok(None);
    }
    let token = tokens::create(&mut conn, tokens::PURPOSE_SETUP, None, None)?;
    Ok(Some(format!("{}/setup/{}", config.base_url, token)))
}

const REDIS_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

async fn session_store(config: &Config, pool: &Pool) -> anyhow::Result<AnySessionStore> {
    match &config.redis_url {
        Some(url) => {
            // The client retries for minutes; a start should fail plainly.
            let store =
                actix_web::rt::time::timeout(REDIS_WAIT, RedisSessionStore::new(url.clone()))
                    .await
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "cannot reach Redis at REDIS_URL within {} s",
                            REDIS_WAIT.as_secs()
                        )
                    })?
                    .map_err(|e| anyhow::anyhow!("cannot reach Redis at REDIS_URL: {e}"))?;
            Ok(AnySessionStore::Redis(store))
        }
        None => Ok(AnySessionStore::Database(DbSessionStore::new(pool.clone()))),
    }
}

/// One line per request, with the client's address as the rate limits and
/// the audit log see it. Health checks come every few seconds and say
/// nothing: they are left out.
fn access_logger() -> Logger {
    Logger::new("%{client}xi \"%r\" %s %b %Dms")
        .custom_request_replace("client", |req| {
            crate::web::request::client_addr::client_ip(req.request())
        })
        .exclude("/healthz")
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        let cfg = config.clone();
        let (pool, secret, setup_url) = actix_web::rt::task::spawn_blocking(move || {
            let pool = prepare_database(&cfg)?;
            let secret = secret(&cfg, &pool)?;
            let setup_url = setup_link(&cfg, &pool)?;
            anyhow::Ok((pool, secret, setup_url))
        })
        .await??;
        let store = session_store(&config, &pool).await?;
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {}", config.bind, e))?;
        let port = listener.local_addr()?.port();

        let key = Key::derive_from(secret.as_bytes());
        let mut state = AppState::new(pool.clone(), config.clone(), &secret);
        state.imports.name = crate::app::import_tasks::instance_name(port);
        let (runner, p) = (state.imports.name.clone(), pool.clone());
        actix_web::rt::task::spawn_blocking(move || {
            let mut conn = p.checkout()?;
            crate::app::import_tasks::fail_interrupted(&mut conn, &runner)
                .map_err(|e| anyhow::anyhow!("imports left running: {e:?}"))
        })
        .await??;
        let state = aweb::Data::new(state);
        crate::web::request::rate_limit::RateLimits::spawn_forgetting(state.clone());
        // The worker opens what the screens sealed: the same keys.
        let outbox_seal = state.links.seal.clone();
        let secure = config.secure_cookies();
        let session_ttl = Duration::hours(config.session_hours);
        // The access log, one line per request at `info`. Where that level is
        // filtered out (RUST_LOG=warn), the logger is left out altogether: it
        // would still note each request's address and line for a line that
        // is never written.
        let access_log =
            tracing::enabled!(target: "actix_web::middleware::logger", tracing::Level::INFO);
        let server = HttpServer::new(move || {
            let sessions = SessionMiddleware::builder(store.clone(), key.clone())
                .cookie_name("partnerdesk_session".to_string())
                .cookie_secure(secure)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_content_security(CookieContentSecurity::Private)
                .session_lifecycle(BrowserSession::default().state_ttl(session_ttl))
                .build();
            // The last wrap runs first: sessions, then identity, then the
            // error pages (which need both), then the NUL check, then the CSRF check.
            App::new()
                .app_data(state.clone())
                .app_data(
                    aweb::FormConfig::default()
                        .limit(256 * 1024)
                        .error_handler(crate::web::request::error::bad_form),
                )
                .app_data(
                    aweb::QueryConfig::default()
                        .error_handler(crate::web::request::error::bad_query),
                )
                .configure(crate::web::routes)
                .default_service(aweb::to(|| async {
                    Err::<actix_web::HttpResponse, _>(AppError::NotFound)
                }))
                .wrap(from_fn(crate::web::request::csrf::check_csrf))
                .wrap(from_fn(crate::web::request::nul_text::refuse_nul))
                .wrap(from_fn(render_error_pages))
                .wrap(IdentityMiddleware::default())
                .wrap(sessions)
                .wrap(from_fn(crate::web::request::session_store::request_notes))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin"))
                        .add(("Content-Security-Policy", CSP)),
                )
                .wrap(from_fn(crate::web::request::head::head_as_get))
                .wrap(Condition::new(access_log, access_logger()))
        })
        .workers(config.workers)
        .listen(listener)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {}", config.bind, e))?
        .run();

        crate::app::jobs::spawn(pool.clone(), std::time::Duration::from_secs(60));
        crate::mail::worker::spawn(
            pool.clone(),
            crate::mail::worker::MailSettings {
                smtp_url: config.smtp_url.clone(),
                from: config.mail_from.clone(),
                poll: config.mail_poll,
                retry_unit_seconds: config.mail_retry_unit_seconds,
                seal: outbox_seal,
            },
        );
        Ok(Application {
            server,
            port,
            pool,
            setup_url,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redis_urls_may_ask_for_tls() {
        let client = redis::Client::open("rediss://cache.example:6380/0");
        assert!(client.is_ok(), "{:?}", client.err());
    }
}
