//! The customer list's reseller filter for staff: a typed name with
//! suggestions, or the id of a link.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::customers::row_names;
use crate::helpers::*;

/// The value of the reseller field, as the page shows it.
fn field_value(body: &str) -> String {
    let at = body.find("name=\"reseller_name\"").expect("reseller field");
    let rest = &body[at..];
    let start = rest.find("value=\"").unwrap() + 7;
    let end = rest[start..].find('"').unwrap();
    rest[start..start + end].replace("&#38;", "&")
}

both_backends!(
    a_typed_reseller_name_narrows_the_list,
    |app: TestApp| async move {
        let (mut browser, _) = app.logged_in(Role::Operator).await;
        let mut conn = app.conn();
        let north = insert_reseller(&mut conn, "North & Co");
        let south = insert_reseller(&mut conn, "South");
        let now = partnerdesk::db::now();
        insert_customer_with(&mut conn, north, "Northern Lights", "active", now);
        insert_customer_with(&mut conn, south, "Southern Cross", "active", now);
        drop(conn);

        // The whole name, in any case; the URL holds it and the field keeps it.
        let (status, body) = browser
            .page("/customers?reseller_name=reseller+north+%26+co")
            .await;
        assert_eq!(status, 200);
        assert_eq!(row_names(&body), ["Northern Lights"]);
        assert_eq!(field_value(&body), "Reseller North & Co");
        // A known name is not marked.
        assert!(!body.contains("reseller-error"));

        // A link from the resellers page carries the id: the field shows the name.
        let (_, body) = browser.page(&format!("/customers?reseller={south}")).await;
        assert_eq!(row_names(&body), ["Southern Cross"]);
        assert_eq!(field_value(&body), "Reseller South");

        // A name no reseller has: nothing listed, the text kept, the field marked.
        let (status, body) = browser.page("/customers?reseller_name=Nowhere").await;
        assert_eq!(status, 200);
        assert!(row_names(&body).is_empty());
        assert_eq!(field_value(&body), "Nowhere");
        assert!(body.contains("aria-invalid=\"true\""));
        assert!(body.contains("No reseller has this name."));
        // …and the export of that list is empty too, not everything.
        let (_, csv) = browser
            .page("/customers/export.csv?reseller_name=Nowhere")
            .await;
        assert_eq!(csv.lines().count(), 1, "{csv}");
        let (_, csv) = browser
            .page("/customers/export.csv?reseller_name=Reseller+South")
            .await;
        assert!(csv.contains("Southern Cross") && !csv.contains("Northern Lights"));
    }
);

both_backends!(
    suggestions_offer_reseller_names_as_typed,
    |app: TestApp| async move {
        let mut conn = app.conn();
        insert_reseller(&mut conn, "100% Alpha");
        insert_reseller(&mut conn, "100 Beta");
        insert_reseller(&mut conn, "Gamma");
        drop(conn);
        let (mut support, _) = app.logged_in(Role::Support).await;
        let (status, body) = support
            .page("/customers/reseller-options?reseller_name=RESELLER+100")
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            body.matches("<option").count(),
            2,
            "both names starting with it: {body}"
        );
        // LIKE wildcards are taken literally.
        let (_, body) = support
            .page("/customers/reseller-options?reseller_name=reseller+100%25")
            .await;
        assert!(body.contains("value=\"Reseller 100% Alpha\""), "{body}");
        assert!(!body.contains("Beta"));
        let (_, body) = support
            .page("/customers/reseller-options?reseller_name=reseller+_")
            .await;
        assert!(!body.contains("<option"), "{body}");
        // Resellers never see the others' names.
        let (mut reseller, _) = app.logged_in(Role::ResellerAdmin).await;
        let res = reseller
            .get("/customers/reseller-options?reseller_name=reseller")
            .await;
        assert_eq!(res.status(), 403);
        let (_, list) = reseller.page("/customers").await;
        assert!(!list.contains("reseller_name"));
    }
);
