//! Reseller organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{reseller_plans, resellers};
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = resellers)]
pub struct Reseller {
    pub id: i64,
    pub name: String,
    pub plan_id: i64,
    pub status: String,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Reseller>> {
    resellers::table
        .find(id)
        .select(Reseller::as_select())
        .first(conn)
        .optional()
}

use super::lower;

/// The reseller called `name`: exactly, or else ignoring case.
pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<(i64, String)>> {
    let exact = resellers::table
        .filter(resellers::name.eq(name))
        .select((resellers::id, resellers::name))
        .first(conn)
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    resellers::table
        .filter(lower(resellers::name).eq(name.to_lowercase()))
        .order(resellers::id)
        .select((resellers::id, resellers::name))
        .first(conn)
        .optional()
}

/// A LIKE pattern for names starting with `prefix`, ignoring case (with
/// `\\` as its escape character).
fn starting_with(prefix: &str) -> String {
    let mut pattern: String = prefix
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    pattern.push('%');
    pattern
}

/// Up to `limit` reseller names starting with `prefix` (ignoring case), by
/// name: the suggestions of a typed reseller filter.
pub fn names_starting_with(
    conn: &mut AnyConnection,
    prefix: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    resellers::table
        .filter(
            lower(resellers::name)
                .like(starting_with(prefix))
                .escape('\\'),
        )
        .order(resellers::name)
        .select(resellers::name)
        .limit(limit)
        .load(conn)
}

/// Where a page of resellers starts: the name and id of the row before it.
pub type After = (String, i64);

/// Up to `limit` resellers with their plan's name, by name then id: those
/// after `after`, and whose name starts with `prefix` (ignoring case) when
/// one is given.
pub fn page_with_plan(
    conn: &mut AnyConnection,
    prefix: &str,
    after: Option<After>,
    limit: i64,
) -> QueryResult<Vec<(Reseller, String)>> {
    let mut q = resellers::table
        .inner_join(reseller_plans::table)
        .select((Reseller::as_select(), reseller_plans::name))
        .order((resellers::name, resellers::id))
        .limit(limit)
        .into_boxed::<super::MultiBackend>();
    if !prefix.trim().is_empty() {
        q = q.filter(
            lower(resellers::name)
                .like(starting_with(prefix.trim()))
                .escape('\\'),
        );
    }
    if let Some((name, id)) = after {
        q = q.filter(
            resellers::name
                .gt(name.clone())
                .or(resellers::name.eq(name).and(resellers::id.gt(id))),
        );
    }
    q.load(conn)
}

/// (id, name) of every reseller, for filters and pickers.
pub fn names(conn: &mut AnyConnection) -> QueryResult<Vec<(i64, String)>> {
    resellers::table
        .order(resellers::name)
        .select((resellers::id, resellers::name))
        .load(conn)
}

pub fn name_taken(conn: &mut AnyConnection, name: &str, except: Option<i64>) -> QueryResult<bool> {
    let ids: Vec<i64> = resellers::table
        .filter(resellers::name.eq(name))
        .select(resellers::id)
        .load(conn)?;
    Ok(ids.iter().any(|id| Some(*id) != except))
}

pub fn insert(conn: &mut AnyConnection, name: &str, plan_id: i64) -> QueryResult<i64> {
    diesel::insert_into(resellers::table)
        .values((
            resellers::name.eq(name),
            resellers::plan_id.eq(plan_id),
            resellers::status.eq("active"),
            resellers::created_at.eq(super::now()),
        ))
        .returning(resellers::id)
        .get_result(conn)
}

pub fn update(conn: &mut AnyConnection, id: i64, name: &str, plan_id: i64) -> QueryResult<()> {
    diesel::update(resellers::table.find(id))
        .set((resellers::name.eq(name), resellers::plan_id.eq(plan_id)))
        .execute(conn)
        .map(drop)
}

pub fn set_status(conn: &mut AnyConnection, id: i64, status: &str) -> QueryResult<()> {
    diesel::update(resellers::table.find(id))
        .set(resellers::status.eq(status))
        .execute(conn)
        .map(drop)
}
