//! `partnerdesk reseal`: seals every stored secret anew with the current
//! sealing key, the last step of a key rotation (README, *Sealing key*).

use diesel::prelude::*;

use crate::crypto::{SealingKeys, SecretBox};
use crate::db::schema::{integrations, outbox};
use crate::db::AnyConnection;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resealed {
    pub credentials: usize,
    pub mail_secrets: usize,
    /// Values no key given could open: left as they are.
    pub unopenable: usize,
}

impl std::fmt::Display for Resealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Sealed anew: {} integration credentials, {} e-mail secrets.",
            self.credentials, self.mail_secrets
        )?;
        if self.unopenable > 0 {
            write!(
                f,
                " {} could not be opened with the keys given and were left as they are; \
                 add the key that sealed them to PARTNERDESK_PREVIOUS_SEALING_KEYS.",
                self.unopenable
            )?;
        }
        Ok(())
    }
}

/// One transaction per table: a crash leaves each table all old or all new,
/// and both are readable while the former keys are still given.
pub fn run(conn: &mut AnyConnection, keys: &SealingKeys) -> anyhow::Result<Resealed> {
    let mut done = Resealed::default();
    let integrations_box = SecretBox::for_integrations(keys);
    conn.transaction(|conn| {
        let rows: Vec<(i64, String)> = integrations::table
            .select((integrations::id, integrations::credentials_encrypted))
            .load(conn)?;
        for (id, sealed) in rows {
            match renew(&integrations_box, &sealed) {
                Renewal::Keep => {}
                Renewal::Unopenable => done.unopenable += 1,
                Renewal::New(value) => {
                    diesel::update(integrations::table.find(id))
                        .set(integrations::credentials_encrypted.eq(value))
                        .execute(conn)?;
                    done.credentials += 1;
                }
            }
        }
        diesel::QueryResult::Ok(())
    })?;
    let outbox_box = SecretBox::for_outbox(keys);
    conn.transaction(|conn| {
        let rows: Vec<(i64, String)> = outbox::table
            .filter(outbox::secret.ne(""))
            .select((outbox::id, outbox::secret))
            .load(conn)?;
        for (id, sealed) in rows {
            match renew(&outbox_box, &sealed) {
                Renewal::Keep => {}
                Renewal::Unopenable => done.unopenable += 1,
                Renewal::New(value) => {
                    diesel::update(outbox::table.find(id))
                        .set(outbox::secret.eq(value))
                        .execute(conn)?;
                    done.mail_secrets += 1;
                }
            }
        }
        diesel::QueryResult::Ok(())
    })?;
    Ok(done)
}

enum Renewal {
    Keep,
    Unopenable,
    New(String),
}

fn renew(seal: &SecretBox, sealed: &str) -> Renewal {
    if seal.is_current(sealed) {
        return Renewal::Keep;
    }
    match seal.open(sealed) {
        Some(plain) => Renewal::New(seal.seal(&plain)),
        None => Renewal::Unopenable,
    }
}
