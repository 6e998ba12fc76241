//! Posting a step: Back keeps what was typed; Next checks it, saves it and
//! moves on; step 5 creates the customer.

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::provisioning::{self, CreateError, NewAccount, Refusal};
use crate::db::drafts::{self, StoredDraft};
use crate::domain::countries;
use crate::domain::customer::{check_account, check_address, Account, AccountFields, Address};
use crate::domain::validate::Problem;
use crate::domain::wizard::{
    check_admin, check_integration, AdminFields, Draft, IntegrationFields, STEPS,
};
use crate::web::forms::FormErrors;
use crate::web::request::context::is_htmx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::{see_other, AppError};
use crate::web::wizard::page::{self, Extras};
use crate::web::wizard::{connect, load, step_url};
use crate::web::AppState;

#[derive(Deserialize, Default)]
struct Nav {
    #[serde(default)]
    nav: String,
    #[serde(default)]
    reseller_id: String,
}

fn errors_from(current: &CurrentUser, problems: &[(&'static str, Problem)]) -> FormErrors {
    let mut errors = FormErrors::new(current.lang);
    for (field, p) in problems {
        errors.add_problem(field, p);
    }
    errors
}

fn refusal_errors(current: &CurrentUser, r: Refusal) -> FormErrors {
    let mut errors = FormErrors::new(current.lang);
    let (field, key) = r.field();
    errors.add(field, key);
    errors
}

/// After a step passed: the next step, as a partial for htmx or a redirect.
async fn advance(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    stored: &StoredDraft,
    next: i64,
) -> Result<HttpResponse, AppError> {
    if is_htmx(req) {
        return page::render(
            req,
            state,
            current,
            stored,
            next,
            Extras::default(),
            StatusCode::OK,
        )
        .await;
    }
    Ok(see_other(&step_url(stored.id, next)))
}

async fn save(state: &AppState, stored: &StoredDraft) -> Result<(), AppError> {
    let (id, draft) = (stored.id, stored.draft.clone());
    crate::web::request::database::run(&state.pool, move |c| Ok(drafts::save(c, id, &draft)?)).await
}

/// The reseller the customer will belong to: the person's own, or the one an
/// operator picked (a forged field never changes a reseller's own).
fn reseller_of(current: &CurrentUser, draft: &Draft) -> Option<i64> {
    if current.actor.role.is_staff() {
        draft.reseller_id.parse().ok()
    } else {
        current.actor.reseller_id
    }
}

/// Step 1 as typed, with the timezone defaulted from the country.
fn account_fields(body: &[u8]) -> AccountFields {
    let mut f: AccountFields = serde_urlencoded::from_bytes(body).unwrap_or_default();
    if let Some(c) = countries::all()
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(f.country.trim()))
    {
        f.country = c.code.to_string();
    }
    if f.timezone.trim().is_empty() {
        if let Some(c) = countries::find(&f.country) {
            f.timezone = c.default_zone().to_string();
        }
    }
    f
}

/// Checks step 1 on its own and against the reseller's plan and customers.
async fn check_step1(
    state: &AppState,
    current: &CurrentUser,
    draft: &Draft,
) -> Result<Result<(i64, Account), FormErrors>, AppError> {
    let mut problems = match check_account(&draft.account) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    };
    let reseller = reseller_of(current, draft);
    if reseller.is_none() {
        problems.push(("reseller_id", Problem::new("reseller-unknown")));
    }
    let (Some(reseller), Ok(account)) = (reseller, check_account(&draft.account)) else {
        return Ok(Err(errors_from(current, &problems)));
    };
    let checked = account.clone();
    let rules = crate::web::request::database::run(&state.pool, move |c| {
        Ok(provisioning::check_account_rules(
            c, reseller, &checked, None,
        ))
    })
    .await?;
    match rules {
        Ok(()) => Ok(Ok((reseller, account))),
        Err(CreateError::Refused(r)) => Ok(Err(refusal_errors(current, r))),
        Err(CreateError::Database(e)) => Err(e.into()),
    }
}

#[post("/customers/new/{id}/{step}")]
pub(super) async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(i64, i64)>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (id, step) = path.into_inner();
    let Some(mut stored) = load(&state, &current, id).await? else {
        return page::expired(&req, &current);
    };
    if !stored.draft.may_open(step) || step >= STEPS {
        return Ok(see_other(&step_url(
            id,
            (stored.draft.completed + 1).min(STEPS),
        )));
    }
    let nav: Nav = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // Keep what was typed, whatever happens next.
    match step {
        1 => {
            stored.draft.account = account_fields(&body);
            if current.actor.role.is_staff() {
                stored.draft.reseller_id = nav.reseller_id.clone();
            }
        }
        2 => {
            stored.draft.address =
                serde_urlencoded::from_bytes::<Address>(&body).unwrap_or_default()
        }
        3 => {
            stored.draft.admin =
                serde_urlencoded::from_bytes::<AdminFields>(&body).unwrap_or_default()
        }
        _ => {
            let mut typed: IntegrationFields =
                serde_urlencoded::from_bytes(&body).unwrap_or_default();
            typed.credentials_encrypted = if typed.credentials.is_empty() {
                stored.draft.integration.credentials_encrypted.clone()
            } else {
                state.secrets.seal(&typed.credentials)
            };
            if typed.kind.is_empty() {
                typed = IntegrationFields::default();
            }
            stored.draft.integration = typed;
        }
    }
    if nav.nav == "back" {
        save(&state, &stored).await?;
        return advance(&req, &state, &current, &stored, step - 1).await;
    }
    let outcome: Result<(), FormErrors> = match step {
        1 => check_step1(&state, &current, &stored.draft)
            .await?
            .map(drop),
        2 => check_address(&stored.draft.address)
            .map(drop)
            .map_err(|p| errors_from(&current, &p)),
        3 => match check_admin(&stored.draft.admin, &state.config.sso_providers) {
            Err(p) => Err(errors_from(&current, &p)),
            Ok(admin) => {
                let refusal = crate::web::request::database::run(&state.pool, move |c| {
                    Ok(provisioning::admin_login_refusal(c, &admin)?)
                })
                .await?;
                match refusal {
                    Some(r) => Err(refusal_errors(&current, r)),
                    None => Ok(()),
                }
            }
        },
        _ => match check_integration(&stored.draft.integration) {
            Err(p) => Err(errors_from(&current, &p)),
            Ok(Some(plan)) if nav.nav == "test" => {
                save(&state, &stored).await?;
                let endpoint = plan.endpoint.clone();
                let lang = current.lang;
                let user_key = current.user.id.to_string();
                let allowed = crate::web::request::rate_limit::allow(
                    &state.limits.connection_tests,
                    &user_key,
                );
                let allow_private = state.config.allow_private_endpoints;
                let result = if allowed {
                    web::block(move || connect::test(&endpoint, allow_private)).await?
                } else {
                    Err(connect::Failure::TooOften)
                };
                let endpoint = &plan.endpoint;
                let message = match result {
                    Ok(ms) => (
                        true,
                        lang.t_args(
                            "integration-test-ok",
                            &[("endpoint", endpoint.raw.clone()), ("ms", ms.to_string())],
                        ),
                        String::new(),
                    ),
                    Err(connect::Failure::Unreachable(how, detail)) => (
                        false,
                        lang.t_args(
                            how.key(),
                            &[
                                ("endpoint", endpoint.raw.clone()),
                                ("host", endpoint.host.clone()),
                                ("port", endpoint.port.to_string()),
                            ],
                        ),
                        lang.t_args("integration-test-detail", &[("detail", detail)]),
                    ),
                    Err(connect::Failure::PrivateAddress) => (
                        false,
                        lang.t_args(
                            "integration-test-private",
                            &[("endpoint", endpoint.raw.clone())],
                        ),
                        String::new(),
                    ),
                    Err(connect::Failure::TooOften) => {
                        (false, lang.t("integration-test-too-often"), String::new())
                    }
                };
                let extras = Extras {
                    test_result: Some(message),
                    ..Default::default()
                };
                return page::render(
                    &req,
                    &state,
                    &current,
                    &stored,
                    step,
                    extras,
                    StatusCode::OK,
                )
                .await;
            }
            Ok(_) => Ok(()),
        },
    };
    match outcome {
        Ok(()) => {
            stored.draft.completed = stored.draft.completed.max(step);
            save(&state, &stored).await?;
            advance(&req, &state, &current, &stored, step + 1).await
        }
        Err(errors) => {
            save(&state, &stored).await?;
            let extras = Extras {
                errors: Some(errors),
                ..Default::default()
            };
            page::render(
                &req,
                &state,
                &current,
                &stored,
                step,
                extras,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[post("/customers/new/{id}/create")]
pub(super) async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let Some(mut stored) = load(&state, &current, id).await? else {
        return page::expired(&req, &current);
    };
    if stored.draft.completed < STEPS - 1 {
        return Ok(see_other(&step_url(id, stored.draft.completed + 1)));
    }
    // Everything is checked once more: another tab or person may have
    // taken the name, the username or the last place in the plan meanwhile.
    let d = stored.draft.clone();
    let account = match check_step1(&state, &current, &d).await? {
        Ok((reseller, account)) => (reseller, account),
        Err(errors) => return back_to(&req, &state, &current, &mut stored, 1, errors).await,
    };
    let (Ok(address), Ok(admin), Ok(integration)) = (
        check_address(&d.address),
        check_admin(&d.admin, &state.config.sso_providers),
        check_integration(&d.integration),
    ) else {
        return Ok(see_other(&step_url(id, 1)));
    };
    let new = NewAccount {
        reseller_id: account.0,
        account: account.1,
        address,
        admin,
        integration,
        credentials_encrypted: d.integration.credentials_encrypted.clone(),
        draft_id: Some(stored.id),
    };
    let actor = current.audit_actor();
    let links = state.links.clone();
    let created = crate::web::request::database::run(&state.pool, move |c| {
        Ok(provisioning::create_customer(c, &new, &actor, &links))
    })
    .await?;
    match created {
        Ok(customer) => {
            spawn_provisioning(&state);
            Ok(see_other(&format!("/customers/{customer}")))
        }
        Err(CreateError::Refused(r)) => {
            let errors = refusal_errors(&current, r);
            back_to(&req, &state, &current, &mut stored, r.step(), errors).await
        }
        Err(CreateError::Database(e)) => Err(e.into()),
    }
}

/// Sends the person back to the step that no longer passes, with why.
async fn back_to(
    req: &HttpRequest,
    state: &AppState,
    current: &CurrentUser,
    stored: &mut StoredDraft,
    step: i64,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    stored.draft.completed = stored.draft.completed.min(step - 1);
    save(state, stored).await?;
    let extras = Extras {
        errors: Some(errors),
        ..Default::default()
    };
    page::render(
        req,
        state,
        current,
        stored,
        step,
        extras,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Provisioning runs right after creation; the periodic job catches up on
/// anything a restart interrupted.
pub fn spawn_provisioning(state: &AppState) {
    let pool = state.pool.clone();
    actix_web::rt::spawn(async move {
        let result = pool
            .run(|conn| -> anyhow::Result<usize> { Ok(provisioning::provision_pending(conn)?) })
            .await;
        if let Err(e) = result {
            tracing::error!(error = ?e, "provisioning failed; the periodic job will retry");
        }
    });
}
