//! `/customers/{id}`: everything about one customer on one page.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::target;
use crate::db::audit::AuditEntry;
use crate::db::catalog::Plan;
use crate::db::customers::{self, Customer};
use crate::db::integrations::Integration;
use crate::db::overview_lists::OverviewLists;
use crate::db::raw::overview_one_read;
use crate::db::settings;
use crate::db::sites::Site;
use crate::db::subscriptions::{self, Subscription};
use crate::db::users::User;
use crate::domain::countries;
use crate::domain::customer::{CustomerStatus, Term};
use crate::domain::policy::{Action, Target};
use crate::i18n::Lang;
use crate::web::login_as::buttons::{login_as_button, LoginAsButton};
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::time::format_datetime;
use crate::web::usage_cache::ResellerUsage;
use crate::web::{html, AppState};

/// One limit of the reseller's plan against what is used.
pub struct Usage {
    pub label: String,
    pub used: i64,
    pub limit: String,
    pub over: bool,
}

pub struct EventView {
    pub when: String,
    pub who: String,
    pub action: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "customers/overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    c: Customer,
    status_label: String,
    product: String,
    reseller: String,
    country: String,
    term: String,
    pending_term: Option<(String, String)>,
    trial_end: Option<String>,
    created: String,
    admin: Option<User>,
    active_services: i64,
    suspended_services: i64,
    usage: Vec<Usage>,
    sites: Vec<Site>,
    subscriptions: Vec<(Subscription, String)>,
    integration: Option<Integration>,
    events: Vec<EventView>,
    may_edit: bool,
    may_suspend: bool,
    may_enable: bool,
    may_delete: bool,
    may_manage_sites: bool,
    login_as: Option<LoginAsButton>,
    return_to: String,
    may_view_audit: bool,
    may_send_email: bool,
    /// The administrator, when *Reset and e-mail password* applies.
    reset_admin: Option<i64>,
}

struct Loaded {
    product: String,
    reseller: String,
    plan: Plan,
    admin: Option<User>,
    counts: (i64, i64),
    usage: ResellerUsage,
    lists: OverviewLists,
    integration: Option<Integration>,
    impersonation_enabled: bool,
}

fn usage(lang: Lang, key: &str, used: i64, limit: Option<i64>) -> Usage {
    Usage {
        label: lang.t(key),
        used,
        over: limit.is_some_and(|l| used >= l),
        limit: limit
            .map(|l| l.to_string())
            .unwrap_or_else(|| lang.t("limit-unlimited")),
    }
}

#[get("/customers/{id}")]
async fn overview(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let (c, loaded) = crate::web::request::database::run_here(&state.pool, |conn| {
        let found = customers::find_with_plan(conn, id)?.ok_or(AppError::NotFound)?;
        let c = found.customer;
        current.require_within_reach(Action::ViewCustomer, target(&c))?;
        let (cid, rid) = (c.id, c.reseller_id);
        let loaded = Loaded {
            product: found.product,
            reseller: found.reseller,
            plan: found.plan,
            admin: found.admin,
            counts: found.services,
            usage: state.usage.reseller(rid, || -> Result<_, AppError> {
                Ok(ResellerUsage {
                    customers: customers::count_for_reseller(conn, rid)?,
                    seats: subscriptions::seats_of_reseller(conn, rid)?,
                })
            })?,
            lists: overview_one_read::of_customer(conn, cid)?,
            integration: found.integration,
            impersonation_enabled: settings::impersonation_enabled(conn)?,
        };
        Ok((c, loaded))
    })
    .await?;
    let status = CustomerStatus::parse(&c.status);
    let lang = current.lang;
    let admin = loaded.admin;
    let tz = current.user.timezone.as_deref();
    let fmt = |t| format_datetime(t, tz);
    let t = target(&c);
    let page = OverviewPage {
        ctx: PageCtx::for_user(&req, &current, "customer-overview-title")?.with_times(&current),
        status_label: status
            .map(|s| lang.t(s.label_key()))
            .unwrap_or_else(|| c.status.clone()),
        product: loaded.product,
        reseller: loaded.reseller,
        country: countries::find(&c.country)
            .map(|k| {
                format!(
                    "{} ({})",
                    crate::web::forms::country_name(lang, k.code),
                    k.code
                )
            })
            .unwrap_or_else(|| c.country.clone()),
        term: Term::parse(&c.term)
            .map(|t| lang.t(t.label_key()))
            .unwrap_or_default(),
        pending_term: c
            .pending_term
            .as_deref()
            .and_then(Term::parse)
            .zip(c.pending_term_at)
            .map(|(term, at)| (lang.t(term.label_key()), fmt(at))),
        trial_end: c.trial_ends_at.map(fmt),
        created: fmt(c.created_at),
        active_services: loaded.counts.0,
        suspended_services: loaded.counts.1,
        usage: vec![
            usage(
                lang,
                "plan-max-customers",
                loaded.usage.customers,
                loaded.plan.max_customers,
            ),
            usage(
                lang,
                "plan-max-users",
                c.user_count,
                loaded.plan.max_users_per_customer,
            ),
            usage(
                lang,
                "plan-max-seats",
                loaded.usage.seats,
                loaded.plan.max_seats,
            ),
        ],
        sites: loaded.lists.sites,
        subscriptions: loaded.lists.subscriptions,
        integration: loaded.integration,
        events: loaded
            .lists
            .events
            .into_iter()
            .map(|e| EventView {
                when: fmt(e.created_at),
                who: who_label(lang, &e),
                action: crate::web::audit_text::action_label(lang, &e.action),
                summary: crate::web::audit_text::summary(lang, &e),
            })
            .collect(),
        may_edit: current.may(Action::EditCustomer, t),
        may_suspend: current.may(Action::SuspendCustomer, t)
            && status.is_some_and(|s| s.can_suspend()),
        may_enable: current.may(Action::SuspendCustomer, t)
            && status.is_some_and(|s| s.can_enable()),
        may_delete: current.may(Action::DeleteCustomer, t),
        may_manage_sites: current.may(Action::ManageSites, t),
        login_as: login_as_button(
            &current,
            t,
            &c.status,
            admin.as_ref().map(|a| (Some(a.id), a.status.as_str())),
            loaded.impersonation_enabled,
        ),
        return_to: format!("/customers/{}", c.id),
        may_view_audit: current.may(Action::ViewAuditLog, Target::Own),
        may_send_email: current.may(Action::SendEmail, t),
        reset_admin: admin
            .as_ref()
            .filter(|a| a.is_active() && current.may(Action::ResetPassword, t))
            .map(|a| a.id),
        admin,
        c,
    };
    html(StatusCode::OK, &page)
}

/// "alice", or "bob as alice" when bob was logged in as alice.
pub fn who_label(lang: Lang, e: &AuditEntry) -> String {
    if e.impersonator_name.is_empty() {
        e.actor_name.clone()
    } else {
        lang.t_args(
            "audit-who-impersonated",
            &[
                ("impersonator", e.impersonator_name.clone()),
                ("actor", e.actor_name.clone()),
            ],
        )
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(overview);
}
