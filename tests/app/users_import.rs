//! *Import CSV*: a file checked against the customer, then applied all or
//! nothing; an export imported back changes nothing.

use diesel::prelude::*;
use partnerdesk::app::users_import::{apply, check, Counts, PackageMode};
use partnerdesk::app::Actor;
use partnerdesk::db::audit::AuditActor;
use partnerdesk::db::schema::{customers, memberships, packages, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::policy;
use partnerdesk::domain::roles::Role;
use partnerdesk::domain::users_import::read;

use crate::both_backends;
use crate::helpers::*;

pub(crate) const HEADER: &str =
    "action,email,full_name,username,role,package,language,phone,Basic,Pro";

pub(crate) struct Fixture {
    pub customer: i64,
    pub actor: Actor,
    pub links: partnerdesk::mail::Links,
    pub packages: Vec<String>,
    pub basic: i64,
    pub pro: i64,
}

pub(crate) fn fixture(app: &TestApp, reseller: i64) -> Fixture {
    let mut conn = app.conn();
    let customer = insert_customer(&mut conn, reseller, "Import Co");
    let product: i64 = customers::table
        .find(customer)
        .select(customers::product_id)
        .first(&mut conn)
        .unwrap();
    let mut pkg = |name: &str| -> i64 {
        diesel::insert_into(packages::table)
            .values((
                packages::product_id.eq(product),
                packages::name.eq(name),
                packages::price_monthly_cents.eq(100i64),
                packages::price_annual_cents.eq(1000i64),
            ))
            .returning(packages::id)
            .get_result(&mut conn)
            .unwrap()
    };
    let (basic, pro) = (pkg("Basic"), pkg("Pro"));
    let secret = partnerdesk::db::settings::get(&mut conn, partnerdesk::db::settings::SECRET_KEY)
        .unwrap()
        .unwrap();
    let keys = partnerdesk::crypto::SealingKeys::single(&secret);
    Fixture {
        customer,
        actor: Actor {
            who: policy::Actor {
                user_id: 0,
                role: Role::ResellerAdmin,
                reseller_id: Some(reseller),
                customer_id: None,
                impersonating: false,
            },
            audit: AuditActor::default(),
        },
        links: partnerdesk::mail::Links::new("http://localhost", &keys),
        packages: vec!["Basic".into(), "Pro".into()],
        basic,
        pro,
    }
}

/// Applies a file that reads without a problem, adding and removing
/// packages; what it did.
pub(crate) fn apply_text(app: &TestApp, f: &Fixture, text: &str) -> Counts {
    let file = read(text.as_bytes(), &f.packages).unwrap();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    apply(
        &mut app.conn(),
        &f.actor,
        &f.links,
        f.customer,
        &file,
        PackageMode::AddAndRemove,
    )
    .unwrap()
    .unwrap_or_else(|r| panic!("{:?}", &r.problems[..r.problems.len().min(5)]))
}

/// The customer's people: e-mail, role, package.
pub(crate) fn people(app: &TestApp, customer: i64) -> Vec<(String, String, Option<i64>)> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::customer_id.eq(customer))
        .order(users::email)
        .select((users::email, memberships::role, memberships::package_id))
        .load(&mut app.conn())
        .unwrap()
}

both_backends!(
    an_import_is_checked_then_applied_all_or_nothing,
    |app: TestApp| async move {
        let (_, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let admin = app.customer_user(f.customer, Role::CustomerAdmin, UserStatus::Active);
        let bob = app.customer_user(f.customer, Role::User, UserStatus::Active);
        let cy = app.customer_user(f.customer, Role::User, UserStatus::Active);
        let before = people(&app, f.customer);

        // One bad row (a modify of someone missing): the check says where,
        // and applying writes nothing at all.
        let text = format!(
            "{HEADER}\n\
             add,new@import.example,New Person,,user,,fr,,TRUE,\n\
             modify,{bob},,,integrator,,,,,TRUE\n\
             modify,{cy},,,,,,,FALSE,FALSE\n\
             modify,ghost@import.example,Ghost,,user,,en,,,\n",
            bob = bob.username,
            cy = cy.username
        );
        let file = read(text.as_bytes(), &f.packages).unwrap();
        let mut conn = app.conn();
        let report = check(
            &mut conn,
            &f.actor,
            f.customer,
            &file,
            PackageMode::AddAndRemove,
        )
        .unwrap();
        let found: Vec<(u64, &str, &str)> = report
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.key))
            .collect();
        assert_eq!(found, [(5, "email", "import-user-missing")]);
        assert_eq!(
            report.counts,
            Counts {
                add: 1,
                modify: 1,
                remove: 1,
                unchanged: 0,
                errors: 1
            }
        );
        let applied = apply(
            &mut conn,
            &f.actor,
            &f.links,
            f.customer,
            &file,
            PackageMode::AddAndRemove,
        )
        .unwrap();
        assert!(applied.is_err());
        assert_eq!(people(&app, f.customer), before, "nothing was written");

        // Without the bad row: all of it, in one go.
        let good = text.lines().take(4).collect::<Vec<_>>().join("\n");
        let counts = apply_text(&app, &f, &good);
        assert_eq!(
            counts,
            Counts {
                add: 1,
                modify: 1,
                remove: 1,
                unchanged: 0,
                errors: 0
            }
        );
        let after = people(&app, f.customer);
        assert!(after.contains(&("new@import.example".into(), "user".into(), Some(f.basic))));
        assert!(after.contains(&(bob.username.clone(), "integrator".into(), Some(f.pro))));
        assert!(
            !after.iter().any(|(e, _, _)| *e == cy.username),
            "all FALSE removed Cy"
        );
        assert!(after.iter().any(|(e, _, _)| *e == admin.username));
        let cy_login: i64 = users::table
            .filter(users::email.eq(&cy.username))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(cy_login, 0, "a login left with no account goes");
        assert_eq!(app.user_count(f.customer), after.len() as i64);
        assert!(app
            .last_audit("users.imported")
            .unwrap()
            .2
            .starts_with("1 added, 1 changed, 1 removed"));

        // The last administrator is never removed.
        let text = format!("{HEADER}\nremove,{},,,,,,,,\n", admin.username);
        let file = read(text.as_bytes(), &f.packages).unwrap();
        let report = check(&mut conn, &f.actor, f.customer, &file, PackageMode::AddOnly).unwrap();
        assert_eq!(report.problems[0].key, "import-last-admin");
    }
);

both_backends!(
    the_package_modes_and_an_export_imported_back,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        app.customer_user(f.customer, Role::CustomerAdmin, UserStatus::Active);
        let dee = app.customer_user(f.customer, Role::User, UserStatus::Active);
        diesel::update(memberships::table.filter(memberships::user_id.eq(dee.user_id)))
            .set(memberships::package_id.eq(Some(f.basic)))
            .execute(&mut app.conn())
            .unwrap();
        let mut conn = app.conn();

        // FALSE in the held package's column: kept when adding only.
        let text = format!("{HEADER}\nmodify,{},,,,,,,FALSE,\n", dee.username);
        let file = read(text.as_bytes(), &f.packages).unwrap();
        let only = check(&mut conn, &f.actor, f.customer, &file, PackageMode::AddOnly).unwrap();
        assert_eq!(only.counts.unchanged, 1);
        let both = check(
            &mut conn,
            &f.actor,
            f.customer,
            &file,
            PackageMode::AddAndRemove,
        )
        .unwrap();
        assert_eq!(both.counts.modify, 1);

        // Export, then import the file as it is: nothing to do.
        let export = browser
            .get(&format!("/customers/{}/users/export.csv", f.customer))
            .await
            .bytes()
            .await
            .unwrap();
        let file = read(&export, &f.packages).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let report = check(
            &mut conn,
            &f.actor,
            f.customer,
            &file,
            PackageMode::AddAndRemove,
        )
        .unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(
            report.counts,
            Counts {
                unchanged: 2,
                ..Default::default()
            }
        );
    }
);
