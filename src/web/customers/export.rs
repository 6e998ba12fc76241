//! `/customers/export.csv`: the current search and filters as CSV, streamed
//! page by page so a million rows never sit in memory.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use futures_util::stream;

use super::list::ListParams;
use crate::db::customers::{self, Cursor, ListFilter, ListRow, PageRequest};
use crate::db::{self, Pool};
use crate::domain::policy::{Action, Target};
use crate::web::auth::current::CurrentUser;
use crate::web::error::AppError;
use crate::web::AppState;

const CHUNK_ROWS: i64 = 500;

/// Spreadsheets run cells that start with these as formulas.
pub fn csv_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn encode(rows: &[ListRow], header: bool) -> Result<Bytes, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(e.into());
    if header {
        w.write_record([
            "customer_id",
            "name",
            "reference",
            "product",
            "users",
            "status",
            "created_utc",
            "reseller",
            "admin_email",
        ])
        .map_err(fail)?;
    }
    for r in rows {
        w.write_record([
            r.public_id.clone(),
            csv_safe(&r.name),
            csv_safe(&r.reference),
            csv_safe(&r.product_name),
            r.user_count.to_string(),
            r.status.clone(),
            r.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            csv_safe(&r.reseller_name),
            csv_safe(&r.email),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(Bytes::from(bytes))
}

struct Export {
    pool: Pool,
    filter: ListFilter,
    page: PageRequest,
    first: bool,
    done: bool,
}

async fn next_chunk(mut s: Export) -> Option<(Result<Bytes, AppError>, Export)> {
    if s.done {
        return None;
    }
    let filter = s.filter.clone();
    let page = s.page.clone();
    let result = db::run(&s.pool, move |c| Ok(customers::list(c, &filter, &page)?)).await;
    let chunk = match result {
        Ok(result) => {
            s.done = !result.more;
            if let Some(last) = result.rows.last() {
                s.page.cursor = Some(Cursor::of(s.page.sort, last));
            }
            let bytes = encode(&result.rows, s.first);
            s.first = false;
            bytes
        }
        Err(e) => {
            s.done = true;
            Err(e)
        }
    };
    Some((chunk, s))
}

#[get("/customers/export.csv")]
async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ListCustomers, Target::Own)?;
    let params = params.into_inner();
    let (sort, descending) = params.sort_key();
    let start = Export {
        pool: state.pool.clone(),
        filter: params.filter(&current),
        page: PageRequest {
            sort,
            descending,
            cursor: None,
            backwards: false,
            limit: CHUNK_ROWS,
        },
        first: true,
        done: false,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"customers.csv\"",
        ))
        .streaming(stream::unfold(start, next_chunk)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(export);
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(super::csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::csv_safe("Acme"), "Acme");
    }
}
