//! The request core: what every screen stands on. The application state,
//! the person and session of a request (`current`), what every page shows
//! (`context`), the error type and its pages (`error`), the session store,
//! the *Log in as* state (`impersonation`), the CSRF check, the client's
//! address behind proxies, and the database as screens reach it. Nothing
//! here imports a screen.

pub mod client_addr;
pub mod context;
pub mod csrf;
pub mod current;
pub mod database;
pub mod error;
pub mod form_body;
pub mod head;
pub mod impersonation;
pub mod nul_text;
pub mod rate_limit;
pub mod session_store;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use crate::config::Config;
use crate::db::Pool;
use crate::web::{page_cache, usage_cache};
use error::AppError;

/// What every handler can reach.
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    /// Seals integration credentials.
    pub secrets: crate::crypto::SecretBox,
    /// Where e-mailed links point, and the key that seals their secrets.
    pub links: crate::mail::Links,
    pub usage: usage_cache::UsageCache,
    pub page_cache: page_cache::PageCache,
    pub limits: rate_limit::RateLimits,
    /// Runs the CSV imports of this instance in the background.
    pub imports: crate::app::import_tasks::Runner,
}

impl AppState {
    pub fn new(pool: Pool, config: Arc<Config>, secret: &str) -> Self {
        let keys = crate::crypto::SealingKeys::of(&config, secret);
        AppState {
            pool: pool.clone(),
            limits: rate_limit::RateLimits::new(config.requests_per_minute_per_ip),
            secrets: crate::crypto::SecretBox::for_integrations(&keys),
            links: crate::mail::Links::new(&config.base_url, &keys),
            usage: Default::default(),
            page_cache: Default::default(),
            imports: crate::app::import_tasks::Runner {
                pool: pool.clone(),
                links: crate::mail::Links::new(&config.base_url, &keys),
                tracker: Default::default(),
                name: String::new(),
            },
            config,
        }
    }
}

/// A path on this site, safe to send a person back to: not another host
/// (`//host`, `\\`), and no control character (a header split, a hidden
/// character in an address).
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
}

/// Renders a template as an HTML response.
pub fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// Where a form may send a person back to: only paths on this site.
/// The `{id}` of a route that serves both a new record (no id) and an
/// existing one: `None` on the path without it, not found when it is not a
/// number.
pub fn optional_id(req: &actix_web::HttpRequest) -> Result<Option<i64>, AppError> {
    match req.match_info().get("id") {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| AppError::NotFound),
    }
}

pub fn local_return(raw: Option<&str>, fallback: &str) -> String {
    match raw {
        Some(p) if is_local_path(p) => p.to_string(),
        _ => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_plain_paths_of_this_site_are_local() {
        for ok in ["/", "/customers?q=a b", "/customers/12/sites"] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/customers\r\nSet-Cookie: x=1",
            "/customers\u{0}",
            "/a\tb",
            "customers",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
