//! *Import CSV* as a task on the server: an upload starts it, it is checked
//! in the background, and applied in the background once asked, so the
//! person can leave and come back. One import at a time per customer. The
//! file is read again and checked again on apply: nothing from the browser
//! is trusted between the two.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::users_import::{self, Counts, PackageMode, Report};
use super::{customer, Actor, Error, Outcome, Refusal};
use crate::db::import_tasks::{self as tasks, ImportTask, NewTask};
use crate::db::{catalog, AnyConnection, Pool};
use crate::domain::policy::Action;
use crate::domain::users_import::{self as reading, FileRefusal, MAX_BYTES};
use crate::mail::Links;

/// A problem as the task keeps it: its message key and arguments are
/// rendered in the reader's language.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredProblem {
    pub line: u64,
    pub column: String,
    pub key: String,
    #[serde(default)]
    pub args: Vec<(String, String)>,
}

/// Rows done of rows total of the tasks this instance runs.
#[derive(Default)]
pub struct Tracker(Mutex<HashMap<i64, (usize, usize)>>);

impl Tracker {
    pub fn of(&self, task: i64) -> Option<(usize, usize)> {
        self.0.lock().ok()?.get(&task).copied()
    }

    fn set(&self, task: i64, done: usize, total: usize) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(task, (done, total));
        }
    }

    fn end(&self, task: i64) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&task);
        }
    }
}

/// What runs the tasks of this instance.
#[derive(Clone)]
pub struct Runner {
    pub pool: Pool,
    pub links: Links,
    pub tracker: Arc<Tracker>,
    /// Names this instance in the tasks it runs (host and port).
    pub name: String,
}

pub fn mode_code(mode: PackageMode) -> &'static str {
    match mode {
        PackageMode::AddOnly => "add_only",
        PackageMode::AddAndRemove => "add_and_remove",
    }
}

pub fn mode_of(code: &str) -> PackageMode {
    if code == "add_and_remove" {
        PackageMode::AddAndRemove
    } else {
        PackageMode::AddOnly
    }
}

/// The problems a task keeps, read back.
pub fn problems_of(task: &ImportTask) -> Vec<StoredProblem> {
    serde_json::from_str(&task.problems).unwrap_or_default()
}

/// Why a task failed as a whole, read back: a message key and arguments.
pub fn failure_of(task: &ImportTask) -> Option<StoredProblem> {
    serde_json::from_str(&task.failure).ok()
}

fn stored_failure(key: &str, args: Vec<(&str, String)>) -> String {
    let p = StoredProblem {
        line: 0,
        column: String::new(),
        key: key.into(),
        args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    };
    serde_json::to_string(&p).unwrap_or_default()
}

/// An uploaded file's task, being checked; or a refusal: too large, or
/// another import of the customer runs (its message names that one).
pub fn start(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_id: i64,
    (file_name, mode): (&str, PackageMode),
    content: &[u8],
    runner: &str,
) -> Outcome<i64> {
    let c = customer(conn, actor, customer_id, Action::ManageUsers)?;
    if content.len() > MAX_BYTES {
        return Err(refused("import-file-too-large"));
    }
    let new = NewTask {
        customer_id: c.id,
        started_by: &actor.audit.name,
        file_name,
        mode: mode_code(mode),
        runner,
        content,
    };
    tasks::start(conn, &new)?.map_err(|_running| refused("import-already-running"))
}

fn refused(key: &'static str) -> Error {
    Error::Refused(Refusal {
        field: Some("file"),
        key,
    })
}

/// Whether a failed task may be checked again from its kept file: when it
/// stopped for a reason of the server's (a restart, a database error), not
/// because of the file itself, which would fail the same way.
pub fn can_run_again(task: &ImportTask) -> bool {
    task.status == tasks::FAILED
        && failure_of(task)
            .is_some_and(|f| ["import-interrupted", "import-failed"].contains(&f.key.as_str()))
}

/// Moves a task to `step`, to be run by `runner`: *Apply* a checked task
/// with no error, or check again a failed one that may be
/// ([`can_run_again`]). Refused otherwise, or while another import of the
/// customer runs.
pub fn begin(
    conn: &mut AnyConnection,
    actor: &Actor,
    (customer_id, task_id): (i64, i64),
    runner: &str,
    step: Step,
) -> Outcome<()> {
    let c = customer(conn, actor, customer_id, Action::ManageUsers)?;
    let task = tasks::find(conn, c.id, task_id)?.ok_or(Error::NotFound)?;
    if tasks::running(conn, c.id)?.is_some_and(|r| r.id != task.id) {
        return Err(refused("import-already-running"));
    }
    let (moved, refusal) = match step {
        Step::Apply => (
            tasks::begin_apply(conn, task.id, runner)?,
            "import-not-ready",
        ),
        Step::Check => (
            can_run_again(&task) && tasks::restart(conn, task.id, runner)?,
            "import-not-failed",
        ),
    };
    if !moved {
        return Err(refused(refusal));
    }
    Ok(())
}

/// The file of a task, read with the customer's package columns.
fn read_file(
    conn: &mut AnyConnection,
    task: &ImportTask,
) -> Outcome<Result<reading::ReadFile, FileRefusal>> {
    let c = crate::db::customers::find(conn, task.customer_id)?.ok_or(Error::NotFound)?;
    let names: Vec<String> = catalog::packages_of(conn, c.product_id)?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let bytes = tasks::file(conn, task.id)?;
    Ok(reading::read(&bytes, &names))
}

/// Rows of a file: those read, and those refused by a problem.
fn rows_of(file: &reading::ReadFile) -> usize {
    let mut lines: Vec<u64> = file.problems.iter().map(|p| p.line).collect();
    lines.sort_unstable();
    lines.dedup();
    file.rows.len() + lines.iter().filter(|l| **l > 0).count()
}

fn counts_of(k: &Counts) -> [i64; 5] {
    [k.add, k.modify, k.remove, k.unchanged, k.errors].map(|n| n as i64)
}

fn stored_problems(report: &Report) -> String {
    let problems: Vec<StoredProblem> = report
        .problems
        .iter()
        .map(|p| StoredProblem {
            line: p.line,
            column: p.column.clone(),
            key: p.key.into(),
            args: vec![],
        })
        .collect();
    serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into())
}

fn finish_failed(conn: &mut AnyConnection, task: &ImportTask, from: &str, failure: String) {
    let outcome = tasks::Outcome {
        counts: [0; 5],
        rows_total: 0,
        problems: "[]",
        failure: &failure,
    };
    if let Err(e) = tasks::finish(conn, task.id, (from, tasks::FAILED), &outcome) {
        tracing::error!(task = task.id, error = %e, "an import could not be marked failed");
    }
}

/// Reads a task's file and runs `step` on it, telling the tracker its
/// progress; the step's outcome and the file's rows, or why the whole file
/// was refused.
fn with_file<T>(
    conn: &mut AnyConnection,
    runner: &Runner,
    task: &ImportTask,
    step: impl FnOnce(
        &mut AnyConnection,
        &reading::ReadFile,
        (PackageMode, users_import::Progress),
    ) -> Outcome<T>,
) -> Outcome<Result<(T, usize), FileRefusal>> {
    let file = match read_file(conn, task)? {
        Ok(file) => file,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let total = rows_of(&file);
    let (tracker, id) = (runner.tracker.clone(), task.id);
    let progress = move |done: usize| tracker.set(id, done, total);
    let done = step(conn, &file, (mode_of(&task.mode), &progress))?;
    Ok(Ok((done, total)))
}

/// Checks a task's file, telling the tracker its progress; the task ends
/// checked, with its counts and problems, or failed with why.
pub fn run_check(conn: &mut AnyConnection, actor: &Actor, runner: &Runner, task: &ImportTask) {
    let checked = with_file(conn, runner, task, |conn, file, how| {
        users_import::check_telling(conn, actor, task.customer_id, file, how)
    });
    match checked {
        Ok(Ok((report, total))) => {
            let problems = stored_problems(&report);
            let outcome = tasks::Outcome {
                counts: counts_of(&report.counts),
                rows_total: total as i64,
                problems: &problems,
                failure: "",
            };
            if let Err(e) =
                tasks::finish(conn, task.id, (tasks::CHECKING, tasks::CHECKED), &outcome)
            {
                tracing::error!(task = task.id, error = %e, "an import's check could not be kept");
            }
        }
        Ok(Err(refusal)) => {
            let (key, args) = refusal.message();
            finish_failed(conn, task, tasks::CHECKING, stored_failure(key, args));
        }
        Err(e) => {
            tracing::error!(task = task.id, error = ?e, "an import's check failed");
            finish_failed(
                conn,
                task,
                tasks::CHECKING,
                stored_failure("import-failed", vec![]),
            );
        }
    }
    runner.tracker.end(task.id);
}

/// Applies a task's file, read and checked again, all or nothing; the task
/// ends applied, checked again with the problems found, or failed.
pub fn run_apply(conn: &mut AnyConnection, actor: &Actor, runner: &Runner, task: &ImportTask) {
    let applied = with_file(conn, runner, task, |conn, file, how| {
        let links = &runner.links;
        users_import::apply_telling(conn, actor, links, task.customer_id, file, how)
    });
    let finished = match applied {
        Ok(Ok((Ok(counts), total))) => {
            let outcome = tasks::Outcome {
                counts: counts_of(&counts),
                rows_total: total as i64,
                problems: "[]",
                failure: "",
            };
            tasks::finish(conn, task.id, (tasks::APPLYING, tasks::APPLIED), &outcome)
        }
        Ok(Ok((Err(report), total))) => {
            let problems = stored_problems(&report);
            let outcome = tasks::Outcome {
                counts: counts_of(&report.counts),
                rows_total: total as i64,
                problems: &problems,
                failure: "",
            };
            tasks::finish(conn, task.id, (tasks::APPLYING, tasks::CHECKED), &outcome)
        }
        Ok(Err(refusal)) => {
            let (key, args) = refusal.message();
            finish_failed(conn, task, tasks::APPLYING, stored_failure(key, args));
            Ok(true)
        }
        Err(e) => {
            tracing::error!(task = task.id, error = ?e, "an import's apply failed");
            finish_failed(
                conn,
                task,
                tasks::APPLYING,
                stored_failure("import-failed", vec![]),
            );
            Ok(true)
        }
    };
    if let Err(e) = finished {
        tracing::error!(task = task.id, error = %e, "an import's outcome could not be kept");
    }
    runner.tracker.end(task.id);
}

/// Which step a background run takes.
#[derive(Clone, Copy)]
pub enum Step {
    Check,
    Apply,
}

/// Runs a step of a task on a thread of its own, off the request.
pub fn in_background(runner: &Runner, actor: Actor, customer_id: i64, task_id: i64, step: Step) {
    let runner = runner.clone();
    std::thread::spawn(move || {
        let mut conn = match runner.pool.dedicated() {
            Ok(conn) => conn,
            Err(e) => {
                tracing::error!(task = task_id, error = %e, "no connection for an import");
                return;
            }
        };
        let task = match tasks::find(&mut conn, customer_id, task_id) {
            Ok(Some(task)) => task,
            _ => return,
        };
        match step {
            Step::Check => run_check(&mut conn, &actor, &runner, &task),
            Step::Apply => run_apply(&mut conn, &actor, &runner, &task),
        }
    });
}

/// This instance's name in the tasks it runs: its host and port, the same
/// after a restart.
pub fn instance_name(port: u16) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{}:{port}", host.trim())
}

/// At start-up: the tasks this instance was running when it stopped are
/// failed, with nothing applied, and can be started again.
pub fn fail_interrupted(conn: &mut AnyConnection, runner: &str) -> Outcome<usize> {
    let failure = stored_failure("import-interrupted", vec![]);
    Ok(tasks::fail_interrupted(conn, runner, &failure)?)
}
