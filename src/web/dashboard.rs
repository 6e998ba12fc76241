//! The home page: what the chosen account holds.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use diesel::prelude::*;

use super::auth::current::CurrentUser;
use super::context::PageCtx;
use super::error::AppError;
use super::usage_cache::PlatformTotals;
use super::{html, AppState};
use crate::db::{self, schema};
use crate::domain::policy::{Action, Actor, Target};

/// What the chosen account holds: the platform's totals for staff (kept
/// for 30 seconds), a reseller's customers, a customer's users.
type Counts = PlatformTotals;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    welcome: String,
    acting_as: String,
    counts: Counts,
    is_staff: bool,
}

async fn counts(state: &AppState, actor: Actor) -> Result<Counts, AppError> {
    let staff = actor.role.is_staff();
    let counts = db::run(&state.pool, move |conn| {
        use schema::{customers, memberships, resellers};
        let mut counts = Counts::default();
        if staff {
            counts.resellers = resellers::table.count().get_result(conn)?;
            counts.customers = customers::table.count().get_result(conn)?;
            counts.users = memberships::table
                .filter(memberships::customer_id.is_not_null())
                .count()
                .get_result(conn)?;
        } else if let Some(reseller) = actor.reseller_id.filter(|_| actor.customer_id.is_none()) {
            counts.customers = customers::table
                .filter(customers::reseller_id.eq(reseller))
                .count()
                .get_result(conn)?;
        } else if let Some(customer) = actor.customer_id {
            counts.users = memberships::table
                .filter(memberships::customer_id.eq(customer))
                .count()
                .get_result(conn)?;
        }
        Ok(counts)
    })
    .await?;
    if staff {
        state.usage.put_platform(counts);
    }
    Ok(counts)
}

#[get("/")]
async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewDashboard, Target::Own)?;
    let actor = current.actor.clone();
    let cached = state.usage.platform().filter(|_| actor.role.is_staff());
    let counts = match cached {
        Some(totals) => totals,
        None => counts(&state, actor).await?,
    };
    let ctx = PageCtx::for_user(&req, &current, "dashboard-title")?;
    let lang = current.lang;
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
        counts,
        is_staff: current.actor.role.is_staff(),
        ctx,
    };
    html(StatusCode::OK, &page)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard);
}
