//! *Send e-mail* to a customer (preview, sanitising, bad input) and the
//! outbox screen (filters, one message, *Retry now*).

use diesel::prelude::*;
use partnerdesk::db::schema::outbox;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    staff_preview_and_send_an_email_to_a_customer,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let customer = insert_customer(&mut app.conn(), reseller, "Lighthouse");
        app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let path = format!("/customers/{customer}/email");
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200);
        assert!(page.contains("admin@customer-lighthouse.example"));
        assert!(
            page.contains("Partnerdesk &#60;partnerdesk@localhost&#62;")
                || page.contains("partnerdesk@localhost")
        );

        let dirty = "<p onclick=\"steal()\">Dear customer,</p><script>alert(1)</script><p>New <b>prices</b> &amp; terms.</p>";
        let res = browser
            .post(
                &path,
                &[
                    ("subject", "Prices"),
                    ("message", dirty),
                    ("action", "preview"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let preview = res.text().await.unwrap();
        let shown = &preview[preview.find("id=\"email-preview\"").expect("a preview")..];
        assert!(shown.contains("<b>prices</b>"));
        assert!(!shown.contains("<script") && !shown.contains("onclick"));
        assert!(
            shown.contains("New **prices** &#38; terms.")
                || shown.contains("New **prices** &amp; terms."),
            "the text part, as sent"
        );
        assert_eq!(
            outbox::table
                .count()
                .get_result::<i64>(&mut app.conn())
                .unwrap(),
            0
        );

        // Bad input keeps what was typed.
        let res = browser
            .post(
                &path,
                &[("subject", ""), ("message", dirty), ("action", "send")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("This field is required."));
        assert!(body.contains("Dear customer"));
        let huge = "x".repeat(101 * 1024);
        let res = browser
            .post(
                &path,
                &[("subject", "Big"), ("message", &huge), ("action", "send")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("over 100 KB"));

        let res = browser
            .post(
                &path,
                &[
                    ("subject", "Prices"),
                    ("message", dirty),
                    ("action", "send"),
                ],
            )
            .await;
        assert_eq!(location(&res), format!("/customers/{customer}"));
        let (_, overview) = browser.page(&location(&res)).await;
        assert!(overview.contains("is queued for sending"));
        let (to, subject, html, text): (String, String, String, String) = outbox::table
            .select((
                outbox::recipient,
                outbox::subject,
                outbox::html_body,
                outbox::text_body,
            ))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(to, "admin@customer-lighthouse.example");
        assert_eq!(subject, "Prices");
        assert!(!html.contains("<script") && !html.contains("onclick"));
        assert!(text.contains("New **prices** & terms."), "{text}");
        let (_, _, summary) = app.last_audit("email.sent").unwrap();
        assert!(summary.contains("Prices"));
    }
);

both_backends!(
    the_outbox_lists_shows_and_retries,
    |app: TestApp| async move {
        let id = {
            let mut conn = app.conn();
            let id = partnerdesk::db::outbox::queue(
                &mut conn,
                &partnerdesk::db::outbox::NewMessage {
                    recipient: "gone@example.com",
                    subject: "Undeliverable",
                    html_body: "<p>Hello</p>",
                    text_body: "Hello there",
                    kind: "customer_message",
                    language: "en",
                    customer_id: None,
                    secret: "",
                },
            )
            .unwrap();
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::status.eq("failed"),
                    outbox::attempts.eq(8i64),
                    outbox::last_error.eq("550 mailbox unavailable"),
                ))
                .execute(&mut conn)
                .unwrap();
            id
        };
        let (mut browser, _) = app.logged_in(Role::Support).await;
        let (status, list) = browser.page("/outbox?status=failed").await;
        assert_eq!(status, 200);
        assert!(list.contains("Undeliverable") && list.contains("550 mailbox unavailable"));
        // Statuses and kinds are words, in the reader's language.
        assert!(list.contains("<span class=\"badge badge-failed\">Failed</span>"));
        assert!(list.contains("<td>Message to a customer</td>"));
        assert!(list.contains("<option value=\"failed\" selected>Failed</option>"));
        let (_, none) = browser.page("/outbox?status=sent").await;
        assert!(none.contains("No e-mail matches."));
        let (_, one) = browser.page(&format!("/outbox/{id}")).await;
        assert!(one.contains("Hello there") && one.contains("Retry now"));
        browser
            .post("/language", &[("lang", "es"), ("next", "/outbox")])
            .await;
        let (_, one) = browser.page(&format!("/outbox/{id}")).await;
        assert!(one.contains("Mensaje a un cliente · English"), "{one}");
        assert!(one.contains(">Fallido</span>"));
        let res = browser.post(&format!("/outbox/{id}/retry"), &[]).await;
        assert_eq!(res.status(), 303);
        let (status, attempts): (String, i64) = outbox::table
            .find(id)
            .select((outbox::status, outbox::attempts))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!((status.as_str(), attempts), ("queued", 0));
        // Only a failed message can be retried.
        let res = browser.post(&format!("/outbox/{id}/retry"), &[]).await;
        assert_eq!(res.status(), 409);
        assert!(app.last_audit("email.retried").is_some());
    }
);
