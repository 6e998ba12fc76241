//! Customer accounts: the record, the list with keyset pagination, and the
//! changes made to them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{customers, memberships, products, resellers, services, sites, subscriptions};
use super::{AnyConnection, MultiBackend};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: i64,
    pub public_id: String,
    pub reseller_id: i64,
    pub name: String,
    pub name_key: String,
    pub product_id: i64,
    pub reference: String,
    pub reference_key: String,
    pub country: String,
    pub timezone: String,
    pub term: String,
    pub pending_term: Option<String>,
    pub pending_term_at: Option<NaiveDateTime>,
    pub period_ends_at: NaiveDateTime,
    pub notes: String,
    pub trial_ends_at: Option<NaiveDateTime>,
    pub is_internal: bool,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    pub contact_phone: String,
    pub email: String,
    pub admin_email_key: String,
    pub api_access: bool,
    pub status: String,
    pub user_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id)
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer's id from its public id ("C-…").
pub fn id_by_public_id(conn: &mut AnyConnection, public_id: &str) -> QueryResult<Option<i64>> {
    customers::table
        .filter(customers::public_id.eq(public_id))
        .select(customers::id)
        .first(conn)
        .optional()
}

/// Whether another customer of the reseller already has this name (any case).
pub fn name_taken(
    conn: &mut AnyConnection,
    reseller_id: i64,
    name_key: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let mut q = customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .filter(customers::name_key.eq(name_key))
        .select(customers::id)
        .into_boxed::<MultiBackend>();
    if let Some(id) = except {
        q = q.filter(customers::id.ne(id));
    }
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

pub fn count_for_reseller(conn: &mut AnyConnection, reseller_id: i64) -> QueryResult<i64> {
    customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .count()
        .get_result(conn)
}

/// The reseller's internal demo system, if it has one.
pub fn internal_of_reseller(
    conn: &mut AnyConnection,
    reseller_id: i64,
) -> QueryResult<Option<i64>> {
    customers::table
        .filter(customers::reseller_id.eq(reseller_id))
        .filter(customers::is_internal.eq(true))
        .select(customers::id)
        .first(conn)
        .optional()
}

pub fn set_status(conn: &mut AnyConnection, id: i64, status: &str) -> QueryResult<()> {
    diesel::update(customers::table.find(id))
        .set((
            customers::status.eq(status),
            customers::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// What a delete takes with it, for the confirmation page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Footprint {
    pub users: i64,
    pub sites: i64,
    pub services: i64,
    pub subscriptions: i64,
}

pub fn footprint(conn: &mut AnyConnection, id: i64) -> QueryResult<Footprint> {
    Ok(Footprint {
        users: memberships::table
            .filter(memberships::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        sites: sites::table
            .filter(sites::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        services: services::table
            .filter(services::customer_id.eq(id))
            .count()
            .get_result(conn)?,
        subscriptions: subscriptions::table
            .filter(subscriptions::customer_id.eq(id))
            .count()
            .get_result(conn)?,
    })
}

/// Deletes the customer; memberships, sites, services, subscriptions and
/// integrations go with it (ON DELETE CASCADE).
pub fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<usize> {
    diesel::delete(customers::table.find(id)).execute(conn)
}

// ---- The list -------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Created,
}

/// Where a page starts: the sort value and id of the row before it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    Name(String, i64),
    Created(NaiveDateTime, i64),
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

impl Cursor {
    pub fn of(sort: SortKey, row: &ListRow) -> Cursor {
        match sort {
            SortKey::Name => Cursor::Name(row.name_key.clone(), row.id),
            SortKey::Created => Cursor::Created(row.created_at, row.id),
        }
    }

    /// `ID.VALUE`, for URLs.
    pub fn encode(&self) -> String {
        match self {
            Cursor::Name(k, id) => format!("{id}.{k}"),
            Cursor::Created(t, id) => format!("{id}.{}", t.format(TIME_FORMAT)),
        }
    }

    /// None for anything malformed: the list then starts at the top.
    pub fn decode(sort: SortKey, raw: &str) -> Option<Cursor> {
        let (id, value) = raw.split_once('.')?;
        let id = id.parse().ok()?;
        match sort {
            SortKey::Name => Some(Cursor::Name(value.to_string(), id)),
            SortKey::Created => NaiveDateTime::parse_from_str(value, TIME_FORMAT)
                .ok()
                .map(|t| Cursor::Created(t, id)),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub reseller_id: Option<i64>,
    pub status: Option<String>,
    pub product_id: Option<i64>,
    /// Matches the start of the name, the reference or the admin e-mail.
    pub search: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub sort: SortKey,
    pub descending: bool,
    pub cursor: Option<Cursor>,
    /// Fetch the page before the cursor instead of after it.
    pub backwards: bool,
    pub limit: i64,
}

#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub name_key: String,
    pub reference: String,
    pub product_name: String,
    pub user_count: i64,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub email: String,
    pub trial_ends_at: Option<NaiveDateTime>,
}

/// One page of the list, and whether rows follow it in its direction.
#[derive(Default)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub more: bool,
}

/// The bounds of every string that starts with `prefix`: [prefix, prefix + U+10FFFF).
/// A range (unlike LIKE with a bound pattern) uses the key indexes on both
/// databases, and needs no escaping of % or _.
fn prefix_range(prefix: &str) -> (String, String) {
    let low = prefix.trim().to_lowercase();
    let mut high = low.clone();
    high.push(char::MAX);
    (low, high)
}

type Boxed<'a> = customers::BoxedQuery<'a, MultiBackend>;

/// The list's filters; the search, when there is one, adds one of its three
/// branches (see `list`).
fn filtered<'a>(filter: &ListFilter) -> Boxed<'a> {
    let mut q = filtered_without_search(filter);
    if let Some((low, high)) = search_range(filter) {
        q = q.filter(
            customers::name_key
                .ge(low.clone())
                .and(customers::name_key.lt(high.clone()))
                .or(customers::reference_key
                    .ge(low.clone())
                    .and(customers::reference_key.lt(high.clone())))
                .or(customers::admin_email_key
                    .ge(low)
                    .and(customers::admin_email_key.lt(high))),
        );
    }
    q
}

fn search_range(filter: &ListFilter) -> Option<(String, String)> {
    filter
        .search
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(prefix_range)
}

/// The search as three index ranges. Asked as one OR, PostgreSQL walks the
/// name index in order hoping for early matches; asked apart, each branch
/// is a short range scan.
fn search_branches<'a>(filter: &ListFilter, (low, high): (String, String)) -> [Boxed<'a>; 3] {
    [
        filtered_without_search(filter)
            .filter(customers::name_key.ge(low.clone()))
            .filter(customers::name_key.lt(high.clone())),
        filtered_without_search(filter)
            .filter(customers::reference_key.ge(low.clone()))
            .filter(customers::reference_key.lt(high.clone())),
        filtered_without_search(filter)
            .filter(customers::admin_email_key.ge(low))
            .filter(customers::admin_email_key.lt(high)),
    ]
}

fn filtered_without_search<'a>(filter: &ListFilter) -> Boxed<'a> {
    let mut q = customers::table.into_boxed::<MultiBackend>();
    if let Some(r) = filter.reseller_id {
        q = q.filter(customers::reseller_id.eq(r));
    }
    if let Some(s) = &filter.status {
        q = q.filter(customers::status.eq(s.clone()));
    }
    if let Some(p) = filter.product_id {
        q = q.filter(customers::product_id.eq(p));
    }
    q
}

/// Adds the keyset condition and the order of a page.
fn paged<'a>(mut q: Boxed<'a>, page: &PageRequest) -> Boxed<'a> {
    // Walking backwards is walking the opposite order, then flipping the rows.
    let desc = page.descending != page.backwards;
    // `key >= k AND (key > k OR id > i)`: the leading range lets the index
    // start at the cursor, so a deep page costs what the first one does.
    match &page.cursor {
        Some(Cursor::Name(k, id)) if page.sort == SortKey::Name => {
            q = if desc {
                q.filter(customers::name_key.le(k.clone()))
                    .filter(customers::name_key.lt(k.clone()).or(customers::id.lt(*id)))
            } else {
                q.filter(customers::name_key.ge(k.clone()))
                    .filter(customers::name_key.gt(k.clone()).or(customers::id.gt(*id)))
            }
        }
        Some(Cursor::Created(t, id)) if page.sort == SortKey::Created => {
            q = if desc {
                q.filter(customers::created_at.le(*t))
                    .filter(customers::created_at.lt(*t).or(customers::id.lt(*id)))
            } else {
                q.filter(customers::created_at.ge(*t))
                    .filter(customers::created_at.gt(*t).or(customers::id.gt(*id)))
            }
        }
        _ => {}
    }
    match (page.sort, desc) {
        (SortKey::Name, false) => q.order((customers::name_key.asc(), customers::id.asc())),
        (SortKey::Name, true) => q.order((customers::name_key.desc(), customers::id.desc())),
        (SortKey::Created, false) => q.order((customers::created_at.asc(), customers::id.asc())),
        (SortKey::Created, true) => q.order((customers::created_at.desc(), customers::id.desc())),
    }
}

pub fn list(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    page: &PageRequest,
) -> QueryResult<ListPage> {
    let branches: Vec<Boxed> = match search_range(filter) {
        Some(range) => search_branches(filter, range).into(),
        None => vec![filtered_without_search(filter)],
    };
    // Each branch gives its first rows in page order; together they hold the
    // page's rows, which are merged here.
    let mut found: Vec<(i64, String, NaiveDateTime)> = Vec::new();
    for branch in branches {
        found.extend(
            paged(branch, page)
                .select((customers::id, customers::name_key, customers::created_at))
                .limit(page.limit + 1)
                .load::<(i64, String, NaiveDateTime)>(conn)?,
        );
    }
    found.sort_by(|a, b| match page.sort {
        SortKey::Name => (&a.1, a.0).cmp(&(&b.1, b.0)),
        SortKey::Created => (a.2, a.0).cmp(&(b.2, b.0)),
    });
    found.dedup_by_key(|r| r.0);
    if page.descending != page.backwards {
        found.reverse();
    }
    let ids: Vec<i64> = found
        .into_iter()
        .map(|r| r.0)
        .take(page.limit as usize + 1)
        .collect();
    let more = ids.len() as i64 > page.limit;
    let ids: Vec<i64> = ids.into_iter().take(page.limit as usize).collect();
    let mut rows = rows_by_ids(conn, &ids)?;
    let position = |id: i64| ids.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    rows.sort_by_key(|r| position(r.id));
    if page.backwards {
        rows.reverse();
    }
    Ok(ListPage { rows, more })
}

/// How many rows match, counted up to `cap` (beyond it the list says "cap+").
pub fn count_capped(conn: &mut AnyConnection, filter: &ListFilter, cap: i64) -> QueryResult<i64> {
    let ids: Vec<i64> = filtered(filter)
        .select(customers::id)
        .limit(cap + 1)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// The list rows of these customers with their product and reseller, in
/// one query (no order).
fn rows_by_ids(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<ListRow>> {
    customers::table
        .inner_join(products::table)
        .inner_join(resellers::table)
        .filter(customers::id.eq_any(ids))
        .select((
            customers::id,
            customers::public_id,
            customers::name,
            customers::name_key,
            customers::reference,
            products::name,
            customers::user_count,
            customers::status,
            customers::created_at,
            customers::reseller_id,
            resellers::name,
            customers::email,
            customers::trial_ends_at,
        ))
        .load(conn)
}

/// One row of the list, for re-rendering it in place.
pub fn list_row(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<ListRow>> {
    Ok(rows_by_ids(conn, &[id])?.pop())
}
