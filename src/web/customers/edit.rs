//! *Manage details*: every field of the wizard's steps 1–4 on one page.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::editing::{self, Edit, EditError, TermOutcome};
use crate::db;
use crate::db::catalog::{self, Product};
use crate::db::customers::Customer;
use crate::db::integrations;
use crate::db::users::User;
use crate::domain::customer::{check_account, check_address, AccountFields, Address};
use crate::domain::policy::Action;
use crate::domain::validate::Problem;
use crate::domain::wizard::{
    check_admin, check_integration, AdminFields, IntegrationFields, INTEGRATION_KINDS,
};
use crate::web::customers::list::Choice;
use crate::web::customers::load_for;
use crate::web::forms::CountryChoice;
use crate::web::forms::FormErrors;
use crate::web::request::context::{flash_with, PageCtx};
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::time::format_datetime;
use crate::web::{html, AppState};

#[derive(Deserialize, Default)]
struct Extra {
    #[serde(default)]
    api_access: Option<String>,
    /// *Manual reset* of the administrator's password (optional).
    #[serde(default)]
    admin_new_password: String,
    #[serde(default)]
    admin_new_password_confirm: String,
}

/// The form as typed, one struct per section.
struct Typed {
    account: AccountFields,
    address: Address,
    admin: AdminFields,
    integration: IntegrationFields,
    api_access: bool,
}

#[derive(Template)]
#[template(path = "customers/edit.html")]
struct EditPage {
    ctx: PageCtx,
    c: Customer,
    t: Typed,
    errors: FormErrors,
    products: Vec<Choice>,
    product_locked: bool,
    product_name: String,
    username_locked: bool,
    countries: &'static [CountryChoice],
    timezones: Vec<crate::web::forms::ZoneGroup>,
    sso_providers: Vec<String>,
    kinds: Vec<(&'static str, String)>,
    credentials_kept: bool,
    api_allowed: bool,
    pending_note: Option<String>,
    /// *Manual reset* is offered (not while impersonating).
    manual_reset: bool,
}

struct Context {
    products: Vec<Product>,
    product_locked: bool,
    api_allowed: bool,
    admin: Option<User>,
    integration: Option<integrations::Integration>,
}

async fn context(state: &AppState, c: &Customer) -> Result<Context, AppError> {
    let (rid, cid, pid) = (c.reseller_id, c.id, c.product_id);
    crate::web::request::database::run(&state.pool, move |conn| {
        Ok(Context {
            products: catalog::products_for_reseller(conn, rid)?,
            product_locked: catalog::product(conn, pid)?.is_some_and(|p| p.locked_once_assigned),
            api_allowed: catalog::plan_of_reseller(conn, rid)?.api_allowed,
            admin: db::customers::admin(conn, cid)?,
            integration: integrations::of_customer(conn, cid)?,
        })
    })
    .await
}

fn typed_from(c: &Customer, cx: &Context) -> Typed {
    let admin = cx.admin.as_ref();
    Typed {
        account: AccountFields {
            name: c.name.clone(),
            product_id: c.product_id.to_string(),
            country: c.country.clone(),
            timezone: c.timezone.clone(),
            reference: c.reference.clone(),
            term: c.pending_term.clone().unwrap_or_else(|| c.term.clone()),
            notes: c.notes.clone(),
            trial: None,
            internal: c.is_internal.then(|| "on".into()),
        },
        address: Address {
            line1: c.address_line1.clone(),
            line2: c.address_line2.clone(),
            city: c.city.clone(),
            region: c.region.clone(),
            postcode: c.postcode.clone(),
        },
        admin: AdminFields {
            full_name: admin.map(|a| a.full_name.clone()).unwrap_or_default(),
            language: admin
                .map(|a| a.language.clone())
                .unwrap_or_else(|| "en".into()),
            identity_provider: admin
                .map(|a| a.identity_provider.clone())
                .unwrap_or_else(|| "local".into()),
            username: admin.map(|a| a.username.clone()).unwrap_or_default(),
            email_same: admin.filter(|a| a.username == a.email).map(|_| "on".into()),
            email: c.email.clone(),
            phone: c.contact_phone.clone(),
        },
        integration: cx
            .integration
            .as_ref()
            .map(|i| IntegrationFields {
                kind: i.kind.clone(),
                endpoint: i.endpoint.clone(),
                create_disabled: (!i.enabled).then(|| "on".into()),
                auto_provision: i.auto_provision.then(|| "on".into()),
                ..Default::default()
            })
            .unwrap_or_default(),
        api_access: c.api_access,
    }
}

/// The customer, what surrounds it, and the form as typed.
struct Filled {
    c: Customer,
    cx: Context,
    t: Typed,
}

fn render(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    Filled { c, cx, t }: Filled,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = current.lang;
    let product_name = cx
        .products
        .iter()
        .find(|p| p.id == c.product_id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let pending_note = c
        .pending_term
        .as_deref()
        .zip(c.pending_term_at)
        .map(|(term, at)| {
            lang.t_args(
                "customer-term-pending-note",
                &[
                    ("term", lang.t(&format!("term-{term}"))),
                    (
                        "date",
                        format_datetime(at, current.user.timezone.as_deref()),
                    ),
                ],
            )
        });
    let page = EditPage {
        manual_reset: current.may(Action::SetPassword, crate::app::target(&c)),
        ctx: PageCtx::for_user(req, current, "customer-edit-title")?.with_times(current),
        products: cx
            .products
            .iter()
            .map(|p| Choice {
                selected: p.id.to_string() == t.account.product_id,
                value: p.id.to_string(),
                label: p.name.clone(),
            })
            .collect(),
        product_locked: cx.product_locked,
        product_name,
        username_locked: cx.admin.as_ref().is_some_and(|a| !a.is_active()),
        countries: crate::web::forms::countries(lang),
        timezones: crate::web::forms::zone_groups(current.lang, Some(&t.account.country)),
        sso_providers: state.config.sso_providers.clone(),
        kinds: INTEGRATION_KINDS
            .iter()
            .map(|k| (*k, lang.t(&format!("integration-kind-{k}"))))
            .collect(),
        credentials_kept: cx
            .integration
            .as_ref()
            .is_some_and(|i| !i.credentials_encrypted.is_empty()),
        api_allowed: cx.api_allowed,
        pending_note,
        c,
        t,
        errors,
    };
    html(status, &page)
}

#[get("/customers/{id}/edit")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::EditCustomer).await?;
    let cx = context(&state, &c).await?;
    let t = typed_from(&c, &cx);
    let errors = FormErrors::new(current.lang);
    render(
        &req,
        &state,
        &current,
        Filled { c, cx, t },
        errors,
        StatusCode::OK,
    )
}

#[post("/customers/{id}/edit")]
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    current: CurrentUser,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::EditCustomer).await?;
    let cx = context(&state, &c).await?;
    let extra: Extra = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let mut t = Typed {
        account: serde_urlencoded::from_bytes(&body).unwrap_or_default(),
        address: serde_urlencoded::from_bytes(&body).unwrap_or_default(),
        admin: serde_urlencoded::from_bytes(&body).unwrap_or_default(),
        integration: serde_urlencoded::from_bytes(&body).unwrap_or_default(),
        api_access: extra.api_access.is_some(),
    };
    // Disabled fields are not sent: a locked product and a username that
    // cannot change yet keep their values.
    if t.account.product_id.is_empty() {
        t.account.product_id = c.product_id.to_string();
    }
    if t.admin.username.is_empty() {
        t.admin.username = cx
            .admin
            .as_ref()
            .map(|a| a.username.clone())
            .unwrap_or_default();
    }
    let mut problems: Vec<(&'static str, Problem)> = Vec::new();
    let account = check_account(&t.account)
        .map_err(|p| problems.extend(p))
        .ok();
    let address = check_address(&t.address)
        .map_err(|p| problems.extend(p))
        .ok();
    let admin = check_admin(&t.admin, &state.config.sso_providers)
        .map_err(|p| problems.extend(p))
        .ok();
    let integration = check_integration(&t.integration)
        .map_err(|p| problems.extend(p))
        .ok();
    let mut errors = FormErrors::new(current.lang);
    let typed_password =
        !extra.admin_new_password.is_empty() || !extra.admin_new_password_confirm.is_empty();
    if typed_password {
        // Refused while impersonating, among others: decided by the policy.
        current.require(Action::SetPassword, crate::app::target(&c))?;
    }
    let new_password = check_manual_reset(&extra, &t.admin, &mut errors);
    if let (Some(account), Some(address), Some(admin), Some(integration), true, true) = (
        account,
        address,
        admin,
        integration,
        problems.is_empty(),
        errors.is_empty(),
    ) {
        let edit = Edit {
            account,
            address,
            admin,
            api_access: t.api_access,
            integration,
            new_credentials: Some(t.integration.credentials.clone())
                .filter(|s| !s.is_empty())
                .map(|s| state.secrets.seal(&s)),
            admin_password_hash: None,
        };
        let actor = current.audit_actor();
        let customer = c.clone();
        let cost = state.config.bcrypt_cost;
        let result = crate::web::request::database::run(&state.pool, move |conn| {
            let mut edit = edit;
            if let Some(p) = new_password {
                edit.admin_password_hash = Some(crate::passwords::hash(&p, cost)?);
            }
            Ok(editing::apply(conn, &customer, &edit, &actor))
        })
        .await?;
        match result {
            Ok(outcome) => {
                let args = match outcome {
                    TermOutcome::Pending(at) => {
                        vec![(
                            "date".to_string(),
                            format_datetime(at, current.user.timezone.as_deref()),
                        )]
                    }
                    _ => Vec::new(),
                };
                let key = match outcome {
                    TermOutcome::Pending(_) => "customer-saved-term-pending",
                    _ => "customer-saved",
                };
                flash_with(&session, "success", key, args)?;
                return Ok(see_other(&format!("/customers/{}", c.id)));
            }
            Err(EditError::Refused(r)) => {
                let (field, key) = r.field();
                errors.add(field, key);
            }
            Err(EditError::Database(e)) => return Err(e.into()),
        }
    }
    for (field, p) in &problems {
        errors.add_problem(field, p);
    }
    t.integration.credentials.clear();
    render(
        &req,
        &state,
        &current,
        Filled { c, cx, t },
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// The optional new administrator password: every password rule, and the
/// confirmation. `None` when the fields were left empty or are wrong.
fn check_manual_reset(
    extra: &Extra,
    admin: &AdminFields,
    errors: &mut FormErrors,
) -> Option<String> {
    let (new, confirm) = (&extra.admin_new_password, &extra.admin_new_password_confirm);
    if new.is_empty() && confirm.is_empty() {
        return None;
    }
    let email = if admin.email_same.is_some() {
        &admin.username
    } else {
        &admin.email
    };
    if let Err(p) = crate::domain::password::check(new, &[&admin.username, email]) {
        errors.add_password("admin_new_password", p);
        return None;
    }
    if new != confirm {
        errors.add("admin_new_password_confirm", "password-mismatch");
        return None;
    }
    Some(new.clone())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(save);
}
