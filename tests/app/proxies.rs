//! Behind a reverse proxy: the client's address comes from the forwarding
//! headers only when the proxy is trusted, for the audit log and the
//! per-address limits alike.

use diesel::prelude::*;
use partnerdesk::db::schema::audit_log;

use crate::both_backends;
use crate::client::Client;
use crate::helpers::*;

fn failed_login_addresses(app: &TestApp) -> Vec<String> {
    audit_log::table
        .filter(audit_log::action.eq("login.failed"))
        .order(audit_log::id)
        .select(audit_log::client_ip)
        .load(&mut app.conn())
        .unwrap()
}

both_backends!(
    forwarded_addresses_count_only_from_trusted_proxies,
    |app: TestApp| async move {
        // No proxy trusted: a header anyone can write changes nothing.
        let mut spoofer = Client::forwarded_for(&app.address, "198.51.100.7");
        spoofer.login("nobody@example.com", "wrong").await;
        assert_eq!(failed_login_addresses(&app), ["127.0.0.1"]);

        let proxied = app
            .second_instance_with(|c| {
                c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
                c.requests_per_minute_per_ip = 2;
            })
            .await;
        // The client wrote 6.6.6.6 itself; the proxy appended the real address.
        let mut first = Client::forwarded_for(&proxied.address, "6.6.6.6, 198.51.100.7");
        first.login("nobody@example.com", "wrong").await;
        assert_eq!(failed_login_addresses(&app), ["127.0.0.1", "198.51.100.7"]);
        // Each real client has its own allowance, though all come from the proxy.
        assert_eq!(
            first.login("nobody@example.com", "wrong").await.status(),
            422
        );
        assert_eq!(
            first.login("nobody@example.com", "wrong").await.status(),
            429
        );
        let mut second = Client::forwarded_for(&proxied.address, "203.0.113.20");
        assert_eq!(
            second.login("nobody@example.com", "wrong").await.status(),
            422
        );
    }
);
