//! Operator screens: reseller plans, products with their packages, resellers.

pub mod plans;
pub mod products;
pub mod resellers;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(plans::routes)
        .configure(products::routes)
        .configure(resellers::routes);
}

/// After a catalogue save: what was saved makes the cached names stale, is
/// announced by name (`flash_key`) and leads to `to`; a refusal goes on the
/// form, by its field or on `field`.
fn after_save<T>(
    state: &crate::web::AppState,
    session: &actix_session::Session,
    saved: Result<T, crate::app::Refusal>,
    (flash_key, name): (&str, String),
    to: impl FnOnce(T) -> String,
    (errors, field): (&mut crate::web::forms::FormErrors, &'static str),
) -> Result<Option<actix_web::HttpResponse>, crate::web::request::error::AppError> {
    match saved {
        Ok(saved) => {
            state.page_cache.forget();
            crate::web::request::context::flash_with(
                session,
                "success",
                flash_key,
                vec![("name".into(), name)],
            )?;
            Ok(Some(crate::web::request::error::see_other(&to(saved))))
        }
        Err(r) => {
            errors.add(r.field.unwrap_or(field), r.key);
            Ok(None)
        }
    }
}
