//! The customer list's reseller filter, for staff: a typed name with
//! suggestions (a thousand resellers make a poor drop-down), or the id that a
//! link such as the resellers page's *Customers* carries.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db::customer_list::ListFilter;
use crate::db::{self, resellers};
use crate::domain::policy::{Action, Target};
use crate::web::customers::list::ListParams;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::{html, AppState};

/// How many names the suggestions offer.
pub const SUGGESTIONS: i64 = 20;

/// What the reseller field shows.
#[derive(Debug, Default)]
pub struct ResellerField {
    /// The reseller's name, or what was typed when no reseller has it.
    pub value: String,
    /// No reseller has the typed name: the list is empty and the field says so.
    pub unknown: bool,
}

/// Narrows `filter` to the reseller the parameters name: the typed name
/// first, else the id of a link. Resellers' own lists are already narrowed.
pub fn resolve(
    conn: &mut db::AnyConnection,
    params: &ListParams,
    staff: bool,
    filter: &mut ListFilter,
) -> diesel::QueryResult<ResellerField> {
    if !staff {
        return Ok(ResellerField::default());
    }
    let typed = params.reseller_name.trim();
    if !typed.is_empty() {
        return Ok(match resellers::find_by_name(conn, typed)? {
            Some((id, name)) => {
                filter.reseller_id = Some(id);
                ResellerField {
                    value: name,
                    unknown: false,
                }
            }
            None => ResellerField {
                value: typed.to_string(),
                unknown: true,
            },
        });
    }
    let value = match filter.reseller_id {
        Some(id) => resellers::find(conn, id)?.map(|r| r.name),
        None => None,
    };
    Ok(ResellerField {
        value: value.unwrap_or_default(),
        unknown: false,
    })
}

#[derive(Deserialize)]
struct SuggestQuery {
    #[serde(default)]
    reseller_name: String,
}

#[derive(Template)]
#[template(path = "customers/_reseller_options.html")]
struct Options {
    names: Vec<String>,
}

/// The `<option>`s of the field's datalist, for what has been typed so far.
#[get("/customers/reseller-options")]
async fn suggestions(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<SuggestQuery>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ListCustomers, Target::Platform)?;
    let prefix = query.into_inner().reseller_name.trim().to_string();
    let names = crate::web::request::database::run(&state.pool, move |c| {
        Ok(resellers::names_starting_with(c, &prefix, SUGGESTIONS)?)
    })
    .await?;
    html(StatusCode::OK, &Options { names })
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(suggestions);
}
