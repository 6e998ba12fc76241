//! E-mail over a real SMTP conversation (an in-process sink on a loopback
//! port): invitations, reset links, generated passwords, staff messages,
//! SMTP down then up, two workers on one database.

use diesel::prelude::*;
use partnerdesk::db::schema::{outbox, users};
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::smtp_sink::{free_port, link_in, Sink};

/// An instance of `app` sending through `sink`; the browser follows it.
async fn with_smtp(app: &TestApp, sink: &Sink) -> TestApp {
    let url = sink.url();
    app.second_instance_with(move |c| c.smtp_url = Some(url))
        .await
}

fn outbox_status(app: &TestApp) -> Vec<(String, i64)> {
    outbox::table
        .order(outbox::id)
        .select((outbox::status, outbox::attempts))
        .load(&mut app.conn())
        .unwrap()
}

fn set_language(app: &TestApp, user: i64, lang: &str) {
    diesel::update(users::table.find(user))
        .set(users::language.eq(lang))
        .execute(&mut app.conn())
        .unwrap();
}

both_backends!(
    an_invitation_arrives_and_its_link_activates_the_account,
    |app: TestApp| async move {
        let sink = Sink::start().await;
        let mailer = with_smtp(&app, &sink).await;
        let (mut browser, _reseller) = app.logged_in(Role::ResellerAdmin).await;
        browser.rebase(&mailer);
        let reseller = _reseller.reseller_id.unwrap();
        let customer = insert_customer(&mut app.conn(), reseller, "Quay");
        let invited = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);
        set_language(&app, invited.user_id, "es");

        let (_, users_page) = browser.page(&format!("/customers/{customer}/users")).await;
        assert!(users_page.contains("Resend invitation"));
        let res = browser
            .post(
                &format!(
                    "/customers/{customer}/users/{}/invitation/resend",
                    invited.user_id
                ),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let got = sink.wait_for(1).await;
        let m = &got[0];
        assert_eq!(m.to, vec![invited.username.clone()]);
        assert_eq!(m.subject, "Su cuenta en Customer Quay");
        assert!(m.text.contains("Hola Person"), "{}", m.text);
        assert!(m.html.contains("lang=\"es\""));
        let link = link_in(&m.text, "/invitation/");

        // The link opens a page where the user sets a password.
        let mut newcomer = mailer.client();
        let (status, page) = newcomer.page(&link).await;
        assert_eq!(status, 200);
        assert!(page.contains(&invited.username));
        // In the invitee's language, whatever the browser says.
        assert!(page.contains("Bienvenido: elija su contraseña"), "{page}");
        let res = newcomer
            .post(
                &link,
                &[
                    ("new_password", "password"),
                    ("new_password_confirm", "password"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("demasiado común"));
        let good = "violet-harbour-lantern-7";
        let res = newcomer
            .post(
                &link,
                &[("new_password", good), ("new_password_confirm", good)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
        let (status, home) = newcomer.page("/").await;
        assert_eq!(status, 200);
        assert!(home.contains("Bienvenido"), "in the user's language");
        let status: String = users::table
            .find(invited.user_id)
            .select(users::status)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(status, "active");
        assert!(app.last_audit("invitation.accepted").is_some());

        // Used once: a clear page with the way forward.
        let (status, page) = mailer.client().page(&link).await;
        assert_eq!(status, 410);
        assert!(page.contains("href=\"/login\""));
        assert!(
            page.contains("Este enlace de invitación no se puede usar"),
            "{page}"
        );
        // A link that was never made has no invitee: the browser's language.
        let (status, page) = mailer.client().page("/invitation/not-a-real-token").await;
        assert_eq!(status, 410);
        assert!(
            page.contains("This invitation link cannot be used"),
            "{page}"
        );
    }
);

both_backends!(
    a_cancelled_invitation_link_no_longer_works,
    |app: TestApp| async move {
        let (mut browser, reseller) = app.logged_in(Role::ResellerAdmin).await;
        let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Cove");
        let invited = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);
        let base = format!("/customers/{customer}/users/{}", invited.user_id);
        browser
            .post(&format!("{base}/invitation/resend"), &[])
            .await;
        let text = app.newest_message_on_console();
        let link = link_in(&text, "/invitation/");
        let res = browser
            .post(&format!("{base}/invitation/cancel"), &[])
            .await;
        assert_eq!(res.status(), 303);
        let (_, page) = browser.page(&location(&res)).await;
        assert!(page.contains("was cancelled"));
        assert_eq!(app.client().page(&link).await.0, 410);
        // Nothing left to cancel or resend.
        let res = browser
            .post(&format!("{base}/invitation/resend"), &[])
            .await;
        assert_eq!(res.status(), 409);
    }
);

both_backends!(
    forgot_password_answers_alike_and_its_link_logs_in_once,
    |app: TestApp| async move {
        let sink = Sink::start().await;
        let mailer = with_smtp(&app, &sink).await;
        let person = app.person(Role::ResellerAdmin);
        // Another session of the same person, which the reset must end.
        let mut elsewhere = mailer.client();
        elsewhere.login(&person.username, PASSWORD).await;
        assert_eq!(elsewhere.get("/").await.status(), 200);

        let mut anon = mailer.client();
        let known = anon
            .post("/password/forgot", &[("email", &person.username)])
            .await;
        let (known_status, known_body) = (known.status(), known.text().await.unwrap());
        let unknown = anon
            .post("/password/forgot", &[("email", "nobody@nowhere.example")])
            .await;
        let (unknown_status, unknown_body) = (unknown.status(), unknown.text().await.unwrap());
        assert_eq!(known_status, unknown_status);
        let strip = |b: &str| {
            b.lines()
                .filter(|l| !l.contains("csrf"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&known_body), strip(&unknown_body));
        assert!(known_body.contains("If an account exists for this address"));
        let res = anon
            .post("/password/forgot", &[("email", "not an address")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("value=\"not an address\""));

        let got = sink.wait_for(1).await;
        assert_eq!(got.len(), 1, "only the known address gets mail");
        assert_eq!(got[0].subject, "Reset your password");
        let link = link_in(&got[0].text, "/password/reset/");
        // One character changed (never to itself).
        let last = if link.ends_with('0') { '1' } else { '0' };
        let tampered = format!("{}{last}", &link[..link.len() - 1]);
        assert_eq!(anon.page(&tampered).await.0, 410);

        let fresh = "amber-kestrel-window-51";
        let res = anon
            .post(
                &link,
                &[("new_password", fresh), ("new_password_confirm", fresh)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(anon.get("/").await.status(), 200, "logged in");
        assert_eq!(elsewhere.get("/").await.status(), 303, "other sessions end");
        assert_eq!(mailer.client().page(&link).await.0, 410, "single use");
        let mut again = mailer.client();
        assert_eq!(again.login(&person.username, fresh).await.status(), 303);
        assert!(app.last_audit("password.reset_by_link").is_some());
    }
);

both_backends!(
    reset_and_email_password_forces_a_change_at_next_login,
    |app: TestApp| async move {
        let sink = Sink::start().await;
        let mailer = with_smtp(&app, &sink).await;
        let (mut staff, _) = app.logged_in(Role::Support).await;
        staff.rebase(&mailer);
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Pier");
        let user = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let mut before = mailer.client();
        before.login(&user.username, PASSWORD).await;

        let (_, overview) = staff.page(&format!("/customers/{customer}")).await;
        assert!(overview.contains("Reset and e-mail password"));
        let res = staff
            .post(
                &format!(
                    "/customers/{customer}/users/{}/reset-password",
                    user.user_id
                ),
                &[("return", &format!("/customers/{customer}"))],
            )
            .await;
        assert_eq!(location(&res), format!("/customers/{customer}"));
        let got = sink.wait_for(1).await;
        assert_eq!(got[0].subject, "Your new password");
        let password: String = got[0]
            .text
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 20 && !l.contains(' '))
            .expect("the password on a line of its own")
            .to_string();
        assert_eq!(before.get("/").await.status(), 303, "old sessions end");
        assert_eq!(
            app.client().login(&user.username, PASSWORD).await.status(),
            422
        );

        let mut browser = mailer.client();
        let res = browser.login(&user.username, &password).await;
        assert_eq!(location(&res), "/password/change");
        assert_eq!(
            location(&browser.get("/customers/1/sites").await),
            "/password/change"
        );
        let res = browser
            .post(
                "/password/change",
                &[("new_password", "short"), ("new_password_confirm", "short")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let mine = "granite-otter-canyon-88";
        let res = browser
            .post(
                "/password/change",
                &[("new_password", mine), ("new_password_confirm", mine)],
            )
            .await;
        assert_eq!(location(&res), "/");
        assert_eq!(browser.get("/").await.status(), 200);
        let (_, _, summary) = app.last_audit("password.reset_emailed").unwrap();
        assert_eq!(
            summary,
            format!("New password e-mailed to {}", user.username)
        );
    }
);

/// Waits (bounded) until every outbox row is marked sent.
async fn wait_until_all_sent(app: &TestApp) {
    for _ in 0..200 {
        if outbox_status(app).iter().all(|(s, _)| s == "sent") {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the outbox never emptied: {:?}", outbox_status(app));
}

both_backends!(
    smtp_down_then_up_delivers_each_message_once,
    |app: TestApp| async move {
        // No SMTP at first: the message waits in the outbox.
        let person = app.person(Role::Operator);
        let res = app
            .client()
            .post("/password/forgot", &[("email", &person.username)])
            .await;
        assert_eq!(res.status(), 200);
        for _ in 0..100 {
            if !outbox_status(&app).is_empty() {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(outbox_status(&app), vec![("queued".to_string(), 0)]);

        // A restart with SMTP configured, but the server is down.
        let port = free_port().await;
        let down = app
            .second_instance_with(move |c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}")))
            .await;
        for _ in 0..100 {
            if outbox_status(&app)[0].1 >= 1 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let (status, attempts) = outbox_status(&app)[0].clone();
        assert_eq!(status, "queued");
        assert!(attempts >= 1);
        // The server comes up: the retry delivers it, once.
        let sink = Sink::start_on(port).await;
        let got = sink.wait_for(1).await;
        assert_eq!(got[0].subject, "Reset your password");
        // Once the row says sent, no worker takes it again: a second copy
        // would have arrived by then.
        wait_until_all_sent(&app).await;
        assert_eq!(sink.messages().len(), 1);
        assert_eq!(outbox_status(&app)[0].0, "sent");
        drop(down);
    }
);

both_backends!(
    two_workers_on_one_database_never_send_twice,
    |app: TestApp| async move {
        let sink = Sink::start().await;
        app.queue_staff_messages(40);
        let first = with_smtp(&app, &sink).await;
        let second = with_smtp(&app, &sink).await;
        let got = sink.wait_for(40).await;
        wait_until_all_sent(&app).await;
        let mut subjects: Vec<String> = sink.messages().into_iter().map(|m| m.subject).collect();
        assert_eq!(subjects.len(), 40, "{} arrived", got.len());
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), 40, "no message twice");
        assert!(outbox_status(&app)
            .iter()
            .all(|(s, a)| s == "sent" && *a == 1));
        drop((first, second));
    }
);

both_backends!(
    a_message_to_a_malformed_address_fails_at_once_without_retries,
    |app: TestApp| async move {
        let sink = Sink::start().await;
        queue_plain_message(&mut app.conn(), "not an address", "Broken");
        let _mailer = with_smtp(&app, &sink).await;
        for _ in 0..100 {
            if outbox_status(&app)[0].0 == "failed" {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(outbox_status(&app)[0], ("failed".to_string(), 8));
        let error: String = outbox::table
            .select(outbox::last_error)
            .first(&mut app.conn())
            .unwrap();
        assert!(error.contains("recipient address"), "{error}");
        assert!(sink.messages().is_empty());
    }
);
