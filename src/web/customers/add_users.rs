//! `/customers/{id}/users/add`: add up to 25 people at once. One row shows;
//! *Add row* adds another (a plain submit, so it works without JavaScript).
//! Every row is checked together and nothing is added unless all are right;
//! each error sits on its row and field, and every row keeps what was typed.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::customer_users::{self, NewPerson, RowRefusal, CUSTOMER_ROLES, MAX_AT_ONCE};
use crate::app::{self, Refusal};
use crate::db::customers::Customer;
use crate::domain::policy::Action;
use crate::domain::roles::Role;
use crate::domain::validate::{self, MAX_NAME};
use crate::i18n::Lang;
use crate::web::customers::list::Choice;
use crate::web::customers::load_for;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

/// One row as typed, with its errors by field.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub package: String,
    pub language: String,
    pub errors: Vec<(&'static str, String)>,
}

impl Row {
    fn blank(lang: Lang) -> Row {
        Row {
            role: Role::User.as_str().into(),
            language: lang.code().into(),
            ..Default::default()
        }
    }

    fn is_blank(&self) -> bool {
        self.full_name.trim().is_empty() && self.email.trim().is_empty()
    }

    /// The message for `field`, if it has one.
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m)
    }
}

#[derive(Template)]
#[template(path = "customers/add_users.html")]
struct AddUsersPage {
    ctx: PageCtx,
    c: Customer,
    rows: Vec<Row>,
    roles: Vec<Choice>,
    packages: Vec<Choice>,
    languages: Vec<Choice>,
    /// A message about the whole form.
    form_error: Option<String>,
    max_rows: usize,
    limit_note: String,
}

impl AddUsersPage {
    /// The choices with the row's value selected.
    fn chosen(&self, choices: &[Choice], value: &str) -> Vec<Choice> {
        choices
            .iter()
            .map(|c| Choice {
                selected: c.value == value,
                ..c.clone()
            })
            .collect()
    }
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    c: Customer,
    (rows, form_error): (Vec<Row>, Option<String>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let packages = super::packages_of(state, &c).await?;
    let lang = current.lang;
    let choice = |value: String, label: String| Choice {
        selected: false,
        value,
        label,
    };
    let page = AddUsersPage {
        ctx: PageCtx::for_user(req, current, "users-add-title")?,
        roles: CUSTOMER_ROLES
            .iter()
            .map(|r| choice(r.as_str().into(), lang.t(r.label_key())))
            .collect(),
        packages: std::iter::once(choice(String::new(), lang.t("user-package-none")))
            .chain(
                packages
                    .into_iter()
                    .map(|p| choice(p.id.to_string(), p.name)),
            )
            .collect(),
        languages: Lang::ALL
            .iter()
            .map(|l| choice(l.code().into(), l.native_name().into()))
            .collect(),
        max_rows: MAX_AT_ONCE,
        limit_note: lang.t_args("users-add-limit", &[("max", MAX_AT_ONCE.to_string())]),
        form_error,
        rows,
        c,
    };
    html(status, &page)
}

#[get("/customers/{id}/users/add")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let rows = vec![Row::blank(current.lang)];
    render(&req, &state, &current, c, (rows, None), StatusCode::OK).await
}

/// The rows of the posted form: its fields repeat once per row, in order.
fn rows_of(body: &[u8]) -> (Vec<Row>, String) {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut rows: Vec<Row> = Vec::new();
    let mut action = String::new();
    for (name, value) in pairs {
        if name == "action" {
            action = value;
            continue;
        }
        // Every row starts with its name field.
        if name == "full_name" || rows.is_empty() {
            rows.push(Row::default());
        }
        let row = rows.last_mut().expect("a row was just made");
        match name.as_str() {
            "full_name" => row.full_name = value,
            "email" => row.email = value,
            "role" => row.role = value,
            "package" => row.package = value,
            "language" => row.language = value,
            _ => {}
        }
    }
    (rows, action)
}

/// A row's person, or its errors, in the reader's language.
fn parse(row: &mut Row, lang: Lang) -> Option<NewPerson> {
    let mut errors = Vec::new();
    let mut problem = |field: &'static str, key: &str, args: &[(&str, String)]| {
        errors.push((field, lang.t_args(key, args)));
    };
    let full_name = validate::required_text(&row.full_name, MAX_NAME)
        .map_err(|p| problem("full_name", p.key, &p.args))
        .ok();
    let email = validate::email(&row.email)
        .map_err(|p| problem("email", p.key, &p.args))
        .ok();
    let role = row
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| CUSTOMER_ROLES.contains(r));
    if role.is_none() {
        problem("role", "user-role-unknown", &[]);
    }
    let language = Lang::from_code(&row.language);
    if language.is_none() {
        problem("language", "language-unknown", &[]);
    }
    let package_id = match row.package.trim() {
        "" => Some(None),
        p => p.parse::<i64>().ok().map(Some),
    };
    if package_id.is_none() {
        problem("package", "user-package-unknown", &[]);
    }
    row.errors.extend(errors);
    Some(NewPerson {
        full_name: full_name?,
        email: email?.to_lowercase(),
        role: role?,
        language: language?,
        package_id: package_id?,
    })
}

#[post("/customers/{id}/users/add")]
async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let lang = current.lang;
    let (mut rows, action) = rows_of(&body);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if rows.len() > MAX_AT_ONCE {
        rows.truncate(MAX_AT_ONCE);
        let error = Some(lang.t("users-too-many-at-once"));
        return render(&req, &state, &current, c, (rows, error), unprocessable).await;
    }
    if action == "add_row" {
        if rows.len() == MAX_AT_ONCE {
            let error = Some(lang.t("users-too-many-at-once"));
            return render(&req, &state, &current, c, (rows, error), unprocessable).await;
        }
        rows.push(Row::blank(lang));
        return render(&req, &state, &current, c, (rows, None), StatusCode::OK).await;
    }
    // A row left blank is no one to add.
    rows.retain(|r| !r.is_blank());
    if rows.is_empty() {
        let error = Some(lang.t("users-add-empty"));
        let rows = vec![Row::blank(lang)];
        return render(&req, &state, &current, c, (rows, error), unprocessable).await;
    }
    let people: Vec<Option<NewPerson>> = rows.iter_mut().map(|r| parse(r, lang)).collect();
    if people.iter().any(Option::is_none) {
        return render(&req, &state, &current, c, (rows, None), unprocessable).await;
    }
    let people: Vec<NewPerson> = people.into_iter().flatten().collect();
    let (actor, links, cid) = (current.app_actor(), state.links.clone(), c.id);
    let added = crate::web::request::database::run(&state.pool, move |conn| {
        let added = customer_users::add(conn, &actor, &links, cid, &people);
        Ok(app::or_refusal(added)?)
    })
    .await?;
    match added {
        Ok(Ok(ids)) => {
            let count = ids.len().to_string();
            flash_with(
                &session,
                "success",
                "users-added",
                vec![("count".into(), count)],
            )?;
            Ok(see_other(&format!("/customers/{cid}/users")))
        }
        Ok(Err(refused)) => {
            for RowRefusal { row, field, key } in refused {
                rows[row].errors.push((field, lang.t(key)));
            }
            render(&req, &state, &current, c, (rows, None), unprocessable).await
        }
        Err(Refusal { key, .. }) => {
            let error = Some(lang.t(key));
            render(&req, &state, &current, c, (rows, error), unprocessable).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(submit);
}
