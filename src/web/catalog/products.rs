//! `/products`: products, whether they lock once assigned, their packages
//! and prices per term.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db::catalog::{self, Package, Product};
use crate::domain::catalog::{format_price, parse_price};
use crate::domain::policy::{Action, Target};
use crate::domain::validate::{required_text, MAX_NAME};
use crate::web::catalog::record;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
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

async fn save(
    req: HttpRequest,
    state: &AppState,
    session: Session,
    current: CurrentUser,
    id: Option<i64>,
    form: ProductForm,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageCatalog, Target::Platform)?;
    if let Some(id) = id {
        // Editing something that is not there is a 404, not a silent no-op.
        crate::web::request::database::run(&state.pool, move |c| Ok(catalog::product(c, id)?))
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let mut errors = FormErrors::new(current.lang);
    if let Some(name) = errors.check("name", required_text(&form.name, MAX_NAME)) {
        let (n, locked) = (name.clone(), form.locked.is_some());
        let saved = crate::web::request::database::run(&state.pool, move |c| {
            if catalog::product_name_taken(c, &n, id)? {
                return Ok(None);
            }
            Ok(Some(catalog::save_product(c, id, &n, locked)?))
        })
        .await?;
        if let Some(pid) = saved {
            record(
                state,
                &current,
                if id.is_some() {
                    "product.updated"
                } else {
                    "product.created"
                },
                pid.to_string(),
                format!("product {name}, locked once assigned: {locked}"),
            )
            .await?;
            flash_with(
                &session,
                "success",
                "product-saved",
                vec![("name".into(), name)],
            )?;
            return Ok(see_other(&format!("/products/{pid}")));
        }
        errors.add("name", "name-taken");
    }
    let v = View {
        editing: id,
        form,
        package_form: PackageForm::default(),
        errors,
    };
    render(&req, state, &current, v, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[post("/products")]
async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<ProductForm>,
) -> Result<HttpResponse, AppError> {
    save(req, &state, session, current, None, form.into_inner()).await
}

#[post("/products/{id}")]
async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    form: web::Form<ProductForm>,
) -> Result<HttpResponse, AppError> {
    save(req, &state, session, current, Some(*id), form.into_inner()).await
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
        let n = name.clone();
        let added = crate::web::request::database::run(&state.pool, move |c| {
            if catalog::package_name_taken(c, id, &n)? {
                return Ok(false);
            }
            catalog::add_package(c, id, &n, monthly, annual)?;
            Ok(true)
        })
        .await?;
        if added {
            record(
                &state,
                &current,
                "package.created",
                id.to_string(),
                format!(
                    "{}: package {name}, {} / {}",
                    product.name,
                    format_price(monthly),
                    format_price(annual)
                ),
            )
            .await?;
            flash_with(
                &session,
                "success",
                "package-added",
                vec![("name".into(), name)],
            )?;
            return Ok(see_other(&format!("/products/{id}")));
        }
        errors.add("package_name", "name-taken");
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
    current.require(Action::ManageCatalog, Target::Platform)?;
    let (id, package) = path.into_inner();
    let removed = crate::web::request::database::run(&state.pool, move |c| {
        Ok(catalog::remove_package(c, id, package)?)
    })
    .await?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    record(
        &state,
        &current,
        "package.removed",
        package.to_string(),
        format!("package {package} of product {id}"),
    )
    .await?;
    flash(&session, "success", "package-removed")?;
    Ok(see_other(&format!("/products/{id}")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(add_package)
        .service(remove_package);
}
