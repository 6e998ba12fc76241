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

/// A figure of the home page: its value as written, what it counts, and
/// the list that shows them, for those who may open it.
struct Stat {
    value: String,
    label: String,
    href: Option<String>,
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

/// What the chosen account holds: the platform's totals for staff (past
/// [`totals::EXACT_UP_TO`] PostgreSQL's estimates), a reseller's customers,
/// a customer's users. Counted at every view, so never stale.
async fn counts(state: &AppState, actor: Actor) -> Result<PlatformTotals, AppError> {
    if actor.role.is_staff() {
        return crate::web::request::database::run(&state.pool, |conn| {
            Ok(totals::platform(conn, totals::EXACT_UP_TO)?)
        })
        .await;
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

fn stat(lang: Lang, total: Total, label: &str, href: Option<String>) -> Stat {
    let number = lang.number(total.value);
    Stat {
        value: if total.estimated {
            lang.t_args("dashboard-about", &[("count", number)])
        } else {
            number
        },
        label: lang.t(label),
        href,
    }
}

/// What needs a look: suspended customers (in reach) and failed e-mails.
async fn attention(state: &AppState, current: &CurrentUser) -> Result<Vec<Stat>, AppError> {
    let lang = current.lang;
    let actor = current.actor.clone();
    let lists = current.may(Action::ListCustomers, Target::Own) && actor.customer_id.is_none();
    let outbox = current.may(Action::ViewOutbox, Target::Platform);
    let (suspended, failed) = crate::web::request::database::run(&state.pool, move |conn| {
        use schema::{customers, outbox};
        let suspended = if lists {
            let mut q = customers::table
                .filter(customers::status.eq("suspended"))
                .into_boxed::<crate::db::MultiBackend>();
            if let Some(reseller) = actor.reseller_id.filter(|_| !actor.role.is_staff()) {
                q = q.filter(customers::reseller_id.eq(reseller));
            }
            Some(q.count().get_result::<i64>(conn)?)
        } else {
            None
        };
        let failed = if outbox {
            Some(
                outbox::table
                    .filter(outbox::status.eq(crate::db::outbox::FAILED))
                    .count()
                    .get_result::<i64>(conn)?,
            )
        } else {
            None
        };
        Ok((suspended, failed))
    })
    .await?;
    let mut stats = Vec::new();
    if let Some(n) = suspended {
        let href = Some("/customers?status=suspended".to_string());
        stats.push(stat(
            lang,
            Total::exact(n),
            "dashboard-count-suspended",
            href,
        ));
    }
    if let Some(n) = failed {
        let href = Some("/outbox?status=failed".to_string());
        stats.push(stat(
            lang,
            Total::exact(n),
            "dashboard-count-failed-mail",
            href,
        ));
    }
    Ok(stats)
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
    let link = |may: bool, href: &str| may.then(|| href.to_string());
    if is_staff {
        let href = link(
            current.may(Action::ManageCatalog, Target::Platform),
            "/resellers",
        );
        stats.push(stat(
            lang,
            counts.resellers,
            "dashboard-count-resellers",
            href,
        ));
    }
    let lists_customers = current.may(Action::ListCustomers, Target::Own);
    if is_staff || counts.customers.value > 0 {
        let href = link(lists_customers, "/customers");
        stats.push(stat(
            lang,
            counts.customers,
            "dashboard-count-customers",
            href,
        ));
    }
    if is_staff || (counts.customers.value == 0 && counts.users.value > 0) {
        let href = current
            .actor
            .customer_id
            .map(|c| format!("/customers/{c}/users"));
        stats.push(stat(lang, counts.users, "dashboard-count-users", href));
    }
    if current.actor.customer_id.is_none() {
        stats.extend(attention(&state, &current).await?);
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
