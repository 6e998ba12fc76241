//! Per-customer pages stay inside the actor's customers: another reseller's
//! customer is refused by URL on every page, read or write, and another
//! customer's site, service or user is not found through one's own
//! customer's URL or form fields. Nothing of theirs changes.

use diesel::prelude::*;
use partnerdesk::db::schema::{services, sites, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

fn refused(status: u16) -> bool {
    status == 403 || status == 404
}

both_backends!(
    another_resellers_customer_is_out_of_reach_on_every_page,
    |app: TestApp| async move {
        let (mut browser, me) = app.logged_in(Role::ResellerAdmin).await;
        let mine = insert_customer(&mut app.conn(), me.reseller_id.unwrap(), "Mine");
        let other_reseller = insert_reseller(&mut app.conn(), "elsewhere");
        let theirs = insert_customer(&mut app.conn(), other_reseller, "Theirs");
        let their_site =
            partnerdesk::db::sites::insert(&mut app.conn(), theirs, "Their site").unwrap();
        let their_service = partnerdesk::db::services::insert(
            &mut app.conn(),
            theirs,
            Some(their_site),
            "Their camera",
            "video",
        )
        .unwrap();
        let their_user = app.customer_user(theirs, Role::CustomerAdmin, UserStatus::Active);

        // Reads, by URL.
        for page in [
            "",
            "/edit",
            "/delete",
            "/email",
            "/sites",
            "/services",
            "/subscriptions",
            "/users",
        ] {
            let path = format!("/customers/{theirs}{page}");
            let (status, body) = browser.page(&path).await;
            assert!(refused(status), "GET {path}: {status}");
            assert!(
                !body.contains("Their site") && !body.contains("Their camera"),
                "{path}"
            );
        }
        // Writes, by URL.
        let u = their_user.user_id;
        for (path, form) in [
            (
                format!("/customers/{theirs}/sites"),
                vec![("name", "Planted")],
            ),
            (
                format!("/customers/{theirs}/sites/{their_site}/rename"),
                vec![("name", "Renamed")],
            ),
            (
                format!("/customers/{theirs}/sites/{their_site}/remove"),
                vec![],
            ),
            (
                format!("/customers/{theirs}/services"),
                vec![("name", "Planted"), ("kind", "video"), ("site_id", "")],
            ),
            (
                format!("/customers/{theirs}/services/{their_service}/suspend"),
                vec![],
            ),
            (
                format!("/customers/{theirs}/services/{their_service}/remove"),
                vec![],
            ),
            (
                format!("/customers/{theirs}/users/{u}/reset-password"),
                vec![],
            ),
            (
                format!("/customers/{theirs}/users/{u}/invitation/resend"),
                vec![],
            ),
            (
                format!("/customers/{theirs}/users/{u}/invitation/cancel"),
                vec![],
            ),
            (format!("/customers/{theirs}/suspend"), vec![]),
            (format!("/customers/{theirs}/enable"), vec![]),
            (
                format!("/customers/{theirs}/delete"),
                vec![("confirm_name", "Theirs")],
            ),
            (format!("/customers/{theirs}/login-as"), vec![]),
        ] {
            let status = browser.post(&path, &form).await.status().as_u16();
            assert!(refused(status), "POST {path}: {status}");
        }
        // Their things, through my customer's URL and form fields.
        for (path, form) in [
            (
                format!("/customers/{mine}/sites/{their_site}/rename"),
                vec![("name", "Mine now")],
            ),
            (
                format!("/customers/{mine}/sites/{their_site}/remove"),
                vec![],
            ),
            (
                format!("/customers/{mine}/services/{their_service}/suspend"),
                vec![],
            ),
            (
                format!("/customers/{mine}/services/{their_service}/remove"),
                vec![],
            ),
            (
                format!("/customers/{mine}/users/{u}/reset-password"),
                vec![],
            ),
            (
                format!("/customers/{mine}/users/{u}/invitation/resend"),
                vec![],
            ),
        ] {
            let status = browser.post(&path, &form).await.status().as_u16();
            assert!(refused(status), "POST {path}: {status}");
        }
        let site_field = their_site.to_string();
        let res = browser
            .post(
                &format!("/customers/{mine}/services"),
                &[
                    ("name", "Sneaky"),
                    ("kind", "video"),
                    ("site_id", &site_field),
                ],
            )
            .await;
        assert!(res.status().as_u16() >= 400, "a foreign site by form field");
        let sneaky: i64 = services::table
            .filter(services::name.eq("Sneaky"))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(sneaky, 0);

        // Nothing of theirs changed.
        let site_names: Vec<String> = sites::table
            .filter(sites::customer_id.eq(theirs))
            .select(sites::name)
            .load(&mut app.conn())
            .unwrap();
        assert_eq!(site_names, ["Their site"]);
        let (status, _): (String, String) = services::table
            .find(their_service)
            .select((services::status, services::name))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(status, "active");
        let planted: i64 = services::table
            .filter(services::customer_id.eq(theirs))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(planted, 1);
        let must_change: bool = users::table
            .find(u)
            .select(users::must_change_password)
            .first(&mut app.conn())
            .unwrap();
        assert!(!must_change, "their user's password was not reset");
    }
);
