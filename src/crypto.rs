//! Secrets kept in the database are sealed (AES-256-GCM) with a key derived
//! from the secret key, one key per purpose: integration credentials, and
//! the secrets of queued e-mails (`crate::mail::sealed`).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl SecretBox {
    /// Seals integration credentials.
    pub fn from_secret(secret: &str) -> Self {
        Self::for_purpose(secret, "integration-credentials/v1")
    }

    /// Seals the secrets of queued e-mails (links' tokens, passwords).
    pub fn for_outbox(secret: &str) -> Self {
        Self::for_purpose(secret, "outbox-secrets/v1")
    }

    fn for_purpose(secret: &str, purpose: &str) -> Self {
        let key = Sha256::new()
            .chain_update(b"partnerdesk/")
            .chain_update(purpose.as_bytes())
            .chain_update(b"\0")
            .chain_update(secret.as_bytes())
            .finalize();
        SecretBox {
            cipher: Aes256Gcm::new(&key),
        }
    }

    /// hex(nonce ‖ ciphertext); an empty input stays empty.
    pub fn seal(&self, plain: &str) -> String {
        if plain.is_empty() {
            return String::new();
        }
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("AES-GCM encryption of a short message cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        hex::encode(out)
    }

    /// None when the text was not sealed with this key or was altered.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBox;

    #[test]
    fn round_trips_and_detects_tampering() {
        let a = SecretBox::from_secret("one secret key that is long enough!!");
        let sealed = a.seal("api-key: s3cr3t");
        assert!(!sealed.contains("s3cr3t"));
        assert_eq!(a.open(&sealed).as_deref(), Some("api-key: s3cr3t"));
        let b = SecretBox::from_secret("another secret key, also long enough");
        assert_eq!(b.open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered.replace_range(30..32, if &sealed[30..32] == "00" { "11" } else { "00" });
        assert_eq!(a.open(&tampered), None);
        assert_eq!(a.seal(""), "");
        let outbox = SecretBox::for_outbox("one secret key that is long enough!!");
        assert_eq!(outbox.open(&sealed), None, "one key per purpose");
    }
}
