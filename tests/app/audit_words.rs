//! The audit log speaks the reader's language: entries are kept as codes
//! with their arguments, and each reader sees them in their own words, on
//! the log, on a customer's overview and in the CSV export.

use diesel::prelude::*;
use partnerdesk::db::schema::audit_log;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    entries_are_codes_read_in_each_language,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let reseller = insert_reseller(&mut app.conn(), "words");
        let c = insert_customer(&mut app.conn(), reseller, "Words");
        let res = browser.post(&format!("/customers/{c}/suspend"), &[]).await;
        assert_eq!(res.status(), 303);

        // Kept as a code and its arguments, not an English sentence.
        let (summary, details): (String, String) = audit_log::table
            .filter(audit_log::action.eq("customer.suspended"))
            .select((audit_log::summary, audit_log::details))
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(summary, "");
        assert!(details.contains("customer-status-suspended"), "{details}");

        let (_, en) = browser.page("/audit?action=customer").await;
        assert!(en.contains("<td>Customer suspended</td>"), "{en}");
        assert!(
            en.contains("Customer Words: Status: Active → Suspended"),
            "{en}"
        );

        let res = browser
            .post("/language", &[("lang", "fr"), ("next", "/audit")])
            .await;
        assert_eq!(res.status(), 303);
        let (_, fr) = browser.page("/audit?action=customer").await;
        assert!(fr.contains("<td>Client suspendu</td>"), "{fr}");
        assert!(
            fr.contains("Customer Words : Statut : Actif → Suspendu"),
            "{fr}"
        );
        assert!(fr.contains(">Clients</option>"), "the filter's families");
        let (_, overview) = browser.page(&format!("/customers/{c}")).await;
        assert!(overview.contains("Client suspendu · Customer Words : Statut"));

        browser
            .post("/language", &[("lang", "es"), ("next", "/audit")])
            .await;
        let res = browser.get("/audit/export.csv?action=customer").await;
        let csv = res.text().await.unwrap();
        assert!(
            csv.contains("customer.suspended"),
            "codes stay codes: {csv}"
        );
        assert!(
            csv.contains("Customer Words: Estado: Activo → Suspendido"),
            "{csv}"
        );
    }
);
