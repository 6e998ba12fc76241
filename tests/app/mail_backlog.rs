//! A large outbox (after an import of thousands of people): it leaves
//! without waiting a poll per few messages, and without SMTP every message
//! is noted on the outbox screen.

use diesel::prelude::*;
use partnerdesk::db::outbox::{self, NewMessage};
use partnerdesk::db::schema::outbox as table;

use crate::both_backends;
use crate::helpers::*;
use crate::smtp_sink::Sink;

const NOTE: &str = "kept in the outbox: no SMTP server configured";

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

/// (noted, all) among the queued messages.
fn noted(app: &TestApp) -> (usize, usize) {
    let notes: Vec<String> = table::table
        .select(table::last_error)
        .load(&mut app.conn())
        .unwrap();
    (notes.iter().filter(|n| *n == NOTE).count(), notes.len())
}

async fn wait_until_all_noted(app: &TestApp) {
    for _ in 0..400 {
        let (done, all) = noted(app);
        if done == all {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("messages left without a note: {:?}", noted(app));
}

both_backends!(
    without_smtp_every_message_is_noted_even_those_queued_later,
    |app: TestApp| async move {
        queue(&app, 1_200, 0);
        wait_until_all_noted(&app).await;
        queue(&app, 3, 1_200);
        wait_until_all_noted(&app).await;
        assert_eq!(noted(&app), (1_203, 1_203));
        let queued: i64 = table::table
            .filter(table::status.eq("queued"))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(queued, 1_203, "they wait for an SMTP server");
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
