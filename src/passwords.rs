//! bcrypt hashing. Both functions are slow on purpose: call them from
//! `web::block`, never on an async thread.

use std::sync::OnceLock;

pub fn hash(password: &str, cost: u32) -> anyhow::Result<String> {
    Ok(bcrypt::hash(password, cost)?)
}

/// Checks a password against a stored hash. Without a hash (unknown user,
/// no local password) it still spends the time of a real check, so response
/// times do not tell which usernames exist.
pub fn verify(password: &str, stored: Option<&str>, cost: u32) -> bool {
    match stored {
        Some(hash) => bcrypt::verify(password, hash).unwrap_or(false),
        None => {
            let _ = bcrypt::verify(password, dummy_hash(cost));
            false
        }
    }
}

fn dummy_hash(cost: u32) -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        bcrypt::hash("partnerdesk-dummy-password", cost).expect("bcrypt works with a valid cost")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifies_only_the_right_password() {
        let h = super::hash("correct horse battery", 4).unwrap();
        assert!(super::verify("correct horse battery", Some(&h), 4));
        assert!(!super::verify("wrong horse battery", Some(&h), 4));
        assert!(!super::verify("anything", None, 4));
    }
}
