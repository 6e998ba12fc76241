//! The links people get by e-mail: `/invitation/{token}` (set a first
//! password; the account becomes active) and `/password/reset/{token}` (a
//! new password; other sessions end). Both log the person in. An expired,
//! used or tampered link gets a page that says what to do instead.

use actix_session::{Session, SessionExt};
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};

use crate::app::password_links::{self, LinkKind, LinkUsed};
use crate::db::users::User;
use crate::i18n::Lang;
use crate::passwords;
use crate::web::auth::set_password::{
    start_session, LinkInvalidPage, NewPasswordForm, SetPasswordPage,
};
use crate::web::forms::FormErrors;
use crate::web::request::client_addr::client_ip;
use crate::web::request::context::{flash, PageCtx, SESSION_LANG};
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

type Kind = LinkKind;

fn path_of(kind: Kind, token: &str) -> String {
    match kind {
        Kind::Invitation => format!("/invitation/{token}"),
        Kind::Reset => format!("/password/reset/{token}"),
    }
}

/// The token's id and user, when the link is still good.
async fn valid(state: &AppState, kind: Kind, token: &str) -> Result<Option<(i64, User)>, AppError> {
    let token = token.to_string();
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(password_links::find_valid(conn, kind, &token)?)
    })
    .await
}

fn invalid(req: &HttpRequest, kind: Kind) -> Result<HttpResponse, AppError> {
    let (title, text, next_href, next) = match kind {
        Kind::Invitation => (
            "link-invitation-invalid-title",
            "link-invitation-invalid-text",
            "/login",
            "link-go-login",
        ),
        Kind::Reset => (
            "link-reset-invalid-title",
            "link-reset-invalid-text",
            "/password/forgot",
            "link-go-forgot",
        ),
    };
    let ctx = PageCtx::anonymous(req, title)?;
    let page = LinkInvalidPage {
        text: ctx.t(text),
        next_href,
        next_label: ctx.t(next),
        ctx,
    };
    html(StatusCode::GONE, &page)
}

fn form_page(
    req: &HttpRequest,
    kind: Kind,
    token: &str,
    user: &User,
    errors: FormErrors,
) -> Result<SetPasswordPage, AppError> {
    let (title, intro) = match kind {
        Kind::Invitation => ("invitation-title", "invitation-intro"),
        Kind::Reset => ("reset-title", "reset-intro"),
    };
    let ctx = PageCtx::anonymous(req, title)?;
    Ok(SetPasswordPage {
        intro: ctx.t(intro),
        username: user.username.clone(),
        action: path_of(kind, token),
        submit: ctx.t("set-password-submit"),
        errors,
        ctx,
    })
}

/// A link's pages speak the language of the person it was made for
/// (`code`), unless the visitor picked one with the switcher.
fn speak(req: &HttpRequest, code: &str) {
    let chosen = req.get_session().get::<String>(SESSION_LANG).ok().flatten();
    if let (None, Some(lang)) = (chosen, Lang::from_code(code)) {
        req.extensions_mut().insert(lang);
    }
}

/// The page of a link that no longer works, in the language of the person
/// it was made for when it was made for someone.
async fn gone(
    req: &HttpRequest,
    state: &AppState,
    kind: Kind,
    token: &str,
) -> Result<HttpResponse, AppError> {
    let token = token.to_string();
    let code = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(password_links::language_of(conn, kind, &token)?)
    })
    .await?;
    if let Some(code) = code {
        speak(req, &code);
    }
    invalid(req, kind)
}

async fn show(
    req: HttpRequest,
    state: &AppState,
    kind: Kind,
    token: &str,
) -> Result<HttpResponse, AppError> {
    match valid(state, kind, token).await? {
        Some((_, user)) => {
            speak(&req, &user.language);
            let lang = crate::web::request::context::request_lang(&req);
            let page = form_page(&req, kind, token, &user, FormErrors::new(lang))?;
            html(StatusCode::OK, &page)
        }
        None => gone(&req, state, kind, token).await,
    }
}

async fn accept(
    req: HttpRequest,
    state: &AppState,
    session: Session,
    kind: Kind,
    token: String,
    form: NewPasswordForm,
) -> Result<HttpResponse, AppError> {
    let Some((token_id, user)) = valid(state, kind, &token).await? else {
        return gone(&req, state, kind, &token).await;
    };
    speak(&req, &user.language);
    let lang = crate::web::request::context::request_lang(&req);
    let errors = form.check(lang, &[&user.username, &user.email]);
    if !errors.is_empty() {
        let page = form_page(&req, kind, &token, &user, errors)?;
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let (password, cost, ip) = (form.new_password, state.config.bcrypt_cost, client_ip(&req));
    let u = user.clone();
    let done = crate::web::request::database::run(&state.pool, move |conn| {
        let hash = passwords::hash(&password, cost)?;
        Ok(password_links::set_password(
            conn,
            kind,
            (token_id, &u),
            &hash,
            ip,
        )?)
    })
    .await?;
    let Some(LinkUsed { epoch, membership }) = done else {
        return invalid(&req, kind);
    };
    let Some(membership) = membership else {
        // The account is suspended: the password is set, but no way in yet.
        return Ok(see_other("/login?session=ended"));
    };
    start_session(
        &req,
        &session,
        user.id,
        epoch,
        membership.id,
        &user.language,
    )?;
    flash(
        &session,
        "success",
        match kind {
            Kind::Invitation => "invitation-accepted",
            Kind::Reset => "password-reset-done",
        },
    )?;
    Ok(see_other("/"))
}

/// GET shows the form, POST sets the password, for one kind of link.
fn link_routes(cfg: &mut web::ServiceConfig, path: &str, kind: Kind) {
    cfg.service(
        web::resource(path)
            .route(
                web::get().to(
                    move |req: HttpRequest,
                          state: web::Data<AppState>,
                          token: web::Path<String>| async move {
                        show(req, &state, kind, &token).await
                    },
                ),
            )
            .route(web::post().to(
                move |req: HttpRequest,
                      state: web::Data<AppState>,
                      session: Session,
                      token: web::Path<String>,
                      form: web::Form<NewPasswordForm>| async move {
                    accept(
                        req,
                        &state,
                        session,
                        kind,
                        token.into_inner(),
                        form.into_inner(),
                    )
                    .await
                },
            )),
    );
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    link_routes(cfg, "/invitation/{token}", Kind::Invitation);
    link_routes(cfg, "/password/reset/{token}", Kind::Reset);
}
