//! The home page: what the chosen account holds.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use diesel::prelude::*;

use crate::db::raw::totals::{self, PlatformTotals, Total};
use crate::db::schema;
use crate::domain::policy::{Action, Actor, Target};
use crate::i18n::Lang;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::{html, AppState};

/// A figure of the home page: its value as written, and what it counts.
struct Stat {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    welcome: String,
    acting_as: String,
    stats: Vec<Stat>,
    is_staff: bool,
    empty_platform: bool,
}

/// What the chosen account holds: the platform's totals for staff (kept for
/// 30 seconds; past [`totals::EXACT_UP_TO`] PostgreSQL's estimates), a
/// reseller's customers, a customer's users.
async fn counts(state: &AppState, actor: Actor) -> Result<PlatformTotals, AppError> {
    if actor.role.is_staff() {
        if let Some(kept) = state.usage.platform() {
            return Ok(kept);
        }
        let counted = crate::web::request::database::run(&state.pool, |conn| {
            Ok(totals::platform(conn, totals::EXACT_UP_TO)?)
        })
        .await?;
        state.usage.put_platform(counted);
        return Ok(counted);
    }
    crate::web::request::database::run(&state.pool, move |conn| {
        use schema::{customers, memberships};
        let mut counts = PlatformTotals::default();
        if let Some(reseller) = actor.reseller_id.filter(|_| actor.customer_id.is_none()) {
            counts.customers = Total::exact(
                customers::table
                    .filter(customers::reseller_id.eq(reseller))
                    .count()
                    .get_result(conn)?,
            );
        } else if let Some(customer) = actor.customer_id {
            counts.users = Total::exact(
                memberships::table
                    .filter(memberships::customer_id.eq(customer))
                    .count()
                    .get_result(conn)?,
            );
        }
        Ok(counts)
    })
    .await
}

fn stat(lang: Lang, total: Total, label: &str) -> Stat {
    let number = lang.number(total.value);
    Stat {
        value: if total.estimated {
            lang.t_args("dashboard-about", &[("count", number)])
        } else {
            number
        },
        label: lang.t(label),
    }
}

#[get("/")]
async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewDashboard, Target::Own)?;
    let counts = counts(&state, current.actor.clone()).await?;
    let ctx = PageCtx::for_user(&req, &current, "dashboard-title")?;
    let lang = current.lang;
    let is_staff = current.actor.role.is_staff();
    let mut stats = Vec::new();
    if is_staff {
        stats.push(stat(lang, counts.resellers, "dashboard-count-resellers"));
    }
    if is_staff || counts.customers.value > 0 {
        stats.push(stat(lang, counts.customers, "dashboard-count-customers"));
    }
    if is_staff || (counts.customers.value == 0 && counts.users.value > 0) {
        stats.push(stat(lang, counts.users, "dashboard-count-users"));
    }
    let page = DashboardPage {
        welcome: lang.t_args(
            "dashboard-welcome",
            &[("name", current.user.full_name.clone())],
        ),
        acting_as: lang.t_args(
            "dashboard-acting-as",
            &[
                ("role", lang.t(current.membership.role.label_key())),
                ("account", current.account_name(&current.membership)),
            ],
        ),
        stats,
        is_staff,
        empty_platform: is_staff && counts.resellers.value == 0,
        ctx,
    };
    html(StatusCode::OK, &page)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard);
}
