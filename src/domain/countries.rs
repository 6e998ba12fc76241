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

/// The canonical IANA zones offered (those tzdata gives a country, and
/// UTC; no alias such as `US/Eastern` or `Etc/GMT+1`), grouped by region
/// (`Europe`, `America`…, in that order of their names), with the zones of
/// `country` first as a group of their own (region `""`).
pub fn zone_groups(country: Option<&str>) -> Vec<(&'static str, Vec<&'static str>)> {
    static REGIONS: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    let regions = REGIONS.get_or_init(|| {
        let mut zones: Vec<&'static str> =
            all().iter().flat_map(|c| c.zones.iter().copied()).collect();
        zones.push("UTC");
        zones.sort_unstable();
        zones.dedup();
        let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for zone in zones {
            let region = zone.split_once('/').map_or(zone, |(r, _)| r);
            match groups.iter_mut().find(|(r, _)| *r == region) {
                Some((_, list)) => list.push(zone),
                None => groups.push((region, vec![zone])),
            }
        }
        groups
    });
    let mut out = Vec::with_capacity(regions.len() + 1);
    if let Some(c) = country.and_then(find) {
        let mut own = c.zones.clone();
        own.sort_unstable();
        out.push(("", own));
    }
    out.extend(regions.iter().cloned());
    out
}

pub fn is_timezone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_zones_are_canonical_grouped_and_the_countrys_first() {
        let groups = zone_groups(Some("FR"));
        assert_eq!(groups[0], ("", vec!["Europe/Paris"]));
        let offered: Vec<&str> = groups[1..]
            .iter()
            .flat_map(|(_, z)| z.iter().copied())
            .collect();
        for alias in [
            "US/Eastern",
            "Etc/GMT+1",
            "W-SU",
            "Asia/Calcutta",
            "Europe/Kiev",
        ] {
            assert!(!offered.contains(&alias), "{alias} is an alias");
        }
        for zone in ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"] {
            assert!(offered.contains(&zone), "{zone}");
        }
        assert!(offered.iter().all(|z| is_timezone(z)));
        let europe = groups.iter().find(|(r, _)| *r == "Europe").unwrap();
        assert!(europe.1.iter().all(|z| z.starts_with("Europe/")));
        let plain = zone_groups(None);
        assert!(
            plain.iter().all(|(r, _)| !r.is_empty()),
            "no country's group"
        );
        assert!(plain.contains(&("UTC", vec!["UTC"])));
    }

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
