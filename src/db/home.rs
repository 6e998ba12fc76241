//! The home page's figures, counted at every view so they are never stale.

use diesel::prelude::*;

use super::raw::totals::{self, PlatformTotals, Total};
use super::schema::{customers, memberships, outbox};
use super::AnyConnection;
use crate::domain::policy::Actor;

/// What the chosen account holds, and what needs a look.
#[derive(Debug, Default)]
pub struct Figures {
    pub totals: PlatformTotals,
    /// Suspended customers in reach, when asked.
    pub suspended: Option<i64>,
    /// E-mails that could not be sent, when asked.
    pub failed_mail: Option<i64>,
}

/// Which of the figures needing a look the person may follow.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub suspended: bool,
    pub failed_mail: bool,
}

/// The platform's totals for staff (past [`totals::EXACT_UP_TO`]
/// PostgreSQL's estimates), a reseller's customers, a customer's users;
/// and the figures `asked`.
pub fn figures(conn: &mut AnyConnection, actor: &Actor, asked: Asked) -> QueryResult<Figures> {
    let mut f = Figures::default();
    if actor.role.is_staff() {
        f.totals = totals::platform(conn, totals::EXACT_UP_TO)?;
    } else if let Some(reseller) = actor.reseller_id.filter(|_| actor.customer_id.is_none()) {
        f.totals.customers = Total::exact(
            customers::table
                .filter(customers::reseller_id.eq(reseller))
                .count()
                .get_result(conn)?,
        );
    } else if let Some(customer) = actor.customer_id {
        f.totals.users = Total::exact(
            memberships::table
                .filter(memberships::customer_id.eq(customer))
                .count()
                .get_result(conn)?,
        );
    }
    if asked.suspended {
        let mut q = customers::table
            .filter(customers::status.eq("suspended"))
            .into_boxed::<super::MultiBackend>();
        if let Some(reseller) = actor.reseller_id.filter(|_| !actor.role.is_staff()) {
            q = q.filter(customers::reseller_id.eq(reseller));
        }
        f.suspended = Some(q.count().get_result(conn)?);
    }
    if asked.failed_mail {
        f.failed_mail = Some(
            outbox::table
                .filter(outbox::status.eq(super::outbox::FAILED))
                .count()
                .get_result(conn)?,
        );
    }
    Ok(f)
}
