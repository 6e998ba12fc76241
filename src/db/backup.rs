//! `partnerdesk backup FILE`: a consistent copy of a SQLite database while
//! the server keeps serving. PostgreSQL has its own tools (pg_dump).

use std::path::Path;

use diesel::sql_types::Text;
use diesel::RunQueryDsl;

use super::AnyConnection;

pub fn to_file(conn: &mut AnyConnection, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        anyhow::bail!("{} already exists; choose a new file name", file.display());
    }
    let path = file
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the backup file name must be UTF-8"))?;
    match conn {
        // VACUUM INTO has no DSL form; it reads one snapshot, so writers
        // carry on while it copies.
        AnyConnection::Sqlite(c) => {
            diesel::sql_query("VACUUM INTO ?")
                .bind::<Text, _>(path)
                .execute(c)?;
            Ok(())
        }
        AnyConnection::Postgresql(_) => anyhow::bail!(
            "on PostgreSQL, back up with the database's own tools: \
             pg_dump --format=custom --file={path} DATABASE_URL"
        ),
    }
}
