//! `/customers/{id}/users/{user}/edit`: a user's name, phone, language,
//! role and package, and their username once active (`app::user_edit`).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::customer_users::CUSTOMER_ROLES;
use crate::app::user_edit::{self, UserEdit};
use crate::app::{self};
use crate::db::customers::Customer;
use crate::db::users::User;
use crate::domain::validate::{self, required_text, MAX_NAME};
use crate::i18n::Lang;
use crate::web::customers::list::Choice;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

/// The longest phone number kept.
const MAX_PHONE: usize = 40;

#[derive(Debug, Clone, Default, Deserialize)]
struct EditForm {
    /// Sent only once the user is active.
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    role: String,
    /// A package's id, or empty for none.
    #[serde(default)]
    package: String,
}

#[derive(Template)]
#[template(path = "customers/user_edit.html")]
struct EditPage {
    ctx: PageCtx,
    c: Customer,
    user_id: i64,
    email: String,
    /// The username, shown as it is until the user is active.
    username: String,
    username_editable: bool,
    form: EditForm,
    errors: FormErrors,
    roles: Vec<Choice>,
    packages: Vec<Choice>,
    languages: Vec<Choice>,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    (c, u): (Customer, User),
    (form, errors): (EditForm, FormErrors),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let packages = super::packages_of(state, &c).await?;
    let lang = current.lang;
    let choice = |value: String, label: String, chosen: &str| Choice {
        selected: value == chosen,
        value,
        label,
    };
    let page = EditPage {
        ctx: PageCtx::for_user(req, current, "user-edit-title")?,
        roles: CUSTOMER_ROLES
            .iter()
            .map(|r| choice(r.as_str().into(), lang.t(r.label_key()), &form.role))
            .collect(),
        packages: std::iter::once(choice(
            String::new(),
            lang.t("user-package-none"),
            &form.package,
        ))
        .chain(
            packages
                .into_iter()
                .map(|p| choice(p.id.to_string(), p.name, &form.package)),
        )
        .collect(),
        languages: Lang::ALL
            .iter()
            .map(|l| choice(l.code().into(), l.native_name().into(), &form.language))
            .collect(),
        user_id: u.id,
        username_editable: u.is_active(),
        username: u.username,
        email: u.email,
        form,
        errors,
        c,
    };
    html(status, &page)
}

#[get("/customers/{id}/users/{user}/edit")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (ids, actor) = (path.into_inner(), current.app_actor());
    let (c, u, m) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(user_edit::current(conn, &actor, ids)?)
    })
    .await?;
    let form = EditForm {
        username: u.is_active().then(|| u.username.clone()),
        full_name: m.full_name,
        phone: m.phone,
        language: m.language,
        role: m.role,
        package: m.package_id.map(|p| p.to_string()).unwrap_or_default(),
    };
    let errors = FormErrors::new(current.lang);
    render(
        &req,
        &state,
        &current,
        (c, u),
        (form, errors),
        StatusCode::OK,
    )
    .await
}

#[post("/customers/{id}/users/{user}/edit")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let (ids, form) = (path.into_inner(), form.into_inner());
    let mut errors = FormErrors::new(current.lang);
    let username = match form.username.as_deref() {
        Some(name) => errors.check("username", validate::username(name)).map(Some),
        None => Some(None),
    };
    let full_name = errors.check("full_name", required_text(&form.full_name, MAX_NAME));
    let phone = form.phone.trim().to_string();
    if phone.chars().count() > MAX_PHONE {
        errors.add("phone", "import-text-too-long");
    }
    let language = Lang::from_code(&form.language);
    if language.is_none() {
        errors.add("language", "language-unknown");
    }
    let role = form.role.parse().ok();
    if role.is_none() {
        errors.add("role", "user-role-unknown");
    }
    let package = match form.package.as_str() {
        "" => Some(None),
        p => p.parse().ok().map(Some),
    };
    if package.is_none() {
        errors.add("package", "user-package-unknown");
    }
    if let (Some(username), Some(full_name), Some(language), Some(role), Some(package_id), true) = (
        username,
        full_name,
        language,
        role,
        package,
        errors.is_empty(),
    ) {
        let edit = UserEdit {
            username,
            full_name,
            phone,
            language,
            role,
            package_id,
        };
        let actor = current.app_actor();
        let saved = crate::web::request::database::run(&state.pool, move |conn| {
            Ok(app::or_refusal(user_edit::edit(conn, &actor, ids, &edit))?)
        })
        .await?;
        match saved {
            Ok((c, u)) => {
                let name = vec![("name".into(), u.full_name.clone())];
                flash_with(&session, "success", "user-saved", name)?;
                return Ok(see_other(&format!("/customers/{}/users", c.id)));
            }
            Err(r) => errors.add(r.field.unwrap_or("full_name"), r.key),
        }
    }
    // Only a refused form needs the user again, to show it.
    let actor = current.app_actor();
    let (c, u, _) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(user_edit::current(conn, &actor, ids)?)
    })
    .await?;
    let who = (c, u);
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(&req, &state, &current, who, (form, errors), status).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(save);
}
