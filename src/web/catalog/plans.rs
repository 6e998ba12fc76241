//! `/plans`: reseller plans and their limits.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, routes, web, HttpRequest, HttpResponse};
use askama::Template;

use super::after_save;
use crate::app;
use crate::db::catalog::{self, Plan, PlanInput, Product};
use crate::domain::catalog::parse_limit;
use crate::domain::policy::{Action, Target};
use crate::domain::validate::{required_text, MAX_NAME};
use crate::web::forms::FormErrors;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::request::optional_id;
use crate::web::{html, AppState};

#[derive(Default)]
struct PlanForm {
    name: String,
    max_customers: String,
    max_users_per_customer: String,
    max_seats: String,
    trials_allowed: Option<String>,
    api_allowed: Option<String>,
    /// Allowed products: repeated `product` fields.
    product: Vec<String>,
}

fn limit(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

impl PlanForm {
    fn of(p: &Plan, products: Vec<i64>) -> Self {
        PlanForm {
            name: p.name.clone(),
            max_customers: limit(p.max_customers),
            max_users_per_customer: limit(p.max_users_per_customer),
            max_seats: limit(p.max_seats),
            trials_allowed: p.trials_allowed.then(|| "on".into()),
            api_allowed: p.api_allowed.then(|| "on".into()),
            product: products.iter().map(|p| p.to_string()).collect(),
        }
    }

    pub fn allows(&self, product: &i64) -> bool {
        self.product.contains(&product.to_string())
    }
}

#[derive(Template)]
#[template(path = "catalog/plans.html")]
struct PlansPage {
    ctx: PageCtx,
    plans: Vec<Plan>,
    products: Vec<Product>,
    editing: Option<i64>,
    form: PlanForm,
    errors: FormErrors,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    editing: Option<i64>,
    form: PlanForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (plans, products) = crate::web::request::database::run(&state.pool, |c| {
        Ok((catalog::plans(c)?, catalog::products(c)?))
    })
    .await?;
    html(
        status,
        &PlansPage {
            ctx: PageCtx::for_user(req, current, "plans-title")?,
            plans,
            products,
            editing,
            form,
            errors,
        },
    )
}

#[get("/plans")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let form = PlanForm {
        trials_allowed: Some("on".into()),
        api_allowed: Some("on".into()),
        ..Default::default()
    };
    render(
        &req,
        &state,
        &current,
        None,
        form,
        FormErrors::new(current.lang),
        StatusCode::OK,
    )
    .await
}

#[get("/plans/{id}")]
async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let id = *id;
    let (plan, products) = crate::web::request::database::run(&state.pool, move |c| {
        Ok((catalog::plan(c, id)?, catalog::plan_product_ids(c, id)?))
    })
    .await?;
    let plan = plan.ok_or(AppError::NotFound)?;
    render(
        &req,
        &state,
        &current,
        Some(id),
        PlanForm::of(&plan, products),
        FormErrors::new(current.lang),
        StatusCode::OK,
    )
    .await
}

/// Creates a plan (no id) or changes one.
#[routes]
#[post("/plans")]
#[post("/plans/{id}")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let id = optional_id(&req)?;
    // Repeated fields: read as pairs, not as a struct with a Vec.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = PlanForm {
        name: get("name"),
        max_customers: get("max_customers"),
        max_users_per_customer: get("max_users_per_customer"),
        max_seats: get("max_seats"),
        trials_allowed: pairs
            .iter()
            .any(|(n, _)| n == "trials_allowed")
            .then(|| "on".into()),
        api_allowed: pairs
            .iter()
            .any(|(n, _)| n == "api_allowed")
            .then(|| "on".into()),
        product: pairs
            .iter()
            .filter(|(n, _)| n == "product")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let mut errors = FormErrors::new(current.lang);
    let name = errors.check("name", required_text(&form.name, MAX_NAME));
    let max_customers = errors.check("max_customers", parse_limit(&form.max_customers));
    let max_users = errors.check(
        "max_users_per_customer",
        parse_limit(&form.max_users_per_customer),
    );
    let max_seats = errors.check("max_seats", parse_limit(&form.max_seats));
    let product_ids: Vec<i64> = form.product.iter().filter_map(|p| p.parse().ok()).collect();
    if product_ids.len() != form.product.len() {
        errors.add("product", "product-choose");
    }
    if let (Some(name), Some(max_customers), Some(max_users_per_customer), Some(max_seats), true) =
        (name, max_customers, max_users, max_seats, errors.is_empty())
    {
        let input = PlanInput {
            name: name.clone(),
            max_customers,
            max_users_per_customer,
            max_seats,
            trials_allowed: form.trials_allowed.is_some(),
            api_allowed: form.api_allowed.is_some(),
            product_ids,
        };
        let actor = current.app_actor();
        let saved = crate::web::request::database::run(&state.pool, move |c| {
            Ok(app::or_refusal(app::catalog::save_plan(
                c, &actor, id, &input,
            ))?)
        })
        .await?;
        let (to, flash) = (|_| "/plans".to_string(), ("plan-saved", name));
        if let Some(done) = after_save(&state, &session, saved, flash, to, (&mut errors, "name"))? {
            return Ok(done);
        }
    }
    render(
        &req,
        &state,
        &current,
        id,
        form,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(save).service(edit);
}
