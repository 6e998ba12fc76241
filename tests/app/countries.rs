//! Countries are chosen from one select of names in the reader's language,
//! and shown in it everywhere.

use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;
use crate::wizard::{account, product_of, start, step};

both_backends!(
    countries_are_named_in_the_readers_language,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        browser
            .post("/language", &[("lang", "es"), ("next", "/")])
            .await;
        let product = product_of(&app, person.reseller_id.unwrap());
        let d = start(&mut browser).await;

        // A plain select (it works without JavaScript), names in Spanish.
        let (_, page) = browser.page(&format!("/customers/new/{d}/1")).await;
        assert!(
            page.contains("<select id=\"country\" name=\"country\""),
            "{page}"
        );
        assert!(page.contains("<option value=\"DE\">Alemania</option>"));
        let spain = page.find(">España<").unwrap();
        assert!(page.find(">Estados Unidos<").unwrap() > spain);
        assert!(page.find(">Alemania<").unwrap() < spain);

        // A wrong choice keeps the others and is marked.
        let mut fields = account("Clínica Sol", &product);
        fields.retain(|(k, _)| *k != "country");
        fields.push(("country", "ZZ"));
        let res = step(&mut browser, d, 1, &fields).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("aria-describedby=\"country-error\""));
        assert!(page.contains("value=\"Clínica Sol\""));

        // Chosen, it is kept selected and named on the next step.
        let res = step(&mut browser, d, 1, &account("Clínica Sol", &product)).await;
        assert_eq!(res.status(), 303);
        let (_, page) = browser.page(&format!("/customers/new/{d}/2")).await;
        assert!(page.contains("Francia (FR)"), "{page}");
        let (_, page) = browser.page(&format!("/customers/new/{d}/1")).await;
        assert!(page.contains("<option value=\"FR\" selected>Francia</option>"));
    }
);
