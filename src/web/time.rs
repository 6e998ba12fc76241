//! Times are stored in UTC and shown in the viewer's timezone, on every
//! page alike (a customer's list row and its overview say the same); a page
//! that shows times names that zone once ([`zone_label`]).

use std::sync::LazyLock;

use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::i18n::Lang;

/// How a time is shown, read once. Read at each use, it was a third of the
/// time spent making a list page's 25 rows (`row_view`, under `perf`).
static FORMAT: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%d %H:%M").collect());

/// A day, as lists show it.
static DATE_FORMAT: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%d").collect());

/// The viewer's zone: their profile's, or UTC.
fn zone(timezone: Option<&str>) -> Tz {
    timezone
        .and_then(|t| t.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

fn format_in(utc: NaiveDateTime, timezone: Option<&str>, items: &[Item<'static>]) -> String {
    utc.and_utc()
        .with_timezone(&zone(timezone))
        .format_with_items(items.iter())
        .to_string()
}

pub fn format_datetime(utc: NaiveDateTime, timezone: Option<&str>) -> String {
    format_in(utc, timezone, &FORMAT)
}

/// The day of `utc` in the viewer's zone.
pub fn format_date(utc: NaiveDateTime, timezone: Option<&str>) -> String {
    format_in(utc, timezone, &DATE_FORMAT)
}

/// The UTC time at which `day` starts in the viewer's zone (a date filter
/// means the viewer's days). Where midnight does not exist that day (a
/// clock moved forward), the day starts at the first hour that does.
pub fn day_start_utc(day: chrono::NaiveDate, timezone: Option<&str>) -> NaiveDateTime {
    use chrono::TimeZone;
    let tz = zone(timezone);
    (0..24)
        .filter_map(|h| day.and_hms_opt(h, 0, 0))
        .find_map(|local| tz.from_local_datetime(&local).earliest())
        .map(|t| t.naive_utc())
        .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// "Times are shown in Europe/Paris (CET)": the zone, and its abbreviation
/// today.
pub fn zone_label(lang: Lang, timezone: Option<&str>) -> String {
    let tz = zone(timezone);
    let abbreviation = chrono::Utc::now()
        .with_timezone(&tz)
        .format("%Z")
        .to_string();
    let args = [
        ("zone", tz.name().to_string()),
        ("abbreviation", abbreviation),
    ];
    lang.t_args("times-in-zone", &args)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_the_viewers_local_time() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(super::format_datetime(t, None), "2026-07-01 12:00");
        assert_eq!(
            super::format_datetime(t, Some("Europe/Paris")),
            "2026-07-01 14:00"
        );
        assert_eq!(
            super::format_datetime(t, Some("Nowhere/Else")),
            "2026-07-01 12:00"
        );
        assert_eq!(
            super::format_date(t, Some("Pacific/Kiritimati")),
            "2026-07-02"
        );
        let label = super::zone_label(crate::i18n::Lang::Fr, Some("Asia/Tokyo"));
        assert_eq!(label, "Heures indiquées dans le fuseau Asia/Tokyo (JST).");
        let label = super::zone_label(crate::i18n::Lang::En, None);
        assert_eq!(label, "Times are shown in UTC (UTC).");
    }
}
