//! First run: the one-time link printed on the console creates the first
//! operator. Once an operator exists the page is gone.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::operators::{self, NewOperator, OperatorError};
use crate::db::{memberships, tokens};
use crate::domain::password;
use crate::domain::validate::{self, MAX_NAME};
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};
use actix_session::Session;

#[derive(Default, Deserialize)]
struct SetupForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "auth/setup.html")]
struct SetupPage {
    ctx: PageCtx,
    token: String,
    form: SetupForm,
    errors: FormErrors,
}

/// 404 unless the token is a live setup token and no operator exists yet.
async fn check_token(state: &AppState, token: &str) -> Result<(), AppError> {
    let token = token.to_string();
    let open = crate::web::request::database::run(&state.pool, move |conn| {
        // The token first: a guessed one costs one indexed lookup.
        Ok(
            tokens::find_valid(conn, tokens::PURPOSE_SETUP, &token)?.is_some()
                && !memberships::operator_exists(conn)?,
        )
    })
    .await?;
    if open {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[get("/setup/{token}")]
async fn setup_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    check_token(&state, &token).await?;
    let ctx = PageCtx::anonymous(&req, "setup-title")?;
    let errors = FormErrors::new(ctx.lang);
    html(
        StatusCode::OK,
        &SetupPage {
            ctx,
            token: token.into_inner(),
            form: SetupForm::default(),
            errors,
        },
    )
}

#[post("/setup/{token}")]
async fn create_first_operator(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    token: web::Path<String>,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    check_token(&state, &token).await?;
    let mut form = form.into_inner();
    let ctx = PageCtx::anonymous(&req, "setup-title")?;
    let mut errors = FormErrors::new(ctx.lang);
    let full_name = errors.check(
        "full_name",
        validate::required_text(&form.full_name, MAX_NAME),
    );
    let email = errors.check("email", validate::email(&form.email));
    if let Err(p) = password::check(&form.password, &[form.email.trim()]) {
        errors.add_password("password", p);
    } else if form.password != form.password_confirm {
        errors.add("password_confirm", "password-mismatch");
    }
    if let (Some(full_name), Some(email), true) = (full_name, email, errors.is_empty()) {
        let new = NewOperator {
            email,
            full_name,
            password: form.password.clone(),
        };
        let cost = state.config.bcrypt_cost;
        let setup_token = token.clone();
        let created = crate::web::request::database::run(&state.pool, move |conn| {
            Ok(operators::create_first(conn, &new, &setup_token, cost))
        })
        .await?;
        match created {
            Ok(_) => {
                flash(&session, "success", "setup-done")?;
                return Ok(see_other("/login"));
            }
            // Another tab or person finished setup meanwhile.
            Err(OperatorError::SetupClosed) => return Err(AppError::NotFound),
            Err(OperatorError::EmailTaken) => errors.add("email", "email-taken"),
            Err(OperatorError::WeakPassword(p)) => errors.add_password("password", p),
            Err(OperatorError::Database(e)) => return Err(e.into()),
            Err(OperatorError::Hash(e)) => return Err(AppError::Internal(e)),
        }
    }
    form.password.clear();
    form.password_confirm.clear();
    html(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SetupPage {
            ctx,
            token,
            form,
            errors,
        },
    )
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(setup_page).service(create_first_operator);
}
