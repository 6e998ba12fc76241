//! Query shapes diesel's builder does not offer, written so that each
//! connection prepares them once and keeps the statement.
//!
//! diesel's `sql_query` is never kept in the statement cache: on PostgreSQL
//! every run then costs an extra round trip to prepare it, and parsing and
//! planning it again.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Text};
use diesel::{QueryResult, RunQueryDsl};

enum Piece {
    Sql(String),
    Int(i64),
    Text(String),
}

/// Hand-written SQL with bound values, returning one `BIGINT` column.
/// Placeholders are added by the backend (`$1` or `?`).
#[derive(Default)]
pub struct CountSql {
    pieces: Vec<Piece>,
}

impl CountSql {
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
}

impl<DB> QueryFragment<DB> for CountSql
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Int(v) => out.push_bind_param::<BigInt, i64>(v)?,
                Piece::Text(v) => out.push_bind_param::<Text, String>(v)?,
            }
        }
        Ok(())
    }
}

/// Not a static id: the statement cache keys it by its SQL text.
impl QueryId for CountSql {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CountSql {
    type SqlType = BigInt;
}

impl<Conn> RunQueryDsl<Conn> for CountSql {}

/// Select statements (the same columns, each with its own ORDER BY) run as
/// one: each takes its first `limit` rows, and `UNION ALL` joins them. One
/// statement is one round trip, where a query each would be as many.
/// SQLite does not allow parentheses around the parts of a compound select,
/// so there each part must be run alone: make one `Pages` per part.
///
/// The limit is bound, not written: PostgreSQL then plans for an unknown
/// share of the table and keeps the index range of a search; told "26", it
/// may walk the sort order's index hoping to meet 26 matches early.
pub struct Pages<Q> {
    parts: Vec<Q>,
    limit: i64,
}

impl<Q> Pages<Q> {
    pub fn new(parts: Vec<Q>, limit: i64) -> Self {
        Self { parts, limit }
    }
}

impl<Q, DB> QueryFragment<DB> for Pages<Q>
where
    DB: Backend + HasSqlType<BigInt>,
    Q: QueryFragment<DB>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let wrap = self.parts.len() > 1;
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push_sql(" UNION ALL ");
            }
            if wrap {
                out.push_sql("(");
            }
            part.walk_ast(out.reborrow())?;
            out.push_sql(" LIMIT ");
            out.push_bind_param::<BigInt, i64>(&self.limit)?;
            if wrap {
                out.push_sql(")");
            }
        }
        Ok(())
    }
}

impl<Q> QueryId for Pages<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Pages<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Pages<Q> {}
