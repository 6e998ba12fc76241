//! Billing rules: which subscriptions a month bills, and for how much.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::customer::Term;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Period {
    pub fn parse(raw: &str) -> Option<Period> {
        let (y, m) = raw.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        let start = NaiveDate::from_ymd_opt(y, m, 1)?;
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)?
        };
        Some(Period {
            start: start.and_hms_opt(0, 0, 0)?,
            end: next.and_hms_opt(0, 0, 0)?,
        })
    }

    pub fn of(t: NaiveDateTime) -> Period {
        Period::parse(&format!("{:04}-{:02}", t.year(), t.month()))
            .expect("a real date has a month")
    }

    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.start.year(), self.start.month())
    }
}

/// The price of one seat for one month of a term (annual: a twelfth).
pub fn monthly_unit_cents(term: Term, monthly_cents: i64, annual_cents: i64) -> i64 {
    match term {
        Term::Monthly => monthly_cents,
        Term::Annual => (annual_cents + 6) / 12,
    }
}

/// What a subscription costs in a month; internal demo systems cost nothing.
pub fn amount_cents(unit_cents: i64, seats: i64, internal: bool) -> i64 {
    if internal {
        0
    } else {
        unit_cents * seats
    }
}

/// Where a billing line names its customer: the reference, or the customer
/// ID when the reference is empty.
pub fn customer_reference<'a>(reference: &'a str, public_id: &'a str) -> &'a str {
    if reference.trim().is_empty() {
        public_id
    } else {
        reference
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_amounts() {
        let p = Period::parse("2026-12").unwrap();
        assert_eq!(
            p.end,
            NaiveDate::from_ymd_opt(2027, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        );
        assert_eq!(p.label(), "2026-12");
        for bad in ["2026-13", "26-01", "2026/01", "", "2026-1"] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(monthly_unit_cents(Term::Annual, 1000, 10800), 900);
        assert_eq!(amount_cents(900, 3, false), 2700);
        assert_eq!(amount_cents(900, 3, true), 0);
        assert_eq!(customer_reference("", "C-1"), "C-1");
        assert_eq!(customer_reference("PO-9", "C-1"), "PO-9");
    }
}
