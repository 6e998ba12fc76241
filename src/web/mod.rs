//! The HTTP side: routes, pages, and the middleware every request passes.

pub mod assets;
pub mod audit;
pub mod audit_text;
pub mod auth;
pub mod billing;
pub mod catalog;
pub mod confirm;
pub mod csv_stream;
pub mod customers;
pub mod dashboard;
pub mod forms;
pub mod login_as;
pub mod outbox;
pub mod page_cache;
pub mod profile;
pub mod request;
pub mod settings;
pub mod staff;
pub mod subscriptions;
pub mod time;
pub mod usage_cache;
pub mod wizard;

use actix_web::web;

pub use request::{html, is_local_path, AppState};

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
        .configure(login_as::routes)
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
