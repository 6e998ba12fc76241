//! `/customers/{id}/users/import/{task}`: one import task. While it runs,
//! a progress bar (rows done of rows total) that htmx refreshes, or the
//! page itself without JavaScript; once checked, the counts, the problems
//! page by page (and as CSV), and *Apply* when there is none.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::import_tasks::{self, StoredProblem};
use crate::db::customers::Customer;
use crate::db::import_tasks::{self as tasks, ImportTask};
use crate::domain::policy::Action;
use crate::i18n::Lang;
use crate::web::customers::load_for;
use crate::web::customers::users_import::TaskLine;
use crate::web::request::context::{flash, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::{html, AppState};

/// Problems per page of the table.
const PER_PAGE: usize = 100;

/// A problem in the reader's language.
pub struct ProblemLine {
    pub line: String,
    pub column: String,
    pub message: String,
}

fn message(lang: Lang, p: &StoredProblem) -> String {
    let args: Vec<(&str, String)> = p
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    lang.t_args(&p.key, &args)
}

fn line_of(lang: Lang, p: &StoredProblem) -> ProblemLine {
    ProblemLine {
        line: if p.line == 0 {
            String::new()
        } else {
            p.line.to_string()
        },
        column: p.column.clone(),
        message: message(lang, p),
    }
}

#[derive(Template)]
#[template(path = "customers/import_task.html")]
struct TaskPage {
    ctx: PageCtx,
    c: Customer,
    task: TaskLine,
    /// Rows done and total while it runs, where this instance runs it.
    progress: Option<(usize, usize, String)>,
    failure: Option<String>,
    /// *Check again* is offered.
    again: bool,
    problems: Vec<ProblemLine>,
    page: usize,
    pages: usize,
    page_label: String,
    mode_label: String,
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<usize>,
}

async fn task_of(
    state: &AppState,
    current: &CurrentUser,
    (id, task): (i64, i64),
) -> Result<(Customer, ImportTask), AppError> {
    let c = load_for(state, current, id, Action::ManageUsers).await?;
    let cid = c.id;
    let task = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(tasks::find(conn, cid, task)?)
    })
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((c, task))
}

#[get("/customers/{id}/users/import/{task}")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (c, task) = task_of(&state, &current, path.into_inner()).await?;
    let lang = current.lang;
    let all = import_tasks::problems_of(&task);
    let pages = all.len().div_ceil(PER_PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let problems = all
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|p| line_of(lang, p))
        .collect();
    let failure = import_tasks::failure_of(&task).map(|p| message(lang, &p));
    let progress = task
        .is_running()
        .then(|| state.imports.tracker.of(task.id))
        .flatten()
        .map(|(done, total)| {
            let args = [("done", done.to_string()), ("total", total.to_string())];
            (done, total, lang.t_args("import-progress-rows", &args))
        });
    let page_label = lang.t_args(
        "import-page-of",
        &[("page", page.to_string()), ("pages", pages.to_string())],
    );
    let page = TaskPage {
        ctx: PageCtx::for_user(&req, &current, "import-task-title")?.with_times(&current),
        mode_label: lang.t(&format!("import-mode-{}", task.mode)),
        again: import_tasks::can_run_again(&task),
        task: TaskLine::of(task, &current),
        progress,
        failure,
        problems,
        page,
        pages,
        page_label,
        c,
    };
    html(StatusCode::OK, &page)
}

/// The problems as CSV: line, column, message in the reader's language.
#[get("/customers/{id}/users/import/{task}/problems.csv")]
async fn problems_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (_, task) = task_of(&state, &current, path.into_inner()).await?;
    let lang = current.lang;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = [
        lang.t("import-problem-line"),
        lang.t("import-problem-column"),
        lang.t("import-problem-message"),
    ];
    let written = (|| {
        out.write_record(&header)?;
        for p in import_tasks::problems_of(&task) {
            let l = line_of(lang, &p);
            let message = crate::domain::spreadsheet::neutralise(&l.message);
            out.write_record([l.line, l.column, message])?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    })();
    let body: Vec<u8> = written.map_err(|e: csv::Error| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"import-{}-problems.csv\"", task.id),
        ))
        .body(body))
}

/// *Apply* a checked task, or *Check again* a failed one (interrupted by a
/// restart, say) from its kept file: one route, whose last word names it.
/// The step runs in the background; back to the task's page, which says
/// why when it was refused.
#[post("/customers/{id}/users/import/{task}/{step:apply|again}")]
async fn begin(
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    path: web::Path<(i64, i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, task, step) = path.into_inner();
    let step = match step.as_str() {
        "apply" => import_tasks::Step::Apply,
        _ => import_tasks::Step::Check,
    };
    let c = load_for(&state, &current, id, Action::ManageUsers).await?;
    let (actor, runner, cid) = (current.app_actor(), state.imports.name.clone(), c.id);
    let begun = crate::web::request::database::run(&state.pool, move |conn| {
        let begun = import_tasks::begin(conn, &actor, (cid, task), &runner, step);
        Ok(crate::app::or_refusal(begun)?)
    })
    .await?;
    match begun {
        Ok(()) => import_tasks::in_background(&state.imports, current.app_actor(), cid, task, step),
        Err(r) => flash(&session, "error", r.key)?,
    }
    Ok(see_other(&format!("/customers/{cid}/users/import/{task}")))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(problems_csv).service(begin);
}
