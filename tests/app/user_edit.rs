//! *Edit* a user: name, phone, language, role and package, audited; the
//! last administrator stays one, and nobody changes their own role.

use diesel::prelude::*;
use partnerdesk::db::schema::{audit_log, memberships, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::client::location;
use crate::helpers::*;
use crate::users_import::fixture;

fn held(app: &TestApp, user: i64, customer: i64) -> (String, Option<i64>) {
    memberships::table
        .filter(memberships::user_id.eq(user))
        .filter(memberships::customer_id.eq(customer))
        .select((memberships::role, memberships::package_id))
        .first(&mut app.conn())
        .unwrap()
}

both_backends!(
    a_user_is_edited_and_the_last_admin_stays,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        let admin = app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let bob = app.customer_user(c, Role::User, UserStatus::Active);
        let edit = format!("/customers/{c}/users/{}/edit", bob.user_id);

        // The list leads to the form, which shows what the user holds.
        let (_, list) = browser.page(&format!("/customers/{c}/users")).await;
        assert!(list.contains(&format!("href=\"{edit}\"")));
        let (status, page) = browser.page(&edit).await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("value=\"Person {}\"", bob.username)));

        // A missing name is marked, and what was typed stays.
        let basic = f.basic.to_string();
        let mut form = vec![
            ("full_name", ""),
            ("phone", "+44 20 7946 0000"),
            ("language", "fr"),
            ("role", "customer_admin"),
            ("package", basic.as_str()),
        ];
        let res = browser.post(&edit, &form).await;
        assert_eq!(res.status().as_u16(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("value=\"+44 20 7946 0000\""));
        assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"full_name-error\""));
        assert_eq!(held(&app, bob.user_id, c), ("user".into(), None));

        // Saved: role and package change, and the audit log says what.
        form[0] = ("full_name", "Bob Builder");
        let res = browser.post(&edit, &form).await;
        assert_eq!(location(&res), format!("/customers/{c}/users"));
        assert_eq!(
            held(&app, bob.user_id, c),
            ("customer_admin".into(), Some(f.basic))
        );
        let (name, language, phone): (String, String, String) = users::table
            .find(bob.user_id)
            .select((users::full_name, users::language, users::phone))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(
            (name.as_str(), language.as_str(), phone.as_str()),
            ("Bob Builder", "fr", "+44 20 7946 0000")
        );
        let summary: String = audit_log::table
            .filter(audit_log::action.eq("user.edited"))
            .select(audit_log::summary)
            .first(&mut app.conn())
            .unwrap();
        assert!(
            summary.contains("role: user → customer_admin")
                && summary.contains("package: - → Basic")
        );

        // Two administrators: one may step down; the last may not.
        let form = [
            ("full_name", "Someone"),
            ("phone", ""),
            ("language", "en"),
            ("role", "user"),
            ("package", ""),
        ];
        let res = browser
            .post(
                &format!("/customers/{c}/users/{}/edit", admin.user_id),
                &form,
            )
            .await;
        assert_eq!(res.status().as_u16(), 303);
        let res = browser.post(&edit, &form).await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("The customer&#39;s last administrator cannot be removed"));
        assert_eq!(held(&app, bob.user_id, c).0, "customer_admin");
    }
);

both_backends!(
    a_customer_admin_cannot_change_their_own_role,
    |app: TestApp| async move {
        let (mut browser, me) = app.logged_in(Role::CustomerAdmin).await;
        let c = me.customer_id.unwrap();
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let form = [
            ("full_name", "Me Myself"),
            ("phone", ""),
            ("language", "en"),
            ("role", "user"),
            ("package", ""),
        ];
        let res = browser
            .post(&format!("/customers/{c}/users/{}/edit", me.user_id), &form)
            .await;
        assert_eq!(res.status().as_u16(), 422);
        assert_eq!(held(&app, me.user_id, c).0, "customer_admin");
    }
);
