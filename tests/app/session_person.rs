//! The database session store reads the person a session is logged in as
//! with the session itself, at every request. The session row keeps that
//! user's id; the person is handed to the request, never stored, and is
//! only believed for the user the identity names.

use diesel::prelude::*;
use partnerdesk::db::schema::{memberships as memberships_table, sessions, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::db::{memberships, sessions as stored};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// Every session row: its user and its stored state.
fn rows(app: &TestApp) -> Vec<(Option<i64>, String)> {
    sessions::table
        .select((sessions::user_id, sessions::state))
        .load(&mut app.conn())
        .unwrap()
}

both_backends!(
    a_session_keeps_its_user_and_never_stores_the_person,
    |app: TestApp| async move {
        let person = app.person(Role::ResellerAdmin);
        let mut browser = app.client();
        browser.get("/login").await;
        // Anonymous: a session for the CSRF token, logged in as nobody.
        assert!(matches!(rows(&app).as_slice(), [(None, _)]));

        browser.login(&person.username, PASSWORD).await;
        let (status, body) = browser.page("/customers").await;
        assert_eq!(status, 200);
        assert!(body.contains(&person.username));
        let after_login = rows(&app);
        assert_eq!(after_login.len(), 1, "the anonymous session was replaced");
        assert_eq!(after_login[0].0, Some(person.user_id));
        // Choosing the acting account writes the loaded state back.
        let membership: i64 = memberships_table::table
            .filter(memberships_table::user_id.eq(person.user_id))
            .select(memberships_table::id)
            .first(&mut app.conn())
            .unwrap();
        let res = browser
            .post("/account", &[("membership", &membership.to_string())])
            .await;
        assert_eq!(res.status(), 303);
        let written = rows(&app);
        assert_eq!(written.len(), 1);
        let (user_id, state) = &written[0];
        assert_eq!(*user_id, Some(person.user_id));
        assert!(
            state.contains(&format!("\"membership\":\"{membership}\"")),
            "{state}"
        );
        assert!(!state.contains("partnerdesk.person"), "{state}");
        assert!(!state.contains("$2"), "no password hash: {state}");

        browser.post("/logout", &[]).await;
        assert!(rows(&app).iter().all(|(user, _)| user.is_none()));
    }
);

both_backends!(
    loading_a_session_reads_its_person_as_a_request_would,
    |app: TestApp| async move {
        let person = app.person(Role::CustomerAdmin);
        let mut browser = app.client();
        browser.login(&person.username, PASSWORD).await;
        let key: String = sessions::table
            .filter(sessions::user_id.eq(person.user_id))
            .select(sessions::key_hash)
            .first(&mut app.conn())
            .unwrap();
        let mut conn = app.conn();
        let loaded = stored::load(&mut conn, &key).unwrap().unwrap();
        let expected = memberships::person(&mut conn, person.user_id)
            .unwrap()
            .unwrap();
        let (user, accounts) = loaded.person.expect("the person comes with the session");
        assert_eq!(user.username, expected.0.username);
        let ids = |a: &[memberships::AccountMembership]| {
            a.iter()
                .map(|m| (m.id, m.customer_id, m.customer_name.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&accounts), ids(&expected.1));
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].customer_id, person.customer_id);

        // A user who is gone: the session names them, with nobody behind.
        diesel::update(sessions::table.find(&key))
            .set(sessions::user_id.eq(person.user_id + 10_000))
            .execute(&mut conn)
            .unwrap();
        let loaded = stored::load(&mut conn, &key).unwrap().unwrap();
        assert_eq!(loaded.user_id, Some(person.user_id + 10_000));
        assert!(loaded.person.is_none());
        // An expired session is not read at all.
        diesel::update(sessions::table.find(&key))
            .set(sessions::expires_at.eq(partnerdesk::db::now() - chrono::Duration::seconds(1)))
            .execute(&mut conn)
            .unwrap();
        assert!(stored::load(&mut conn, &key).unwrap().is_none());
    }
);

both_backends!(
    a_user_disabled_by_hand_in_sql_is_refused_at_the_next_request,
    |app: TestApp| async move {
        // Another instance on the same database: nothing but the database
        // tells it of the change.
        let other = app.second_instance().await;
        let person = app.person(Role::ResellerAdmin);
        let mut browser = app.client();
        browser.login(&person.username, PASSWORD).await;
        browser.rebase(&other);
        assert_eq!(browser.page("/").await.0, 200);
        diesel::update(users::table.find(person.user_id))
            .set(users::status.eq(UserStatus::Disabled.as_str()))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/").await;
        assert_eq!(location(&res), "/login?session=ended");
    }
);

both_backends!(
    the_carried_person_is_only_believed_for_the_logged_in_user,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::Support).await;
        let other = app.person(Role::Operator);
        // A session row pointing at someone else (as no code path writes
        // it) changes nothing: the identity decides who is asking.
        diesel::update(sessions::table.filter(sessions::user_id.eq(person.user_id)))
            .set(sessions::user_id.eq(other.user_id))
            .execute(&mut app.conn())
            .unwrap();
        let (status, body) = browser.page("/").await;
        assert_eq!(status, 200);
        assert!(body.contains(&person.username));
        assert!(!body.contains(&other.username));

        // A session saved before rows kept their user: read as before, and
        // a user disabled since still ends it.
        diesel::update(sessions::table)
            .set(sessions::user_id.eq(None::<i64>))
            .execute(&mut app.conn())
            .unwrap();
        let (status, body) = browser.page("/").await;
        assert_eq!(status, 200);
        assert!(body.contains(&person.username));
        diesel::update(users::table.find(person.user_id))
            .set(users::status.eq(UserStatus::Disabled.as_str()))
            .execute(&mut app.conn())
            .unwrap();
        let res = browser.get("/").await;
        assert_eq!(location(&res), "/login?session=ended");
    }
);
