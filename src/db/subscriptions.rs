//! Subscriptions: a product, seats and a term for a customer.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::{BigInt, Bool};

use super::plan::OnBothBackends;
use super::schema::{customers, products, subscriptions};
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: i64,
    pub public_id: String,
    pub customer_id: i64,
    pub product_id: i64,
    pub seats: i64,
    pub term: String,
    pub status: String,
    pub customer_may_edit: bool,
    pub started_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The customer's reseller, kept on the row for the reseller's lists.
    pub reseller_id: i64,
}

/// Not cancelled, written out rather than bound, for the reseller's seats
/// and lists: their indexes hold only live (or only cancelled) rows, which a
/// plan for a bound status cannot know it may use. The overview's statement
/// ([`super::overview_lists`]) writes it out too.
pub const LIVE: &str = "subscriptions.status <> 'cancelled'";

/// [`LIVE`], as a condition of diesel's builder.
pub fn live() -> SqlLiteral<Bool> {
    sql(LIVE)
}

pub fn archived() -> SqlLiteral<Bool> {
    sql("subscriptions.status = 'cancelled'")
}

/// Seats in use across a reseller's live subscriptions.
pub fn seats_of_reseller(conn: &mut AnyConnection, reseller_id: i64) -> QueryResult<i64> {
    seats_in_use(reseller_id).get_result(conn)
}

/// The sum of [`seats_of_reseller`]: one range of the reseller's live
/// subscriptions' index, whatever the number of its customers.
pub fn seats_in_use(
    reseller_id: i64,
) -> impl OnBothBackends + RunQueryDsl<AnyConnection> + for<'a> LoadQuery<'a, AnyConnection, i64> {
    subscriptions::table
        .filter(subscriptions::reseller_id.eq(reseller_id))
        .filter(live())
        // SUM(bigint) is numeric on PostgreSQL; bring it back to bigint.
        .select(sql::<BigInt>(
            "CAST(COALESCE(SUM(subscriptions.seats), 0) AS BIGINT)",
        ))
}

pub fn public_id() -> String {
    format!("S-{}", crate::domain::ids::short_id())
}

/// Every subscription of a customer with its product name, newest first.
pub fn of_customer(
    conn: &mut AnyConnection,
    customer_id: i64,
) -> QueryResult<Vec<(Subscription, String)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer_id))
        .order(subscriptions::id.desc())
        .select((Subscription::as_select(), products::name))
        .load(conn)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Subscription>> {
    subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

pub struct NewSubscription<'a> {
    pub customer_id: i64,
    /// The customer's.
    pub reseller_id: i64,
    pub product_id: i64,
    pub seats: i64,
    pub term: &'a str,
    pub status: &'a str,
    pub customer_may_edit: bool,
}

pub fn insert(conn: &mut AnyConnection, s: &NewSubscription<'_>) -> QueryResult<i64> {
    let now = super::now();
    diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::public_id.eq(public_id()),
            subscriptions::customer_id.eq(s.customer_id),
            subscriptions::reseller_id.eq(s.reseller_id),
            subscriptions::product_id.eq(s.product_id),
            subscriptions::seats.eq(s.seats),
            subscriptions::term.eq(s.term),
            subscriptions::status.eq(s.status),
            subscriptions::customer_may_edit.eq(s.customer_may_edit),
            subscriptions::started_at.eq(now),
            subscriptions::created_at.eq(now),
        ))
        .returning(subscriptions::id)
        .get_result(conn)
}

pub fn update(
    conn: &mut AnyConnection,
    id: i64,
    seats: i64,
    term: &str,
    customer_may_edit: bool,
) -> QueryResult<()> {
    diesel::update(subscriptions::table.find(id))
        .set((
            subscriptions::seats.eq(seats),
            subscriptions::term.eq(term),
            subscriptions::customer_may_edit.eq(customer_may_edit),
        ))
        .execute(conn)
        .map(drop)
}

pub fn cancel(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    diesel::update(
        subscriptions::table
            .find(id)
            .filter(subscriptions::status.ne("cancelled")),
    )
    .set((
        subscriptions::status.eq("cancelled"),
        subscriptions::cancelled_at.eq(super::now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// A row of the reseller-wide subscriptions list.
#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub id: i64,
    pub public_id: String,
    pub seats: i64,
    pub term: String,
    pub status: String,
    pub cancelled_at: Option<NaiveDateTime>,
    pub customer_id: i64,
    pub customer_name: String,
    pub users: i64,
    pub product_name: String,
    pub reseller_id: i64,
}

/// Live (or archived) subscriptions, newest first, `limit` after the id
/// `before` (keyset), limited to a reseller when given.
pub fn list(
    conn: &mut AnyConnection,
    reseller_id: Option<i64>,
    archived: bool,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ListRow>> {
    let mut q = subscriptions::table
        .inner_join(customers::table)
        .inner_join(products::table)
        .select((
            subscriptions::id,
            subscriptions::public_id,
            subscriptions::seats,
            subscriptions::term,
            subscriptions::status,
            subscriptions::cancelled_at,
            customers::id,
            customers::name,
            customers::user_count,
            products::name,
            customers::reseller_id,
        ))
        .order(subscriptions::id.desc())
        .limit(limit)
        .into_boxed::<super::MultiBackend>();
    q = if archived {
        q.filter(self::archived())
    } else {
        q.filter(live())
    };
    if let Some(r) = reseller_id {
        q = q.filter(subscriptions::reseller_id.eq(r));
    }
    if let Some(b) = before {
        q = q.filter(subscriptions::id.lt(b));
    }
    q.load(conn)
}

/// Carries a customer's product and term, as just changed, to its live
/// subscriptions: those of the old product take the new one, and every
/// live one takes the term.
pub fn carry_customer_change(
    conn: &mut AnyConnection,
    customer_id: i64,
    (old_product, new_product): (i64, i64),
    term: &str,
) -> QueryResult<usize> {
    let of_customer = || {
        subscriptions::table
            .filter(subscriptions::customer_id.eq(customer_id))
            .filter(subscriptions::status.ne("cancelled"))
    };
    let moved = if old_product == new_product {
        0
    } else {
        diesel::update(of_customer().filter(subscriptions::product_id.eq(old_product)))
            .set(subscriptions::product_id.eq(new_product))
            .execute(conn)?
    };
    let termed = diesel::update(of_customer().filter(subscriptions::term.ne(term)))
        .set(subscriptions::term.eq(term))
        .execute(conn)?;
    Ok(moved.max(termed))
}
