//! The periodic jobs run once a minute on every instance: each finds its
//! rows through an index, never by reading the whole table or every row of
//! a status.

use diesel::prelude::*;
use partnerdesk::app::jobs;
use partnerdesk::db::plan::unindexed_reads;
use partnerdesk::db::schema::customers;
use partnerdesk::db::{drafts, memberships, sessions};

use crate::both_backends;
use crate::helpers::*;

both_backends!(job_queries_use_indexes, |app: TestApp| async move {
    let mut conn = app.conn();
    let now = partnerdesk::db::now();
    let checked = [
        (
            "ended trials",
            unindexed_reads(&mut conn, &jobs::ended_trials(now)),
        ),
        (
            "due periods",
            unindexed_reads(&mut conn, &jobs::due_periods(now)),
        ),
        (
            "expired drafts",
            unindexed_reads(&mut conn, &drafts::expired(now)),
        ),
        (
            "expired sessions",
            unindexed_reads(&mut conn, &sessions::expired(now)),
        ),
        // Not a job, but asked at every start and on the setup page.
        (
            "any operator",
            unindexed_reads(&mut conn, &memberships::operators()),
        ),
    ];
    for (job, scans) in checked {
        assert_eq!(scans.unwrap(), Vec::<String>::new(), "{job}");
    }
    // The check sees a whole-table read where there is one: no index
    // starts with the country.
    let by_country = customers::table
        .filter(customers::country.eq("GB"))
        .select(customers::id);
    let scans = unindexed_reads(&mut conn, &by_country).unwrap();
    assert!(
        scans.iter().any(|step| step.contains("customers")),
        "{scans:?}"
    );
});
