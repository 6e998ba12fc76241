//! The transaction every change runs in.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error;
use diesel::Connection;

use super::AnyConnection;

/// Runs `f` in one transaction that writes. On SQLite it begins with
/// `BEGIN IMMEDIATE`, taking the write lock at once: a transaction that
/// reads before it writes then waits for another writer (the busy timeout)
/// instead of failing with "database is locked" when that writer commits
/// between its read and its first write. PostgreSQL's row locks need no
/// such care. Inside another transaction, a savepoint as usual.
pub fn write_transaction<T, E>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    let begun = match conn {
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        AnyConnection::Postgresql(_) => return conn.transaction(f),
    };
    match begun {
        Ok(()) => {}
        Err(Error::AlreadyInTransaction) => return conn.transaction(f),
        Err(e) => return Err(e.into()),
    }
    let done = f(conn);
    let AnyConnection::Sqlite(c) = conn else {
        unreachable!("only SQLite begins here")
    };
    match done {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(c)?;
            Ok(value)
        }
        Err(e) => match AnsiTransactionManager::rollback_transaction(c) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(e),
            Err(rollback) => Err(rollback.into()),
        },
    }
}
