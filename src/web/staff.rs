//! Platform staff: the operators and support people who run Partnerdesk.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::operators::{self, NewOperator, OperatorError};
use crate::db::memberships::{self, StaffMember};
use crate::domain::password;
use crate::domain::policy::{Action, Target};
use crate::domain::roles::Role;
use crate::domain::validate::{self, MAX_NAME};
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

#[derive(Default, Deserialize)]
struct StaffForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub struct StaffRow {
    pub full_name: String,
    pub email: String,
    pub role_label: String,
    pub status_label: String,
    pub last_login: String,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    ctx: PageCtx,
    rows: Vec<StaffRow>,
    form: StaffForm,
    errors: FormErrors,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    form: StaffForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let members: Vec<StaffMember> =
        crate::web::request::database::run(&state.pool, |c| Ok(memberships::staff(c)?)).await?;
    let lang = current.lang;
    let tz = current.user.timezone.clone();
    let rows = members
        .into_iter()
        .map(|m| StaffRow {
            role_label: m
                .role
                .parse::<Role>()
                .map(|r| lang.t(r.label_key()))
                .unwrap_or(m.role),
            status_label: lang.t(&format!("user-status-{}", m.status)),
            last_login: m
                .last_login_at
                .map(|t| crate::web::time::format_datetime(t, tz.as_deref()))
                .unwrap_or_else(|| lang.t("never")),
            full_name: m.full_name,
            email: m.email,
        })
        .collect();
    let ctx = PageCtx::for_user(req, current, "staff-title")?.with_times(current);
    html(
        status,
        &StaffPage {
            ctx,
            rows,
            form,
            errors,
        },
    )
}

#[get("/staff")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageStaff, Target::Platform)?;
    let form = StaffForm {
        role: Role::Support.as_str().into(),
        ..Default::default()
    };
    let errors = FormErrors::new(current.lang);
    render(&req, &state, &current, StatusCode::OK, form, errors).await
}

#[post("/staff")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<StaffForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ManageStaff, Target::Platform)?;
    let mut form = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let full_name = errors.check(
        "full_name",
        validate::required_text(&form.full_name, MAX_NAME),
    );
    let email = errors.check("email", validate::email(&form.email));
    let role = form.role.parse::<Role>().ok().filter(|r| r.is_staff());
    if role.is_none() {
        errors.add("role", "role-unknown");
    }
    if let Err(p) = password::check(&form.password, &[form.email.trim()]) {
        errors.add_password("password", p);
    }
    if let (Some(full_name), Some(email), Some(role), true) =
        (full_name, email, role, errors.is_empty())
    {
        let new = NewOperator {
            email: email.clone(),
            full_name: full_name.clone(),
            password: form.password.clone(),
        };
        let actor = current.audit_actor();
        let cost = state.config.bcrypt_cost;
        let result = crate::web::request::database::run(&state.pool, move |conn| {
            Ok(operators::create(conn, &new, role, cost, &actor))
        })
        .await?;
        match result {
            Ok(_) => {
                let role_label = current.lang.t(role.label_key());
                flash_with(
                    &session,
                    "success",
                    "staff-added",
                    vec![("name".into(), full_name), ("role".into(), role_label)],
                )?;
                return Ok(see_other("/staff"));
            }
            Err(OperatorError::EmailTaken) => errors.add("email", "email-taken"),
            Err(OperatorError::WeakPassword(p)) => errors.add_password("password", p),
            Err(OperatorError::Database(e)) => return Err(e.into()),
            Err(OperatorError::Hash(e)) => return Err(AppError::Internal(e)),
            Err(OperatorError::SetupClosed) => return Err(AppError::NotFound),
        }
    }
    form.password.clear();
    render(
        &req,
        &state,
        &current,
        StatusCode::UNPROCESSABLE_ENTITY,
        form,
        errors,
    )
    .await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(add);
}
