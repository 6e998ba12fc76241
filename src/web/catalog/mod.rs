//! Operator screens: reseller plans, products with their packages, resellers.

pub mod plans;
pub mod products;
pub mod resellers;

use actix_web::web;

use crate::db::audit::{self, AuditEvent};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::AppState;

/// Writes one audit row for a catalogue change, and forgets the products
/// the list's filter kept.
pub async fn record(
    state: &AppState,
    current: &CurrentUser,
    action: &'static str,
    target: String,
    summary: String,
) -> Result<(), AppError> {
    state.page_data.forget();
    let actor = current.audit_actor();
    crate::web::request::database::run(&state.pool, move |c| {
        Ok(audit::record(
            c,
            &actor,
            AuditEvent {
                action,
                target_type: "catalog",
                target_id: target,
                summary,
                ..Default::default()
            },
        )?)
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(plans::routes)
        .configure(products::routes)
        .configure(resellers::routes);
}
