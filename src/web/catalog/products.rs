//! `/products`: products, whether they lock once assigned, their packages
//! and prices per term.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, routes, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::after_save;
use crate::app;
use crate::db::catalog::{self, Package, Product};
use crate::domain::catalog::{format_price, parse_price};
use crate::domain::policy::{Action, Target};
use crate::domain::validate::{required_text, MAX_NAME};
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::request::optional_id;
use crate::web::{html, AppState};

#[derive(Deserialize, Default)]
struct ProductForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    locked: Option<String>,
}

#[derive(Deserialize, Default)]
struct PackageForm {
    #[serde(default)]
    package_name: String,
    #[serde(default)]
    monthly: String,
    #[serde(default)]
    annual: String,
}

pub struct PackageRow {
    pub p: Package,
    pub monthly: String,
    pub annual: String,
}

#[derive(Template)]
#[template(path = "catalog/products.html")]
struct ProductsPage {
    ctx: PageCtx,
    products: Vec<Product>,
    editing: Option<Product>,
    packages: Vec<PackageRow>,
    form: ProductForm,
    package_form: PackageForm,
    errors: FormErrors,
}

/// The page for the list (editing None) or one product, with a form as typed.
struct View {
    editing: Option<i64>,
    form: ProductForm,
    package_form: PackageForm,
    errors: FormErrors,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    v: View,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let editing = v.editing;
    let (products, packages) = crate::web::request::database::run(&state.pool, move |c| {
        let packages = match editing {
            Some(id) => catalog::packages_of(c, id)?,
            None => Vec::new(),
        };
        Ok((catalog::products(c)?, packages))
    })
    .await?;
    let editing = match editing {
        Some(id) => Some(
            products
                .iter()
                .find(|p| p.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let page = ProductsPage {
        ctx: PageCtx::for_user(req, current, "products-title")?,
        packages: packages
            .into_iter()
            .map(|p| PackageRow {
                monthly: format_price(p.price_monthly_cents),
                annual: format_price(p.price_annual_cents),
                p,
            })
            .collect(),
        products,
        editing,
        form: v.form,
        package_form: v.package_form,
        errors: v.errors,
    };
    html(status, &page)
}

#[get("/products")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let v = View {
        editing: None,
        form: ProductForm::default(),
        package_form: PackageForm::default(),
        errors: FormErrors::new(current.lang),
    };
    render(&req, &state, &current, v, StatusCode::OK).await
}

#[get("/products/{id}")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let id = *id;
    let product =
        crate::web::request::database::run(&state.pool, move |c| Ok(catalog::product(c, id)?))
            .await?
            .ok_or(AppError::NotFound)?;
    let form = ProductForm {
        name: product.name,
        locked: product.locked_once_assigned.then(|| "on".into()),
    };
    let v = View {
        editing: Some(id),
        form,
        package_form: PackageForm::default(),
        errors: FormErrors::new(current.lang),
    };
    render(&req, &state, &current, v, StatusCode::OK).await
}

/// Creates a product (no id) or renames one, and sets its lock.
#[routes]
#[post("/products")]
#[post("/products/{id}")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<ProductForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let (id, form) = (optional_id(&req)?, form.into_inner());
    let mut errors = FormErrors::new(current.lang);
    if let Some(name) = errors.check("name", required_text(&form.name, MAX_NAME)) {
        let (n, locked, actor) = (name.clone(), form.locked.is_some(), current.app_actor());
        let saved = crate::web::request::database::run(&state.pool, move |c| {
            let saved = app::catalog::save_product(c, &actor, id, &n, locked);
            Ok(app::or_refusal(saved)?)
        })
        .await?;
        let to = |pid| format!("/products/{pid}");
        let flash = ("product-saved", name);
        if let Some(done) = after_save(&state, &session, saved, flash, to, (&mut errors, "name"))? {
            return Ok(done);
        }
    }
    let v = View {
        editing: id,
        form,
        package_form: PackageForm::default(),
        errors,
    };
    render(&req, &state, &current, v, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[post("/products/{id}/packages")]
async fn add_package(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<PackageForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    let id = *id;
    let product =
        crate::web::request::database::run(&state.pool, move |c| Ok(catalog::product(c, id)?))
            .await?
            .ok_or(AppError::NotFound)?;
    let form = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let name = errors.check("package_name", required_text(&form.package_name, MAX_NAME));
    let monthly = errors.check("monthly", parse_price(&form.monthly));
    let annual = errors.check("annual", parse_price(&form.annual));
    if let (Some(name), Some(monthly), Some(annual)) = (name, monthly, annual) {
        let (n, actor) = (name.clone(), current.app_actor());
        let prices = app::catalog::Prices { monthly, annual };
        let added = crate::web::request::database::run(&state.pool, move |c| {
            let added = app::catalog::add_package(c, &actor, id, &n, prices);
            Ok(app::or_refusal(added)?)
        })
        .await?;
        let (to, flash) = (|()| format!("/products/{id}"), ("package-added", name));
        let on = (&mut errors, "package_name");
        if let Some(done) = after_save(&state, &session, added, flash, to, on)? {
            return Ok(done);
        }
    }
    let form_p = ProductForm {
        name: product.name,
        locked: product.locked_once_assigned.then(|| "on".into()),
    };
    let v = View {
        editing: Some(id),
        form: form_p,
        package_form: form,
        errors,
    };
    render(&req, &state, &current, v, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[post("/products/{id}/packages/{package}/remove")]
async fn remove_package(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let ((id, package), actor) = (path.into_inner(), current.app_actor());
    crate::web::request::database::run(&state.pool, move |c| {
        Ok(app::catalog::remove_package(c, &actor, id, package)?)
    })
    .await?;
    state.page_cache.forget();
    flash(&session, "success", "package-removed")?;
    Ok(see_other(&format!("/products/{id}")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(save)
        .service(show)
        .service(add_package)
        .service(remove_package);
}
