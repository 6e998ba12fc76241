//! Creating a customer account (one transaction, every rule checked again)
//! and provisioning it afterwards (its default site and first subscription),
//! which moves it from `creating` to `active` or `trial`.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Change, Details};
use crate::db::memberships::{self, NewMembership};
use crate::db::schema::{customers, subscriptions};
use crate::db::users::{self, NewUser, UserStatus};
use crate::db::{self, catalog, customers as customer_db, resellers, sites, AnyConnection};
use crate::domain::customer::{name_key, Account, Address, CustomerStatus, TRIAL_DAYS};
use crate::domain::ids::short_id;
use crate::domain::roles::Role;
use crate::domain::wizard::{Admin, IntegrationPlan};

pub struct NewAccount {
    pub reseller_id: i64,
    pub account: Account,
    pub address: Address,
    pub admin: Admin,
    pub integration: Option<IntegrationPlan>,
    /// Already sealed.
    pub credentials_encrypted: String,
    /// The wizard draft it comes from: deleted with the creation, in its
    /// transaction, so no crash leaves it behind.
    pub draft_id: Option<i64>,
}

/// Why a creation was refused; each names the field to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("reseller unknown or suspended")]
    Reseller,
    #[error("name taken")]
    NameTaken,
    #[error("product not allowed")]
    ProductNotAllowed,
    #[error("trials not allowed")]
    TrialNotAllowed,
    #[error("internal demo system exists")]
    InternalTaken,
    #[error("customer limit reached")]
    CustomerLimit,
    #[error("username taken")]
    UsernameTaken,
    #[error("e-mail used to log in by someone else")]
    EmailTaken,
}

/// A new administrator's username and e-mail must log in no one else.
pub fn admin_login_refusal(
    conn: &mut crate::db::AnyConnection,
    admin: &crate::domain::wizard::Admin,
) -> diesel::QueryResult<Option<Refusal>> {
    Ok(if users::login_taken(conn, &admin.username, None)? {
        Some(Refusal::UsernameTaken)
    } else if users::login_taken(conn, &admin.email, None)? {
        Some(Refusal::EmailTaken)
    } else {
        None
    })
}

impl Refusal {
    /// The form field the refusal belongs to, and its message key.
    pub fn field(self) -> (&'static str, &'static str) {
        match self {
            Refusal::Reseller => ("reseller_id", "reseller-unknown"),
            Refusal::NameTaken => ("name", "customer-name-taken"),
            Refusal::ProductNotAllowed => ("product_id", "product-not-allowed"),
            Refusal::TrialNotAllowed => ("trial", "trial-not-allowed"),
            Refusal::InternalTaken => ("internal", "internal-taken"),
            // The whole form: no field of it could change this.
            Refusal::CustomerLimit => ("form", "customer-limit-reached"),
            Refusal::UsernameTaken => ("username", "username-taken"),
            Refusal::EmailTaken => ("email", "email-login-taken"),
        }
    }

    /// The wizard step that holds the field.
    pub fn step(self) -> i64 {
        if matches!(self, Refusal::UsernameTaken | Refusal::EmailTaken) {
            3
        } else {
            1
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error(transparent)]
    Refused(Refusal),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Checks the account data against the reseller's plan and existing
/// customers (`except`: the customer being edited). Used at each wizard
/// step, on edit, and again inside the creating transaction.
pub fn check_account_rules(
    conn: &mut AnyConnection,
    reseller_id: i64,
    account: &Account,
    except: Option<i64>,
) -> Result<(), CreateError> {
    let reseller = resellers::find(conn, reseller_id)?
        .filter(|r| r.status == "active")
        .ok_or(CreateError::Refused(Refusal::Reseller))?;
    let plan = catalog::plan_of_reseller(conn, reseller.id)?;
    let refuse = |r| Err(CreateError::Refused(r));
    if customer_db::name_taken(conn, reseller.id, &name_key(&account.name), except)? {
        return refuse(Refusal::NameTaken);
    }
    if !catalog::plan_product_ids(conn, plan.id)?.contains(&account.product_id) {
        return refuse(Refusal::ProductNotAllowed);
    }
    if account.trial && !plan.trials_allowed && except.is_none() {
        return refuse(Refusal::TrialNotAllowed);
    }
    if account.internal {
        if let Some(existing) = customer_db::internal_of_reseller(conn, reseller.id)? {
            if Some(existing) != except {
                return refuse(Refusal::InternalTaken);
            }
        }
    }
    if except.is_none()
        && !plan
            .limits()
            .allows_another_customer(customer_db::count_for_reseller(conn, reseller.id)?)
    {
        return refuse(Refusal::CustomerLimit);
    }
    Ok(())
}

/// Creates the customer (status `creating`), its administrator (`invited`)
/// with a `customer_admin` membership, the integration and the audit entry.
pub fn create_customer(
    conn: &mut AnyConnection,
    new: &NewAccount,
    actor: &AuditActor,
    links: &crate::mail::Links,
) -> Result<i64, CreateError> {
    crate::db::write_transaction(conn, |conn| {
        check_account_rules(conn, new.reseller_id, &new.account, None)?;
        if let Some(refusal) = admin_login_refusal(conn, &new.admin)? {
            return Err(CreateError::Refused(refusal));
        }
        let now = db::now();
        let a = &new.account;
        let public_id = format!("C-{}", short_id());
        let id: i64 = diesel::insert_into(customers::table)
            .values((
                customers::public_id.eq(&public_id),
                customers::reseller_id.eq(new.reseller_id),
                customers::name.eq(&a.name),
                customers::name_key.eq(name_key(&a.name)),
                customers::product_id.eq(a.product_id),
                customers::reference.eq(&a.reference),
                customers::reference_key.eq(a.reference.to_lowercase()),
                customers::country.eq(&a.country),
                customers::timezone.eq(&a.timezone),
                customers::term.eq(a.term.as_str()),
                customers::period_ends_at.eq(a.term.period_end(now)),
                customers::notes.eq(&a.notes),
                customers::trial_ends_at.eq(a.trial.then(|| now + Duration::days(TRIAL_DAYS))),
                customers::is_internal.eq(a.internal),
                customers::address_line1.eq(&new.address.line1),
                customers::address_line2.eq(&new.address.line2),
                customers::city.eq(&new.address.city),
                customers::region.eq(&new.address.region),
                customers::postcode.eq(&new.address.postcode),
                customers::contact_phone.eq(&new.admin.phone),
                customers::email.eq(&new.admin.email),
                customers::admin_email_key.eq(new.admin.email.to_lowercase()),
                customers::status.eq(CustomerStatus::Creating.as_str()),
                customers::user_count.eq(1i64),
                customers::created_at.eq(now),
                customers::updated_at.eq(now),
            ))
            .returning(customers::id)
            .get_result(conn)?;
        let admin_id = users::insert(
            conn,
            &NewUser {
                username: &new.admin.username,
                email: &new.admin.email,
                full_name: &new.admin.full_name,
                password_hash: None,
                language: new.admin.language.code(),
                status: UserStatus::Invited.as_str(),
                created_at: now,
                updated_at: now,
            },
        )?;
        users::set_contact(
            conn,
            admin_id,
            &new.admin.phone,
            &new.admin.identity_provider,
        )?;
        memberships::insert(
            conn,
            &NewMembership {
                user_id: admin_id,
                role: Role::CustomerAdmin.as_str().into(),
                reseller_id: None,
                customer_id: Some(id),
                created_at: now,
            },
        )?;
        if let Some(i) = &new.integration {
            crate::db::integrations::insert(conn, id, i, &new.credentials_encrypted)?;
        }
        // The administrator's invitation leaves with the account, or not at all.
        let admin = users::find(conn, admin_id)?.ok_or(diesel::result::Error::NotFound)?;
        let product_name = crate::db::catalog::product(conn, a.product_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        crate::app::invitations::invite(conn, links, &admin, &a.name, Some(id))
            .map_err(diesel::result::Error::from)?;
        audit::record(
            conn,
            actor,
            AuditEvent {
                customer_id: Some(id),
                reseller_id: Some(new.reseller_id),
                ..AuditEvent::new(
                    AuditAction::CustomerCreated,
                    "customer",
                    public_id,
                    Details::new()
                        .text("name", &a.name)
                        .text("product", product_name)
                        .word("term", format!("term-{}", a.term.as_str()))
                        .text("admin", &new.admin.username)
                        .word("trial", if a.trial { "yes" } else { "no" }),
                )
            },
        )?;
        if let Some(draft) = new.draft_id {
            crate::db::drafts::delete(conn, draft)?;
        }
        Ok(id)
    })
}

/// A customer still `creating`, with what its provisioning needs.
#[derive(Queryable, Selectable)]
#[diesel(table_name = customers)]
struct Pending {
    id: i64,
    reseller_id: i64,
    product_id: i64,
    term: String,
    trial_ends_at: Option<chrono::NaiveDateTime>,
    user_count: i64,
    public_id: String,
}

/// Finishes every customer still `creating`: a default site, the first
/// subscription, and the status it runs in. Safe to run again and from
/// several instances (each customer is claimed by its status change).
pub fn provision_pending(conn: &mut AnyConnection) -> QueryResult<usize> {
    // Planned for 'creating', which almost no customer is.
    let pending: Vec<Pending> = crate::db::plan::for_values(conn, |c| {
        customers::table
            .filter(customers::status.eq(CustomerStatus::Creating.as_str()))
            .select(Pending::as_select())
            .limit(100)
            .load(c)
    })?;
    let mut done = 0;
    for p in pending {
        let Pending {
            id,
            reseller_id,
            product_id,
            term,
            trial_ends_at,
            user_count,
            public_id,
        } = p;
        crate::db::write_transaction(conn, |conn| {
            let status = if trial_ends_at.is_some() {
                CustomerStatus::Trial
            } else {
                CustomerStatus::Active
            };
            let claimed = diesel::update(
                customers::table
                    .find(id)
                    .filter(customers::status.eq(CustomerStatus::Creating.as_str())),
            )
            .set(customers::status.eq(status.as_str()))
            .execute(conn)?;
            if claimed == 0 {
                return Ok(());
            }
            if sites::of_customer(conn, id)?.is_empty() {
                sites::insert(conn, id, "Main site")?;
            }
            let now = db::now();
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::public_id.eq(crate::db::subscriptions::public_id()),
                    subscriptions::customer_id.eq(id),
                    subscriptions::reseller_id.eq(reseller_id),
                    subscriptions::product_id.eq(product_id),
                    subscriptions::seats.eq(user_count.max(1)),
                    subscriptions::term.eq(&term),
                    subscriptions::status.eq(if status == CustomerStatus::Trial {
                        "trial"
                    } else {
                        "active"
                    }),
                    subscriptions::started_at.eq(now),
                    subscriptions::created_at.eq(now),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &AuditActor {
                    name: "provisioning".into(),
                    ..Default::default()
                },
                AuditEvent {
                    customer_id: Some(id),
                    ..AuditEvent::new(
                        AuditAction::CustomerProvisioned,
                        "customer",
                        &public_id,
                        Details::new().changes(vec![Change::words(
                            "user-status",
                            "customer-status-creating",
                            format!("customer-status-{}", status.as_str()),
                        )]),
                    )
                },
            )?;
            done += 1;
            QueryResult::Ok(())
        })?;
    }
    Ok(done)
}
