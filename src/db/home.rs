//! The home page's figures, counted at every view so they are never stale.

use diesel::prelude::*;

use super::customer_list::{self, ListFilter};
use super::raw::totals::{self, PlatformTotals, Total};
use super::schema::{customers, memberships, outbox};
use super::AnyConnection;
use crate::domain::customer::{Attention, CustomerStatus};
use crate::domain::policy::Actor;

/// What the chosen account holds, and what needs a look.
#[derive(Debug, Default)]
pub struct Figures {
    pub totals: PlatformTotals,
    /// Customers in reach that need a look, when asked.
    pub customers: Option<CustomerFigures>,
    /// E-mails that could not be sent, when asked.
    pub failed_mail: Option<i64>,
}

/// Customers needing a look: each figure the count of a list filter.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CustomerFigures {
    pub suspended: i64,
    pub trial_ending: i64,
    pub term_change: i64,
}

/// Which of the figures needing a look the person may follow.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    /// The customers' (in reach).
    pub customers: bool,
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
    if asked.customers {
        let reseller = actor.reseller_id.filter(|_| !actor.role.is_staff());
        let count = |conn: &mut AnyConnection, attention: Option<Attention>| {
            let filter = ListFilter {
                reseller_id: reseller,
                status: attention
                    .is_none()
                    .then(|| CustomerStatus::Suspended.as_str().to_string()),
                attention,
                ..ListFilter::default()
            };
            customer_list::count(conn, &filter)
        };
        f.customers = Some(CustomerFigures {
            suspended: count(conn, None)?,
            trial_ending: count(conn, Some(Attention::TrialEnding))?,
            term_change: count(conn, Some(Attention::TermChangePending))?,
        });
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
