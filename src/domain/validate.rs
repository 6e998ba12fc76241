//! Field rules shared by forms, the command line and (later) the API. Each
//! failure names a translation key, so every caller can say it in the
//! reader's language.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(key: &'static str) -> Self {
        Problem {
            key,
            args: Vec::new(),
        }
    }
}

pub const MAX_NAME: usize = 200;
const MAX_EMAIL: usize = 254;

/// A required line of text, trimmed, at most `max` characters.
pub fn required_text(value: &str, max: usize) -> Result<String, Problem> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Problem::new("field-required"));
    }
    if v.chars().count() > max {
        return Err(Problem {
            key: "field-too-long",
            args: vec![("max", max.to_string())],
        });
    }
    Ok(v.to_string())
}

/// A username: required, lower-cased, at most 100 characters, no spaces.
pub fn username(value: &str) -> Result<String, Problem> {
    let v = required_text(value, 100)?.to_lowercase();
    if v.chars().any(char::is_whitespace) {
        return Err(Problem::new("username-spaces"));
    }
    Ok(v)
}

/// An e-mail address, trimmed and lower-cased.
pub fn email(value: &str) -> Result<String, Problem> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Problem::new("field-required"));
    }
    let parsed = email_address::EmailAddress::parse_with_options(
        v,
        email_address::Options::default().without_display_text(),
    );
    match parsed {
        Ok(addr) if v.len() <= MAX_EMAIL && addr.domain().contains('.') => Ok(v.to_lowercase()),
        _ => Err(Problem::new("email-invalid")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert_eq!(required_text("  Ada  ", 10).unwrap(), "Ada");
        assert_eq!(required_text("   ", 10).unwrap_err().key, "field-required");
        let long = required_text(&"é".repeat(11), 10).unwrap_err();
        assert_eq!(long.key, "field-too-long");
        assert_eq!(long.args, vec![("max", "10".to_string())]);
    }

    #[test]
    fn email_rules() {
        assert_eq!(email(" Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@localhost",
            "a b@example.com",
            "Ada <ada@example.com>",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
