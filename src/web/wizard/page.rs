//! Rendering a wizard step: the form with what was typed, its errors, and
//! the choices it offers.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::db::catalog::{self, Product};
use crate::db::drafts::StoredDraft;
use crate::db::resellers;
use crate::domain::wizard::{Draft, INTEGRATION_KINDS, STEPS};
use crate::web::customers::list::Choice;
use crate::web::forms::CountryChoice;
use crate::web::forms::FormErrors;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::wizard::step_url;
use crate::web::{html, AppState};

/// What a step shows besides the draft: errors and a connection test result.
#[derive(Default)]
pub struct Extras {
    pub errors: Option<FormErrors>,
    /// Connected or not, the sentence, and the technical detail.
    pub test_result: Option<(bool, String, String)>,
}

pub struct StepLink {
    pub number: i64,
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "wizard/step.html")]
pub struct StepPage {
    pub ctx: PageCtx,
    pub draft_id: i64,
    pub step: i64,
    pub steps: Vec<StepLink>,
    pub d: Draft,
    pub errors: FormErrors,
    pub staff: bool,
    pub resellers: Vec<Choice>,
    pub products: Vec<Choice>,
    pub countries: &'static [CountryChoice],
    pub timezones: Vec<crate::web::forms::ZoneGroup>,
    pub trials_allowed: bool,
    pub country_name: String,
    pub reseller_name: String,
    pub product_name: String,
    pub sso_providers: Vec<String>,
    pub kinds: Vec<(&'static str, String)>,
    pub credentials_kept: bool,
    /// Connected or not, the sentence, and the technical detail.
    pub test_result: Option<(bool, String, String)>,
    pub action: String,
}

impl StepPage {
    pub fn term_label(&self) -> String {
        self.ctx.t(&format!("term-{}", self.d.account.term))
    }

    /// The administrator's e-mail as it will be stored.
    pub fn admin_email(&self) -> String {
        let a = &self.d.admin;
        let raw = if a.email_same.is_some() {
            &a.username
        } else {
            &a.email
        };
        raw.trim().to_lowercase()
    }

    /// The administrator's language by its own name (`fr` → Français).
    pub fn language_label(&self) -> String {
        crate::i18n::Lang::from_code(&self.d.admin.language)
            .map(|l| l.native_name().to_string())
            .unwrap_or_else(|| self.d.admin.language.clone())
    }

    /// How the administrator signs in: a password, or the provider's name.
    pub fn idp_label(&self) -> String {
        match self.d.admin.identity_provider.as_str() {
            "" | "local" => self.ctx.t("admin-idp-local"),
            provider => provider.to_string(),
        }
    }

    pub fn kind_label(&self) -> String {
        self.ctx
            .t(&format!("integration-kind-{}", self.d.integration.kind))
    }
}

#[derive(Template)]
#[template(path = "wizard/expired.html")]
struct ExpiredPage {
    ctx: PageCtx,
}

/// A draft that is gone or past its 24 hours.
pub fn expired(req: &HttpRequest, current: &CurrentUser) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::for_user(req, current, "wizard-expired-title")?;
    html(StatusCode::GONE, &ExpiredPage { ctx })
}

pub async fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    stored: &StoredDraft,
    step: i64,
    extras: Extras,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let staff = current.actor.role.is_staff();
    let d = stored.draft.clone();
    let reseller_id = if staff {
        d.reseller_id.parse().ok()
    } else {
        current.actor.reseller_id
    };
    let product_choice: Option<i64> = d.account.product_id.parse().ok();
    let (products, reseller_list, trials_allowed, reseller_name): (
        Vec<Product>,
        Vec<(i64, String)>,
        bool,
        String,
    ) = crate::web::request::database::run(&state.pool, move |c| {
        let products = match reseller_id {
            Some(r) => catalog::products_for_reseller(c, r)?,
            None => catalog::products(c)?,
        };
        let trials = match reseller_id {
            Some(r) => catalog::plan_of_reseller(c, r)?.trials_allowed,
            None => true,
        };
        let name = match reseller_id {
            Some(r) => resellers::find(c, r)?.map(|r| r.name).unwrap_or_default(),
            None => String::new(),
        };
        let list = if staff {
            resellers::names(c)?
        } else {
            Vec::new()
        };
        Ok((products, list, trials, name))
    })
    .await?;
    let lang = current.lang;
    let labels = [
        "wizard-step-account",
        "wizard-step-address",
        "wizard-step-admin",
        "wizard-step-integration",
        "wizard-step-review",
    ];
    let steps = (1..=STEPS)
        .map(|n| StepLink {
            number: n,
            label: lang.t(labels[(n - 1) as usize]),
            href: d.may_open(n).then(|| step_url(stored.id, n)),
            current: n == step,
        })
        .collect();
    let country_name = crate::web::forms::country_name(lang, &d.account.country);
    let product_name = products
        .iter()
        .find(|p| Some(p.id) == product_choice)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let page = StepPage {
        ctx: PageCtx::for_user(req, current, "wizard-title")?,
        draft_id: stored.id,
        step,
        steps,
        errors: extras.errors.unwrap_or_else(|| FormErrors::new(lang)),
        staff,
        resellers: reseller_list
            .into_iter()
            .map(|(id, name)| Choice {
                selected: id.to_string() == d.reseller_id,
                value: id.to_string(),
                label: name,
            })
            .collect(),
        products: products
            .into_iter()
            .map(|p| Choice {
                selected: Some(p.id) == product_choice,
                value: p.id.to_string(),
                label: p.name,
            })
            .collect(),
        countries: crate::web::forms::countries(lang),
        timezones: crate::web::forms::zone_groups(lang, Some(&d.account.country)),
        trials_allowed,
        country_name,
        reseller_name,
        product_name,
        sso_providers: state.config.sso_providers.clone(),
        kinds: INTEGRATION_KINDS
            .iter()
            .map(|k| (*k, lang.t(&format!("integration-kind-{k}"))))
            .collect(),
        credentials_kept: !d.integration.credentials_encrypted.is_empty(),
        test_result: extras.test_result,
        action: step_url(stored.id, step),
        d,
    };
    let mut res = html(status, &page)?;
    if page.ctx.partial {
        // The address bar follows the step htmx swapped in.
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("hx-push-url"),
            actix_web::http::header::HeaderValue::from_str(&page.action)
                .map_err(|e| AppError::Internal(e.into()))?,
        );
    }
    Ok(res)
}
