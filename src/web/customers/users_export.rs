//! `/customers/{id}/users/export.csv`: a customer's people in the import's
//! format (`domain::users_csv`), streamed page by page.

use actix_web::{get, web, HttpResponse};

use crate::db::customer_members::{self, ExportedUser};
use crate::domain::policy::Action;
use crate::domain::users_csv::{self, Person};
use crate::web::csv_stream::download;
use crate::web::customers::load_for;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::AppState;

/// Rows read per round trip.
const PAGE: i64 = 1000;

#[get("/customers/{id}/users/export.csv")]
async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let packages = super::packages_of(&state, &c).await?;
    let names: Vec<String> = packages.iter().map(|p| p.name.clone()).collect();
    let header = users_csv::header(&names);
    let cid = c.id;
    let fetch = move |conn: &mut crate::db::AnyConnection, after: Option<i64>| {
        let rows = customer_members::export_page(conn, cid, after, PAGE)?;
        let next = (rows.len() as i64 == PAGE).then(|| rows.last().map(|r| r.membership_id));
        let records = rows
            .iter()
            .map(|u: &ExportedUser| {
                let package = u
                    .package_id
                    .and_then(|id| packages.iter().find(|p| p.id == id))
                    .map(|p| p.name.as_str());
                let person = Person {
                    email: &u.email,
                    full_name: &u.full_name,
                    username: &u.username,
                    role: &u.role,
                    package,
                    language: &u.language,
                    phone: &u.phone,
                };
                users_csv::record(&person, &names)
            })
            .collect();
        Ok((records, next.flatten()))
    };
    let filename = format!("users-{}.csv", c.public_id);
    Ok(download(
        state.pool.clone(),
        &filename,
        header,
        fetch,
        |r: &Vec<String>| r.clone(),
    ))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(export);
}
