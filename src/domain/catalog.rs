//! Rules of the operator's catalogue: plan limits and prices.

use super::validate::Problem;

/// A limit as typed: empty means unlimited, otherwise a whole number ≥ 0.
pub fn parse_limit(raw: &str) -> Result<Option<i64>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(n) if (0..=100_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(Problem::new("limit-invalid")),
    }
}

/// A price as typed ("12", "12.5", "12.50") in cents.
pub fn parse_price(raw: &str) -> Result<i64, Problem> {
    let raw = raw.trim().replace(',', ".");
    let bad = || Problem::new("price-invalid");
    let (units, cents) = match raw.split_once('.') {
        Some((u, c)) if c.len() <= 2 && !c.is_empty() && c.chars().all(|x| x.is_ascii_digit()) => (
            u,
            if c.len() == 1 {
                format!("{c}0")
            } else {
                c.to_string()
            },
        ),
        Some(_) => return Err(bad()),
        None => (raw.as_str(), "00".to_string()),
    };
    if units.is_empty() || !units.chars().all(|x| x.is_ascii_digit()) || units.len() > 9 {
        return Err(bad());
    }
    Ok(units.parse::<i64>().map_err(|_| bad())? * 100 + cents.parse::<i64>().map_err(|_| bad())?)
}

/// Cents as "12.50".
pub fn format_price(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_prices() {
        assert_eq!(parse_limit(" ").unwrap(), None);
        assert_eq!(parse_limit("25").unwrap(), Some(25));
        assert!(parse_limit("-1").is_err() && parse_limit("many").is_err());
        assert_eq!(parse_price("12").unwrap(), 1200);
        assert_eq!(parse_price("12.5").unwrap(), 1250);
        assert_eq!(parse_price("0,99").unwrap(), 99);
        for bad in ["", "-1", "1.999", "abc", "1.", ".5"] {
            assert!(parse_price(bad).is_err(), "{bad}");
        }
        assert_eq!(format_price(1250), "12.50");
    }
}
