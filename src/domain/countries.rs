//! ISO 3166 countries with their IANA timezones (the first is the default),
//! from tzdata's public-domain tables.

use std::sync::OnceLock;

const DATA: &str = include_str!("countries.tsv");

#[derive(Debug)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub zones: Vec<&'static str>,
}

impl Country {
    pub fn default_zone(&self) -> &'static str {
        self.zones.first().copied().unwrap_or("UTC")
    }
}

pub fn all() -> &'static [Country] {
    static LIST: OnceLock<Vec<Country>> = OnceLock::new();
    LIST.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut parts = l.split('\t');
                Some(Country {
                    code: parts.next()?,
                    name: parts.next()?,
                    zones: parts.next()?.split(',').collect(),
                })
            })
            .collect()
    })
}

pub fn find(code: &str) -> Option<&'static Country> {
    let code = code.trim();
    all().iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

pub fn is_timezone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_a_known_default_zone() {
        assert!(all().len() > 240);
        for c in all() {
            assert!(
                is_timezone(c.default_zone()),
                "{} {}",
                c.code,
                c.default_zone()
            );
        }
        assert_eq!(find("fr").unwrap().default_zone(), "Europe/Paris");
        assert_eq!(find("US").unwrap().default_zone(), "America/New_York");
        assert!(find("XX").is_none());
    }
}
