//! What every page needs besides its own data: language, CSRF token, the
//! person and their accounts, navigation, flash messages, and whether to
//! render the whole page or only its content for htmx.

use actix_session::{Session, SessionExt};
use actix_web::{HttpMessage, HttpRequest};
use serde::{Deserialize, Serialize};

use crate::domain::policy::{may, Action, Target};
use crate::i18n::Lang;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;

pub const SESSION_LANG: &str = "lang";
pub const SESSION_CSRF: &str = "csrf";
const SESSION_FLASH: &str = "flash";

/// A message shown once on the next page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: String,
    pub key: String,
    #[serde(default)]
    pub args: Vec<(String, String)>,
}

pub struct FlashView {
    pub kind: String,
    pub message: String,
}

pub fn flash(session: &Session, kind: &str, key: &str) -> Result<(), AppError> {
    flash_with(session, kind, key, Vec::new())
}

pub fn flash_with(
    session: &Session,
    kind: &str,
    key: &str,
    args: Vec<(String, String)>,
) -> Result<(), AppError> {
    let mut list: Vec<Flash> = session.get(SESSION_FLASH)?.unwrap_or_default();
    list.push(Flash {
        kind: kind.to_string(),
        key: key.to_string(),
        args,
    });
    session.insert(SESSION_FLASH, list)?;
    Ok(())
}

fn take_flashes(session: &Session, lang: Lang) -> Vec<FlashView> {
    // Removing marks the session changed, which would write it back on
    // every page view: only remove what is there.
    if !session.contains_key(SESSION_FLASH) {
        return Vec::new();
    }
    let list: Vec<Flash> = session
        .remove_as(SESSION_FLASH)
        .and_then(Result::ok)
        .unwrap_or_default();
    list.into_iter()
        .map(|f| FlashView {
            message: lang.t_args(&f.key, &f.args),
            kind: f.kind,
        })
        .collect()
}

pub fn is_htmx(req: &HttpRequest) -> bool {
    req.headers().contains_key("HX-Request")
}

/// The language of this request: the person's own once known, otherwise the
/// one picked on the login page, otherwise the browser's.
pub fn request_lang(req: &HttpRequest) -> Lang {
    if let Some(lang) = req.extensions().get::<Lang>() {
        return *lang;
    }
    if let Ok(Some(code)) = req.get_session().get::<String>(SESSION_LANG) {
        if let Some(lang) = Lang::from_code(&code) {
            return lang;
        }
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default()
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session.get::<String>(SESSION_CSRF)? {
        return Ok(token);
    }
    let token = crate::db::tokens::generate();
    session.insert(SESSION_CSRF, &token)?;
    Ok(token)
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub active: bool,
}

pub struct AccountOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// "You are logged in as NAME (CUSTOMER) — Return to YOUR NAME".
pub struct Banner {
    pub text: String,
    pub return_label: String,
}

pub struct UserBadge {
    pub full_name: String,
    pub role_label: String,
}

pub struct PageCtx {
    pub lang: Lang,
    pub csrf: String,
    pub title: String,
    pub user: Option<UserBadge>,
    pub accounts: Vec<AccountOption>,
    pub nav: Vec<NavItem>,
    pub flashes: Vec<FlashView>,
    /// Render only the content block (an htmx request aimed at it).
    pub partial: bool,
    pub path: String,
    pub languages: Vec<LangOption>,
    /// Shown on every page of a "Log in as" session.
    pub banner: Option<Banner>,
    /// Whether the person may open the customer list (its breadcrumb).
    pub lists_customers: bool,
    /// On a page that shows times: the zone they are in.
    pub times: Option<String>,
}

pub struct LangOption {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// The navigation of the person's role: every screen they may open, decided
/// by the policy table, so that a link never leads to "Access denied". A
/// customer's people get their own account's screens.
fn nav_items(current: &CurrentUser) -> Vec<(String, &'static str)> {
    // The profile is the header's link, on every screen width.
    let platform: [(&str, &str, Action, Target); 11] = [
        ("/", "nav-dashboard", Action::ViewDashboard, Target::Own),
        (
            "/customers",
            "nav-customers",
            Action::ListCustomers,
            Target::Own,
        ),
        (
            "/subscriptions",
            "nav-subscriptions",
            Action::ViewSubscriptions,
            Target::Own,
        ),
        (
            "/billing",
            "nav-billing",
            Action::ExportBilling,
            Target::Own,
        ),
        (
            "/resellers",
            "nav-resellers",
            Action::ManageCatalog,
            Target::Platform,
        ),
        (
            "/plans",
            "nav-plans",
            Action::ManageCatalog,
            Target::Platform,
        ),
        (
            "/products",
            "nav-products",
            Action::ManageCatalog,
            Target::Platform,
        ),
        ("/audit", "nav-audit", Action::ViewAuditLog, Target::Own),
        (
            "/outbox",
            "nav-outbox",
            Action::ViewOutbox,
            Target::Platform,
        ),
        ("/staff", "nav-staff", Action::ManageStaff, Target::Platform),
        (
            "/settings",
            "nav-settings",
            Action::ManageSettings,
            Target::Platform,
        ),
    ];
    let mut items: Vec<(String, &'static str)> = Vec::new();
    for (href, key, action, target) in platform {
        if may(&current.actor, action, target) {
            items.push((href.to_string(), key));
        }
    }
    // A customer's own screens, after the platform's.
    if let Some((id, account)) = current.actor.own_customer() {
        let own: [(String, &str, Action); 5] = [
            (
                format!("/customers/{id}"),
                "nav-account",
                Action::ViewCustomer,
            ),
            (
                format!("/customers/{id}/users"),
                "customer-users-title",
                Action::ViewCustomer,
            ),
            (
                format!("/customers/{id}/sites"),
                "sites-title",
                Action::ViewCustomer,
            ),
            (
                format!("/customers/{id}/services"),
                "services-title",
                Action::ViewServices,
            ),
            (
                format!("/customers/{id}/subscriptions"),
                "subscriptions-title",
                Action::ViewCustomer,
            ),
        ];
        items.extend(
            own.into_iter()
                .filter(|(_, _, action)| may(&current.actor, *action, account))
                .map(|(href, key, _)| (href, key)),
        );
    }
    items
}

impl PageCtx {
    /// The running version, shown in the footer.
    pub fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// Where anyone using this instance can get its source code (AGPL §13).
    pub fn source_url(&self) -> &'static str {
        env!("CARGO_PKG_REPOSITORY")
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A page for someone not logged in (login, setup).
    pub fn anonymous(req: &HttpRequest, title_key: &str) -> Result<Self, AppError> {
        let session = req.get_session();
        let lang = request_lang(req);
        Self::base(req, &session, lang, title_key)
    }

    /// The page shows times: it says in which zone, once.
    pub fn with_times(mut self, current: &CurrentUser) -> Self {
        let zone = current.user.timezone.as_deref();
        self.times = Some(crate::web::time::zone_label(current.lang, zone));
        self
    }

    pub fn for_user(
        req: &HttpRequest,
        current: &CurrentUser,
        title_key: &str,
    ) -> Result<Self, AppError> {
        let session = req.get_session();
        let mut ctx = Self::base(req, &session, current.lang, title_key)?;
        let lang = current.lang;
        ctx.user = Some(UserBadge {
            full_name: current.user.full_name.clone(),
            role_label: lang.t(current.membership.role.label_key()),
        });
        ctx.banner = current.impersonation.as_ref().map(|imp| Banner {
            text: lang.t_args(
                "impersonation-banner",
                &[
                    ("name", current.user.full_name.clone()),
                    ("account", imp.account_name.clone()),
                ],
            ),
            return_label: lang.t_args(
                "impersonation-return",
                &[("name", imp.actor_full_name.clone())],
            ),
        });
        ctx.accounts = current
            .memberships
            .iter()
            .filter(|m| m.is_usable())
            .map(|m| AccountOption {
                id: m.id,
                label: current.account_label(m),
                selected: m.id == current.membership.id,
            })
            .collect();
        ctx.nav = nav_items(current)
            .into_iter()
            .map(|(href, key)| NavItem {
                active: if href == "/" {
                    ctx.path == "/"
                } else {
                    ctx.path == href || ctx.path.starts_with(&format!("{href}/"))
                },
                label: lang.t(key),
                href,
            })
            .collect();
        ctx.lists_customers = may(&current.actor, Action::ListCustomers, Target::Own);
        Ok(ctx)
    }

    fn base(
        req: &HttpRequest,
        session: &Session,
        lang: Lang,
        title_key: &str,
    ) -> Result<Self, AppError> {
        let target = req
            .headers()
            .get("HX-Target")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        Ok(PageCtx {
            lang,
            csrf: csrf_token(session)?,
            title: lang.t(title_key),
            user: None,
            accounts: Vec::new(),
            nav: Vec::new(),
            flashes: take_flashes(session, lang),
            partial: is_htmx(req) && target == "content",
            path: req.path().to_string(),
            languages: Lang::ALL
                .iter()
                .map(|l| LangOption {
                    code: l.code(),
                    name: l.native_name(),
                    current: *l == lang,
                })
                .collect(),
            banner: None,
            lists_customers: false,
            times: None,
        })
    }
}
