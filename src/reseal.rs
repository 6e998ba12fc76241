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
    let (credentials, lost_credentials) = conn.transaction(|conn| {
        let rows = integrations::table
            .select((integrations::id, integrations::credentials_encrypted))
            .load(conn)?;
        renew_all(
            conn,
            &SecretBox::for_integrations(keys),
            rows,
            |c, id, value| {
                diesel::update(integrations::table.find(id))
                    .set(integrations::credentials_encrypted.eq(value))
                    .execute(c)
            },
        )
    })?;
    let (mail_secrets, lost_mail_secrets) = conn.transaction(|conn| {
        let rows = outbox::table
            .filter(outbox::secret.ne(""))
            .select((outbox::id, outbox::secret))
            .load(conn)?;
        renew_all(conn, &SecretBox::for_outbox(keys), rows, |c, id, value| {
            diesel::update(outbox::table.find(id))
                .set(outbox::secret.eq(value))
                .execute(c)
        })
    })?;
    Ok(Resealed {
        credentials,
        mail_secrets,
        unopenable: lost_credentials + lost_mail_secrets,
    })
}

/// Seals each (id, sealed value) anew unless the current key sealed it,
/// storing it with `store`: how many were sealed anew, and how many no key
/// given could open (left as they are).
fn renew_all(
    conn: &mut AnyConnection,
    seal: &SecretBox,
    rows: Vec<(i64, String)>,
    mut store: impl FnMut(&mut AnyConnection, i64, String) -> diesel::QueryResult<usize>,
) -> diesel::QueryResult<(usize, usize)> {
    let (mut renewed, mut unopenable) = (0, 0);
    for (id, sealed) in rows {
        if seal.is_current(&sealed) {
            continue;
        }
        match seal.open(&sealed) {
            Some(plain) => {
                store(conn, id, seal.seal(&plain))?;
                renewed += 1;
            }
            None => unopenable += 1,
        }
    }
    Ok((renewed, unopenable))
}
