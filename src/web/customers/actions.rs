//! Suspend, enable and delete, from the list (htmx rows) or the overview.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::{self, customers::StatusChange};
use crate::db::customers::{self, Footprint};
use crate::db::{customer_list, settings};
use crate::domain::policy::Action;
use crate::web::confirm::{self, Confirm};
use crate::web::customers::list::{row_view, RowView};
use crate::web::customers::load_for;
use crate::web::forms::FormErrors;
use crate::web::forms::ReturnForm;
use crate::web::request::context::{flash_with, is_htmx, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::local_return;
use crate::web::{html, AppState};

#[derive(Template)]
#[template(path = "customers/_row_swap.html")]
struct RowSwap {
    ctx: PageCtx,
    row: RowView,
    show_reseller: bool,
    message: String,
    /// Where the row's buttons lead back to: the list it sits in.
    return_to: String,
}

async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: i64,
    form: ReturnForm,
    change: StatusChange,
) -> Result<HttpResponse, AppError> {
    let actor = current.app_actor();
    let customer = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::customers::set_status(conn, &actor, id, change)?)
    })
    .await?;
    let key = match change {
        StatusChange::Suspend => "customer-suspended",
        StatusChange::Enable => "customer-enabled",
    };
    let args = vec![("name".to_string(), customer.name.clone())];
    if is_htmx(&req) {
        let kept = state.clone();
        let (row, names, impersonation_on) =
            crate::web::request::database::run(&state.pool, move |c| {
                let row = customer_list::list_row(c, id)?;
                let names = kept.page_cache.names_for(c, row.as_slice())?;
                Ok((row, names, settings::impersonation_enabled(c)?))
            })
            .await?;
        let row = row.ok_or(AppError::NotFound)?;
        let ctx = PageCtx::for_user(&req, &current, "customers-title")?;
        let swap = RowSwap {
            message: current.lang.t_args(key, &args),
            row: row_view(row, &names, &current, impersonation_on),
            show_reseller: current.actor.role.is_staff(),
            return_to: local_return(form.return_to.as_deref(), "/customers"),
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

/// Asks before suspending, for browsers without JavaScript.
#[get("/customers/{id}/suspend")]
async fn confirm_suspend(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
    query: web::Query<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::SuspendCustomer).await?;
    let confirm = Confirm {
        title_key: "customer-suspend-title",
        text_key: "customer-suspend-text",
        args: vec![("name", c.name.clone())],
        action: format!("/customers/{}/suspend", c.id),
        button_key: "customer-suspend",
    };
    let fallback = format!("/customers/{}", c.id);
    confirm::page(
        &req,
        &current,
        confirm,
        (query.return_to.as_deref(), &fallback),
    )
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
        "suspend" => StatusChange::Suspend,
        _ => StatusChange::Enable,
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
        crate::web::request::database::run(&state.pool, move |c| Ok(customers::footprint(c, id)?))
            .await?;
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
    let (id, actor) = (*id, current.app_actor());
    let typed = form.into_inner().confirm_name;
    let t = typed.clone();
    let deleted = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(app::or_refusal(app::customers::delete(
            conn, &actor, id, &t,
        ))?)
    })
    .await?;
    match deleted {
        Ok(customer) => {
            flash_with(
                &session,
                "success",
                "customer-deleted",
                vec![("name".into(), customer.name)],
            )?;
            Ok(see_other("/customers"))
        }
        Err(r) => {
            let mut errors = FormErrors::new(current.lang);
            errors.add(r.field.unwrap_or("confirm_name"), r.key);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            delete_page(&req, &state, &current, id, status, typed, errors).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(set_status)
        .service(confirm_suspend)
        .service(confirm_delete)
        .service(delete);
}
