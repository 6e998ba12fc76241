//! Customer accounts: statuses, terms, trials, plan limits and field rules.

use chrono::{Months, NaiveDateTime};

use super::countries;
use super::validate::{required_text, Problem, MAX_NAME};

pub const TRIAL_DAYS: i64 = 14;
const MAX_REFERENCE: usize = 100;
const MAX_NOTES: usize = 4000;
const MAX_LINE: usize = 200;

/// Customers that need a look soon, as the home page counts them and the
/// list filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attention {
    /// A trial that ends within [`TRIAL_ENDING_DAYS`] (or has ended and
    /// waits for the next round of jobs).
    TrialEnding,
    /// A change of term that takes effect at the end of the period.
    TermChangePending,
}

/// How far ahead a trial counts as ending.
pub const TRIAL_ENDING_DAYS: i64 = 7;

impl Attention {
    pub const ALL: [Attention; 2] = [Attention::TrialEnding, Attention::TermChangePending];

    /// As the list's URL carries it.
    pub fn code(self) -> &'static str {
        match self {
            Attention::TrialEnding => "trial_ending",
            Attention::TermChangePending => "term_change",
        }
    }

    pub fn parse(code: &str) -> Option<Attention> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Attention::TrialEnding => "attention-trial-ending",
            Attention::TermChangePending => "attention-term-change",
        }
    }

    /// The latest end of a trial that counts as ending, seen at `now`.
    pub fn trial_ends_by(now: NaiveDateTime) -> NaiveDateTime {
        now + chrono::Duration::days(TRIAL_ENDING_DAYS)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerStatus {
    Creating,
    Active,
    Trial,
    Suspended,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 4] = [
        CustomerStatus::Creating,
        CustomerStatus::Active,
        CustomerStatus::Trial,
        CustomerStatus::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Creating => "creating",
            CustomerStatus::Active => "active",
            CustomerStatus::Trial => "trial",
            CustomerStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            CustomerStatus::Creating => "customer-status-creating",
            CustomerStatus::Active => "customer-status-active",
            CustomerStatus::Trial => "customer-status-trial",
            CustomerStatus::Suspended => "customer-status-suspended",
        }
    }

    /// Suspending is possible from any running state; enabling returns a
    /// suspended account to a trial if its trial is still running.
    pub fn can_suspend(self) -> bool {
        matches!(self, CustomerStatus::Active | CustomerStatus::Trial)
    }

    pub fn can_enable(self) -> bool {
        self == CustomerStatus::Suspended
    }
}

/// The status an enabled account returns to.
pub fn enabled_status(trial_ends_at: Option<NaiveDateTime>, now: NaiveDateTime) -> CustomerStatus {
    match trial_ends_at {
        Some(end) if end > now => CustomerStatus::Trial,
        _ => CustomerStatus::Active,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Monthly,
    Annual,
}

impl Term {
    pub fn as_str(self) -> &'static str {
        match self {
            Term::Monthly => "monthly",
            Term::Annual => "annual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "monthly" => Some(Term::Monthly),
            "annual" => Some(Term::Annual),
            _ => None,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Term::Monthly => "term-monthly",
            Term::Annual => "term-annual",
        }
    }

    /// The end of a period of this term that starts at `start`.
    pub fn period_end(self, start: NaiveDateTime) -> NaiveDateTime {
        let months = match self {
            Term::Monthly => 1,
            Term::Annual => 12,
        };
        start
            .checked_add_months(Months::new(months))
            .unwrap_or(start)
    }
}

/// What happens when someone changes a customer's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermChange {
    Unchanged,
    /// No enrolled service yet: the new term applies now.
    Immediate,
    /// Something is enrolled: the change waits for the end of the period.
    Pending {
        at: NaiveDateTime,
    },
}

pub fn plan_term_change(
    current: Term,
    requested: Term,
    has_enrolled_service: bool,
    period_ends_at: NaiveDateTime,
) -> TermChange {
    if current == requested {
        TermChange::Unchanged
    } else if !has_enrolled_service {
        TermChange::Immediate
    } else {
        TermChange::Pending { at: period_ends_at }
    }
}

/// A reseller plan's limits; `None` means unlimited.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanLimits {
    pub max_customers: Option<i64>,
    pub max_users_per_customer: Option<i64>,
    pub max_seats: Option<i64>,
    pub trials_allowed: bool,
    pub api_allowed: bool,
}

impl PlanLimits {
    pub fn allows_another_customer(&self, current: i64) -> bool {
        self.max_customers.is_none_or(|max| current < max)
    }

    pub fn allows_seats(&self, seats_in_use: i64, more: i64) -> bool {
        self.max_seats.is_none_or(|max| seats_in_use + more <= max)
    }
}

/// Account data as typed (wizard step 1 and the edit form).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct AccountFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub product_id: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub term: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub trial: Option<String>,
    #[serde(default)]
    pub internal: Option<String>,
}

/// Account data once checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub name: String,
    pub product_id: i64,
    pub country: String,
    pub timezone: String,
    pub reference: String,
    pub term: Term,
    pub notes: String,
    pub trial: bool,
    pub internal: bool,
}

/// Checks account fields that need no database. Returns the problems by
/// field name; uniqueness, allowed products and limits are checked by the
/// caller, which knows the reseller.
pub fn check_account(f: &AccountFields) -> Result<Account, Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    let name = required_text(&f.name, MAX_NAME)
        .map_err(|p| problems.push(("name", p)))
        .ok();
    let product_id = f.product_id.trim().parse::<i64>().ok();
    if product_id.is_none() {
        problems.push(("product_id", Problem::new("product-choose")));
    }
    let country = countries::find(&f.country).map(|c| c.code.to_string());
    if country.is_none() {
        problems.push(("country", Problem::new("country-unknown")));
    }
    let timezone = f.timezone.trim();
    if !countries::is_timezone(timezone) {
        problems.push(("timezone", Problem::new("timezone-unknown")));
    }
    let reference = optional_text(&f.reference, MAX_REFERENCE)
        .map_err(|p| problems.push(("reference", p)))
        .ok();
    let term = Term::parse(f.term.trim());
    if term.is_none() {
        problems.push(("term", Problem::new("term-choose")));
    }
    let notes = optional_text(&f.notes, MAX_NOTES)
        .map_err(|p| problems.push(("notes", p)))
        .ok();
    match (name, product_id, country, reference, term, notes) {
        (Some(name), Some(product_id), Some(country), Some(reference), Some(term), Some(notes))
            if problems.is_empty() =>
        {
            Ok(Account {
                name,
                product_id,
                country,
                timezone: timezone.to_string(),
                reference,
                term,
                notes,
                trial: f.trial.is_some(),
                internal: f.internal.is_some(),
            })
        }
        _ => Err(problems),
    }
}

/// Free text that may be empty, trimmed, at most `max` characters.
pub fn optional_text(value: &str, max: usize) -> Result<String, Problem> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Problem {
            key: "field-too-long",
            args: vec![("max", max.to_string())],
        });
    }
    Ok(v.to_string())
}

/// Address lines, all optional, each at most 200 characters.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Address {
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postcode: String,
}

pub fn check_address(a: &Address) -> Result<Address, Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    let mut field = |name: &'static str, v: &str, max: usize| {
        optional_text(v, max).unwrap_or_else(|p| {
            problems.push((name, p));
            String::new()
        })
    };
    let checked = Address {
        line1: field("line1", &a.line1, MAX_LINE),
        line2: field("line2", &a.line2, MAX_LINE),
        city: field("city", &a.city, MAX_LINE),
        region: field("region", &a.region, MAX_LINE),
        postcode: field("postcode", &a.postcode, 20),
    };
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

/// The key that makes names unique per reseller without regard to case.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    #[test]
    fn term_changes_wait_for_the_period_once_something_is_enrolled() {
        let end = at(2027, 3, 1);
        assert_eq!(
            plan_term_change(Term::Annual, Term::Annual, true, end),
            TermChange::Unchanged
        );
        assert_eq!(
            plan_term_change(Term::Annual, Term::Monthly, false, end),
            TermChange::Immediate
        );
        assert_eq!(
            plan_term_change(Term::Annual, Term::Monthly, true, end),
            TermChange::Pending { at: end }
        );
    }

    #[test]
    fn periods_follow_the_calendar() {
        assert_eq!(Term::Monthly.period_end(at(2026, 1, 31)), at(2026, 2, 28));
        assert_eq!(Term::Annual.period_end(at(2026, 2, 1)), at(2027, 2, 1));
    }

    #[test]
    fn limits_with_none_are_unlimited() {
        let unlimited = PlanLimits::default();
        assert!(unlimited.allows_another_customer(1_000_000));
        let two = PlanLimits {
            max_customers: Some(2),
            max_seats: Some(10),
            ..Default::default()
        };
        assert!(two.allows_another_customer(1));
        assert!(!two.allows_another_customer(2));
        assert!(two.allows_seats(5, 5));
        assert!(!two.allows_seats(5, 6));
    }

    #[test]
    fn enabling_returns_to_a_running_trial() {
        let now = at(2026, 6, 1);
        assert_eq!(
            enabled_status(Some(at(2026, 6, 10)), now),
            CustomerStatus::Trial
        );
        assert_eq!(
            enabled_status(Some(at(2026, 5, 10)), now),
            CustomerStatus::Active
        );
        assert_eq!(enabled_status(None, now), CustomerStatus::Active);
    }

    #[test]
    fn account_fields_are_checked_together() {
        let bad = AccountFields {
            name: " ".into(),
            product_id: "x".into(),
            country: "ZZ".into(),
            timezone: "Mars/Base".into(),
            reference: "r".repeat(101),
            term: "weekly".into(),
            ..Default::default()
        };
        let fields: Vec<_> = check_account(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "product_id",
                "country",
                "timezone",
                "reference",
                "term"
            ]
        );
        let good = AccountFields {
            name: " Acme ".into(),
            product_id: "3".into(),
            country: "fr".into(),
            timezone: "Europe/Paris".into(),
            term: "annual".into(),
            trial: Some("on".into()),
            ..Default::default()
        };
        let ok = check_account(&good).unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.country.as_str(), ok.term, ok.trial),
            ("Acme", "FR", Term::Annual, true)
        );
    }
}
