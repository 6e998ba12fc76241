//! The audit log screens: the platform's for operators, a reseller's own,
//! filters, pages, CSV export, and bad filter input.

use diesel::prelude::*;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// An entry as stored before entries kept their arguments: its summary is
/// an English sentence, shown as it is (and a marker for these tests).
pub(crate) struct Legacy<'a> {
    pub actor: (Option<i64>, &'a str),
    pub action: &'a str,
    pub target: (&'a str, String),
    pub customer: Option<(i64, i64)>,
    pub summary: String,
}

fn insert_legacy(app: &TestApp, e: Legacy<'_>) {
    insert_legacy_at(app, e, partnerdesk::db::now());
}

/// An entry as [`insert_legacy`] writes it, made at `at` (UTC).
pub(crate) fn insert_legacy_at(app: &TestApp, e: Legacy<'_>, at: chrono::NaiveDateTime) {
    use partnerdesk::db::schema::audit_log;
    let row = (
        audit_log::created_at.eq(at),
        audit_log::actor_user_id.eq(e.actor.0),
        audit_log::actor_name.eq(e.actor.1),
        audit_log::impersonator_name.eq(""),
        audit_log::action.eq(e.action),
        audit_log::target_type.eq(e.target.0),
        audit_log::target_id.eq(e.target.1),
        audit_log::customer_id.eq(e.customer.map(|c| c.0)),
        audit_log::reseller_id.eq(e.customer.map(|c| c.1)),
        audit_log::summary.eq(e.summary),
        audit_log::client_ip.eq("192.0.2.7"),
    );
    let mut conn = app.conn();
    partnerdesk::native!(&mut *conn, |c| diesel::insert_into(audit_log::table)
        .values(row)
        .execute(c))
    .unwrap();
}

fn record(app: &TestApp, who: &str, action: &'static str, customer: Option<(i64, i64)>, n: usize) {
    for i in 0..n {
        insert_legacy(
            app,
            Legacy {
                actor: (None, who),
                action,
                target: ("customer", format!("T{i}")),
                customer,
                summary: format!("{action} number {i}"),
            },
        );
    }
}

/// The summaries on one page of the log.
fn summaries(body: &str) -> Vec<String> {
    body.split("<tr>")
        .skip(2)
        .filter_map(|row| row.split("<td>").nth(6))
        .map(|cell| cell.split("</td>").next().unwrap_or_default().to_string())
        .collect()
}

both_backends!(
    operators_filter_page_and_export_the_platform_log,
    |app: TestApp| async move {
        let (mut browser, operator) = app.logged_in(Role::Operator).await;
        let reseller = insert_reseller(&mut app.conn(), "r");
        let customer = insert_customer(&mut app.conn(), reseller, "Audited");
        record(
            &app,
            "alice",
            "site.created",
            Some((customer, reseller)),
            60,
        );
        record(&app, "bob", "plan.updated", None, 3);

        let (status, page) = browser.page("/audit").await;
        assert_eq!(status, 200);
        let first = summaries(&page);
        assert_eq!(first.len(), 50);
        assert!(
            first[0].starts_with("plan.updated number 2"),
            "newest first"
        );
        assert!(page.contains("login.succeeded") || page.contains("Older events"));

        // Every page once, none missed or repeated.
        let mut seen = first.clone();
        let mut page = page;
        while let Some(start) = page.find("href=\"/audit?") {
            let rest = &page[start + 6..];
            let href = rest[..rest.find('"').unwrap()].replace("&#38;", "&");
            if !href.contains("before=") {
                break;
            }
            assert!(seen.len() < 100, "paging does not end: {href}");
            let (_, next) = browser.page(&href).await;
            seen.extend(summaries(&next));
            page = next;
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no repeats");
        // 63 recorded here, plus the operator's login.
        assert_eq!(seen.len(), 64);

        let (_, by_actor) = browser.page("/audit?actor=bob").await;
        assert_eq!(summaries(&by_actor).len(), 3);
        let (_, by_family) = browser.page("/audit?action=login").await;
        assert_eq!(summaries(&by_family).len(), 1);
        assert!(by_family.contains(&operator.username));
        let public_id: String = {
            use diesel::prelude::*;
            use partnerdesk::db::schema::customers;
            customers::table
                .find(customer)
                .select(customers::public_id)
                .first(&mut app.conn())
                .unwrap()
        };
        let (_, by_customer) = browser
            .page(&format!("/audit?customer={public_id}&actor=alice"))
            .await;
        assert_eq!(summaries(&by_customer).len(), 50);
        let (_, future) = browser.page("/audit?from=2999-01-01").await;
        assert!(future.contains("No events match."));
        let today = chrono::Utc::now().date_naive().to_string();
        let (_, today_only) = browser
            .page(&format!("/audit?from={today}&to={today}&actor=bob"))
            .await;
        assert_eq!(summaries(&today_only).len(), 3);

        let res = browser.get("/audit/export.csv?actor=alice").await;
        assert_eq!(res.status(), 200);
        let csv = res.text().await.unwrap();
        let csv = csv
            .strip_prefix('\u{FEFF}')
            .expect("a byte-order mark for spreadsheet programs");
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("time_utc,actor,impersonator,action"));
        assert_eq!(lines.count(), 60);
        assert!(csv.contains(",alice,,site.created,customer,T59,"));
    }
);

both_backends!(
    resellers_see_only_their_own_customers_events,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let own_reseller = person.reseller_id.unwrap();
        let own = insert_customer(&mut app.conn(), own_reseller, "Mine");
        let other_reseller = insert_reseller(&mut app.conn(), "other");
        let foreign = insert_customer(&mut app.conn(), other_reseller, "Theirs");
        record(&app, "me", "customer.updated", Some((own, own_reseller)), 2);
        record(
            &app,
            "them",
            "customer.updated",
            Some((foreign, other_reseller)),
            3,
        );
        record(&app, "op", "plan.updated", None, 1);

        let (status, page) = browser.page("/audit").await;
        assert_eq!(status, 200);
        let rows = summaries(&page);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(!page.contains(">them<"));
        let (_, foreign_filter) = browser.page(&format!("/audit?customer={foreign}")).await;
        assert!(foreign_filter.contains("No events match."));
        let csv = browser.get("/audit/export.csv").await.text().await.unwrap();
        assert_eq!(csv.lines().count(), 3);
        assert!(!csv.contains("them"));
    }
);

both_backends!(bad_filters_are_marked_and_kept, |app: TestApp| async move {
    let (mut browser, _) = app.logged_in(Role::Operator).await;
    let (status, page) = browser
        .page("/audit?actor=carol&from=31%2F12%2F2026&to=2026-01-01&customer=C-nope&action=drop")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a date as YYYY-MM-DD."));
    assert!(page.contains("No customer has this ID."));
    assert!(page.contains("Pick an action from the list."));
    assert!(page.contains("value=\"carol\""));
    assert!(page.contains("value=\"31/12/2026\""));
    assert!(page.contains("aria-invalid=\"true\""));
    let (status, page) = browser.page("/audit?from=2026-02-01&to=2026-01-01").await;
    assert_eq!(status, 422);
    assert!(page.contains("The end date is before the start date."));
    // The export of a bad filter goes back to the form.
    let res = browser.get("/audit/export.csv?from=nope").await;
    assert_eq!(res.status(), 303);
});

both_backends!(
    the_person_filter_matches_a_part_of_a_name_or_an_address,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let dora = app.person(Role::Support);
        diesel::update(partnerdesk::db::schema::users::table.find(dora.user_id))
            .set(partnerdesk::db::schema::users::full_name.eq("Dora Explorer"))
            .execute(&mut app.conn())
            .unwrap();
        let dora_acts = |action, target, summary: &str| Legacy {
            actor: (Some(dora.user_id), &dora.username),
            action,
            target,
            customer: None,
            summary: summary.into(),
        };
        insert_legacy(
            &app,
            dora_acts("plan.updated", ("catalog", "1".into()), "by Dora"),
        );
        record(&app, "someone.else@example.com", "plan.updated", None, 1);
        // An entry about a person names them.
        let about_dora = ("user", dora.user_id.to_string());
        insert_legacy(&app, dora_acts("user.edited", about_dora, "Dora edited"));

        // A part of the full name, any case; a part of the address.
        let (_, page) = browser.page("/audit?actor=EXPLOR").await;
        let dora_only = vec!["Dora edited".to_string(), "by Dora".to_string()];
        assert_eq!(summaries(&page), dora_only);
        assert!(page.contains("<td>User Dora Explorer</td>"), "{page}");
        let at = dora.username.split('@').next().unwrap();
        let (_, page) = browser
            .page(&format!("/audit?actor={}", &at[..at.len() - 2]))
            .await;
        assert_eq!(summaries(&page), dora_only);
        // LIKE's wildcards match as typed.
        let (_, page) = browser.page("/audit?actor=%25").await;
        assert!(summaries(&page).is_empty());
    }
);
