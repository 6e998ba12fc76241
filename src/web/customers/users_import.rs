//! `/customers/{id}/users/import`: upload a CSV of users, documented column
//! by column, with a template to download and the customer's import tasks.
//! The upload starts a task (`app::import_tasks`) checked in the background;
//! its page is `import_task.rs`.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::StreamExt;

use crate::app::import_tasks::{self, Step};
use crate::app::users_import::PackageMode;
use crate::app::{self, Refusal};
use crate::db::catalog;
use crate::db::customers::Customer;
use crate::db::import_tasks::{self as tasks, ImportTask};
use crate::domain::policy::Action;
use crate::domain::users_csv;
use crate::domain::users_import::MAX_BYTES;
use crate::web::customers::load_for;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

/// Tasks shown on the page, newest first.
const TASKS_SHOWN: i64 = 20;

/// A task as the list shows it.
pub struct TaskLine {
    pub t: ImportTask,
    pub status: String,
    pub started: String,
}

impl TaskLine {
    pub fn of(t: ImportTask, current: &CurrentUser) -> TaskLine {
        TaskLine {
            status: current.lang.t(&format!("import-status-{}", t.status)),
            started: crate::web::time::format_datetime(
                t.created_at,
                current.user.timezone.as_deref(),
            ),
            t,
        }
    }
}

#[derive(Template)]
#[template(path = "customers/import.html")]
struct ImportPage {
    ctx: PageCtx,
    c: Customer,
    packages: Vec<String>,
    tasks: Vec<TaskLine>,
    mode: &'static str,
    error: Option<String>,
    size_note: String,
}

async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    c: Customer,
    (mode, error): (PackageMode, Option<String>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (product, cid) = (c.product_id, c.id);
    let (packages, tasks) = crate::web::request::database::run(&state.pool, move |conn| {
        let packages = catalog::packages_of(conn, product)?;
        Ok((packages, tasks::of_customer(conn, cid, TASKS_SHOWN)?))
    })
    .await?;
    let page = ImportPage {
        ctx: PageCtx::for_user(req, current, "import-title")?.with_times(current),
        packages: packages.into_iter().map(|p| p.name).collect(),
        tasks: tasks
            .into_iter()
            .map(|t| TaskLine::of(t, current))
            .collect(),
        mode: import_tasks::mode_code(mode),
        size_note: current.lang.t_args(
            "import-size-limit",
            &[("megabytes", (MAX_BYTES / (1024 * 1024)).to_string())],
        ),
        error,
        c,
    };
    html(status, &page)
}

#[get("/customers/{id}/users/import")]
async fn import_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let how = (PackageMode::AddOnly, None);
    render(&req, &state, &current, c, how, StatusCode::OK).await
}

/// The header of the import format with the customer's package columns.
#[get("/customers/{id}/users/import/template.csv")]
async fn template(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let packages = super::packages_of(&state, &c).await?;
    let names: Vec<String> = packages.into_iter().map(|p| p.name).collect();
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(users_csv::header(&names))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"users-template-{}.csv\"",
                c.public_id
            ),
        ))
        .body(body))
}

/// What an upload carried: the file, or why it cannot be taken.
struct Upload {
    file_name: String,
    content: Option<Vec<u8>>,
    too_large: bool,
    mode: PackageMode,
}

/// Reads the multipart body: the `file` part (kept up to the size limit,
/// the rest read and dropped) and the `mode` part.
async fn read_upload(mut parts: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload {
        file_name: String::new(),
        content: None,
        too_large: false,
        mode: PackageMode::AddOnly,
    };
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(|_| AppError::BadInput("import-upload-broken"))?;
        let name = part.name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| AppError::BadInput("import-upload-broken"))?;
            if bytes.len() + chunk.len() > MAX_BYTES {
                upload.too_large = true;
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => {
                upload.file_name = part
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or("users.csv")
                    .chars()
                    .take(200)
                    .collect();
                upload.content = Some(bytes);
            }
            "mode" => {
                upload.mode = import_tasks::mode_of(&String::from_utf8_lossy(&bytes));
            }
            _ => {}
        }
    }
    Ok(upload)
}

#[post("/customers/{id}/users/import")]
async fn start_upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
    parts: Multipart,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ManageUsers).await?;
    let upload = read_upload(parts).await?;
    let refuse = |key: &str| (upload.mode, Some(current.lang.t(key)));
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if upload.too_large {
        let how = refuse("import-file-too-large");
        return render(&req, &state, &current, c, how, status).await;
    }
    let content = match upload.content {
        Some(content) if !content.is_empty() => content,
        _ => {
            let how = refuse("import-file-choose");
            return render(&req, &state, &current, c, how, status).await;
        }
    };
    let (actor, runner) = (current.app_actor(), state.imports.name.clone());
    let (cid, file_name, mode) = (c.id, upload.file_name.clone(), upload.mode);
    let started = crate::web::request::database::run(&state.pool, move |conn| {
        let how = (file_name.as_str(), mode);
        let started = import_tasks::start(conn, &actor, cid, how, &content, &runner);
        Ok(app::or_refusal(started)?)
    })
    .await?;
    match started {
        Ok(task) => {
            let actor = current.app_actor();
            import_tasks::in_background(&state.imports, actor, cid, task, Step::Check);
            Ok(see_other(&format!("/customers/{cid}/users/import/{task}")))
        }
        Err(Refusal { key, .. }) => {
            let how = refuse(key);
            render(&req, &state, &current, c, how, status).await
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(import_page)
        .service(template)
        .service(start_upload);
}
