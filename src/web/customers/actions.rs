//! Suspend, enable and delete, from the list (htmx rows) or the overview.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use super::list::{row_view, RowView};
use super::{load_for, local_return};
use crate::db;
use crate::db::audit::{self, AuditEvent};
use crate::db::customers::{self, Footprint};
use crate::db::{customer_list, settings};
use crate::domain::customer::{enabled_status, CustomerStatus};
use crate::domain::policy::Action;
use crate::web::auth::current::CurrentUser;
use crate::web::context::{flash_with, is_htmx, PageCtx};
use crate::web::error::{see_other, AppError};
use crate::web::forms::FormErrors;
use crate::web::{html, AppState};

#[derive(Deserialize)]
struct ReturnForm {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

#[derive(Template)]
#[template(path = "customers/_row_swap.html")]
struct RowSwap {
    ctx: PageCtx,
    row: RowView,
    show_reseller: bool,
    message: String,
}

#[derive(Clone, Copy)]
enum Change {
    Suspend,
    Enable,
}

async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: i64,
    form: ReturnForm,
    change: Change,
) -> Result<HttpResponse, AppError> {
    let customer = load_for(&state, &current, id, Action::SuspendCustomer).await?;
    let status = CustomerStatus::parse(&customer.status).ok_or(AppError::NotFound)?;
    let allowed = match change {
        Change::Suspend => status.can_suspend(),
        Change::Enable => status.can_enable(),
    };
    let (new_status, action, key) = match change {
        Change::Suspend => (
            CustomerStatus::Suspended,
            "customer.suspended",
            "customer-suspended",
        ),
        Change::Enable => (
            enabled_status(customer.trial_ends_at, db::now()),
            "customer.enabled",
            "customer-enabled",
        ),
    };
    if allowed {
        let actor = current.audit_actor();
        let c = customer.clone();
        crate::web::database::run(&state.pool, move |conn| {
            conn.transaction(|conn| {
                customers::set_status(conn, c.id, new_status.as_str())?;
                audit::record(
                    conn,
                    &actor,
                    AuditEvent::about(
                        &c,
                        action,
                        "customer",
                        c.public_id.clone(),
                        format!("{}: status {} → {}", c.name, c.status, new_status.as_str()),
                    ),
                )
            })?;
            Ok(())
        })
        .await?;
    }
    let args = vec![("name".to_string(), customer.name.clone())];
    if is_htmx(&req) {
        let kept = state.clone();
        let (row, names, impersonation_on) = crate::web::database::run(&state.pool, move |c| {
            let row = customer_list::list_row(c, id)?;
            let names = kept.page_data.names_for(c, row.as_slice())?;
            Ok((row, names, settings::impersonation_enabled(c)?))
        })
        .await?;
        let row = row.ok_or(AppError::NotFound)?;
        let ctx = PageCtx::for_user(&req, &current, "customers-title")?;
        let swap = RowSwap {
            message: current.lang.t_args(key, &args),
            row: row_view(row, &names, &current, impersonation_on),
            show_reseller: current.actor.role.is_staff(),
            ctx,
        };
        return html(StatusCode::OK, &swap);
    }
    flash_with(&session, "success", key, args)?;
    let fallback = format!("/customers/{id}");
    Ok(see_other(&local_return(
        form.return_to.as_deref(),
        &fallback,
    )))
}

/// Suspend or enable: one route, whose last word names the change.
#[post("/customers/{id}/{change:suspend|enable}")]
async fn set_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, String)>,
    form: web::Form<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let (id, change) = path.into_inner();
    let change = match change.as_str() {
        "suspend" => Change::Suspend,
        _ => Change::Enable,
    };
    change_status(req, state, session, current, id, form.into_inner(), change).await
}

#[derive(Template)]
#[template(path = "customers/delete.html")]
struct DeletePage {
    ctx: PageCtx,
    id: i64,
    name: String,
    footprint: Footprint,
    typed: String,
    errors: FormErrors,
}

async fn delete_page(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    id: i64,
    status: StatusCode,
    typed: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let customer = load_for(state, current, id, Action::DeleteCustomer).await?;
    let footprint =
        crate::web::database::run(&state.pool, move |c| Ok(customers::footprint(c, id)?)).await?;
    let ctx = PageCtx::for_user(req, current, "customer-delete-title")?;
    html(
        status,
        &DeletePage {
            ctx,
            id,
            name: customer.name,
            footprint,
            typed,
            errors,
        },
    )
}

#[get("/customers/{id}/delete")]
async fn confirm_delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let errors = FormErrors::new(current.lang);
    delete_page(
        &req,
        &state,
        &current,
        *id,
        StatusCode::OK,
        String::new(),
        errors,
    )
    .await
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm_name: String,
}

#[post("/customers/{id}/delete")]
async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let customer = load_for(&state, &current, id, Action::DeleteCustomer).await?;
    if form.confirm_name.trim() != customer.name {
        let mut errors = FormErrors::new(current.lang);
        errors.add("confirm_name", "customer-delete-name-mismatch");
        let typed = form.into_inner().confirm_name;
        return delete_page(
            &req,
            &state,
            &current,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            typed,
            errors,
        )
        .await;
    }
    let actor = current.audit_actor();
    let c = customer.clone();
    crate::web::database::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let footprint = customers::footprint(conn, c.id)?;
            customers::delete(conn, c.id)?;
            audit::record(
                conn,
                &actor,
                AuditEvent::about(
                    &c,
                    "customer.deleted",
                    "customer",
                    c.public_id.clone(),
                    format!(
                        "{} deleted with {} users, {} sites, {} services, {} subscriptions",
                        c.name,
                        footprint.users,
                        footprint.sites,
                        footprint.services,
                        footprint.subscriptions
                    ),
                ),
            )
        })?;
        Ok(())
    })
    .await?;
    flash_with(
        &session,
        "success",
        "customer-deleted",
        vec![("name".into(), customer.name)],
    )?;
    Ok(see_other("/customers"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(set_status)
        .service(confirm_delete)
        .service(delete);
}
