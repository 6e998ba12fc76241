//! The customer list names each row's product and reseller from names the
//! server keeps: renamed through this instance, a name shows at once; a
//! product or reseller added since (through another instance) is read as
//! soon as a row names it.

use diesel::prelude::*;
use partnerdesk::db::schema::{products, resellers};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    the_list_names_products_and_resellers_as_they_are,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let north = insert_reseller(&mut conn, "North");
        insert_customer(&mut conn, north, "Alpha");
        let (mut op, _) = app.logged_in(Role::Operator).await;
        let (_, list) = op.page("/customers").await;
        let cells = |list: &str, product: &str, reseller: &str| {
            let product =
                format!("<td><span class=\"clip\" title=\"{product}\">{product}</span></td>");
            let reseller = format!("title=\"Reseller: {reseller}\">{reseller}</span>");
            list.contains(&product) && list.contains(&reseller)
        };
        assert!(cells(&list, "Product North", "Reseller North"), "{list}");

        // Renamed on the resellers screen: the list shows the new name at once.
        let plan: i64 = resellers::table
            .find(north)
            .select(resellers::plan_id)
            .first(&mut conn)
            .unwrap();
        let res = op
            .post(
                &format!("/resellers/{north}"),
                &[("name", "Northern Lights"), ("plan_id", &plan.to_string())],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (_, list) = op.page("/customers").await;
        assert!(cells(&list, "Product North", "Northern Lights"), "{list}");

        // Another instance keeps the names it read...
        let other = app.second_instance().await;
        let (mut elsewhere, _) = other.logged_in(Role::Operator).await;
        let (_, list) = elsewhere.page("/customers").await;
        assert!(cells(&list, "Product North", "Northern Lights"), "{list}");
        // ...and a reseller and product added since, by another instance, are
        // named as soon as one of its rows is listed, on the page and in the
        // export.
        let south = insert_reseller(&mut conn, "South");
        insert_customer(&mut conn, south, "Bravo");
        let (_, list) = elsewhere.page("/customers").await;
        assert!(cells(&list, "Product South", "Reseller South"), "{list}");
        let (_, csv) = elsewhere.page("/customers/export.csv").await;
        let bravo = csv.lines().find(|l| l.contains("Customer Bravo")).unwrap();
        assert!(
            bravo.contains(",Product South,") && bravo.contains(",Reseller South,"),
            "{bravo}"
        );

        // A product renamed through the database, around the screens, shows
        // once the kept names are stale or forgotten: here, forgotten by a
        // catalogue change on this instance.
        diesel::update(products::table.filter(products::name.eq("Product North")))
            .set(products::name.eq("Product Polaris"))
            .execute(&mut conn)
            .unwrap();
        op.post("/products", &[("name", "Signatures")]).await;
        let (_, list) = op.page("/customers").await;
        assert!(cells(&list, "Product Polaris", "Northern Lights"), "{list}");
    }
);
