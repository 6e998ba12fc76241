//! Own profile: name, language (applies on the next page), timezone, password.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::own_account;
use crate::domain::password;
use crate::domain::policy::{Action, Target};
use crate::domain::validate::{self, MAX_NAME};
use crate::i18n::Lang;
use crate::passwords;
use crate::web::auth::set_password::save_own_password;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash, PageCtx, SESSION_LANG};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

#[derive(Default, Deserialize)]
struct ProfileForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    timezone: String,
}

#[derive(Default, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    username: String,
    email: String,
    form: ProfileForm,
    errors: FormErrors,
    password_errors: FormErrors,
    timezones: Vec<crate::web::forms::ZoneGroup>,
    may_change_password: bool,
}

fn page(
    ctx: PageCtx,
    current: &CurrentUser,
    form: ProfileForm,
    errors: FormErrors,
    password_errors: FormErrors,
) -> ProfilePage {
    ProfilePage {
        ctx,
        username: current.user.username.clone(),
        email: current.user.email.clone(),
        form,
        errors,
        password_errors,
        timezones: crate::web::forms::zone_groups(current.lang, None),
        may_change_password: current.may(Action::ChangeOwnPassword, Target::Own),
    }
}

#[get("/profile")]
async fn show(req: HttpRequest, current: CurrentUser) -> Result<HttpResponse, AppError> {
    current.require(Action::EditOwnProfile, Target::Own)?;
    let ctx = PageCtx::for_user(&req, &current, "profile-title")?;
    let form = ProfileForm {
        full_name: current.user.full_name.clone(),
        language: current.user.language.clone(),
        timezone: current.user.timezone.clone().unwrap_or_default(),
    };
    let lang = current.lang;
    html(
        StatusCode::OK,
        &page(
            ctx,
            &current,
            form,
            FormErrors::new(lang),
            FormErrors::new(lang),
        ),
    )
}

#[post("/profile")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::EditOwnProfile, Target::Own)?;
    let form = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let full_name = errors.check(
        "full_name",
        validate::required_text(&form.full_name, MAX_NAME),
    );
    let language = Lang::from_code(&form.language);
    if language.is_none() {
        errors.add("language", "language-unknown");
    }
    let timezone = match form.timezone.trim() {
        "" => Some(None),
        tz if tz.parse::<chrono_tz::Tz>().is_ok() => Some(Some(tz.to_string())),
        _ => {
            errors.add("timezone", "timezone-unknown");
            None
        }
    };
    let (Some(full_name), Some(language), Some(timezone)) = (full_name, language, timezone) else {
        let ctx = PageCtx::for_user(&req, &current, "profile-title")?;
        let lang = current.lang;
        return html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(ctx, &current, form, errors, FormErrors::new(lang)),
        );
    };
    let (actor, user) = (current.audit_actor(), current.user.clone());
    let profile = own_account::Profile {
        full_name,
        language: language.code().to_string(),
        timezone,
    };
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(own_account::update_profile(conn, &actor, &user, &profile)?)
    })
    .await?;
    session.insert(SESSION_LANG, language.code())?;
    flash(&session, "success", "profile-saved")?;
    Ok(see_other("/profile"))
}

#[post("/profile/password")]
async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ChangeOwnPassword, Target::Own)?;
    let form = form.into_inner();
    let mut errors = FormErrors::new(current.lang);
    let user = current.user.clone();
    let cost = state.config.bcrypt_cost;
    let current_password = form.current_password.clone();
    let stored = user.password_hash.clone();
    let current_ok =
        web::block(move || passwords::verify(&current_password, stored.as_deref(), cost)).await?;
    if !current_ok {
        errors.add("current_password", "password-current-wrong");
    }
    if let Err(p) = password::check(&form.new_password, &[&user.username, &user.email]) {
        errors.add_password("new_password", p);
    } else if form.new_password != form.new_password_confirm {
        errors.add("new_password_confirm", "password-mismatch");
    }
    if !errors.is_empty() {
        let ctx = PageCtx::for_user(&req, &current, "profile-title")?;
        let profile = ProfileForm {
            full_name: current.user.full_name.clone(),
            language: current.user.language.clone(),
            timezone: current.user.timezone.clone().unwrap_or_default(),
        };
        let lang = current.lang;
        return html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(ctx, &current, profile, FormErrors::new(lang), errors),
        );
    }
    // Every other session of this user ends; this one carries on.
    let actor = current.audit_actor();
    save_own_password(
        &state,
        &session,
        user.id,
        form.new_password,
        actor,
        "audit-why-profile",
    )
    .await?;
    flash(&session, "success", "password-changed")?;
    Ok(see_other("/profile"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(save).service(change_password);
}
