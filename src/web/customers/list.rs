//! `/customers`: search as you type, filters, sort, keyset pages.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};

use askama::Template;
use serde::{Deserialize, Serialize};

use crate::db::catalog::{self, Product};
use crate::db::customer_list::{
    self as customers, Cursor, ListFilter, ListRow, PageRequest, SortKey,
};
use crate::db::names::Names;
use crate::db::{self, settings};
use crate::domain::customer::{Attention, CustomerStatus};
use crate::domain::policy::{Action, Target};
use crate::i18n::Lang;
use crate::web::customers::reseller_filter::{self, ResellerField};
use crate::web::login_as::buttons::{login_as_button, LoginAsButton};
use crate::web::page_cache::Kept;
use crate::web::request::context::PageCtx;
use crate::web::request::current::CurrentUser;
use crate::web::request::error::AppError;
use crate::web::time::{format_date, format_datetime};
use crate::web::{html, AppState};

pub const PAGE_SIZE: i64 = 25;
/// A list's total is counted up to this; past it the list says "more than
/// 1,000 customers".
const COUNT_CAP: i64 = 1000;
/// A search's matches are counted up to this, at every key typed. Past it,
/// narrowing the search finds a customer sooner than paging would, and a
/// broad search need not count what nobody will page through.
const SEARCH_COUNT_CAP: i64 = 100;

/// Up to where the list counts its total, with or without a search.
fn count_cap(filter: &ListFilter) -> i64 {
    if filter.search.is_some() {
        SEARCH_COUNT_CAP
    } else {
        COUNT_CAP
    }
}

/// The list's state, all of it in the URL.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub product: String,
    /// The reseller's id, as links carry it.
    #[serde(default)]
    pub reseller: String,
    /// The reseller's name, as the filter field sends it.
    #[serde(default)]
    pub reseller_name: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

impl ListParams {
    pub fn sort_key(&self) -> (SortKey, bool) {
        match self.sort.as_str() {
            "-name" => (SortKey::Name, true),
            "created" => (SortKey::Created, false),
            "-created" => (SortKey::Created, true),
            _ => (SortKey::Name, false),
        }
    }

    /// The filter as the person may use it: resellers always see only their own.
    pub fn filter(&self, current: &CurrentUser) -> ListFilter {
        let own_reseller = (!current.actor.role.is_staff())
            .then_some(current.actor.reseller_id)
            .flatten();
        ListFilter {
            reseller_id: own_reseller.or_else(|| self.reseller.parse().ok()),
            status: CustomerStatus::parse(&self.status).map(|s| s.as_str().to_string()),
            product_id: self.product.parse().ok(),
            search: Some(self.q.trim().to_string()).filter(|q| !q.is_empty()),
            attention: Attention::parse(&self.status),
        }
    }

    /// This list's URL with some parameters changed; paging starts over
    /// unless a cursor is given.
    pub fn url(&self, changes: &[(&str, &str)]) -> String {
        let mut p = self.clone();
        p.after.clear();
        p.before.clear();
        for (k, v) in changes {
            let v = v.to_string();
            match *k {
                "q" => p.q = v,
                "status" => p.status = v,
                "product" => p.product = v,
                "reseller" => p.reseller = v,
                "reseller_name" => p.reseller_name = v,
                "sort" => p.sort = v,
                "after" => p.after = v,
                "before" => p.before = v,
                _ => {}
            }
        }
        let pairs: Vec<(&str, &str)> = [
            ("q", p.q.as_str()),
            ("status", &p.status),
            ("product", &p.product),
            ("reseller", &p.reseller),
            ("reseller_name", &p.reseller_name),
            ("sort", &p.sort),
            ("after", &p.after),
            ("before", &p.before),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        if query.is_empty() {
            "/customers".into()
        } else {
            format!("/customers?{query}")
        }
    }
}

pub struct RowView {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub reference: String,
    pub product: String,
    pub users: i64,
    pub status: String,
    pub status_label: String,
    /// The day, short; `created_at` in full for its tooltip.
    pub created: String,
    pub created_at: String,
    pub reseller: String,
    pub can_suspend: bool,
    pub can_enable: bool,
    pub can_delete: bool,
    pub login_as: Option<LoginAsButton>,
}

/// One row as the list shows it, with its product's and reseller's `names`;
/// `impersonation_on` is the platform's *Log in as* switch.
pub fn row_view(
    row: ListRow,
    names: &Names,
    current: &CurrentUser,
    impersonation_on: bool,
) -> RowView {
    let lang = current.lang;
    let target = Target::Customer {
        id: row.id,
        reseller_id: row.reseller_id,
    };
    let status = CustomerStatus::parse(&row.status);
    let may_suspend = current.may(Action::SuspendCustomer, target);
    let admin = row.admin_status.as_deref().map(|s| (None, s));
    RowView {
        login_as: login_as_button(current, target, &row.status, admin, impersonation_on),
        can_suspend: may_suspend && status.is_some_and(|s| s.can_suspend()),
        can_enable: may_suspend && status.is_some_and(|s| s.can_enable()),
        can_delete: current.may(Action::DeleteCustomer, target),
        status_label: status
            .map(|s| lang.t(s.label_key()))
            .unwrap_or_else(|| row.status.clone()),
        created: format_date(row.created_at, current.user.timezone.as_deref()),
        created_at: format_datetime(row.created_at, current.user.timezone.as_deref()),
        id: row.id,
        public_id: row.public_id,
        name: row.name,
        reference: row.reference,
        product: names.product(row.product_id).to_string(),
        users: row.user_count,
        status: row.status,
        reseller: names.reseller(row.reseller_id).to_string(),
    }
}

#[derive(Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ListView {
    pub params: ListParams,
    pub rows: Vec<RowView>,
    pub show_reseller: bool,
    pub may_create: bool,
    pub total: String,
    pub next_url: Option<String>,
    pub prev_url: Option<String>,
    pub statuses: Vec<Choice>,
    /// Customers needing a look, offered with the statuses.
    pub attention: Vec<Choice>,
    pub products: Vec<Choice>,
    pub reseller: ResellerField,
    pub return_to: String,
}

impl ListView {
    /// The CSV of exactly what the list shows (all pages).
    pub fn export_url(&self) -> String {
        self.params
            .url(&[])
            .replacen("/customers", "/customers/export.csv", 1)
    }

    /// The header link that sorts by `key`, flipping the direction when the
    /// list is already sorted by it.
    pub fn sort_url(&self, key: &str) -> String {
        let next = if self.params.sort == key || (key == "name" && self.params.sort.is_empty()) {
            format!("-{key}")
        } else {
            key.to_string()
        };
        self.params.url(&[("sort", &next)])
    }

    /// `ascending`, `descending` or `none`, for aria-sort.
    pub fn aria_sort(&self, key: &str) -> &'static str {
        let (sort, desc) = self.params.sort_key();
        let is = matches!(
            (sort, key),
            (SortKey::Name, "name") | (SortKey::Created, "created")
        );
        match (is, desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

#[derive(Template)]
#[template(path = "customers/list.html")]
struct ListPage {
    ctx: PageCtx,
    view: ListView,
}

#[derive(Template)]
#[template(path = "customers/_results.html")]
struct ResultsPartial {
    ctx: PageCtx,
    view: ListView,
}

fn choices<T>(items: &[T], selected: &str, f: impl Fn(&T) -> (String, String)) -> Vec<Choice> {
    items
        .iter()
        .map(|i| {
            let (value, label) = f(i);
            Choice {
                selected: value == selected,
                value,
                label,
            }
        })
        .collect()
}

/// The page and its total, counted up to [`count_cap`]. A total past the
/// cap, which the list shows as "more than 1,000", is kept for a few seconds
/// for the same filters without a search, so that viewing the list again,
/// or paging through it, does not count the same 1,001 rows again. Should
/// deletions in those seconds bring the matches down to the cap or below,
/// the list says "more than 1,000" until they are counted again. A search,
/// a new one at each key typed, is always counted, up to 100.
fn page_and_kept_total(
    conn: &mut db::AnyConnection,
    large_totals: &Kept<ListFilter, i64>,
    filter: &ListFilter,
    page: &PageRequest,
) -> diesel::QueryResult<(customers::ListPage, i64)> {
    let cap = count_cap(filter);
    if filter.search.is_some() {
        return customers::page_and_total(conn, filter, page, cap);
    }
    if let Some(total) = large_totals.get(filter) {
        return Ok((customers::list(conn, filter, page)?, total));
    }
    let (rows, total) = customers::page_and_total(conn, filter, page, cap)?;
    if total > cap {
        large_totals.put(filter.clone(), total);
    }
    Ok((rows, total))
}

pub async fn build_view(
    state: &web::Data<AppState>,
    current: &CurrentUser,
    params: ListParams,
    return_to: String,
) -> Result<ListView, AppError> {
    let mut filter = params.filter(current);
    let (sort, descending) = params.sort_key();
    let backwards = !params.before.is_empty();
    let raw_cursor = if backwards {
        &params.before
    } else {
        &params.after
    };
    let page = PageRequest {
        sort,
        descending,
        cursor: Cursor::decode(sort, raw_cursor),
        backwards,
        limit: PAGE_SIZE,
    };
    let staff = current.actor.role.is_staff();
    let own_reseller = current.actor.reseller_id;
    let products_of = own_reseller.filter(|_| !staff);
    let (result, total, products, reseller, impersonation_on, names) =
        crate::web::request::database::run_here(&state.pool, |conn| {
            let reseller = reseller_filter::resolve(conn, &params, staff, &mut filter)?;
            let kept = &state.page_cache;
            let (result, total) = if reseller.unknown {
                (customers::ListPage::default(), 0)
            } else {
                page_and_kept_total(conn, &kept.large_totals, &filter, &page)?
            };
            let impersonation_on = settings::impersonation_enabled(conn)?;
            let products: Vec<Product> = match products_of {
                Some(r) => catalog::products_for_reseller(conn, r)?,
                None => catalog::products(conn)?,
            };
            let names = kept.names_for(conn, &result.rows)?;
            Ok((result, total, products, reseller, impersonation_on, names))
        })
        .await?;

    let lang: Lang = current.lang;
    let first = result.rows.first().map(|r| Cursor::of(sort, r).encode());
    let last = result.rows.last().map(|r| Cursor::of(sort, r).encode());
    // Walking forwards, "more" means a next page; walking back, a previous one.
    let has_next = if backwards { true } else { result.more };
    let has_prev = if backwards {
        result.more
    } else {
        !params.after.is_empty()
    };
    let next_url = last
        .filter(|_| has_next && !result.rows.is_empty())
        .map(|c| params.url(&[("after", &c)]));
    let prev_url = first
        .filter(|_| has_prev && !result.rows.is_empty())
        .map(|c| params.url(&[("before", &c)]));
    let cap = count_cap(&filter);
    let total = if total > cap {
        lang.t_args("customers-total-many", &[("count", lang.number(cap))])
    } else {
        // `n` chooses the plural form; `count` is written with its grouping.
        let args = [("n", total.to_string()), ("count", lang.number(total))];
        lang.t_args("customers-total", &args)
    };
    Ok(ListView {
        statuses: choices(&CustomerStatus::ALL, &params.status, |s| {
            (s.as_str().into(), lang.t(s.label_key()))
        }),
        attention: choices(&Attention::ALL, &params.status, |a| {
            (a.code().into(), lang.t(a.label_key()))
        }),
        products: choices(&products, &params.product, |p| {
            (p.id.to_string(), p.name.clone())
        }),
        reseller,
        rows: result
            .rows
            .into_iter()
            .map(|r| row_view(r, &names, current, impersonation_on))
            .collect(),
        show_reseller: staff,
        may_create: current.may(Action::CreateCustomer, Target::Own),
        total,
        next_url,
        prev_url,
        params,
        return_to,
    })
}

#[get("/customers")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    current.require(Action::ListCustomers, Target::Own)?;
    let return_to = match req.query_string() {
        "" => "/customers".to_string(),
        q => format!("/customers?{q}"),
    };
    let view = build_view(&state, &current, params.into_inner(), return_to).await?;
    let ctx = PageCtx::for_user(&req, &current, "customers-title")?.with_times(&current);
    let target = req.headers().get("HX-Target").and_then(|v| v.to_str().ok());
    if target == Some("results") {
        return html(StatusCode::OK, &ResultsPartial { ctx, view });
    }
    html(StatusCode::OK, &ListPage { ctx, view })
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list);
}
