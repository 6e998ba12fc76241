use diesel::prelude::*;

use super::schema::settings;
use super::AnyConnection;

pub const SECRET_KEY: &str = "secret_key";

pub fn get(conn: &mut AnyConnection, key: &str) -> QueryResult<Option<String>> {
    settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()
}

/// Inserts or replaces a setting. (`on_conflict` does not compile for the
/// multi-backend connection, so update first and insert when nothing was there.)
pub fn set(conn: &mut AnyConnection, key: &str, value: &str) -> QueryResult<()> {
    conn.transaction(|conn| {
        let now = super::now();
        let updated = diesel::update(settings::table.find(key))
            .set((settings::value.eq(value), settings::updated_at.eq(now)))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(key),
                    settings::value.eq(value),
                    settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Returns the stored value, or stores the one `make` gives. When two
/// instances race, the first insert wins and both read it back.
pub fn get_or_insert_with(
    conn: &mut AnyConnection,
    key: &str,
    make: impl FnOnce() -> String,
) -> QueryResult<String> {
    if let Some(v) = get(conn, key)? {
        return Ok(v);
    }
    let inserted = diesel::insert_into(settings::table)
        .values((
            settings::key.eq(key),
            settings::value.eq(make()),
            settings::updated_at.eq(super::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) | Err(diesel::result::Error::DatabaseError(_, _)) => {
            get(conn, key)?.ok_or(diesel::result::Error::NotFound)
        }
        Err(e) => Err(e),
    }
}

pub const IMPERSONATION_ENABLED: &str = "impersonation_enabled";

/// Whether *Log in as* is on for the platform (it is unless an operator
/// switched it off).
pub fn impersonation_enabled(conn: &mut AnyConnection) -> QueryResult<bool> {
    Ok(get(conn, IMPERSONATION_ENABLED)?.as_deref() != Some("false"))
}
