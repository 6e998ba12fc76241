//! Rows written by the hundred go through `COPY` on PostgreSQL and a plain
//! `INSERT` on SQLite (`db::bulk_copy`): on both, what is read back is what
//! was written, awkward text, empty values and times included.

use diesel::prelude::*;
use partnerdesk::db::audit::{self, AuditAction, AuditActor, AuditEvent, Details};
use partnerdesk::db::memberships::{self, NewMembership};
use partnerdesk::db::outbox::{self, NewMessage};
use partnerdesk::db::schema::{audit_log, memberships as members, outbox as mail};
use partnerdesk::db::tokens;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

/// Text that a text format would have to escape.
const AWKWARD: &str = "Zoë \"quoted\" 'single'\ttab \\back\\ slash\r\nnew line, comma; ☃ \\N";

both_backends!(bulk_rows_read_back_as_written, |app: TestApp| async move {
    let (_, person) = app.logged_in(Role::ResellerAdmin).await;
    let customer = insert_customer(&mut app.conn(), person.reseller_id.unwrap(), "Bulk");
    let mut conn = app.conn();

    // E-mails: with and without a customer, a secret or not.
    let messages = [
        NewMessage {
            recipient: "zoe@example.com",
            subject: AWKWARD,
            html_body: "<p>€ & <b>bold</b></p>",
            text_body: AWKWARD,
            kind: "invitation",
            language: "fr",
            customer_id: Some(customer),
            secret: "sealed-secret",
        },
        NewMessage {
            recipient: "x@example.com",
            subject: "",
            html_body: "",
            text_body: "",
            kind: "customer_message",
            language: "en",
            customer_id: None,
            secret: "",
        },
    ];
    outbox::queue_all(&mut conn, &messages).unwrap();
    let ids: Vec<i64> = mail::table
        .order(mail::id)
        .select(mail::id)
        .load(&mut conn)
        .unwrap();
    let read: Vec<_> = ids
        .iter()
        .map(|id| outbox::find(&mut conn, *id).unwrap().unwrap())
        .collect();
    for (m, r) in messages.iter().zip(&read) {
        assert_eq!(
            (
                r.recipient.as_str(),
                r.subject.as_str(),
                r.html_body.as_str(),
                r.text_body.as_str(),
                r.kind.as_str(),
                r.language.as_str(),
                r.customer_id,
                r.secret.as_str(),
                r.status.as_str(),
                r.attempts,
            ),
            (
                m.recipient,
                m.subject,
                m.html_body,
                m.text_body,
                m.kind,
                m.language,
                m.customer_id,
                m.secret,
                "queued",
                0
            )
        );
        assert!(r.sent_at.is_none());
    }

    // Single-use links: one that expires, one that does not.
    let a = app.customer_user(customer, Role::User, UserStatus::Invited);
    let b = app.customer_user(customer, Role::User, UserStatus::Invited);
    let soon = partnerdesk::db::now() + chrono::Duration::hours(1);
    let made = tokens::create_all(&mut conn, "invitation", &[a.user_id], Some(soon)).unwrap();
    let open = tokens::create_all(&mut conn, "invitation", &[b.user_id], None).unwrap();
    assert_eq!(
        tokens::find_valid(&mut conn, "invitation", &made[0])
            .unwrap()
            .map(|t| t.1),
        Some(Some(a.user_id))
    );
    assert_eq!(
        tokens::find_valid(&mut conn, "invitation", &open[0])
            .unwrap()
            .map(|t| t.1),
        Some(Some(b.user_id))
    );

    // Memberships, holding a package or none.
    let c = app.customer_user(customer, Role::User, UserStatus::Active);
    let other = insert_customer(&mut conn, person.reseller_id.unwrap(), "Bulk Other");
    memberships::insert_all_holding(
        &mut conn,
        &[
            (NewMembership::customer(a.user_id, Role::User, other), None),
            (
                NewMembership::customer(c.user_id, Role::Integrator, other),
                None,
            ),
        ],
    )
    .unwrap();
    let held: Vec<(i64, String, Option<i64>, Option<i64>)> = members::table
        .filter(members::customer_id.eq(other))
        .order(members::user_id)
        .select((
            members::user_id,
            members::role,
            members::reseller_id,
            members::package_id,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        held,
        [
            (a.user_id, "user".to_string(), None, None),
            (c.user_id, "integrator".to_string(), None, None)
        ]
    );

    // Audit entries, by nobody in particular and by a named person.
    let actor = AuditActor {
        user_id: None,
        name: AWKWARD.into(),
        impersonator_id: None,
        impersonator_name: String::new(),
        client_ip: "2001:db8::1".into(),
    };
    let event = AuditEvent::new(
        AuditAction::UserAdded,
        "user",
        "42",
        Details::new().text("name", AWKWARD),
    );
    audit::record_all(&mut conn, &actor, &[event]).unwrap();
    let (name, ip, target, user, details): (String, String, String, Option<i64>, String) =
        audit_log::table
            .order(audit_log::id.desc())
            .select((
                audit_log::actor_name,
                audit_log::client_ip,
                audit_log::target_id,
                audit_log::actor_user_id,
                audit_log::details,
            ))
            .first(&mut conn)
            .unwrap();
    assert_eq!(
        (name.as_str(), ip.as_str(), target.as_str(), user),
        (AWKWARD, "2001:db8::1", "42", None)
    );
    assert_eq!(details, Details::new().text("name", AWKWARD).encode());
});
