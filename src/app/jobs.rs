//! Periodic work, run by every instance once a minute. Each job is safe to
//! run twice and from several instances at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;

use crate::app::provisioning;
use crate::db::audit::{self, AuditAction, AuditActor, AuditEvent, Change, Details};
use crate::db::plan::{self, OnBothBackends};
use crate::db::schema::{customers, subscriptions};
use crate::db::{self, drafts, sessions, AnyConnection, Pool};
use crate::domain::customer::{CustomerStatus, Term};

fn system() -> AuditActor {
    AuditActor {
        name: "scheduler".into(),
        ..Default::default()
    }
}

type DuePeriod = (i64, String, String, Option<String>, NaiveDateTime);

/// The customers whose billing period has ended, 500 at a time.
pub fn due_periods(
    now: NaiveDateTime,
) -> impl OnBothBackends + for<'a> LoadQuery<'a, AnyConnection, DuePeriod> {
    customers::table
        .filter(customers::period_ends_at.le(now))
        .select((
            customers::id,
            customers::public_id,
            customers::term,
            customers::pending_term,
            customers::period_ends_at,
        ))
        .limit(500)
}

/// Starts new billing periods that are due. A pending term change takes
/// effect at the start of the new period.
pub fn roll_periods(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let due: Vec<DuePeriod> = plan::for_values(conn, |c| due_periods(now).load(c))?;
    let count = due.len();
    for (id, public_id, term, pending, ended) in due {
        crate::db::write_transaction(conn, |conn| {
            let new_term = pending
                .as_deref()
                .and_then(Term::parse)
                .or_else(|| Term::parse(&term))
                .unwrap_or(Term::Monthly);
            let mut end = ended;
            while end <= now {
                let next = new_term.period_end(end);
                if next <= end {
                    break;
                }
                end = next;
            }
            // Only the row as it was read: another instance may have rolled it.
            let changed = diesel::update(
                customers::table
                    .find(id)
                    .filter(customers::period_ends_at.eq(ended)),
            )
            .set((
                customers::term.eq(new_term.as_str()),
                customers::pending_term.eq(None::<String>),
                customers::pending_term_at.eq(None::<NaiveDateTime>),
                customers::period_ends_at.eq(end),
            ))
            .execute(conn)?;
            if changed == 1 && pending.is_some() {
                diesel::update(
                    subscriptions::table
                        .filter(subscriptions::customer_id.eq(id))
                        .filter(subscriptions::status.ne("cancelled")),
                )
                .set(subscriptions::term.eq(new_term.as_str()))
                .execute(conn)?;
                audit::record(
                    conn,
                    &system(),
                    AuditEvent {
                        customer_id: Some(id),
                        ..AuditEvent::new(
                            AuditAction::CustomerTermChanged,
                            "customer",
                            &public_id,
                            Details::new().changes(vec![Change::words(
                                "customer-term",
                                format!("term-{term}"),
                                format!("term-{}", new_term.as_str()),
                            )]),
                        )
                    },
                )?;
            }
            QueryResult::Ok(())
        })?;
    }
    Ok(count)
}

/// The customers whose trial has ended, 500 at a time.
pub fn ended_trials(
    now: NaiveDateTime,
) -> impl OnBothBackends + for<'a> LoadQuery<'a, AnyConnection, i64> {
    customers::table
        .filter(customers::status.eq(CustomerStatus::Trial.as_str()))
        .filter(customers::trial_ends_at.le(now))
        .select(customers::id)
        .limit(500)
}

/// Trials that have run their 14 days become active accounts.
pub fn end_trials(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let ended: Vec<i64> = plan::for_values(conn, |c| ended_trials(now).load(c))?;
    for id in &ended {
        crate::db::write_transaction(conn, |conn| {
            diesel::update(
                customers::table
                    .find(id)
                    .filter(customers::status.eq("trial")),
            )
            .set(customers::status.eq(CustomerStatus::Active.as_str()))
            .execute(conn)?;
            diesel::update(
                subscriptions::table
                    .filter(subscriptions::customer_id.eq(id))
                    .filter(subscriptions::status.eq("trial")),
            )
            .set(subscriptions::status.eq("active"))
            .execute(conn)?;
            audit::record(
                conn,
                &system(),
                AuditEvent {
                    customer_id: Some(*id),
                    ..AuditEvent::new(
                        AuditAction::CustomerTrialEnded,
                        "customer",
                        "",
                        Details::new(),
                    )
                },
            )
        })?;
    }
    Ok(ended.len())
}

/// Everything, once.
pub fn run_all(conn: &mut AnyConnection) -> anyhow::Result<()> {
    let now = db::now();
    provisioning::provision_pending(conn)?;
    roll_periods(conn, now)?;
    end_trials(conn, now)?;
    drafts::delete_expired(conn)?;
    sessions::delete_expired(conn)?;
    Ok(())
}

/// Runs the jobs now and then every `every`.
pub fn spawn(pool: Pool, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let pool = pool.clone();
            let result = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut conn = pool.checkout()?;
                run_all(&mut conn)
            })
            .await;
            if let Ok(Err(e)) = result {
                tracing::error!(error = ?e, "periodic jobs failed; retrying at the next tick");
            }
        }
    });
}
