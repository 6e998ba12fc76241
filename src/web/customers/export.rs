//! `/customers/export.csv`: the current search and filters as CSV, streamed.

use std::sync::Arc;

use actix_web::{get, web, HttpResponse};

use crate::db::customer_list::{self as customers, Cursor, ListRow, PageRequest};
use crate::db::names::Names;
use crate::domain::policy::{Action, Target};
use crate::domain::spreadsheet::neutralise as csv_safe;
use crate::web::csv_stream::download;
use crate::web::customers::list::ListParams;
use crate::web::customers::reseller_filter;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::AppState;

const CHUNK_ROWS: i64 = 500;
const HEADER: &[&str] = &[
    "customer_id",
    "name",
    "reference",
    "product",
    "users",
    "status",
    "created_utc",
    "reseller",
    "admin_email",
];

/// A row and the names of its product and reseller.
type NamedRow = (ListRow, Arc<Names>);

fn encode((r, names): &NamedRow) -> Vec<String> {
    vec![
        r.public_id.clone(),
        csv_safe(&r.name),
        csv_safe(&r.reference),
        csv_safe(names.product(r.product_id)),
        r.user_count.to_string(),
        r.status.clone(),
        r.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        csv_safe(names.reseller(r.reseller_id)),
        csv_safe(&r.email),
    ]
}

#[get("/customers/export.csv")]
async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ListCustomers, Target::Own)?;
    let params = params.into_inner();
    let staff = current.actor.role.is_staff();
    let mut filter = params.filter(&current);
    let typed = params.clone();
    let (filter, reseller) = crate::web::request::database::run(&state.pool, move |conn| {
        let reseller = reseller_filter::resolve(conn, &typed, staff, &mut filter)?;
        Ok((filter, reseller))
    })
    .await?;
    let (sort, descending) = params.sort_key();
    let kept = state.clone();
    let fetch = move |conn: &mut crate::db::AnyConnection, cursor: Option<Cursor>| {
        // No reseller has the typed name: nothing matches.
        if reseller.unknown {
            return Ok((Vec::new(), None));
        }
        let page = PageRequest {
            sort,
            descending,
            cursor,
            backwards: false,
            limit: CHUNK_ROWS,
        };
        let result = customers::list(conn, &filter, &page)?;
        let next = result
            .rows
            .last()
            .filter(|_| result.more)
            .map(|last| Cursor::of(sort, last));
        let names = kept.page_cache.names_for(conn, &result.rows)?;
        let rows = result.rows.into_iter().map(|r| (r, names.clone()));
        Ok((rows.collect(), next))
    };
    Ok(download(
        state.pool.clone(),
        "customers.csv",
        HEADER.iter().map(|h| h.to_string()).collect(),
        fetch,
        encode,
    ))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(export);
}
