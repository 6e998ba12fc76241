//! Sites of a customer (one per store, office…).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sites;
use super::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sites)]
pub struct Site {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
}

pub fn of_customer(conn: &mut AnyConnection, customer_id: i64) -> QueryResult<Vec<Site>> {
    crate::native!(conn, |c| {
        sites::table
            .filter(sites::customer_id.eq(customer_id))
            .order((sites::name, sites::id))
            .select(Site::as_select())
            .load(c)
    })
}

pub fn insert(conn: &mut AnyConnection, customer_id: i64, name: &str) -> QueryResult<i64> {
    diesel::insert_into(sites::table)
        .values((
            sites::customer_id.eq(customer_id),
            sites::name.eq(name),
            sites::created_at.eq(super::now()),
        ))
        .returning(sites::id)
        .get_result(conn)
}

pub fn rename(
    conn: &mut AnyConnection,
    customer_id: i64,
    id: i64,
    name: &str,
) -> QueryResult<usize> {
    diesel::update(
        sites::table
            .find(id)
            .filter(sites::customer_id.eq(customer_id)),
    )
    .set(sites::name.eq(name))
    .execute(conn)
}

/// Removes a site unless it is the customer's last: whether it did, or None
/// when the customer has no such site.
pub fn remove_unless_last(
    conn: &mut AnyConnection,
    customer_id: i64,
    id: i64,
) -> QueryResult<Option<bool>> {
    conn.transaction(|conn| {
        let exists: bool = diesel::select(diesel::dsl::exists(
            sites::table
                .find(id)
                .filter(sites::customer_id.eq(customer_id)),
        ))
        .get_result(conn)?;
        if !exists {
            return Ok(None);
        }
        let count: i64 = sites::table
            .filter(sites::customer_id.eq(customer_id))
            .count()
            .get_result(conn)?;
        if count <= 1 {
            return Ok(Some(false));
        }
        let removed = diesel::delete(
            sites::table
                .find(id)
                .filter(sites::customer_id.eq(customer_id)),
        )
        .execute(conn)?;
        Ok(Some(removed == 1))
    })
}
