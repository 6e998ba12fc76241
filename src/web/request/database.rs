//! The database as the screens reach it: the pool's two ways of running
//! work, with the web error type.

use crate::db::{AnyConnection, Pool};
use crate::web::request::error::AppError;

/// Runs blocking database work off the async threads, in its turn.
pub async fn run<T, F>(pool: &Pool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    pool.run(f).await
}

/// Runs a short read on the calling thread, in its turn ([`Pool::run_here`]);
/// tried once more when the connection was lost.
pub async fn run_here<T, F>(pool: &Pool, f: F) -> Result<T, AppError>
where
    F: FnMut(&mut AnyConnection) -> Result<T, AppError>,
{
    pool.run_here(f).await
}
