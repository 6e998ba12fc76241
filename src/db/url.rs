use std::fmt;

/// A database location, parsed from `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A libpq connection URL.
    Postgres(String),
    /// A file path or a `file:` URI for SQLite.
    Sqlite(String),
}

impl DatabaseUrl {
    /// `postgres://` and `postgresql://` select PostgreSQL; `sqlite://PATH`
    /// and `file:` select SQLite. Anything else is refused, so a typo never
    /// turns into a new SQLite file named after the URL.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("DATABASE_URL 'sqlite://' names no file; write sqlite://partnerdesk.db or sqlite:///var/lib/partnerdesk/partnerdesk.db".into());
            }
            return Ok(DatabaseUrl::Sqlite(path.to_string()));
        }
        if raw.starts_with("file:") {
            return Ok(DatabaseUrl::Sqlite(raw.to_string()));
        }
        const USE: &str = "use postgres://user@host/db, sqlite://path/to/file.db or file:path.db";
        Err(match url::Url::parse(raw) {
            Ok(_) => format!("DATABASE_URL '{}' is not understood: {USE}", redact(raw)),
            // Not a URL at all (a libpq key=value string, a typo): it may
            // hold a password, so it is not repeated.
            Err(_) => format!("DATABASE_URL is not a URL: {USE}"),
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, DatabaseUrl::Postgres(_))
    }

    /// The URL with any password hidden, for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Postgres(u) => redact(u),
            DatabaseUrl::Sqlite(p) => format!("sqlite://{p}"),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn redact(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap(),
            DatabaseUrl::Postgres("postgres://u@h/db".into())
        );
        assert!(DatabaseUrl::parse("postgresql://u@h/db")
            .unwrap()
            .is_postgres());
        assert_eq!(
            DatabaseUrl::parse("sqlite://partnerdesk.db").unwrap(),
            DatabaseUrl::Sqlite("partnerdesk.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/db/p.db").unwrap(),
            DatabaseUrl::Sqlite("/var/db/p.db".into())
        );
    }

    #[test]
    fn refuses_anything_else_without_leaking_the_password() {
        let err = DatabaseUrl::parse("host=db user=admin password=secret").unwrap_err();
        assert!(err.contains("not a URL"));
        assert!(!err.contains("secret"));
        let err = DatabaseUrl::parse("mysql://root:hunter2@db/app").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn redacts_postgres_password() {
        let url = DatabaseUrl::parse("postgres://app:hunter2@db:5432/pd").unwrap();
        assert!(!url.redacted().contains("hunter2"));
        assert!(url.redacted().contains("app:***@db"));
    }
}
