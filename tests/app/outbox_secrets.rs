//! The takeover an attack run found: anyone asks a reset for an operator's
//! address, support reads the link in the Outbox and becomes the operator.
//! A message's secret (link token, generated password) reaches no screen,
//! no CSV and no log line; only the server's console prints it.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use diesel::prelude::*;
use partnerdesk::db::schema::outbox;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::smtp_sink::link_in;

/// Every log line this test process writes from now on, kept in memory.
/// The application under test runs in this process, so its log is here.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = LogWriter(buffer.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("partnerdesk=info")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other test sets a global subscriber");
        buffer
    })
    .clone()
}

#[derive(Clone)]
struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_text(log: &Arc<Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&log.lock().unwrap()).to_string()
}

/// Waits (bounded) until the log says that message `id` waits in the outbox.
async fn wait_for_log_of(log: &Arc<Mutex<Vec<u8>>>, id: i64) -> String {
    let needle = format!("outbox show {id}`");
    for _ in 0..200 {
        let text = log_text(log);
        if text.contains(&needle) {
            return text;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the log never noted message {id}");
}

/// Waits (bounded) for the outbox to hold `n` messages; their ids, oldest first.
pub async fn wait_for_messages(app: &TestApp, n: usize) -> Vec<i64> {
    for _ in 0..200 {
        let ids: Vec<i64> = outbox::table
            .order(outbox::id)
            .select(outbox::id)
            .load(&mut app.conn())
            .unwrap();
        if ids.len() >= n {
            return ids;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("fewer than {n} messages were queued");
}

/// Every page and download staff could read a message's content from.
async fn assert_nowhere(staff: &mut Client, id: i64, secrets: &[&str]) {
    for path in [
        "/outbox".to_string(),
        format!("/outbox/{id}"),
        "/outbox?kind=password_reset".to_string(),
        "/outbox?kind=new_password".to_string(),
        "/audit".to_string(),
        "/audit/export.csv".to_string(),
        "/customers/export.csv".to_string(),
    ] {
        let (status, body) = staff.page(&path).await;
        assert!(status == 200 || status == 403, "{path}: {status}");
        for secret in secrets {
            assert!(!body.contains(secret), "{path} shows a secret");
        }
    }
}

both_backends!(
    support_cannot_take_over_an_operator_through_the_outbox,
    |app: TestApp| async move {
        let log = captured_log();
        let operator = app.person(Role::Operator);
        let (mut support, _) = app.logged_in(Role::Support).await;
        let (mut op_browser, _) = app.logged_in(Role::Operator).await;

        // Step one of the attack: anyone asks a reset for the operator.
        let mut anyone = app.client();
        anyone.page("/password/forgot").await;
        let res = anyone
            .post("/password/forgot", &[("email", &operator.username)])
            .await;
        assert_eq!(res.status(), 200);
        let id = *wait_for_messages(&app, 1).await.last().unwrap();

        // The link exists, for the operator's mailbox (here: the console).
        let console = app.console_message(id);
        let link = link_in(&console, "/password/reset/");
        let token = link.rsplit('/').next().unwrap().to_string();
        assert_eq!(token.len(), 64, "{link}");

        // Step two: support reads the Outbox. The message is there, its link masked.
        let (status, page) = support.page(&format!("/outbox/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(&operator.username), "to whom");
        assert!(page.contains("/password/reset/••••"), "the link is masked");
        assert_nowhere(&mut support, id, &[&token]).await;
        assert_nowhere(&mut op_browser, id, &[&token]).await;

        // Nor in the log: it names the message and where to read it.
        let logged = wait_for_log_of(&log, id).await;
        assert!(!logged.contains(&token), "the log holds the reset token");

        // Nothing else was stored in clear: no column of the row holds it.
        let (text, html, sealed): (String, String, String) = outbox::table
            .find(id)
            .select((outbox::text_body, outbox::html_body, outbox::secret))
            .first(&mut app.conn())
            .unwrap();
        assert!(!text.contains(&token) && !html.contains(&token) && !sealed.contains(&token));

        // The link still works for its owner, once.
        let mut owner = app.client();
        assert_eq!(owner.page(&link).await.0, 200);
    }
);

both_backends!(
    a_generated_password_is_shown_to_no_staff,
    |app: TestApp| async move {
        let log = captured_log();
        let (mut support, _) = app.logged_in(Role::Support).await;
        let (mut op_browser, _) = app.logged_in(Role::Operator).await;
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Harbour");
        let user = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);

        let res = support
            .post(
                &format!(
                    "/customers/{customer}/users/{}/reset-password",
                    user.user_id
                ),
                &[("return", &format!("/customers/{customer}"))],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (_, overview) = support.page(&location(&res)).await;
        let id = *wait_for_messages(&app, 1).await.last().unwrap();
        let console = app.console_message(id);
        let password = console
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 20 && !l.contains(' '))
            .expect("the password on a line of its own")
            .to_string();
        assert!(!overview.contains(&password));
        assert_nowhere(&mut support, id, &[&password]).await;
        assert_nowhere(&mut op_browser, id, &[&password]).await;
        let logged = wait_for_log_of(&log, id).await;
        assert!(!logged.contains(&password), "the log holds the password");

        // The password the console prints is the one that works.
        let res = app.client().login(&user.username, &password).await;
        assert_eq!(location(&res), "/password/change");
    }
);

both_backends!(
    an_invitation_link_is_masked_on_screen_and_works_from_the_console,
    |app: TestApp| async move {
        let (mut reseller_browser, reseller) = app.logged_in(Role::ResellerAdmin).await;
        let (mut support, _) = app.logged_in(Role::Support).await;
        let customer = insert_customer(&mut app.conn(), reseller.reseller_id.unwrap(), "Quay");
        let invited = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Invited);
        let res = reseller_browser
            .post(
                &format!(
                    "/customers/{customer}/users/{}/invitation/resend",
                    invited.user_id
                ),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let id = *wait_for_messages(&app, 1).await.last().unwrap();
        let link = link_in(&app.console_message(id), "/invitation/");
        let token = link.rsplit('/').next().unwrap().to_string();
        let (_, page) = support.page(&format!("/outbox/{id}")).await;
        assert!(page.contains("/invitation/••••"));
        assert_nowhere(&mut support, id, &[&token]).await;
        assert_eq!(app.client().page(&link).await.0, 200);
    }
);
