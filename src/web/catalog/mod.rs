//! Operator screens: reseller plans, products with their packages, resellers.

pub mod plans;
pub mod products;
pub mod resellers;

use actix_web::web;

use crate::db::audit::{self, AuditEvent};
use crate::db::{self, Pool};
use crate::web::auth::current::CurrentUser;
use crate::web::error::AppError;

/// Writes one audit row for a catalogue change.
pub async fn record(
    pool: &Pool,
    current: &CurrentUser,
    action: &'static str,
    target: String,
    summary: String,
) -> Result<(), AppError> {
    let actor = current.audit_actor();
    db::run(pool, move |c| {
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
