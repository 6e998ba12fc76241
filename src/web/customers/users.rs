//! `/customers/{id}/users`: the people of a customer account, and the
//! *Log in as* buttons every customer screen shows.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::customer_users::CUSTOMER_ROLES;
use crate::app::target;
use crate::db::catalog;
use crate::db::customer_users::{self, UserFilter};
use crate::db::customers::Customer;
use crate::db::settings;
use crate::db::users::UserStatus;
use crate::domain::policy::Action;
use crate::web::customers::list::Choice;
use crate::web::customers::load_for;
use crate::web::customers::user_row::{row_of, UserRow};
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::{html, AppState};

#[derive(Template)]
#[template(path = "customers/users.html")]
struct UsersPage {
    ctx: PageCtx,
    c: Customer,
    rows: Vec<UserRow>,
    return_to: String,
    /// *Add users*, for those who may.
    may_add: bool,
    query: UsersQuery,
    roles: Vec<Choice>,
    packages: Vec<Choice>,
    statuses: Vec<Choice>,
    /// The next page's address, when there is one.
    next: Option<String>,
    /// Whether this is a later page (a link back to the first shows).
    later: bool,
    /// The first page's address with the filters kept.
    first: String,
}

/// People per page.
const PER_PAGE: i64 = 50;

/// The list's address: search, filters and where the page starts.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub role: String,
    /// A package's id, `none`, or empty for any.
    #[serde(default)]
    pub package: String,
    #[serde(default)]
    pub status: String,
    pub after: Option<i64>,
}

impl UsersQuery {
    fn filter(&self) -> UserFilter {
        UserFilter {
            q: self.q.chars().take(200).collect(),
            role: self.role.parse().ok(),
            package: match self.package.as_str() {
                "" => None,
                "none" => Some(None),
                id => id.parse().ok().map(Some),
            },
            status: STATUSES
                .iter()
                .find(|s| s.as_str() == self.status)
                .map(|s| s.as_str().to_string()),
        }
    }

    /// The address of the list with these filters, starting after `after`.
    fn href(&self, customer: i64, after: Option<i64>) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("role", &self.role),
            ("package", &self.package),
            ("status", &self.status),
        ] {
            if !v.is_empty() {
                pairs.append_pair(k, v);
            }
        }
        if let Some(after) = after {
            pairs.append_pair("after", &after.to_string());
        }
        let query = pairs.finish();
        if query.is_empty() {
            format!("/customers/{customer}/users")
        } else {
            format!("/customers/{customer}/users?{query}")
        }
    }
}

const STATUSES: [UserStatus; 3] = [
    UserStatus::Active,
    UserStatus::Invited,
    UserStatus::Disabled,
];

#[get("/customers/{id}/users")]
async fn users(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<i64>,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    let c = load_for(&state, &current, *id, Action::ViewCustomer).await?;
    let (cid, product, query) = (c.id, c.product_id, query.into_inner());
    let (filter, after) = (query.filter(), query.after);
    let (list, packages, enabled) = crate::web::request::database::run(&state.pool, move |conn| {
        Ok((
            customer_users::page(conn, cid, &filter, after, PER_PAGE)?,
            catalog::packages_of(conn, product)?,
            settings::impersonation_enabled(conn)?,
        ))
    })
    .await?;
    let lang = current.lang;
    let scope = target(&c);
    let next = list.next.map(|n| query.href(cid, Some(n)));
    let rows = list
        .rows
        .into_iter()
        .map(|u| row_of(&current, &c, (&packages, enabled), u))
        .collect();
    let choice = |value: String, label: String, chosen: &str| Choice {
        selected: value == chosen,
        value,
        label,
    };
    let page = UsersPage {
        ctx: PageCtx::for_user(&req, &current, "customer-users-title")?.with_times(&current),
        return_to: query.href(cid, query.after),
        may_add: current.may(Action::ManageUsers, scope),
        roles: CUSTOMER_ROLES
            .iter()
            .map(|r| choice(r.as_str().into(), lang.t(r.label_key()), &query.role))
            .collect(),
        packages: std::iter::once(choice(
            "none".into(),
            lang.t("user-package-none"),
            &query.package,
        ))
        .chain(
            packages
                .iter()
                .map(|p| choice(p.id.to_string(), p.name.clone(), &query.package)),
        )
        .collect(),
        statuses: STATUSES
            .iter()
            .map(|s| {
                let label = lang.t(&format!("user-status-{}", s.as_str()));
                choice(s.as_str().into(), label, &query.status)
            })
            .collect(),
        next,
        later: query.after.is_some(),
        first: query.href(cid, None),
        query,
        rows,
        c,
    };
    html(StatusCode::OK, &page)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(users);
}
