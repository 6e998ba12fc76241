//! The audit log's pages: newest first by time, then id, with no entry
//! missed or repeated, also where entries share a time or came in out of
//! time order (two instances whose clocks differ).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use partnerdesk::db::audit::{self, AuditFilter, Before};
use partnerdesk::db::schema::audit_log;

use crate::both_backends;
use crate::helpers::*;

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .unwrap()
        .and_hms_micro_opt(hour, 0, 0, 250_000)
        .unwrap()
}

fn insert(conn: &mut partnerdesk::db::AnyConnection, when: NaiveDateTime, who: &str, n: usize) {
    for i in 0..n {
        let row = (
            audit_log::created_at.eq(when),
            audit_log::actor_name.eq(who),
            audit_log::impersonator_name.eq(""),
            audit_log::action.eq("site.created"),
            audit_log::target_type.eq("site"),
            audit_log::target_id.eq(format!("{who}-{when}-{i}")),
            audit_log::summary.eq(format!("{who} {when} {i}")),
            audit_log::client_ip.eq("192.0.2.1"),
        );
        partnerdesk::native!(&mut *conn, |c| diesel::insert_into(audit_log::table)
            .values(row)
            .execute(c))
        .unwrap();
    }
}

/// Every page of `filter`, three entries at a time, through the URL's cursor.
fn all_pages(conn: &mut partnerdesk::db::AnyConnection, filter: &AuditFilter) -> Vec<String> {
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = audit::list(conn, filter, before, 3).unwrap();
        seen.extend(page.iter().map(|e| e.target_id.clone()));
        match page.last() {
            Some(last) if page.len() == 3 => {
                let cursor = Before::of(last).encode();
                before = Some(Before::decode(&cursor).expect("a cursor reads back"));
            }
            _ => return seen,
        }
        assert!(seen.len() < 100, "paging does not end");
    }
}

both_backends!(pages_follow_time_then_id, |app: TestApp| async move {
    let mut conn = app.conn();
    // Entered out of time order: the 2nd's first, then the 1st's and the
    // 3rd's, four of them at the very same time.
    insert(&mut conn, at(2, 9), "bob", 4);
    insert(&mut conn, at(1, 9), "alice", 2);
    insert(&mut conn, at(3, 9), "alice", 1);
    insert(&mut conn, at(2, 9), "alice", 1);

    let everything = all_pages(&mut conn, &AuditFilter::default());
    // Newest first by time; among equal times, the last entered first.
    let expected: Vec<String> = [
        format!("alice-{}-0", at(3, 9)),
        format!("alice-{}-0", at(2, 9)),
        format!("bob-{}-3", at(2, 9)),
        format!("bob-{}-2", at(2, 9)),
        format!("bob-{}-1", at(2, 9)),
        format!("bob-{}-0", at(2, 9)),
        format!("alice-{}-1", at(1, 9)),
        format!("alice-{}-0", at(1, 9)),
    ]
    .into();
    assert_eq!(everything, expected);

    // Dates alone, and a person with dates: the same order, cut to the days.
    let day_two = AuditFilter {
        from: Some(at(2, 0)),
        until: Some(at(3, 0)),
        ..Default::default()
    };
    assert_eq!(all_pages(&mut conn, &day_two), expected[1..6].to_vec());
    let alice_from_two = AuditFilter {
        actor: Some("alice".into()),
        from: Some(at(2, 0)),
        ..Default::default()
    };
    assert_eq!(
        all_pages(&mut conn, &alice_from_two),
        expected[..2].to_vec()
    );
});

#[test]
fn a_malformed_cursor_starts_at_the_newest() {
    for raw in [
        "",
        "12",
        "x.2026-03-01T09:00:00",
        "12.yesterday",
        "12.2026-13-01T00:00:00",
    ] {
        assert_eq!(Before::decode(raw), None, "{raw}");
    }
    let cursor = Before {
        id: 12,
        created_at: at(1, 9),
    };
    assert_eq!(Before::decode(&cursor.encode()), Some(cursor));
}
