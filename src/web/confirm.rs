//! A plain confirmation page for an action that cannot be undone or ends
//! something, for browsers without JavaScript (with it, htmx asks with
//! `hx-confirm` and posts in place). It posts the same form the button
//! would have, with the way back.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::web::html;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::request::local_return;

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    ctx: PageCtx,
    title: String,
    text: String,
    action: String,
    button: String,
    return_to: String,
}

/// What is confirmed: the page's title and text (message keys with their
/// arguments), where the form posts, and its button.
pub struct Confirm<'a> {
    pub title_key: &'a str,
    pub text_key: &'a str,
    pub args: Vec<(&'a str, String)>,
    pub action: String,
    pub button_key: &'a str,
}

pub fn page(
    req: &HttpRequest,
    current: &CurrentUser,
    confirm: Confirm,
    (return_to, fallback): (Option<&str>, &str),
) -> Result<HttpResponse, AppError> {
    let lang = current.lang;
    let page = ConfirmPage {
        ctx: PageCtx::for_user(req, current, confirm.title_key)?,
        title: lang.t(confirm.title_key),
        text: lang.t_args(confirm.text_key, &confirm.args),
        action: confirm.action,
        button: lang.t(confirm.button_key),
        return_to: local_return(return_to, fallback),
    };
    html(StatusCode::OK, &page)
}
