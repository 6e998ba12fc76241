//! Keyset cursors as URLs hold them: `ID.VALUE`.

use chrono::NaiveDateTime;

/// How a keyset cursor writes a time in a URL: to the microsecond and back.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// A keyset cursor as a URL holds it: `ID.VALUE`, the row's id first, as
/// the value may hold dots itself.
pub fn cursor_text(id: i64, value: impl std::fmt::Display) -> String {
    format!("{id}.{value}")
}

/// The id and value of a cursor's text; None for anything malformed.
pub fn cursor_parts(raw: &str) -> Option<(i64, &str)> {
    let (id, value) = raw.split_once('.')?;
    Some((id.parse().ok()?, value))
}

/// A time as a cursor's value.
pub fn cursor_time(t: &NaiveDateTime) -> impl std::fmt::Display + '_ {
    t.format(TIME_FORMAT)
}

/// A cursor's value read as a time.
pub fn parse_cursor_time(value: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value, TIME_FORMAT).ok()
}
