//! Operator screens: reseller plans, products with their packages, resellers.

pub mod plans;
pub mod products;
pub mod resellers;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(plans::routes)
        .configure(products::routes)
        .configure(resellers::routes);
}
