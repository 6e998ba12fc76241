//! The home page: what the chosen account holds.

use crate::db::home::{self, Asked, Figures};
use crate::db::raw::totals::Total;
use crate::domain::customer::{Attention, CustomerStatus};
use crate::domain::policy::{Action, Target};
use crate::i18n::Lang;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::{html, AppState};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

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

/// What needs a look: customers in reach (trials ending, term changes
/// waiting, suspended accounts) and failed e-mails, each a link to its list.
fn attention(lang: Lang, f: &Figures) -> Vec<Stat> {
    let mut stats = Vec::new();
    if let Some(c) = f.customers {
        let list = |filter: &str| Some(format!("/customers?status={filter}"));
        stats.extend([
            stat(
                lang,
                Total::exact(c.trial_ending),
                "dashboard-count-trial-ending",
                list(Attention::TrialEnding.code()),
            ),
            stat(
                lang,
                Total::exact(c.term_change),
                "dashboard-count-term-change",
                list(Attention::TermChangePending.code()),
            ),
            stat(
                lang,
                Total::exact(c.suspended),
                "dashboard-count-suspended",
                list(CustomerStatus::Suspended.as_str()),
            ),
        ]);
    }
    if let Some(n) = f.failed_mail {
        let href = Some("/outbox?status=failed".to_string());
        stats.push(stat(
            lang,
            Total::exact(n),
            "dashboard-count-failed-mail",
            href,
        ));
    }
    stats
}

#[get("/")]
async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ViewDashboard, Target::Own)?;
    let in_account = current.actor.customer_id.is_some();
    let asked = Asked {
        customers: !in_account && current.may(Action::ListCustomers, Target::Own),
        failed_mail: !in_account && current.may(Action::ViewOutbox, Target::Platform),
    };
    let actor = current.actor.clone();
    let figures = crate::web::request::database::run(&state.pool, move |conn| {
        Ok(home::figures(conn, &actor, asked)?)
    })
    .await?;
    let counts = &figures.totals;
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
        // The account's users list, for those who may open it.
        let href = current
            .actor
            .own_customer()
            .filter(|(_, account)| current.may(Action::ViewCustomer, *account))
            .map(|(id, _)| format!("/customers/{id}/users"));
        stats.push(stat(lang, counts.users, "dashboard-count-users", href));
    }
    stats.extend(attention(lang, &figures));
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
