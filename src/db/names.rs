//! The names of the products and resellers, by id, for the lists that show
//! them beside each customer.
//!
//! A page of the customer list names 25 products and resellers. Looked up
//! by the list's statement, that was a subquery per row and name, much of
//! PostgreSQL's work per list page (see `bench/README.md`). There are
//! few of them (a product catalogue, a thousand resellers), so the server
//! keeps them all (the caller holds them) and names the rows itself.

use std::collections::HashMap;

use diesel::QueryResult;

use super::AnyConnection;

#[derive(Debug, Default)]
pub struct Names {
    products: HashMap<i64, String>,
    resellers: HashMap<i64, String>,
}

impl Names {
    /// Every product's and reseller's name, as they are now.
    pub fn load(conn: &mut AnyConnection) -> QueryResult<Names> {
        let products = super::catalog::products(conn)?;
        let resellers = super::resellers::names(conn)?;
        Ok(Names {
            products: products.into_iter().map(|p| (p.id, p.name)).collect(),
            resellers: resellers.into_iter().collect(),
        })
    }

    /// The product's name; empty for one these names do not hold.
    pub fn product(&self, id: i64) -> &str {
        self.products.get(&id).map_or("", String::as_str)
    }

    /// The reseller's name; empty for one these names do not hold.
    pub fn reseller(&self, id: i64) -> &str {
        self.resellers.get(&id).map_or("", String::as_str)
    }

    /// Whether these names hold every product and reseller of `rows`, given
    /// as (product, reseller) ids.
    pub fn hold(&self, mut rows: impl Iterator<Item = (i64, i64)>) -> bool {
        rows.all(|(p, r)| self.products.contains_key(&p) && self.resellers.contains_key(&r))
    }
}
