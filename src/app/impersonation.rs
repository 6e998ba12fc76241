//! *Log in as*: whom a start reaches and every rule it must pass, and the
//! audit entries of its starts and refusals. The session swap itself is the
//! web layer's (`web::login_as`, `web::request::impersonation`).

use super::Outcome;
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use crate::db::customers::{self, Customer};
use crate::db::memberships::{self, AccountMembership};
use crate::db::users::{self, User, UserStatus};
use crate::db::{resellers, settings, AnyConnection};
use crate::domain::policy::{may_impersonate, Actor, ImpersonationTarget, Target};
use crate::domain::roles::Role;

/// How a refused start is answered: as an unknown target, or as not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NotFound,
    Forbidden,
}

/// Why a start was refused: written to the audit log, then answered.
#[derive(Debug, Clone)]
pub struct StartRefusal {
    pub kind: Kind,
    /// The message key of the reason.
    pub why: &'static str,
    pub target_id: String,
}

pub fn refuse(kind: Kind, why: &'static str, target_id: impl ToString) -> StartRefusal {
    StartRefusal {
        kind,
        why,
        target_id: target_id.to_string(),
    }
}

/// Whether the user can be used at all, and if not why (the same reasons
/// the buttons show).
pub fn unavailable_reason(user_status: &str, customer_status: &str) -> Option<&'static str> {
    if customer_status == "suspended" {
        Some("login-as-customer-suspended")
    } else if customer_status == "creating" {
        Some("login-as-customer-creating")
    } else if user_status == UserStatus::Invited.as_str() {
        Some("login-as-user-invited")
    } else if user_status != UserStatus::Active.as_str() {
        Some("login-as-user-disabled")
    } else {
        None
    }
}

/// The scope a membership puts its holder in, as a policy target.
pub fn scope_of(m: &AccountMembership) -> Target {
    match (m.customer_id, m.customer_reseller_id, m.reseller_id) {
        (Some(id), Some(reseller_id), _) => Target::Customer { id, reseller_id },
        (None, _, Some(reseller)) => Target::Reseller(reseller),
        _ => Target::Platform,
    }
}

/// The policy's view of someone about to be (or being) impersonated.
pub fn target_of(
    user_id: i64,
    all: &[AccountMembership],
    m: &AccountMembership,
) -> ImpersonationTarget {
    ImpersonationTarget {
        user_id,
        is_operator: all.iter().any(|m| m.role == Role::Operator),
        scope: scope_of(m),
    }
}

pub struct Chosen {
    pub user: User,
    pub membership: AccountMembership,
}

/// The account a start is aimed at: a customer, or (for operators) a
/// reseller's own administrators.
#[derive(Debug, Clone)]
pub struct Place {
    pub customer_id: Option<i64>,
    pub reseller_id: i64,
    pub name: String,
    pub status: String,
    pub scope: Target,
}

impl Place {
    pub fn of_customer(c: &Customer) -> Place {
        Place {
            customer_id: Some(c.id),
            reseller_id: c.reseller_id,
            name: c.name.clone(),
            status: c.status.clone(),
            scope: super::target(c),
        }
    }

    pub fn of_reseller(r: &resellers::Reseller) -> Place {
        Place {
            customer_id: None,
            reseller_id: r.id,
            name: r.name.clone(),
            status: r.status.clone(),
            scope: Target::Reseller(r.id),
        }
    }

    /// The membership that puts the user in this account.
    fn holds(&self, m: &AccountMembership) -> bool {
        match self.customer_id {
            Some(id) => m.customer_id == Some(id),
            None => m.customer_id.is_none() && m.reseller_id == Some(self.reseller_id),
        }
    }

    fn unavailable(&self, user_status: &str) -> Option<&'static str> {
        match (self.customer_id, self.status.as_str()) {
            (None, "suspended") => Some("login-as-reseller-suspended"),
            (None, _) => unavailable_reason(user_status, "active"),
            (Some(_), status) => unavailable_reason(user_status, status),
        }
    }
}

/// Finds the user to log in as and checks every rule.
pub fn choose(
    conn: &mut AnyConnection,
    actor: &Actor,
    place: &Place,
    user_id: Option<&str>,
) -> Outcome<Result<Chosen, StartRefusal>> {
    // The account's first administrator unless a user is named; either
    // way the user must belong to the account (checked below).
    let found = match user_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => match place.customer_id {
            Some(id) => customers::admin(conn, id)?,
            None => memberships::reseller_admin(conn, place.reseller_id)?,
        },
        Some(raw) => {
            let Ok(id) = raw.parse::<i64>() else {
                return Ok(Err(refuse(Kind::NotFound, "audit-why-unknown-user", raw)));
            };
            users::find(conn, id)?
        }
    };
    let Some(user) = found else {
        let raw = user_id.unwrap_or("administrator");
        return Ok(Err(refuse(Kind::NotFound, "audit-why-unknown-user", raw)));
    };
    let all = memberships::for_user(conn, user.id)?;
    let Some(membership) = all.iter().find(|m| place.holds(m)).cloned() else {
        return Ok(Err(refuse(
            Kind::NotFound,
            "audit-why-unknown-user",
            user.id,
        )));
    };
    if !settings::impersonation_enabled(conn)? {
        let r = refuse(Kind::Forbidden, "audit-why-switched-off", user.id);
        return Ok(Err(r));
    }
    let target = target_of(user.id, &all, &membership);
    if !may_impersonate(actor, target) {
        let r = refuse(Kind::Forbidden, "audit-why-not-allowed", user.id);
        return Ok(Err(r));
    }
    if let Some(reason) = place.unavailable(&user.status) {
        let r = refuse(Kind::Forbidden, reason, user.id);
        return Ok(Err(r));
    }
    Ok(Ok(Chosen { user, membership }))
}

/// The account a start names in its address.
#[derive(Debug, Clone, Copy)]
pub enum Account {
    Customer(i64),
    /// A reseller's own administrators (operators only).
    Reseller(i64),
}

/// The place an address names, or the refusal for an unknown one.
pub fn find_place(
    conn: &mut AnyConnection,
    account: Account,
) -> Outcome<Result<Place, StartRefusal>> {
    Ok(match account {
        Account::Customer(id) => customers::find(conn, id)?
            .map(|c| Place::of_customer(&c))
            .ok_or_else(|| refuse(Kind::NotFound, "audit-why-unknown-customer", id)),
        Account::Reseller(id) => resellers::find(conn, id)?
            .map(|r| Place::of_reseller(&r))
            .ok_or_else(|| refuse(Kind::NotFound, "audit-why-unknown-reseller", id)),
    })
}

/// Records a refused start.
pub fn record_refusal(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    place: Option<&Place>,
    refusal: &StartRefusal,
) -> Outcome<()> {
    let event = AuditEvent {
        action: AuditAction::ImpersonationRefused,
        target_type: "user",
        target_id: refusal.target_id.clone(),
        customer_id: place.and_then(|p| p.customer_id),
        reseller_id: place.map(|p| p.reseller_id),
        details: Details::new().word("why", refusal.why),
    };
    audit::record(conn, actor, event)?;
    Ok(())
}

/// Records a start that passed every rule.
pub fn record_start(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    place: &Place,
    user: &User,
) -> Outcome<()> {
    let event = AuditEvent {
        action: AuditAction::ImpersonationStarted,
        target_type: "user",
        target_id: user.id.to_string(),
        customer_id: place.customer_id,
        reseller_id: Some(place.reseller_id),
        details: Details::new()
            .text("user", &user.username)
            .text("account", &place.name),
    };
    audit::record(conn, actor, event)?;
    Ok(())
}

/// Records a start refused for its CSRF token (a replayed or cross-site
/// request) by the logged-in `user_id`, aimed at `customer_id`.
pub fn record_forged_start(
    conn: &mut AnyConnection,
    user_id: i64,
    client_ip: String,
    customer_id: Option<i64>,
) -> Outcome<()> {
    let user = users::find(conn, user_id)?;
    let customer = match customer_id {
        Some(id) => customers::find(conn, id)?,
        None => None,
    };
    let actor = AuditActor {
        user_id: user.as_ref().map(|u| u.id),
        name: user.map(|u| u.username).unwrap_or_default(),
        client_ip,
        ..Default::default()
    };
    let event = AuditEvent {
        action: AuditAction::ImpersonationRefused,
        target_type: "customer",
        target_id: customer_id.map(|i| i.to_string()).unwrap_or_default(),
        customer_id: customer.as_ref().map(|c| c.id),
        reseller_id: customer.as_ref().map(|c| c.reseller_id),
        details: Details::new().word("why", "audit-why-csrf"),
    };
    audit::record(conn, &actor, event)?;
    Ok(())
}

/// Records the end of a *Log in as* session, with why it ended.
pub fn record_end(
    conn: &mut AnyConnection,
    actor: &AuditActor,
    (target_user_id, customer_id, reseller_id): (i64, Option<i64>, Option<i64>),
    why: &'static str,
) -> Outcome<()> {
    let event = AuditEvent {
        action: AuditAction::ImpersonationEnded,
        target_type: "user",
        target_id: target_user_id.to_string(),
        customer_id,
        reseller_id,
        details: Details::new().word("why", why),
    };
    audit::record(conn, actor, event)?;
    Ok(())
}
