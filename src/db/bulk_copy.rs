//! Rows written by the hundred in one go (an import's memberships,
//! invitations, e-mails and audit entries): on PostgreSQL with `COPY`,
//! which spares the server parsing and planning a statement of hundreds of
//! rows for each chunk; on SQLite, which runs in the process, the plain
//! `INSERT`. The rows are the same tuples of `column.eq(value)` either way
//! (`tests/app/bulk_copy.rs` checks that both write the same rows).

/// Inserts `rows` (a `&Vec` of `column.eq(value)` tuples) into `table`;
/// the number of rows written.
#[macro_export]
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql(c) => {
                diesel::copy_from($table).from_insertable($rows).execute(c)
            }
            $crate::db::AnyConnection::Sqlite(c) => {
                diesel::RunQueryDsl::execute(diesel::insert_into($table).values($rows), c)
            }
        }
    };
}
