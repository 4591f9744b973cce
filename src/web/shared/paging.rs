//! The keyset cursors of the lists' page links: `<date>_<uuid>` for lists ordered by a day,
//! `<RFC 3339 time>_<uuid>` for those ordered by a moment.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// A `2022-04-01_<uuid>` cursor; `None` for anything else.
pub fn date_cursor(raw: Option<&str>) -> Option<(NaiveDate, Uuid)> {
    let (date, id) = raw?.split_once('_')?;
    Some((date.parse().ok()?, id.parse().ok()?))
}

/// A `<RFC 3339 time>_<uuid>` cursor; `None` for anything else.
pub fn time_cursor(raw: Option<&str>) -> Option<(DateTime<Utc>, Uuid)> {
    let (at, id) = raw?.rsplit_once('_')?;
    Some((
        DateTime::parse_from_rfc3339(at).ok()?.to_utc(),
        id.parse().ok()?,
    ))
}

/// The cursor of a row at `at` with `id`, as [`time_cursor`] reads it.
pub fn time_cursor_of(at: DateTime<Utc>, id: Uuid) -> String {
    format!(
        "{}_{id}",
        at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was_written() {
        let id = Uuid::now_v7();
        let at = DateTime::parse_from_rfc3339("2026-12-08T01:02:03.456789Z")
            .expect("time")
            .to_utc();
        assert_eq!(time_cursor(Some(&time_cursor_of(at, id))), Some((at, id)));
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
        assert_eq!(date_cursor(Some(&format!("{day}_{id}"))), Some((day, id)));
        assert_eq!(date_cursor(Some("yesterday_x")), None);
        assert_eq!(time_cursor(None), None);
    }
}
