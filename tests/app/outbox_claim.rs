//! Exactly-once sending rests on the outbox claim: workers that claim at the
//! same moment must never take the same message. Several threads, each with
//! its own connection, claim hundreds of messages started together; every
//! message must be claimed once and once only.

use std::collections::HashMap;
use std::sync::{Arc, Barrier};

use partnerdesk::db::outbox;

use crate::both_backends;
use crate::helpers::*;

const MESSAGES: usize = 400;
const WORKERS: usize = 4;

both_backends!(
    concurrent_claims_take_each_message_once,
    |app: TestApp| async move {
        app.queue_staff_messages(MESSAGES);
        let start = Arc::new(Barrier::new(WORKERS));
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let pool = app.pool.clone();
                let start = start.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.checkout().unwrap();
                    start.wait();
                    let mut mine = Vec::new();
                    // Bounded: a correct claim empties the queue in
                    // MESSAGES / 5 rounds at most across the workers.
                    for _ in 0..MESSAGES {
                        let batch = outbox::claim(&mut conn, 5).unwrap();
                        if batch.is_empty() {
                            break;
                        }
                        mine.extend(batch.into_iter().map(|m| m.id));
                    }
                    mine
                })
            })
            .collect();
        let mut claims: HashMap<i64, usize> = HashMap::new();
        for w in workers {
            for id in w.join().unwrap() {
                *claims.entry(id).or_default() += 1;
            }
        }
        let twice: Vec<_> = claims.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "claimed more than once: {twice:?}");
        assert_eq!(claims.len(), MESSAGES, "every message claimed");
    }
);
