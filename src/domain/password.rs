//! The password rules of DESIGN.md: 8 characters at least, 72 bytes at most
//! (bcrypt ignores the rest), not a common password, not the username.

const COMMON: &str = include_str!("common_passwords.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    SameAsIdentity,
}

impl PasswordProblem {
    /// The translation key of the message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password-too-short",
            PasswordProblem::TooLong => "password-too-long",
            PasswordProblem::Common => "password-common",
            PasswordProblem::SameAsIdentity => "password-same-as-username",
        }
    }

    /// English wording for the command line.
    pub fn describe(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "the password must have at least 8 characters",
            PasswordProblem::TooLong => "the password must be at most 72 bytes long",
            PasswordProblem::Common => "this password is too common; choose another",
            PasswordProblem::SameAsIdentity => {
                "the password must not be the username or the e-mail address"
            }
        }
    }
}

pub fn check(password: &str, identities: &[&str]) -> Result<(), PasswordProblem> {
    if password.chars().count() < 8 {
        return Err(PasswordProblem::TooShort);
    }
    if password.len() > 72 {
        return Err(PasswordProblem::TooLong);
    }
    let lowered = password.to_lowercase();
    if identities
        .iter()
        .any(|id| !id.is_empty() && id.to_lowercase() == lowered)
    {
        return Err(PasswordProblem::SameAsIdentity);
    }
    if is_common(&lowered) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

fn is_common(lowered: &str) -> bool {
    COMMON.lines().any(|line| line == lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforces_each_rule() {
        assert_eq!(check("short", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"x".repeat(73), &[]), Err(PasswordProblem::TooLong));
        // 72 bytes of multi-byte characters is fine, 73 is not.
        assert!(check(&"é".repeat(36), &[]).is_ok());
        assert_eq!(check("Password1", &[]), Err(PasswordProblem::Common));
        assert_eq!(
            check("Alice@Example.com", &["alice@example.com"]),
            Err(PasswordProblem::SameAsIdentity)
        );
        assert!(check("correct horse battery", &["alice"]).is_ok());
    }
}
