//! A large outbox (after an import of thousands of people): it leaves
//! without waiting a poll per few messages, and without SMTP it waits
//! untouched while the outbox screen says why.

use diesel::prelude::*;
use partnerdesk::db::outbox::{self, NewMessage};
use partnerdesk::db::schema::outbox as table;

use crate::both_backends;
use crate::helpers::*;
use crate::smtp_sink::Sink;
use partnerdesk::domain::roles::Role;

/// Queues `n` plain messages, as an import's invitations would be.
fn queue(app: &TestApp, n: usize, first: usize) {
    let addresses: Vec<String> = (first..first + n)
        .map(|i| format!("person-{i}@example.com"))
        .collect();
    let messages: Vec<NewMessage<'_>> = addresses
        .iter()
        .map(|to| NewMessage {
            recipient: to,
            subject: "Welcome",
            html_body: "<p>Welcome</p>",
            text_body: "Welcome",
            kind: "invitation",
            language: "en",
            customer_id: None,
            secret: "",
        })
        .collect();
    outbox::queue_all(&mut app.conn(), &messages).unwrap();
}

/// (status, attempts, last error) of every message.
fn states(app: &TestApp) -> Vec<(String, i64, String)> {
    table::table
        .order(table::id)
        .select((table::status, table::attempts, table::last_error))
        .load(&mut app.conn())
        .unwrap()
}

both_backends!(
    without_smtp_the_queue_waits_untouched_and_the_screen_says_why,
    |app: TestApp| async move {
        queue(&app, 1_200, 0);
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        // A few polls of the worker (every 50 ms in tests).
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        queue(&app, 3, 1_200);
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        let states = states(&app);
        assert_eq!(states.len(), 1_203);
        assert!(
            states
                .iter()
                .all(|s| *s == ("queued".into(), 0, String::new())),
            "nothing written on a message that waits: {:?}",
            states.iter().find(|s| !s.2.is_empty())
        );
        let (status, page) = browser.page("/outbox").await;
        assert_eq!(status, 200);
        assert!(page.contains("No SMTP server is configured"), "{page}");
        assert!(page.contains("person-1202@example.com"));

        let sink = Sink::start().await;
        let url = sink.url();
        let sending = app
            .second_instance_with(move |c| c.smtp_url = Some(url))
            .await;
        let (mut browser, _) = sending.logged_in(Role::Operator).await;
        let (_, page) = browser.page("/outbox").await;
        assert!(!page.contains("No SMTP server is configured"));
    }
);

both_backends!(
    a_backlog_leaves_on_one_poll_not_a_few_per_poll,
    |app: TestApp| async move {
        queue(&app, 230, 0);
        let sink = Sink::start().await;
        let url = sink.url();
        // An hour between polls: only the first poll, at start, can send.
        let _sender = app
            .second_instance_with(move |c| {
                c.smtp_url = Some(url);
                c.mail_poll = std::time::Duration::from_secs(3600);
            })
            .await;
        let got = sink.wait_for(230).await;
        let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 230, "each person once");
        let sent = || -> i64 {
            table::table
                .filter(table::status.eq("sent"))
                .count()
                .get_result(&mut app.conn())
                .unwrap()
        };
        for _ in 0..200 {
            if sent() == 230 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(sent(), 230, "each marked sent");
    }
);
