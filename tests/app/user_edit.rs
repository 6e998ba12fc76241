//! *Edit* a user: name, phone, language, role and package, audited; the
//! last administrator stays one, and nobody changes their own role.

use diesel::prelude::*;
use partnerdesk::db::schema::{memberships, users};
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
        let (_, _, summary) = app.last_audit("user.edited").unwrap();
        assert!(
            summary.contains("Role: User → Customer administrator")
                && summary.contains("Package: - → Basic"),
            "{summary}"
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

both_backends!(
    the_username_changes_only_once_the_user_is_active,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let f = fixture(&app, person.reseller_id.unwrap());
        let c = f.customer;
        app.customer_user(c, Role::CustomerAdmin, UserStatus::Active);
        let invited = app.customer_user(c, Role::User, UserStatus::Invited);
        let active = app.customer_user(c, Role::User, UserStatus::Active);
        let other = app.customer_user(c, Role::User, UserStatus::Active);
        let username_of = |id: i64| -> String {
            users::table
                .find(id)
                .select(users::username)
                .first(&mut app.conn())
                .unwrap()
        };

        // Invited: the username is shown, not offered, and a forged one is
        // refused.
        let edit = format!("/customers/{c}/users/{}/edit", invited.user_id);
        let (_, page) = browser.page(&edit).await;
        assert!(!page.contains("name=\"username\""));
        assert!(page.contains("Once the user has activated their account"));
        let form = [
            ("username", "early-bird"),
            ("full_name", "Ivy Invited"),
            ("language", "en"),
            ("role", "user"),
            ("package", ""),
        ];
        let res = browser.post(&edit, &form).await;
        assert_eq!(res.status().as_u16(), 422);
        assert_eq!(username_of(invited.user_id), invited.username);

        // Active: offered; one taken or with a space is marked, and kept.
        let edit = format!("/customers/{c}/users/{}/edit", active.user_id);
        let (_, page) = browser.page(&edit).await;
        assert!(page.contains(&format!(
            "name=\"username\" type=\"text\" value=\"{}\"",
            active.username
        )));
        let mut form = form;
        form[1] = ("full_name", "Ada Active");
        for (typed, message) in [
            (other.username.as_str(), "This username is already taken."),
            ("ada lovelace", "A username cannot contain spaces."),
        ] {
            form[0] = ("username", typed);
            let res = browser.post(&edit, &form).await;
            assert_eq!(res.status().as_u16(), 422, "{typed}");
            let page = res.text().await.unwrap();
            assert!(page.contains(message), "{typed}");
            assert!(page.contains(&format!("value=\"{typed}\"")), "{typed}");
        }
        assert_eq!(username_of(active.user_id), active.username);

        // Saved, lower-cased, audited; the user logs in with it.
        form[0] = ("username", "Ada.Lovelace");
        let res = browser.post(&edit, &form).await;
        assert_eq!(location(&res), format!("/customers/{c}/users"));
        assert_eq!(username_of(active.user_id), "ada.lovelace");
        let (_, _, summary) = app.last_audit("user.edited").unwrap();
        let change = format!("Username: {} → ada.lovelace", active.username);
        assert!(summary.contains(&change), "{summary}");
        let res = app.client().login("ada.lovelace", PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
    }
);
