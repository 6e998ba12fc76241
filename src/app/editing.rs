//! *Manage details*: applying an edit of a customer under its rules — a
//! product locked once assigned stays, the administrator's username changes
//! only once they are active, and a term change waits for the end of the
//! period once a service is enrolled.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::app::provisioning::{check_account_rules, CreateError, Refusal};
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Change, Details};
use crate::db::customers::Customer;
use crate::db::schema::{customers, integrations, users};
use crate::db::{self, catalog, services, AnyConnection};
use crate::domain::customer::{name_key, plan_term_change, Account, Address, Term, TermChange};
use crate::domain::wizard::{Admin, IntegrationPlan};

pub struct Edit {
    pub account: Account,
    pub address: Address,
    pub admin: Admin,
    pub api_access: bool,
    pub integration: Option<IntegrationPlan>,
    /// Newly typed credentials, sealed; None keeps the stored ones.
    pub new_credentials: Option<String>,
    /// *Manual reset*: the bcrypt of a new password for the administrator.
    pub admin_password_hash: Option<String>,
}

/// Why an edit was refused, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefusal {
    Account(Refusal),
    ProductLocked,
    UsernameBeforeActivation,
    UsernameTaken,
    EmailTaken,
    ApiNotAllowed,
    PasswordBeforeActivation,
}

impl EditRefusal {
    pub fn field(self) -> (&'static str, &'static str) {
        match self {
            EditRefusal::Account(r) => r.field(),
            EditRefusal::ProductLocked => ("product_id", "product-locked"),
            EditRefusal::UsernameBeforeActivation => ("username", "username-before-activation"),
            EditRefusal::UsernameTaken => ("username", "username-taken"),
            EditRefusal::EmailTaken => ("email", "email-login-taken"),
            EditRefusal::ApiNotAllowed => ("api_access", "api-not-allowed"),
            EditRefusal::PasswordBeforeActivation => ("admin_new_password", "user-not-active"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("refused")]
    Refused(EditRefusal),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<CreateError> for EditError {
    fn from(e: CreateError) -> Self {
        match e {
            CreateError::Refused(r) => EditError::Refused(EditRefusal::Account(r)),
            CreateError::Database(e) => EditError::Database(e),
        }
    }
}

/// What happened to the term, for the confirmation message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermOutcome {
    Unchanged,
    Changed,
    Pending(NaiveDateTime),
    PendingCancelled,
}

fn diff(changes: &mut Vec<Change>, field: &'static str, old: &str, new: &str) {
    if old != new {
        changes.push(Change::text(field, old, new));
    }
}

fn diff_flag(changes: &mut Vec<Change>, field: &'static str, old: bool, new: bool) {
    let word = |b: bool| if b { "yes" } else { "no" };
    if old != new {
        changes.push(Change::words(field, word(old), word(new)));
    }
}

pub fn apply(
    conn: &mut AnyConnection,
    c: &Customer,
    edit: &Edit,
    actor: &AuditActor,
) -> Result<TermOutcome, EditError> {
    crate::db::write_transaction(conn, |conn| {
        let refuse = |r| Err(EditError::Refused(r));
        check_account_rules(conn, c.reseller_id, &edit.account, Some(c.id))?;
        let product = catalog::product(conn, c.product_id)?;
        if edit.account.product_id != c.product_id
            && product.is_some_and(|p| p.locked_once_assigned)
        {
            return refuse(EditRefusal::ProductLocked);
        }
        let plan = catalog::plan_of_reseller(conn, c.reseller_id)?;
        if edit.api_access && !c.api_access && !plan.api_allowed {
            return refuse(EditRefusal::ApiNotAllowed);
        }
        let admin = db::customers::admin(conn, c.id)?;
        if let Some(a) = &admin {
            if a.username != edit.admin.username {
                if !a.is_active() {
                    return refuse(EditRefusal::UsernameBeforeActivation);
                }
                if crate::db::users::login_taken(conn, &edit.admin.username, Some(a.id))? {
                    return refuse(EditRefusal::UsernameTaken);
                }
            }
            if a.email != edit.admin.email
                && crate::db::users::login_taken(conn, &edit.admin.email, Some(a.id))?
            {
                return refuse(EditRefusal::EmailTaken);
            }
        }

        let now = db::now();
        let current_term = Term::parse(&c.term).unwrap_or(Term::Monthly);
        let enrolled = services::has_enrolled(conn, c.id)?;
        let change = plan_term_change(current_term, edit.account.term, enrolled, c.period_ends_at);
        let (term, pending, pending_at, period_end, outcome) = match change {
            TermChange::Unchanged if c.pending_term.is_some() => (
                current_term,
                None,
                None,
                c.period_ends_at,
                TermOutcome::PendingCancelled,
            ),
            TermChange::Unchanged => (
                current_term,
                None,
                None,
                c.period_ends_at,
                TermOutcome::Unchanged,
            ),
            TermChange::Immediate => (
                edit.account.term,
                None,
                None,
                edit.account.term.period_end(now),
                TermOutcome::Changed,
            ),
            TermChange::Pending { at } => (
                current_term,
                Some(edit.account.term.as_str()),
                Some(at),
                c.period_ends_at,
                TermOutcome::Pending(at),
            ),
        };

        let a = &edit.account;
        let mut changes = Vec::new();
        diff(&mut changes, "customer-name", &c.name, &a.name);
        if c.product_id != a.product_id {
            let mut name = |id: i64| -> QueryResult<String> {
                Ok(catalog::product(conn, id)?
                    .map(|p| p.name)
                    .unwrap_or_default())
            };
            let (was, is) = (name(c.product_id)?, name(a.product_id)?);
            changes.push(Change::text("product-name", was, is));
        }
        diff(
            &mut changes,
            "customer-reference",
            &c.reference,
            &a.reference,
        );
        diff(&mut changes, "customer-country", &c.country, &a.country);
        diff(&mut changes, "customer-timezone", &c.timezone, &a.timezone);
        if c.term != term.as_str() {
            let (was, is) = (
                format!("term-{}", c.term),
                format!("term-{}", term.as_str()),
            );
            changes.push(Change::words("customer-term", was, is));
        }
        if let Some(p) = pending {
            let (was, is) = (format!("term-{}", c.term), format!("term-{p}"));
            changes.push(Change::words("customer-pending-term", was, is));
        }
        diff_flag(&mut changes, "customer-internal", c.is_internal, a.internal);
        diff_flag(
            &mut changes,
            "customer-api-access",
            c.api_access,
            edit.api_access,
        );
        diff(&mut changes, "customer-email", &c.email, &edit.admin.email);
        if c.notes != a.notes {
            changes.push(Change::event("audit-notes-changed"));
        }

        diesel::update(customers::table.find(c.id))
            .set((
                customers::name.eq(&a.name),
                customers::name_key.eq(name_key(&a.name)),
                customers::product_id.eq(a.product_id),
                customers::reference.eq(&a.reference),
                customers::reference_key.eq(a.reference.to_lowercase()),
                customers::country.eq(&a.country),
                customers::timezone.eq(&a.timezone),
                customers::term.eq(term.as_str()),
                customers::pending_term.eq(pending),
                customers::pending_term_at.eq(pending_at),
                customers::period_ends_at.eq(period_end),
                customers::notes.eq(&a.notes),
                customers::is_internal.eq(a.internal),
                customers::api_access.eq(edit.api_access),
                customers::address_line1.eq(&edit.address.line1),
                customers::address_line2.eq(&edit.address.line2),
                customers::city.eq(&edit.address.city),
                customers::region.eq(&edit.address.region),
                customers::postcode.eq(&edit.address.postcode),
                customers::contact_phone.eq(&edit.admin.phone),
                customers::email.eq(&edit.admin.email),
                customers::admin_email_key.eq(edit.admin.email.to_lowercase()),
                customers::updated_at.eq(now),
            ))
            .execute(conn)?;
        // The live subscriptions follow: the product at once, the term when
        // it changes now (a pending change reaches them with the new period).
        if c.product_id != a.product_id || c.term != term.as_str() {
            crate::db::subscriptions::carry_customer_change(
                conn,
                c.id,
                (c.product_id, a.product_id),
                term.as_str(),
            )?;
        }
        if let Some(admin) = admin {
            diff(
                &mut changes,
                "customer-admin-username",
                &admin.username,
                &edit.admin.username,
            );
            diesel::update(users::table.find(admin.id))
                .set((
                    users::full_name.eq(&edit.admin.full_name),
                    users::username.eq(&edit.admin.username),
                    users::email.eq(&edit.admin.email),
                    users::language.eq(edit.admin.language.code()),
                    users::identity_provider.eq(&edit.admin.identity_provider),
                    users::phone.eq(&edit.admin.phone),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            if let Some(hash) = &edit.admin_password_hash {
                if !admin.is_active() {
                    return refuse(EditRefusal::PasswordBeforeActivation);
                }
                // Ends the administrator's sessions too.
                crate::db::users::set_password(conn, admin.id, hash)?;
                changes.push(Change::event("audit-admin-password-set"));
            }
        }
        match &edit.integration {
            None => {
                if diesel::delete(integrations::table.filter(integrations::customer_id.eq(c.id)))
                    .execute(conn)?
                    > 0
                {
                    changes.push(Change::event("audit-integration-removed"));
                }
            }
            Some(i) => {
                let existing: Option<(i64, String)> = integrations::table
                    .filter(integrations::customer_id.eq(c.id))
                    .select((integrations::id, integrations::credentials_encrypted))
                    .first(conn)
                    .optional()?;
                let sealed = edit
                    .new_credentials
                    .clone()
                    .or_else(|| existing.as_ref().map(|e| e.1.clone()))
                    .unwrap_or_default();
                if edit.new_credentials.is_some() {
                    changes.push(Change::event("audit-integration-credentials"));
                }
                match existing {
                    Some((id, _)) => {
                        diesel::update(integrations::table.find(id))
                            .set((
                                integrations::kind.eq(&i.kind),
                                integrations::endpoint.eq(&i.endpoint.raw),
                                integrations::credentials_encrypted.eq(&sealed),
                                integrations::enabled.eq(i.enabled),
                                integrations::auto_provision.eq(i.auto_provision),
                            ))
                            .execute(conn)?;
                    }
                    None => {
                        changes.push(Change::event("audit-integration-added"));
                        crate::db::integrations::insert(conn, c.id, i, &sealed)?;
                    }
                }
            }
        }
        audit::record(
            conn,
            actor,
            AuditEvent::about(
                c,
                AuditAction::CustomerUpdated,
                "customer",
                c.public_id.clone(),
                Details::new().text("name", &a.name).changes(changes),
            ),
        )?;
        Ok(outcome)
    })
}
