//! CSV imports of a customer's users as tasks: a row per import with its
//! status, counts and problems, and the uploaded file beside it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::{import_files, import_tasks};
use super::AnyConnection;

pub const CHECKING: &str = "checking";
pub const CHECKED: &str = "checked";
pub const APPLYING: &str = "applying";
pub const APPLIED: &str = "applied";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = import_tasks)]
pub struct ImportTask {
    pub id: i64,
    pub customer_id: i64,
    pub started_by: String,
    pub file_name: String,
    pub mode: String,
    pub status: String,
    pub rows_total: i64,
    pub rows_done: i64,
    pub to_add: i64,
    pub to_modify: i64,
    pub to_remove: i64,
    pub unchanged: i64,
    pub errors: i64,
    pub problems: String,
    pub failure: String,
    pub runner: String,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl ImportTask {
    pub fn is_running(&self) -> bool {
        self.status == CHECKING || self.status == APPLYING
    }
}

/// A new task, as its starter gives it.
pub struct NewTask<'a> {
    pub customer_id: i64,
    pub started_by: &'a str,
    pub file_name: &'a str,
    pub mode: &'a str,
    /// The instance that runs it (`crate::app::import_tasks::runner`).
    pub runner: &'a str,
    pub content: &'a [u8],
}

/// What a check or an apply found.
pub struct Outcome<'a> {
    pub counts: [i64; 5],
    pub rows_total: i64,
    pub problems: &'a str,
    pub failure: &'a str,
}

/// The customer's running import, if any.
pub fn running(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Option<ImportTask>> {
    import_tasks::table
        .filter(import_tasks::customer_id.eq(customer_id))
        .filter(import_tasks::status.eq_any([CHECKING, APPLYING]))
        .select(ImportTask::as_select())
        .first(conn)
        .optional()
}

/// Starts a task, being checked, with its file; or the customer's running
/// import, which a second may not join (a unique index holds this across
/// instances). The connection that carried the file is closed once
/// returned to the pool.
pub fn start(conn: &mut AnyConnection, new: &NewTask) -> QueryResult<Result<i64, ImportTask>> {
    super::pool::close_after_use(conn);
    let inserted = conn.transaction(|conn| {
        let id: i64 = diesel::insert_into(import_tasks::table)
            .values((
                import_tasks::customer_id.eq(new.customer_id),
                import_tasks::started_by.eq(new.started_by),
                import_tasks::file_name.eq(new.file_name),
                import_tasks::mode.eq(new.mode),
                import_tasks::status.eq(CHECKING),
                import_tasks::runner.eq(new.runner),
                import_tasks::created_at.eq(super::now()),
            ))
            .returning(import_tasks::id)
            .get_result(conn)?;
        diesel::insert_into(import_files::table)
            .values((
                import_files::task_id.eq(id),
                import_files::content.eq(new.content),
            ))
            .execute(conn)?;
        Ok(id)
    });
    match inserted {
        Ok(id) => Ok(Ok(id)),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            match running(conn, new.customer_id)? {
                Some(task) => Ok(Err(task)),
                None => Err(DieselError::RollbackTransaction),
            }
        }
        Err(e) => Err(e),
    }
}

pub fn find(
    conn: &mut AnyConnection,
    customer_id: i64,
    id: i64,
) -> QueryResult<Option<ImportTask>> {
    import_tasks::table
        .find(id)
        .filter(import_tasks::customer_id.eq(customer_id))
        .select(ImportTask::as_select())
        .first(conn)
        .optional()
}

/// The customer's imports, newest first.
pub fn of_customer(
    conn: &mut AnyConnection,
    customer_id: i64,
    limit: i64,
) -> QueryResult<Vec<ImportTask>> {
    import_tasks::table
        .filter(import_tasks::customer_id.eq(customer_id))
        .order(import_tasks::id.desc())
        .limit(limit)
        .select(ImportTask::as_select())
        .load(conn)
}

/// A task's file; the connection that read it is closed once returned to
/// the pool.
pub fn file(conn: &mut AnyConnection, task_id: i64) -> QueryResult<Vec<u8>> {
    super::pool::close_after_use(conn);
    import_files::table
        .find(task_id)
        .select(import_files::content)
        .first(conn)
}

/// Rows done of rows total, while a check runs.
pub fn set_progress(conn: &mut AnyConnection, id: i64, done: i64, total: i64) -> QueryResult<()> {
    diesel::update(import_tasks::table.find(id))
        .set((
            import_tasks::rows_done.eq(done),
            import_tasks::rows_total.eq(total),
        ))
        .execute(conn)
        .map(drop)
}

/// Moves a task from `from` to `to` with what it found; false when it was
/// no longer in `from`.
pub fn finish(
    conn: &mut AnyConnection,
    id: i64,
    (from, to): (&str, &str),
    outcome: &Outcome,
) -> QueryResult<bool> {
    let [add, modify, remove, unchanged, errors] = outcome.counts;
    let done = to != CHECKING && to != APPLYING;
    diesel::update(
        import_tasks::table
            .find(id)
            .filter(import_tasks::status.eq(from)),
    )
    .set((
        import_tasks::status.eq(to),
        import_tasks::to_add.eq(add),
        import_tasks::to_modify.eq(modify),
        import_tasks::to_remove.eq(remove),
        import_tasks::unchanged.eq(unchanged),
        import_tasks::errors.eq(errors),
        import_tasks::rows_total.eq(outcome.rows_total),
        import_tasks::rows_done.eq(if done { outcome.rows_total } else { 0 }),
        import_tasks::problems.eq(outcome.problems),
        import_tasks::failure.eq(outcome.failure),
        import_tasks::finished_at.eq(done.then(super::now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Moves a checked task with no error to applying: false when it is not
/// one, or when another import of the customer runs.
pub fn begin_apply(conn: &mut AnyConnection, id: i64, runner: &str) -> QueryResult<bool> {
    move_task(conn, id, (CHECKED, APPLYING), runner)
}

/// Moves a failed task back to being checked, by `runner`: false when it
/// is not failed, or when another import of the customer runs.
pub fn restart(conn: &mut AnyConnection, id: i64, runner: &str) -> QueryResult<bool> {
    move_task(conn, id, (FAILED, CHECKING), runner)
}

/// Moves a task with no error from one status to the next, to be run by
/// `runner` from its first row.
fn move_task(
    conn: &mut AnyConnection,
    id: i64,
    (from, to): (&str, &str),
    runner: &str,
) -> QueryResult<bool> {
    let moved = diesel::update(
        import_tasks::table
            .find(id)
            .filter(import_tasks::status.eq(from))
            .filter(import_tasks::errors.eq(0)),
    )
    .set((
        import_tasks::status.eq(to),
        import_tasks::rows_done.eq(0),
        import_tasks::runner.eq(runner),
        import_tasks::failure.eq(""),
        import_tasks::finished_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn);
    match moved {
        Ok(n) => Ok(n == 1),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Tasks this instance was running when it stopped: failed, with nothing
/// applied (an apply is one transaction, which the database rolled back).
pub fn fail_interrupted(
    conn: &mut AnyConnection,
    runner: &str,
    failure: &str,
) -> QueryResult<usize> {
    diesel::update(
        import_tasks::table
            .filter(import_tasks::runner.eq(runner))
            .filter(import_tasks::status.eq_any([CHECKING, APPLYING])),
    )
    .set((
        import_tasks::status.eq(FAILED),
        import_tasks::failure.eq(failure),
        import_tasks::finished_at.eq(Some(super::now())),
    ))
    .execute(conn)
}
