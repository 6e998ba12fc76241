//! Subscription rules: seats and terms.

use super::customer::Term;
use super::validate::Problem;

pub const MAX_SEATS: i64 = 100_000;

/// Seats as typed: a whole number from 1 to 100,000.
pub fn parse_seats(raw: &str) -> Result<i64, Problem> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_SEATS).contains(&n) => Ok(n),
        _ => Err(Problem {
            key: "seats-invalid",
            args: vec![("max", MAX_SEATS.to_string())],
        }),
    }
}

pub fn parse_term(raw: &str) -> Result<Term, Problem> {
    Term::parse(raw.trim()).ok_or_else(|| Problem::new("term-choose"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn seats_are_bounded() {
        assert_eq!(super::parse_seats(" 25 ").unwrap(), 25);
        for bad in ["0", "-3", "100001", "ten", "", "1.5"] {
            assert!(super::parse_seats(bad).is_err(), "{bad}");
        }
    }
}
