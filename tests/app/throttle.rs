//! Login throttling: five failures within 15 minutes lock the account for
//! 15 minutes; a per-IP limit on login and forgot-password.

use diesel::prelude::*;
use partnerdesk::db::schema::users;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    five_failures_lock_the_account_then_it_unlocks,
    |app: TestApp| async move {
        let person = app.person(Role::ResellerAdmin);
        let mut browser = app.client();
        for _ in 0..4 {
            let res = browser.login(&person.username, "wrong-password").await;
            assert_eq!(res.status(), 422);
        }
        let res = browser.login(&person.username, "wrong-password").await;
        assert_eq!(res.status(), 429);
        let body = res.text().await.unwrap();
        assert!(body.contains("Too many failed attempts for this account"));
        assert!(body.contains(&format!("value=\"{}\"", person.username)));
        // Locked: even the right password is refused, with the same message.
        let res = browser.login(&person.username, PASSWORD).await;
        assert_eq!(res.status(), 429);
        let (_, _, summary) = app.last_audit("login.locked").unwrap();
        assert!(summary.contains("5 failed logins"));
        // Attempts while locked neither lock it again nor push the end on.
        let locked_until = || -> Option<chrono::NaiveDateTime> {
            users::table
                .find(person.user_id)
                .select(users::locked_until)
                .first(&mut app.conn())
                .unwrap()
        };
        let until = locked_until();
        for _ in 0..2 {
            let res = browser.login(&person.username, "wrong-password").await;
            assert_eq!(res.status(), 429);
        }
        assert_eq!(locked_until(), until);
        assert_eq!(app.audit_summaries("login.locked").len(), 1);

        // Fifteen minutes later (the lock moved into the past), it opens.
        let past = partnerdesk::db::now() - chrono::Duration::minutes(1);
        diesel::update(users::table.find(person.user_id))
            .set(users::locked_until.eq(past))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.login(&person.username, PASSWORD).await;
        assert_eq!(res.status(), 303);
        // And the count starts again from zero.
        let failed: i64 = users::table
            .find(person.user_id)
            .select(users::failed_logins)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(failed, 0);
    }
);

both_backends!(
    failures_spread_beyond_the_window_do_not_lock,
    |app: TestApp| async move {
        let person = app.person(Role::Support);
        let mut browser = app.client();
        for _ in 0..4 {
            browser.login(&person.username, "wrong-password").await;
        }
        // The window began more than 15 minutes ago.
        let long_ago = partnerdesk::db::now() - chrono::Duration::minutes(16);
        diesel::update(users::table.find(person.user_id))
            .set(users::failed_window_started_at.eq(long_ago))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.login(&person.username, "wrong-password").await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            browser.login(&person.username, PASSWORD).await.status(),
            303
        );
    }
);

both_backends!(
    one_address_is_limited_per_minute,
    |app: TestApp| async move {
        let strict = app
            .second_instance_with(|c| c.requests_per_minute_per_ip = 3)
            .await;
        let mut browser = strict.client();
        for _ in 0..3 {
            let res = browser.login("someone@example.com", "nope").await;
            assert_eq!(res.status(), 422);
        }
        let res = browser.login("someone@example.com", "nope").await;
        assert_eq!(res.status(), 429);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Too many attempts from your network"));
        for _ in 0..3 {
            browser
                .post("/password/forgot", &[("email", "a@example.com")])
                .await;
        }
        let res = browser
            .post("/password/forgot", &[("email", "a@example.com")])
            .await;
        assert_eq!(res.status(), 429);
    }
);

both_backends!(
    a_burst_of_parallel_attempts_checks_at_most_five_guesses,
    |app: TestApp| async move {
        let person = app.person(Role::ResellerAdmin);
        // 41 browsers, each with its CSRF token, then every attempt at once;
        // the right password stands in the middle of the burst.
        let mut browsers = Vec::new();
        for _ in 0..41 {
            let mut b = app.client();
            b.csrf().await;
            browsers.push(b);
        }
        let attempts = browsers.iter_mut().enumerate().map(|(i, b)| {
            let password = if i == 20 { PASSWORD } else { "wrong-password" };
            let username = person.username.clone();
            async move { b.login(&username, password).await.status().as_u16() }
        });
        let statuses = futures_util::future::join_all(attempts).await;
        let logged_in = statuses.iter().filter(|s| **s == 303).count();

        // Checked guesses: refusals that were not for a lock, and successes.
        let failures = app.audit_summaries("login.failed");
        let checked = failures
            .iter()
            .filter(|s| s.ends_with("account locked: No"))
            .count()
            + logged_in;
        assert!(checked <= 5, "{checked} guesses checked: {statuses:?}");
        assert_eq!(failures.len() + logged_in, 41, "every attempt audited");
        assert!(statuses.iter().filter(|s| **s == 429).count() >= 35);
    }
);
