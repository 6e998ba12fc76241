//! Every secret setting may come from a file instead: `DATABASE_URL_FILE`
//! beside `DATABASE_URL`, as container secrets and systemd credentials
//! deliver them.

use std::path::Path;

/// The settings that may hold a secret, read as `NAME_FILE` when set.
pub const SECRET_VARIABLES: [&str; 6] = [
    "DATABASE_URL",
    "PARTNERDESK_SECRET_KEY",
    "PARTNERDESK_SEALING_KEY",
    "PARTNERDESK_SMTP_URL",
    "REDIS_URL",
    "PARTNERDESK_PASSWORD",
];

/// For each secret whose `NAME_FILE` is set, the value read from that file
/// (one trailing line break removed). Both set is a mistake worth stopping
/// for: one of them would be silently ignored.
pub fn values_from_files(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(&'static str, String)>, String> {
    let mut found = Vec::new();
    for name in SECRET_VARIABLES {
        let file_var = format!("{name}_FILE");
        let Some(path) = lookup(&file_var).filter(|p| !p.is_empty()) else {
            continue;
        };
        if lookup(name).is_some_and(|v| !v.is_empty()) {
            return Err(format!("set {name} or {file_var}, not both"));
        }
        found.push((name, read(Path::new(&path), &file_var)?));
    }
    Ok(found)
}

fn read(path: &Path, file_var: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{file_var}: cannot read {}: {e}", path.display()))?;
    let value = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    Ok(value.to_string())
}

/// Puts the secrets read from files into the environment, where the flags
/// look for them. Runs first thing in `main`, before any thread starts.
pub fn load_into_environment() -> Result<(), String> {
    for (name, value) in values_from_files(|n| std::env::var(n).ok())? {
        std::env::set_var(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn a_file_gives_the_value_without_its_line_break() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "s3cret-value\n").unwrap();
        let p = path.to_str().unwrap();
        let found = values_from_files(env(&[("REDIS_URL_FILE", p)])).unwrap();
        assert_eq!(found, vec![("REDIS_URL", "s3cret-value".to_string())]);
    }

    #[test]
    fn both_set_or_an_unreadable_file_is_refused() {
        let both = values_from_files(env(&[("REDIS_URL", "a"), ("REDIS_URL_FILE", "/x")]));
        assert_eq!(
            both.unwrap_err(),
            "set REDIS_URL or REDIS_URL_FILE, not both"
        );
        let missing = values_from_files(env(&[("DATABASE_URL_FILE", "/nonexistent/x")]));
        assert!(missing
            .unwrap_err()
            .starts_with("DATABASE_URL_FILE: cannot read"));
    }
}
