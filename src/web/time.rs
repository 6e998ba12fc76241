//! Times are stored in UTC and shown in the viewer's timezone.

use std::sync::LazyLock;

use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDateTime;

/// How a time is shown, read once. Read at each use, it was a third of the
/// time spent making a list page's 25 rows (`row_view`, under `perf`).
static FORMAT: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%d %H:%M %Z").collect());

pub fn format_datetime(utc: NaiveDateTime, timezone: Option<&str>) -> String {
    let tz: chrono_tz::Tz = timezone
        .and_then(|t| t.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    utc.and_utc()
        .with_timezone(&tz)
        .format_with_items(FORMAT.iter())
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_the_viewers_local_time() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(super::format_datetime(t, None), "2026-07-01 12:00 UTC");
        assert_eq!(
            super::format_datetime(t, Some("Europe/Paris")),
            "2026-07-01 14:00 CEST"
        );
        assert_eq!(
            super::format_datetime(t, Some("Nowhere/Else")),
            "2026-07-01 12:00 UTC"
        );
    }
}
