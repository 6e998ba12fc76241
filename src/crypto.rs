//! Secrets kept in the database are sealed (AES-256-GCM), one key per
//! purpose: integration credentials, and the secrets of queued e-mails
//! (`crate::mail::sealed`). The keys derive from the sealing key when the
//! operator sets one (kept outside the database), else from the secret key.
//!
//! A sealed value names the key that sealed it (`k1a2b3c4d:…`), so a new
//! sealing key can come in while the former ones still open what they
//! sealed, until `partnerdesk reseal` has sealed everything anew.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::config::Config;

/// The key material: the one that seals, and those that may still open.
#[derive(Clone, Debug)]
pub struct SealingKeys {
    pub current: String,
    pub previous: Vec<String>,
}

impl SealingKeys {
    pub fn single(key: &str) -> Self {
        SealingKeys {
            current: key.to_string(),
            previous: Vec::new(),
        }
    }

    /// The configured sealing key, or the secret key when none is set.
    /// With a sealing key set, the secret key still opens what was sealed
    /// before it was.
    pub fn of(config: &Config, secret_key: &str) -> Self {
        let mut previous = config.previous_sealing_keys.clone();
        let current = match &config.sealing_key {
            Some(key) => {
                previous.push(secret_key.to_string());
                key.clone()
            }
            None => secret_key.to_string(),
        };
        previous.retain(|k| *k != current);
        SealingKeys { current, previous }
    }
}

#[derive(Clone)]
struct Key {
    id: String,
    cipher: Aes256Gcm,
}

impl Key {
    fn derive(material: &str, purpose: &str) -> Key {
        let key = Sha256::new()
            .chain_update(b"partnerdesk/")
            .chain_update(purpose.as_bytes())
            .chain_update(b"\0")
            .chain_update(material.as_bytes())
            .finalize();
        let id = Sha256::new()
            .chain_update(b"partnerdesk/key-id\0")
            .chain_update(key)
            .finalize();
        Key {
            id: format!("k{}", &hex::encode(id)[..8]),
            cipher: Aes256Gcm::new(&key),
        }
    }

    fn open(&self, hex_text: &str) -> Option<String> {
        let bytes = hex::decode(hex_text).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }
}

#[derive(Clone)]
pub struct SecretBox {
    current: Key,
    previous: Vec<Key>,
}

impl SecretBox {
    /// Seals integration credentials.
    pub fn for_integrations(keys: &SealingKeys) -> Self {
        Self::for_purpose(keys, "integration-credentials/v1")
    }

    /// Seals the secrets of queued e-mails (links' tokens, passwords).
    pub fn for_outbox(keys: &SealingKeys) -> Self {
        Self::for_purpose(keys, "outbox-secrets/v1")
    }

    fn for_purpose(keys: &SealingKeys, purpose: &str) -> Self {
        SecretBox {
            current: Key::derive(&keys.current, purpose),
            previous: keys
                .previous
                .iter()
                .map(|k| Key::derive(k, purpose))
                .collect(),
        }
    }

    /// `KEYID:hex(nonce ‖ ciphertext)`; an empty input stays empty.
    pub fn seal(&self, plain: &str) -> String {
        if plain.is_empty() {
            return String::new();
        }
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .current
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("AES-GCM encryption of a short message cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{}:{}", self.current.id, hex::encode(out))
    }

    /// None when no key at hand sealed the text, or it was altered. Text
    /// sealed before values named their key is tried with every key.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let keys = || std::iter::once(&self.current).chain(&self.previous);
        match sealed.split_once(':') {
            Some((id, body)) => keys().find(|k| k.id == id)?.open(body),
            None => keys().find_map(|k| k.open(sealed)),
        }
    }

    /// Whether the text was sealed with the current key (or holds nothing).
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed.is_empty()
            || sealed
                .split_once(':')
                .is_some_and(|(id, _)| id == self.current.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "one secret key that is long enough!!";
    const TWO: &str = "another secret key, also long enough";

    #[test]
    fn round_trips_and_detects_tampering() {
        let a = SecretBox::for_integrations(&SealingKeys::single(ONE));
        let sealed = a.seal("api-key: s3cr3t");
        assert!(!sealed.contains("s3cr3t"));
        assert_eq!(a.open(&sealed).as_deref(), Some("api-key: s3cr3t"));
        let b = SecretBox::for_integrations(&SealingKeys::single(TWO));
        assert_eq!(b.open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered.replace_range(30..32, if &sealed[30..32] == "00" { "11" } else { "00" });
        assert_eq!(a.open(&tampered), None);
        assert_eq!(a.seal(""), "");
        let outbox = SecretBox::for_outbox(&SealingKeys::single(ONE));
        assert_eq!(outbox.open(&sealed), None, "one key per purpose");
    }

    #[test]
    fn a_rotation_keeps_former_values_open_until_resealed() {
        let old = SecretBox::for_integrations(&SealingKeys::single(ONE));
        let sealed_before = old.seal("pw-1");
        let rotated = SecretBox::for_integrations(&SealingKeys {
            current: TWO.into(),
            previous: vec![ONE.into()],
        });
        assert_eq!(rotated.open(&sealed_before).as_deref(), Some("pw-1"));
        assert!(!rotated.is_current(&sealed_before));
        let resealed = rotated.seal("pw-1");
        assert!(rotated.is_current(&resealed));
        assert_ne!(resealed[..9], sealed_before[..9], "the key id changed");
        let only_new = SecretBox::for_integrations(&SealingKeys::single(TWO));
        assert_eq!(only_new.open(&sealed_before), None);
        assert_eq!(only_new.open(&resealed).as_deref(), Some("pw-1"));
    }

    #[test]
    fn values_sealed_before_key_ids_still_open() {
        let sealed = SecretBox::for_outbox(&SealingKeys::single(ONE)).seal("tok");
        let legacy = sealed.split_once(':').unwrap().1;
        let rotated = SecretBox::for_outbox(&SealingKeys {
            current: TWO.into(),
            previous: vec![ONE.into()],
        });
        assert_eq!(rotated.open(legacy).as_deref(), Some("tok"));
    }
}
