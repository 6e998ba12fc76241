//! *Export CSV* of a customer's people, in the import's format.

use diesel::prelude::*;
use partnerdesk::db::schema::{customers, memberships, packages, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(the_export_is_the_import_format, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let reseller = person.reseller_id.unwrap();
    let customer = insert_customer(&mut app.conn(), reseller, "Export Co");
    let product: i64 = customers::table
        .find(customer)
        .select(customers::product_id)
        .first(&mut app.conn())
        .unwrap();
    let pkg = |name: &str| -> i64 {
        diesel::insert_into(packages::table)
            .values((
                packages::product_id.eq(product),
                packages::name.eq(name),
                packages::price_monthly_cents.eq(100i64),
                packages::price_annual_cents.eq(1000i64),
            ))
            .returning(packages::id)
            .get_result(&mut app.conn())
            .unwrap()
    };
    let (_basic, pro) = (pkg("Basic"), pkg("Pro"));
    let ann = app.customer_user(customer, Role::User, UserStatus::Active);
    diesel::update(users::table.find(ann.user_id))
        .set((
            users::full_name.eq("=cmd|' /C calc'!A0"),
            users::phone.eq("+33 1 23 45"),
        ))
        .execute(&mut app.conn())
        .unwrap();
    diesel::update(memberships::table.filter(memberships::user_id.eq(ann.user_id)))
        .set(memberships::package_id.eq(Some(pro)))
        .execute(&mut app.conn())
        .unwrap();
    let bob = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);

    let res = browser
        .get(&format!("/customers/{customer}/users/export.csv"))
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = res.text().await.unwrap();
    assert!(
        body.starts_with('\u{FEFF}'),
        "a BOM for spreadsheet programs"
    );
    let mut lines = body.trim_start_matches('\u{FEFF}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "action,email,full_name,username,role,package,language,phone,Basic,Pro"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.contains(
            &format!(
                "modify,{0},'=cmd|' /C calc'!A0,{0},user,Pro,en,'+33 1 23 45,,TRUE",
                ann.username
            )
            .as_str()
        ),
        "{rows:?}"
    );
    assert!(
        rows.contains(
            &format!(
                "modify,{0},Person {0},{0},customer_admin,,en,,,",
                bob.username
            )
            .as_str()
        ),
        "{rows:?}"
    );

    // Another reseller's customer is not found; a customer's own user may not export.
    let other = insert_customer(&mut app.conn(), insert_reseller(&mut app.conn(), "x"), "X");
    let res = browser
        .get(&format!("/customers/{other}/users/export.csv"))
        .await;
    assert_eq!(res.status(), 404);
});
