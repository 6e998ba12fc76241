//! *Apply* writes a large file a chunk of people at a time, the modifies
//! and removes of a chunk together: every row still does what it says,
//! across chunks, and the customer's first administrator follows.

use std::collections::HashMap;

use diesel::prelude::*;
use partnerdesk::db::customer_members::{self, Member};
use partnerdesk::db::schema::{customers, memberships, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::users_import::{apply_text, fixture, HEADER};

/// More than two chunks of the apply.
const PEOPLE: usize = 2_100;

/// The customer's people, by e-mail, as an import compares them.
fn rows(app: &TestApp, customer: i64) -> HashMap<String, Member> {
    customer_members::members_of_customer(&mut app.conn(), customer)
        .unwrap()
        .into_iter()
        .map(|m| (m.email.clone(), m))
        .collect()
}

fn email(i: usize) -> String {
    format!("p{i}@batch.example")
}

both_backends!(
    a_large_mix_does_what_each_row_says_across_chunks,
    |app: TestApp| async move {
        let (_, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        app.customer_user(f.customer, Role::CustomerAdmin, UserStatus::Active);
        let mut adds = format!("{HEADER}\n");
        for i in 0..PEOPLE {
            adds.push_str(&format!("add,{},Person {i},,user,,en,,TRUE,\n", email(i)));
        }
        assert_eq!(apply_text(&app, &f, &adds).add, PEOPLE);

        // One of them also works for another customer of the reseller.
        let other = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Other Co");
        let shared: i64 = users::table
            .filter(users::email.eq(email(11)))
            .select(users::id)
            .first(&mut app.conn())
            .unwrap();
        partnerdesk::db::memberships::insert(
            &mut app.conn(),
            &partnerdesk::db::memberships::NewMembership {
                user_id: shared,
                role: Role::User.as_str().into(),
                reseller_id: None,
                customer_id: Some(other),
                created_at: partnerdesk::db::now(),
            },
        )
        .unwrap();

        // A tenth removed, half renamed in French, a seventh of the rest
        // moved to Pro as integrators, the others left as they are.
        let mut mix = format!("{HEADER}\n");
        for i in 0..PEOPLE {
            let e = email(i);
            mix.push_str(&if i % 10 == 1 {
                format!("remove,{e},,,,,,,,\n")
            } else if i % 2 == 0 {
                format!("modify,{e},Renamed {i},,,,fr,,,\n")
            } else if i % 7 == 0 {
                format!("modify,{e},,,integrator,,,,FALSE,TRUE\n")
            } else {
                format!("modify,{e},,,,,,,,\n")
            });
        }
        let removed = (0..PEOPLE).filter(|i| i % 10 == 1).count();
        let renamed = (0..PEOPLE).filter(|i| i % 10 != 1 && i % 2 == 0).count();
        let moved = (0..PEOPLE)
            .filter(|i| i % 10 != 1 && i % 2 == 1 && i % 7 == 0)
            .count();
        let counts = apply_text(&app, &f, &mix);
        assert_eq!(
            (counts.remove, counts.modify, counts.unchanged),
            (removed, renamed + moved, PEOPLE - removed - renamed - moved)
        );

        let now = rows(&app, f.customer);
        assert_eq!(now.len(), PEOPLE - removed + 1, "and the administrator");
        for i in 0..PEOPLE {
            let got = now.get(&email(i));
            let want = if i % 10 == 1 {
                None
            } else if i % 2 == 0 {
                Some((format!("Renamed {i}"), "fr", "user", Some(f.basic)))
            } else if i % 7 == 0 {
                Some((format!("Person {i}"), "en", "integrator", Some(f.pro)))
            } else {
                Some((format!("Person {i}"), "en", "user", Some(f.basic)))
            };
            let got = got.map(|m| {
                (
                    m.full_name.clone(),
                    m.language.as_str(),
                    m.role.as_str(),
                    m.package_id,
                )
            });
            assert_eq!(got, want, "row {i}");
        }
        let logins: i64 = users::table
            .filter(users::email.like("%@batch.example"))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(
            logins as usize,
            PEOPLE - removed + 1,
            "removed logins go, the one another customer holds stays"
        );
        let kept: i64 = memberships::table
            .filter(memberships::user_id.eq(shared))
            .filter(memberships::customer_id.eq(other))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(kept, 1, "the other customer keeps them");
        assert_eq!(app.audit_summaries("user.removed").len(), removed);
        assert_eq!(app.audit_summaries("user.modified").len(), renamed + moved);
    }
);

both_backends!(
    the_first_administrator_follows_an_import,
    |app: TestApp| async move {
        let (_, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let first = app.customer_user(f.customer, Role::CustomerAdmin, UserStatus::Active);
        let next = app.customer_user(f.customer, Role::User, UserStatus::Active);
        partnerdesk::db::customers::sync_first_admin(
            &mut app.conn(),
            partnerdesk::db::customers::AdminOf::Customer(f.customer),
        )
        .unwrap();
        let admin = || -> Option<i64> {
            customers::table
                .find(f.customer)
                .select(customers::admin_user_id)
                .first(&mut app.conn())
                .unwrap()
        };
        assert_eq!(admin(), Some(first.user_id));

        let text = format!(
            "{HEADER}\nmodify,{},,,customer_admin,,,,,\nremove,{},,,,,,,,\n",
            next.username, first.username
        );
        let counts = apply_text(&app, &f, &text);
        assert_eq!((counts.modify, counts.remove), (1, 1));
        assert_eq!(
            admin(),
            Some(next.user_id),
            "the customer's administrator now"
        );
    }
);
