//! The HTTP side: routes, pages, and the middleware every request passes.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod catalog;
pub mod client_addr;
pub mod context;
pub mod csrf;
pub mod csv_stream;
pub mod customers;
pub mod dashboard;
pub mod database;
pub mod error;
pub mod form_body;
pub mod forms;
pub mod head;
pub mod kept;
pub mod nul_text;
pub mod outbox;
pub mod profile;
pub mod rate_limit;
pub mod session_store;
pub mod settings;
pub mod staff;
pub mod subscriptions;
pub mod time;
pub mod usage_cache;
pub mod wizard;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::config::Config;
use crate::db::Pool;
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
    pub page_data: kept::PageData,
    pub limits: rate_limit::RateLimits,
}

impl AppState {
    pub fn new(pool: Pool, config: Arc<Config>, secret: &str) -> Self {
        let keys = crate::crypto::SealingKeys::of(&config, secret);
        AppState {
            pool,
            limits: rate_limit::RateLimits::new(config.requests_per_minute_per_ip),
            secrets: crate::crypto::SecretBox::for_integrations(&keys),
            links: crate::mail::Links::new(&config.base_url, &keys),
            usage: Default::default(),
            page_data: Default::default(),
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

/// Every route. A request is matched against the routes in this order, a
/// pattern with a `{segment}` by a regular expression each: the pages used
/// most (the customer list and overview) come first. The wizard's fixed
/// `/customers/new` comes before `/customers/{id}`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(wizard::routes)
        .configure(customers::routes)
        .configure(assets::routes)
        .configure(audit::routes)
        .configure(auth::login::routes)
        .configure(auth::login_as::routes)
        .configure(auth::forgot::routes)
        .configure(auth::links::routes)
        .configure(auth::password_change::routes)
        .configure(auth::setup::routes)
        .configure(billing::routes)
        .configure(catalog::routes)
        .configure(dashboard::routes)
        .configure(outbox::routes)
        .configure(profile::routes)
        .configure(settings::routes)
        .configure(staff::routes)
        .configure(subscriptions::routes);
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
