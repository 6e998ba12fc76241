//! The new-customer wizard, end to end and rule by rule.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    audit_log, customers, integrations, memberships, outbox, plan_products, products, resellers,
    sites, subscriptions, users, wizard_drafts,
};
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

pub async fn start(browser: &mut Client) -> i64 {
    let res = browser.get("/customers/new").await;
    assert_eq!(res.status(), 303);
    let loc = location(&res);
    browser.page(&loc).await;
    loc.trim_start_matches("/customers/new/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

pub async fn step(
    browser: &mut Client,
    draft: i64,
    n: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .post(&format!("/customers/new/{draft}/{n}"), fields)
        .await
}

pub fn product_of(app: &TestApp, reseller: i64) -> String {
    products::table
        .inner_join(plan_products::table.on(plan_products::product_id.eq(products::id)))
        .inner_join(resellers::table.on(resellers::plan_id.eq(plan_products::plan_id)))
        .filter(resellers::id.eq(reseller))
        .select(products::id)
        .first::<i64>(&mut app.conn())
        .unwrap()
        .to_string()
}

pub fn account<'a>(name: &'a str, product: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("product_id", product),
        ("country", "FR"),
        ("timezone", ""),
        ("reference", "PO-1"),
        ("term", "monthly"),
        ("nav", "next"),
    ]
}

both_backends!(
    a_reseller_creates_a_customer_through_every_step,
    |app: TestApp| async move {
        let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
        let reseller = person.reseller_id.unwrap();
        let product = product_of(&app, reseller);
        let d = start(&mut browser).await;

        // Step 1: bad input is marked and kept.
        let res = step(
            &mut browser,
            d,
            1,
            &[
                ("name", ""),
                ("product_id", &product),
                ("country", "Atlantis"),
                ("term", "monthly"),
                ("reference", "PO-77"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("This field is required.")
                && body.contains("Choose a country from the list.")
        );
        assert!(body.contains(r#"value="PO-77""#));

        let mut fields = account("Harbour Dental", &product);
        fields.push(("trial", "on"));
        fields.push(("notes", "Opens at 7 on Mondays"));
        let res = step(&mut browser, d, 1, &fields).await;
        assert_eq!(location(&res), format!("/customers/new/{d}/2"));
        // Step 2 shows the country from step 1, read-only; Back keeps step 1.
        let (_, body) = browser.page(&format!("/customers/new/{d}/2")).await;
        assert!(body.contains("France (FR)"));
        let res = step(
            &mut browser,
            d,
            2,
            &[
                ("line1", "1 Quai Street"),
                ("city", "Lyon"),
                ("nav", "back"),
            ],
        )
        .await;
        assert_eq!(location(&res), format!("/customers/new/{d}/1"));
        let (_, body) = browser.page(&format!("/customers/new/{d}/1")).await;
        assert!(body.contains(r#"value="Harbour Dental""#));
        assert!(
            body.contains(r#"<option value="Europe/Paris" selected>"#),
            "timezone from the country"
        );

        // A reload resumes the draft where it stood, with step 2 as typed.
        let res = browser.get("/customers/new").await;
        assert_eq!(location(&res), format!("/customers/new/{d}/2"));
        let (_, body) = browser.page(&format!("/customers/new/{d}/2")).await;
        assert!(body.contains(r#"value="1 Quai Street""#));
        // Steps cannot be skipped.
        assert_eq!(
            location(&browser.get(&format!("/customers/new/{d}/4")).await),
            format!("/customers/new/{d}/2")
        );

        let res = step(
            &mut browser,
            d,
            2,
            &[
                ("line1", "1 Quai Street"),
                ("city", "Lyon"),
                ("postcode", "69001"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(location(&res), format!("/customers/new/{d}/3"));

        // Step 3: without "same as username" an e-mail is needed.
        let res = step(
            &mut browser,
            d,
            3,
            &[
                ("full_name", "Hana Admin"),
                ("language", "fr"),
                ("identity_provider", "local"),
                ("username", "hana.admin"),
                ("phone", "+33 4 00 00 00 00"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("This field is required."));
        let res = step(
            &mut browser,
            d,
            3,
            &[
                ("full_name", "Hana Admin"),
                ("language", "fr"),
                ("identity_provider", "local"),
                ("username", "hana.admin"),
                ("email", "Hana@Harbour.example"),
                ("phone", "+33 4 00 00 00 00"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(location(&res), format!("/customers/new/{d}/4"));

        // Step 4: Test connection really connects.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let open = listener.local_addr().unwrap().to_string();
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().to_string()
        };
        let res = step(
            &mut browser,
            d,
            4,
            &[
                ("kind", "pbx"),
                ("endpoint", &open),
                ("credentials", "api-key-SECRET-123"),
                ("auto_provision", "on"),
                ("nav", "test"),
            ],
        )
        .await;
        let body = res.text().await.unwrap();
        assert!(body.contains(&format!("Connected to {open}")), "{body}");
        assert!(
            !body.contains("api-key-SECRET-123"),
            "credentials are never shown again"
        );
        assert!(body.contains("Credentials are stored."));
        let res = step(
            &mut browser,
            d,
            4,
            &[("kind", "pbx"), ("endpoint", &closed), ("nav", "test")],
        )
        .await;
        // A sentence a reseller understands, and the detail beneath it.
        let body = res.text().await.unwrap();
        let port = closed.rsplit(':').next().unwrap();
        assert!(
            body.contains(&format!("Nothing answers on port {port} of 127.0.0.1.")),
            "{body}"
        );
        assert!(body.contains(&format!("Technical detail: {closed}: ")));
        // Where the operator has not allowed private addresses, the server's
        // own network is refused before anything connects.
        let guarded = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        guarded.set_nonblocking(true).unwrap();
        let inside = guarded.local_addr().unwrap().to_string();
        let strict = app
            .second_instance_with(|c| c.allow_private_endpoints = false)
            .await;
        browser.rebase(&strict);
        let res = step(
            &mut browser,
            d,
            4,
            &[("kind", "pbx"), ("endpoint", &inside), ("nav", "test")],
        )
        .await;
        let body = res.text().await.unwrap();
        assert!(
            body.contains(&format!("does not connect to {inside}")),
            "{body}"
        );
        assert!(!body.contains("Connected") && !body.contains("refused"));
        assert!(guarded.accept().is_err(), "nothing connected");
        // Ten tests a minute per person, then a plain refusal.
        let mut last = String::new();
        for _ in 0..10 {
            let res = step(
                &mut browser,
                d,
                4,
                &[("kind", "pbx"), ("endpoint", &inside), ("nav", "test")],
            )
            .await;
            last = res.text().await.unwrap();
        }
        assert!(last.contains("Too many connection tests"), "{last}");
        browser.rebase(&app);
        let res = step(
            &mut browser,
            d,
            4,
            &[
                ("kind", "pbx"),
                ("endpoint", "not an endpoint"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let res = step(
            &mut browser,
            d,
            4,
            &[
                ("kind", "pbx"),
                ("endpoint", &open),
                ("create_disabled", "on"),
                ("auto_provision", "on"),
                ("nav", "next"),
            ],
        )
        .await;
        assert_eq!(location(&res), format!("/customers/new/{d}/5"));

        let (_, review) = browser.page(&format!("/customers/new/{d}/5")).await;
        for text in [
            "Harbour Dental",
            "France (FR)",
            "Europe/Paris",
            "hana.admin",
            "hana@harbour.example",
            "PBX",
            "Disabled",
            "1 Quai Street",
            // Words, not codes: the language by its name, a password login.
            "<dd>Français</dd>",
            "<dd>Local password</dd>",
            "Opens at 7 on Mondays",
        ] {
            assert!(review.contains(text), "review shows {text}");
        }
        let res = browser
            .post(&format!("/customers/new/{d}/create"), &[])
            .await;
        let overview = location(&res);
        assert!(overview.starts_with("/customers/"), "{overview}");
        let id: i64 = overview.trim_start_matches("/customers/").parse().unwrap();

        let mut conn = app.conn();
        // Provisioning finishes in the background: a site, a subscription, trial.
        let mut status = String::new();
        for _ in 0..50 {
            status = customers::table
                .find(id)
                .select(customers::status)
                .first(&mut conn)
                .unwrap();
            if status != "creating" {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, "trial");
        let site: String = sites::table
            .filter(sites::customer_id.eq(id))
            .select(sites::name)
            .first(&mut conn)
            .unwrap();
        assert_eq!(site, "Main site");
        let sub: String = subscriptions::table
            .filter(subscriptions::customer_id.eq(id))
            .select(subscriptions::status)
            .first(&mut conn)
            .unwrap();
        assert_eq!(sub, "trial");
        let (admin_status, admin_lang): (String, String) = users::table
            .filter(users::username.eq("hana.admin"))
            .select((users::status, users::language))
            .first(&mut conn)
            .unwrap();
        assert_eq!(
            (admin_status.as_str(), admin_lang.as_str()),
            ("invited", "fr")
        );
        let kept: Option<String> = customers::table
            .find(id)
            .select(customers::admin_status)
            .first(&mut conn)
            .unwrap();
        assert_eq!(kept.as_deref(), Some("invited"), "the list's copy");
        // The invitation left with the account, in the administrator's language.
        let invitation: (String, String, String, Option<i64>) = outbox::table
            .select((
                outbox::recipient,
                outbox::kind,
                outbox::language,
                outbox::customer_id,
            ))
            .first(&mut conn)
            .unwrap();
        assert_eq!(
            invitation,
            (
                "hana@harbour.example".to_string(),
                "invitation".to_string(),
                "fr".to_string(),
                Some(id)
            )
        );
        let role: String = memberships::table
            .filter(memberships::customer_id.eq(id))
            .select(memberships::role)
            .first(&mut conn)
            .unwrap();
        assert_eq!(role, "customer_admin");
        let (enabled, sealed): (bool, String) = integrations::table
            .filter(integrations::customer_id.eq(id))
            .select((integrations::enabled, integrations::credentials_encrypted))
            .first(&mut conn)
            .unwrap();
        assert!(!enabled);
        assert!(!sealed.is_empty() && !sealed.contains("SECRET"));
        let created: i64 = audit_log::table
            .filter(audit_log::action.eq("customer.created"))
            .filter(audit_log::customer_id.eq(id))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(created, 1);
        let drafts_left: i64 = wizard_drafts::table.count().get_result(&mut conn).unwrap();
        assert_eq!(drafts_left, 0);
        drop(conn);
        let (_, body) = browser.page(&overview).await;
        assert!(
            body.contains("Harbour Dental")
                && body.contains("hana.admin")
                && body.contains("Main site")
        );
        drop(listener);
    }
);

both_backends!(htmx_swaps_steps_in_place, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let product = product_of(&app, person.reseller_id.unwrap());
    let d = start(&mut browser).await;
    let token = browser.csrf().await;
    let res = browser
        .http
        .post(app.url(&format!("/customers/new/{d}/1")))
        .header("HX-Request", "true")
        .header("HX-Target", "content")
        .header("X-CSRF-Token", token)
        .form(&account("Swap Ltd", &product))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["HX-Push-Url"],
        format!("/customers/new/{d}/2").as_str()
    );
    let body = res.text().await.unwrap();
    assert!(!body.contains("<html") && body.contains("<h2>Address</h2>"));
});

/// The first submit button of the wizard's form, which Enter in a field
/// presses: its name and value.
fn default_button(page: &str) -> String {
    let form = &page[page
        .find(r#"class="card wizard""#)
        .expect("the wizard's form")..];
    let button = &form[form.find(r#"type="submit""#).expect("a submit button")..];
    let end = button.find('>').unwrap();
    button[..end].to_string()
}

// Enter in a field goes forward: on every step with a Back button (and the
// integration step's *Test connection*), Next is the form's first submit.
both_backends!(enter_in_a_field_goes_forward, |app: TestApp| async move {
    let (mut browser, person) = app.logged_in(Role::ResellerAdmin).await;
    let product = product_of(&app, person.reseller_id.unwrap());
    let d = start(&mut browser).await;
    let (_, page) = browser.page(&format!("/customers/new/{d}/1")).await;
    assert!(default_button(&page).contains(r#"value="next""#));
    let res = step(&mut browser, d, 1, &account("Keyboard Co", &product)).await;
    assert_eq!(location(&res), format!("/customers/new/{d}/2"));
    let (_, page) = browser.page(&format!("/customers/new/{d}/2")).await;
    assert!(page.contains(r#"value="back""#), "step 2 has a Back button");
    assert!(
        default_button(&page).contains(r#"value="next""#),
        "{}",
        default_button(&page)
    );
});
