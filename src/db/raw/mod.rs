//! The one place for SQL written as text, with bound values: only what
//! diesel's builder cannot say. `first_admin` (an UPDATE whose values are
//! correlated subqueries with an order and a limit), `overview_one_read`
//! and `customer_search` (parenthesised `UNION ALL` parts and `WITH`
//! queries, each an optimisation beside its plain path in the builder),
//! `outbox_claim` (an UPDATE of rows a locking subquery picks), `totals`
//! (PostgreSQL's estimates from its catalogue) and `user_details` (an
//! UPDATE of many rows, each to its own values, from arrays).
//! Each connection prepares them once and keeps the statement.
//!
//! diesel's `sql_query` is never kept in the statement cache: on PostgreSQL
//! every run then costs an extra round trip to prepare it, and parsing and
//! planning it again.

pub mod customer_search;
pub mod first_admin;
pub mod outbox_claim;
pub mod overview_one_read;
pub mod totals;
pub mod user_details;

use std::marker::PhantomData;

use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Text, Timestamp};
use diesel::{QueryResult, RunQueryDsl};

enum Piece {
    Sql(String),
    Int(i64),
    Text(String),
    Timestamp(NaiveDateTime),
}

/// Hand-written SQL with bound values, whose rows have the SQL type `ST`.
/// Placeholders are added by the backend (`$1` or `?`).
///
/// Its text is a handful of pieces put end to end: diesel's builder, for a
/// statement whose shape is only known at run time, walks every column and
/// condition to write the text, at every execution, just to find the
/// prepared statement it already has (a tenth of a list page's CPU).
pub struct Sql<ST> {
    pieces: Vec<Piece>,
    rows: PhantomData<fn() -> ST>,
}

/// A statement that returns one `BIGINT` column, such as a count.
pub type CountSql = Sql<BigInt>;

impl<ST> Default for Sql<ST> {
    fn default() -> Self {
        Self {
            pieces: Vec::new(),
            rows: PhantomData,
        }
    }
}

impl<ST> Sql<ST> {
    pub fn sql(&mut self, sql: impl Into<String>) -> &mut Self {
        self.pieces.push(Piece::Sql(sql.into()));
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.pieces.push(Piece::Int(value));
        self
    }

    pub fn text(&mut self, value: impl Into<String>) -> &mut Self {
        self.pieces.push(Piece::Text(value.into()));
        self
    }

    pub fn timestamp(&mut self, value: NaiveDateTime) -> &mut Self {
        self.pieces.push(Piece::Timestamp(value));
        self
    }

    /// Puts `other`'s text and values at the end, as a part of this
    /// statement (a subquery, a branch of a `UNION ALL`).
    pub fn append<OST>(&mut self, other: Sql<OST>) -> &mut Self {
        self.pieces.extend(other.pieces);
        self
    }
}

impl<ST, DB> QueryFragment<DB> for Sql<ST>
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text> + HasSqlType<Timestamp>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Int(v) => out.push_bind_param::<BigInt, i64>(v)?,
                Piece::Text(v) => out.push_bind_param::<Text, String>(v)?,
                Piece::Timestamp(v) => out.push_bind_param::<Timestamp, NaiveDateTime>(v)?,
            }
        }
        Ok(())
    }
}

/// Not a static id: the statement cache keys it by its SQL text.
impl<ST> QueryId for Sql<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: diesel::sql_types::SqlType> Query for Sql<ST> {
    type SqlType = ST;
}

impl<ST, Conn> RunQueryDsl<Conn> for Sql<ST> {}
