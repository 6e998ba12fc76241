//! The customer list's total: counted by the database up to a cap, each
//! customer once however many search branches match it.

use partnerdesk::db::customer_list::{count_capped, ListFilter};

use crate::both_backends;
use crate::helpers::*;

both_backends!(totals_are_exact_up_to_the_cap, |app: TestApp| async move {
    let mut conn = app.conn();
    let reseller = insert_reseller(&mut conn, "count");
    let other = insert_reseller(&mut conn, "elsewhere");
    let now = partnerdesk::db::now();
    for name in ["Admin One", "Admin Two", "Admin Three", "Zed", "Yonder"] {
        insert_customer_with(&mut conn, reseller, name, "active", now);
    }
    insert_customer_with(&mut conn, reseller, "Paused", "suspended", now);
    insert_customer_with(&mut conn, other, "Admin Elsewhere", "active", now);
    let mine = ListFilter {
        reseller_id: Some(reseller),
        ..Default::default()
    };
    let mut count = |filter: &ListFilter, cap| count_capped(&mut conn, filter, cap).unwrap();

    assert_eq!(count(&mine, 100), 6);
    // Past the cap the answer is cap + 1: "more than cap".
    assert_eq!(count(&mine, 3), 4);
    assert_eq!(count(&mine, 6), 6);
    let suspended = ListFilter {
        status: Some("suspended".into()),
        ..mine.clone()
    };
    assert_eq!(count(&suspended, 100), 1);
    // "admin" starts every admin e-mail and three names: six customers,
    // each counted once.
    let search = ListFilter {
        search: Some("Admin".into()),
        ..mine.clone()
    };
    assert_eq!(count(&search, 100), 6);
    assert_eq!(count(&search, 2), 3);
    let names_only = ListFilter {
        search: Some("admin t".into()),
        ..mine.clone()
    };
    assert_eq!(count(&names_only, 100), 2);
    assert_eq!(
        count(&ListFilter::default(), 100),
        7,
        "everyone's, for staff"
    );
});
