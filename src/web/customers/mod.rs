//! Customer accounts: the list, the overview, status changes, delete, edit.

pub mod actions;
pub mod add_users;
pub mod edit;
pub mod email;
pub mod export;
pub mod import_task;
pub mod list;
pub mod overview;
pub mod reseller_filter;
pub mod services;
pub mod sites;
pub mod subscriptions;
pub mod user_actions;
pub mod user_edit;
pub mod user_row;
pub mod users;
pub mod users_export;
pub mod users_import;

use actix_web::web;

use crate::db::customers::{self, Customer};
use crate::domain::policy::Action;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::AppState;

/// Loads a customer the current person may act on: 404 when it does not
/// exist or belongs to someone else (so ids cannot be told apart), 403 when
/// the role may not do this at all.
pub async fn load_for(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
    action: Action,
) -> Result<Customer, AppError> {
    let customer =
        crate::web::request::database::run(&state.pool, move |c| Ok(customers::find(c, id)?))
            .await?
            .ok_or(AppError::NotFound)?;
    current.require_within_reach(action, crate::app::target(&customer))?;
    Ok(customer)
}

/// The packages of a customer's product, for its users' forms and files.
pub async fn packages_of(
    state: &AppState,
    c: &Customer,
) -> Result<Vec<crate::db::catalog::Package>, AppError> {
    let product = c.product_id;
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(crate::db::catalog::packages_of(conn, product)?)
    })
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The fixed paths (export, reseller options) come before /customers/{id},
    // the overview before the customer's other pages (see `web::routes`).
    cfg.configure(export::routes)
        .configure(reseller_filter::routes)
        .configure(list::routes)
        .configure(overview::routes)
        .configure(actions::routes)
        .configure(edit::routes)
        .configure(email::routes)
        .configure(sites::routes)
        .configure(services::routes)
        .configure(subscriptions::routes)
        .configure(users::routes)
        .configure(add_users::routes)
        .configure(users_export::routes)
        .configure(users_import::routes)
        .configure(import_task::routes)
        .configure(user_actions::routes)
        .configure(user_edit::routes);
}
