//! `partnerdesk demo`: a living panel for a first look — two resellers with
//! plans, three products with packages, customers in every state, their
//! users, sites, services and subscriptions. Loading it twice changes nothing.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::memberships::{self, NewMembership};
use crate::db::schema::{
    customers, packages, plan_products, products, reseller_plans, resellers, services, sites,
    subscriptions,
};
use crate::db::users::{self, NewUser, UserStatus};
use crate::db::{self, AnyConnection};
use crate::domain::roles::Role;
use crate::passwords;

pub const DEMO_PASSWORD: &str = "demo-panel-2026";
const MARKER_RESELLER: &str = "Northwind Partners";

/// A package: name, monthly price, annual price (in cents).
type PackageSpec = (&'static str, i64, i64);

const PRODUCTS: [(&str, bool, [PackageSpec; 2]); 3] = [
    (
        "Video Surveillance",
        true,
        [
            ("Camera licence", 900, 9_720),
            ("Cloud recording 30 days", 1_500, 16_200),
        ],
    ),
    (
        "Call Analytics",
        false,
        [("Analyst seat", 2_400, 25_920), ("Viewer seat", 600, 6_480)],
    ),
    (
        "Unified Communications",
        false,
        [
            ("Standard user", 1_200, 12_960),
            ("Contact centre agent", 3_500, 37_800),
        ],
    ),
];

const COUNTRIES: [(&str, &str); 6] = [
    ("GB", "Europe/London"),
    ("FR", "Europe/Paris"),
    ("ES", "Europe/Madrid"),
    ("US", "America/New_York"),
    ("DE", "Europe/Berlin"),
    ("CA", "America/Toronto"),
];

const NAMES: [&str; 18] = [
    "Harbour Dental",
    "Bluebell Bakery",
    "Cedar Logistics",
    "Delta Opticians",
    "Elm Street Gym",
    "Fjord Travel",
    "Granite Legal",
    "Hilltop School",
    "Iris Florists",
    "Juniper Hotels",
    "Kestrel Security",
    "Lumen Studios",
    "Maple Clinics",
    "Nimbus Retail",
    "Orchard Foods",
    "Pioneer Motors",
    "Quarry Cafés",
    "Riverside Vets",
];

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            ' ' => Some('-'),
            'é' => Some('e'),
            _ => None,
        })
        .collect()
}

/// Loads the demo data once; returns what a person needs to log in.
/// Loads the demo data, unless it is there already. A database with real
/// operators is refused unless `force`: demo resellers and customers would
/// mix with real ones.
pub fn load(conn: &mut AnyConnection, bcrypt_cost: u32, force: bool) -> anyhow::Result<String> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        resellers::table.filter(resellers::name.eq(MARKER_RESELLER)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok("Demo data is already loaded; nothing changed.".into());
    }
    if !force && crate::db::memberships::operator_exists(conn)? {
        anyhow::bail!(
            "this database already has operators, so it holds real accounts: demo resellers \
             and customers would mix with them. Load the demo into a database of its own, \
             or run `partnerdesk demo --force` to load it here anyway"
        );
    }
    let hash = passwords::hash(DEMO_PASSWORD, bcrypt_cost)?;
    conn.transaction(|conn| insert_all(conn, &hash))?;
    Ok(format!(
        "Demo data loaded. Log in with any of these, password '{DEMO_PASSWORD}':\n  \
         support@demo.partnerdesk.test (support)\n  \
         admin@northwind.demo.partnerdesk.test (reseller)\n  \
         admin@southwind.demo.partnerdesk.test (reseller)\n  \
         admin@harbour-dental.demo.partnerdesk.test (customer administrator)"
    ))
}

fn user(
    conn: &mut AnyConnection,
    email: &str,
    name: &str,
    hash: &str,
    status: UserStatus,
    lang: &str,
) -> QueryResult<i64> {
    let now = db::now();
    users::insert(
        conn,
        &NewUser {
            username: email,
            email,
            full_name: name,
            password_hash: (status != UserStatus::Invited).then_some(hash),
            language: lang,
            status: status.as_str(),
            created_at: now,
            updated_at: now,
        },
    )
}

fn insert_all(conn: &mut AnyConnection, hash: &str) -> anyhow::Result<()> {
    let now = db::now();
    let mut product_ids = Vec::new();
    for (name, locked, pkgs) in PRODUCTS {
        let id: i64 = diesel::insert_into(products::table)
            .values((
                products::name.eq(name),
                products::locked_once_assigned.eq(locked),
                products::created_at.eq(now),
            ))
            .returning(products::id)
            .get_result(conn)?;
        for (pkg, monthly, annual) in pkgs {
            diesel::insert_into(packages::table)
                .values((
                    packages::product_id.eq(id),
                    packages::name.eq(pkg),
                    packages::price_monthly_cents.eq(monthly),
                    packages::price_annual_cents.eq(annual),
                ))
                .execute(conn)?;
        }
        product_ids.push(id);
    }

    let plans = [
        ("Growth", Some(50i64), true, &product_ids[..]),
        ("Starter", Some(10), false, &product_ids[1..2]),
    ];
    let mut plan_ids = Vec::new();
    for (name, max, trials, allowed) in plans {
        let id: i64 = diesel::insert_into(reseller_plans::table)
            .values((
                reseller_plans::name.eq(name),
                reseller_plans::max_customers.eq(max),
                reseller_plans::max_users_per_customer.eq(Some(25i64)),
                reseller_plans::max_seats.eq(Some(500i64)),
                reseller_plans::trials_allowed.eq(trials),
                reseller_plans::api_allowed.eq(true),
                reseller_plans::created_at.eq(now),
            ))
            .returning(reseller_plans::id)
            .get_result(conn)?;
        for product in allowed {
            diesel::insert_into(plan_products::table)
                .values((
                    plan_products::plan_id.eq(id),
                    plan_products::product_id.eq(product),
                ))
                .execute(conn)?;
        }
        plan_ids.push(id);
    }

    let support = user(
        conn,
        "support@demo.partnerdesk.test",
        "Sam Support",
        hash,
        UserStatus::Active,
        "en",
    )?;
    memberships::insert(conn, &NewMembership::platform(support, Role::Support))?;

    let resellers_spec = [
        (MARKER_RESELLER, "northwind", plan_ids[0], 12usize),
        ("Southwind Solutions", "southwind", plan_ids[1], 6),
    ];
    let mut name_index = 0;
    for (r_name, r_slug, plan, count) in resellers_spec {
        let reseller: i64 = diesel::insert_into(resellers::table)
            .values((
                resellers::name.eq(r_name),
                resellers::plan_id.eq(plan),
                resellers::status.eq("active"),
                resellers::created_at.eq(now),
            ))
            .returning(resellers::id)
            .get_result(conn)?;
        let admin_email = format!("admin@{r_slug}.demo.partnerdesk.test");
        let admin = user(
            conn,
            &admin_email,
            &format!("{r_name} Admin"),
            hash,
            UserStatus::Active,
            "en",
        )?;
        memberships::insert(
            conn,
            &NewMembership {
                user_id: admin,
                role: Role::ResellerAdmin.as_str().into(),
                reseller_id: Some(reseller),
                customer_id: None,
                created_at: now,
            },
        )?;

        for i in 0..count {
            let name = NAMES[name_index % NAMES.len()];
            name_index += 1;
            let (country, tz) = COUNTRIES[i % COUNTRIES.len()];
            let product = if plan == plan_ids[1] {
                product_ids[1]
            } else {
                product_ids[i % product_ids.len()]
            };
            let status = match i % 6 {
                4 => "suspended",
                5 if plan == plan_ids[0] => "trial",
                _ => "active",
            };
            let term = if i % 3 == 0 { "annual" } else { "monthly" };
            let created = now - Duration::days((i as i64 + 1) * 9);
            let c_slug = slug(name);
            let email = format!("admin@{c_slug}.demo.partnerdesk.test");
            let reference = if i % 4 == 1 {
                String::new()
            } else {
                format!("PO-{}-{:03}", r_slug.to_uppercase(), i + 1)
            };
            let customer: i64 = diesel::insert_into(customers::table)
                .values((
                    customers::public_id.eq(format!("C-DEMO{:04}", name_index)),
                    customers::reseller_id.eq(reseller),
                    customers::name.eq(name),
                    customers::name_key.eq(name.to_lowercase()),
                    customers::product_id.eq(product),
                    customers::reference.eq(&reference),
                    customers::reference_key.eq(reference.to_lowercase()),
                    customers::country.eq(country),
                    customers::timezone.eq(tz),
                    customers::term.eq(term),
                    customers::period_ends_at
                        .eq(created + Duration::days(if term == "annual" { 365 } else { 30 })),
                    customers::trial_ends_at
                        .eq((status == "trial").then(|| created + Duration::days(14))),
                    customers::is_internal.eq(i == 0),
                    customers::city.eq("Springfield"),
                    customers::contact_phone.eq(format!("+44 20 7946 0{:03}", i)),
                    customers::email.eq(&email),
                    customers::admin_email_key.eq(&email),
                    customers::api_access.eq(i % 2 == 0),
                    customers::status.eq(status),
                    customers::user_count.eq(3i64),
                    customers::created_at.eq(created),
                    customers::updated_at.eq(created),
                ))
                .returning(customers::id)
                .get_result(conn)?;
            let site: i64 = diesel::insert_into(sites::table)
                .values((
                    sites::customer_id.eq(customer),
                    sites::name.eq("Head office"),
                    sites::created_at.eq(created),
                ))
                .returning(sites::id)
                .get_result(conn)?;
            if i % 2 == 0 {
                diesel::insert_into(sites::table)
                    .values((
                        sites::customer_id.eq(customer),
                        sites::name.eq("Branch"),
                        sites::created_at.eq(created),
                    ))
                    .execute(conn)?;
            }
            for (n, kind) in [("Front desk", "video_unit"), ("Main line", "line")] {
                diesel::insert_into(services::table)
                    .values((
                        services::customer_id.eq(customer),
                        services::site_id.eq(Some(site)),
                        services::name.eq(n),
                        services::kind.eq(kind),
                        services::status.eq(if status == "suspended" {
                            "suspended"
                        } else {
                            "active"
                        }),
                        services::enrolled.eq(i % 3 != 2),
                        services::created_at.eq(created),
                    ))
                    .execute(conn)?;
            }
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::public_id.eq(format!("S-DEMO{:04}", name_index)),
                    subscriptions::customer_id.eq(customer),
                    subscriptions::reseller_id.eq(reseller),
                    subscriptions::product_id.eq(product),
                    subscriptions::seats.eq(3 + i as i64),
                    subscriptions::term.eq(term),
                    subscriptions::status.eq(if status == "trial" { "trial" } else { "active" }),
                    subscriptions::customer_may_edit.eq(i % 2 == 1),
                    subscriptions::started_at.eq(created),
                    subscriptions::created_at.eq(created),
                ))
                .execute(conn)?;
            let people = [
                (
                    email.clone(),
                    format!("{name} Administrator"),
                    Role::CustomerAdmin,
                    UserStatus::Active,
                    "en",
                ),
                (
                    format!("tech@{c_slug}.demo.partnerdesk.test"),
                    format!("{name} Integrator"),
                    Role::Integrator,
                    UserStatus::Active,
                    "fr",
                ),
                (
                    format!("staff@{c_slug}.demo.partnerdesk.test"),
                    format!("{name} Staff"),
                    Role::User,
                    UserStatus::Invited,
                    "es",
                ),
            ];
            for (p_email, p_name, role, p_status, lang) in people {
                let id = user(conn, &p_email, &p_name, hash, p_status, lang)?;
                memberships::insert(
                    conn,
                    &NewMembership {
                        user_id: id,
                        role: role.as_str().into(),
                        reseller_id: None,
                        customer_id: Some(customer),
                        created_at: created,
                    },
                )?;
            }
        }
    }
    Ok(())
}
