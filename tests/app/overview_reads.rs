//! The overview reads the customer with its product, reseller, plan, first
//! administrator and integration in one query: a customer has at most one
//! integration, and one without either still opens.

use diesel::prelude::*;
use partnerdesk::db::customers::find_with_plan;
use partnerdesk::db::schema::integrations;
use partnerdesk::db::users::UserStatus;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    one_query_finds_the_administrator_and_the_integration,
    |app: TestApp| async move {
        let mut conn = app.conn();
        let reseller = insert_reseller(&mut conn, "Reads");
        let customer = insert_customer(&mut conn, reseller, "Plain");
        let bare = find_with_plan(&mut conn, customer).unwrap().unwrap();
        assert_eq!(bare.customer.name, "Customer Plain");
        assert!(bare.admin.is_none() && bare.integration.is_none());
        assert_eq!(bare.services, (0, 0));

        let admin = app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        app.customer_user(customer, Role::CustomerAdmin, UserStatus::Active);
        let add = |conn: &mut partnerdesk::db::AnyConnection, endpoint: &str| {
            diesel::insert_into(integrations::table)
                .values((
                    integrations::customer_id.eq(customer),
                    integrations::kind.eq("pbx"),
                    integrations::endpoint.eq(endpoint),
                    integrations::created_at.eq(partnerdesk::db::now()),
                ))
                .execute(conn)
        };
        add(&mut conn, "pbx.example.com:5060").unwrap();
        let full = find_with_plan(&mut conn, customer).unwrap().unwrap();
        assert_eq!(full.admin.map(|u| u.username), Some(admin.username));
        assert_eq!(
            full.integration.map(|i| i.endpoint).as_deref(),
            Some("pbx.example.com:5060")
        );
        // A second integration is refused, so the customer stays one row.
        assert!(add(&mut conn, "other.example.com:5060").is_err());
        assert!(find_with_plan(&mut conn, customer + 1000)
            .unwrap()
            .is_none());
    }
);
