//! Finding publication dates in the forms news sites write them and turning them into ISO 8601.
//!
//! Sites write "2026-03-11", "March 11, 2026", "11 Mar 2026", "Wed, 11 Mar 2026 09:30:00 GMT"
//! or "Updated 9:30 AM EST, Wed March 11, 2026", often with other words around them. The
//! raw string is always kept beside the ISO form so a wrong reading can be seen and fixed.

use std::ops::Range;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date found inside a longer string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub iso: String,
    /// Byte range of the date inside the searched string.
    pub span: Range<usize>,
}

mod timestamp;

/// How far ahead of now a publication date may be: a page published "tomorrow" in a
/// time zone ahead of ours is real; further ahead is an embargo or a scheduled update.
const FUTURE_LEEWAY_SECONDS: i64 = 24 * 60 * 60;

/// Why an ISO date a source gives cannot be when the article came out, when it cannot.
/// Content systems fill an empty date field with a default: .NET's `DateTime.MinValue`
/// (year 1), the Unix epoch (which shows as 1969-12-31 west of Greenwich), or a date
/// still to come. Such a date used as the publication date would be silently wrong.
pub fn placeholder(iso: &str, now: DateTime<Utc>) -> Option<&'static str> {
    let instant = DateTime::parse_from_rfc3339(iso)
        .map(|zoned| zoned.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            let local = NaiveDateTime::parse_from_str(iso, "%Y-%m-%dT%H:%M:%S").ok();
            let day = || NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok();
            local
                .or_else(|| day()?.and_hms_opt(0, 0, 0))
                .map(|naive| naive.and_utc())
        })?;
    match iso.get(..10) {
        Some("0001-01-01") => return Some("a placeholder (year 1)"),
        Some("1970-01-01") => return Some("a placeholder (the Unix epoch)"),
        _ if instant.timestamp() == 0 => return Some("a placeholder (the Unix epoch)"),
        _ => {}
    }
    (instant.timestamp() > now.timestamp() + FUTURE_LEEWAY_SECONDS)
        .then_some("more than a day in the future")
}

/// What a person is told about a date [`placeholder`] refused, naming where it was.
pub fn refused(raw: &str, source: &str, why: &str) -> String {
    format!("the date {raw:?} ({source}) is {why}; not used as the publication date")
}

/// The present, for [`placeholder`].
pub fn now() -> DateTime<Utc> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

/// The ISO form of a string that is (or contains) a date. A timestamp keeps its time
/// and UTC offset (see [`timestamp`]); a date inside other words becomes `YYYY-MM-DD`.
pub fn to_iso(raw: &str) -> Option<String> {
    timestamp::normalize_date(raw).or_else(|| find_date(raw).map(|found| found.iso))
}

/// The first date in `text`. Numeric day/month forms ("03/04/2026") mean different
/// days on different sides of the Atlantic, so they are left alone rather than guessed.
pub fn find_date(text: &str) -> Option<FoundDate> {
    // Every form read here has a four-digit year; checking for one first skips the
    // tokenising on nearly every line of a long dump.
    if !has_year(text) {
        return None;
    }
    let words = words(text);
    for (i, word) in words.iter().enumerate() {
        let next = |k: usize| words.get(i + k).map(|w| &text[w.clone()]);
        let current = &text[word.clone()];
        if let Some(found) = numeric_date(text, word.start) {
            return Some(found);
        }
        // "March 11, 2026"
        if let Some(month) = month_number(current)
            && let (Some(day), Some(year)) =
                (next(1).and_then(day_number), next(2).and_then(year_number))
            && let Some(date) = found(year, month, day, word.start..words[i + 2].end)
        {
            return Some(date);
        }
        // "11 March 2026"
        if let Some(day) = day_number(current)
            && let (Some(month), Some(year)) = (
                next(1).and_then(month_number),
                next(2).and_then(year_number),
            )
            && let Some(date) = found(year, month, day, word.start..words[i + 2].end)
        {
            return Some(date);
        }
    }
    None
}

fn has_year(text: &str) -> bool {
    let mut run = 0;
    for byte in text.bytes().chain(std::iter::once(b' ')) {
        if byte.is_ascii_digit() {
            run += 1;
        } else if run == 4 {
            return true;
        } else {
            run = 0;
        }
    }
    false
}

/// The date, if it exists in the calendar.
fn found(year: u32, month: u32, day: u32, span: Range<usize>) -> Option<FoundDate> {
    valid(year, month, day).then(|| FoundDate {
        iso: format!("{year:04}-{month:02}-{day:02}"),
        span,
    })
}

/// Alphanumeric runs with their byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                words.push(s..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` starting at `at`.
fn numeric_date(text: &str, at: usize) -> Option<FoundDate> {
    let bytes = text.as_bytes().get(at..at + 10)?;
    let digits = |range: Range<usize>| -> Option<u32> {
        let part = &bytes[range];
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let separator = bytes[4];
    if !matches!(separator, b'-' | b'/' | b'.') || bytes[7] != separator {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let followed_by_digit = text.as_bytes().get(at + 10).is_some_and(u8::is_ascii_digit);
    if followed_by_digit {
        return None;
    }
    found(year, month, day, at..at + 10)
}

fn valid(year: u32, month: u32, day: u32) -> bool {
    (1800..=2200).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" {
        "sep".to_string()
    } else {
        word
    };
    MONTHS
        .iter()
        .position(|month| month.starts_with(&word) && (word.len() == 3 || word == *month))
        .and_then(|index| u32::try_from(index + 1).ok())
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn year_number(word: &str) -> Option<u32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = word.parse().ok()?;
    (1800..=2200).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_inside_other_words() {
        let found = find_date("date 2026-03-11 KI logo").unwrap();
        assert_eq!(found.iso, "2026-03-11");
        assert_eq!(found.span, 5..15);
    }

    #[test]
    fn written_out_dates() {
        assert_eq!(to_iso("March 11, 2026").as_deref(), Some("2026-03-11"));
        assert_eq!(
            to_iso("Wed, 4 Mar 2026 09:30:00 GMT").as_deref(),
            Some("2026-03-04T09:30:00Z")
        );
        assert_eq!(
            to_iso("Updated 9:30 AM EST, Sept. 3rd 2025").as_deref(),
            Some("2025-09-03")
        );
        assert_eq!(to_iso("2026/03/11").as_deref(), Some("2026-03-11"));
    }

    #[test]
    fn full_timestamps_keep_time_and_zone() {
        assert_eq!(
            to_iso("2026-03-11T09:30:00+01:00").as_deref(),
            Some("2026-03-11T09:30:00+01:00")
        );
    }

    #[test]
    fn forms_seen_in_page_headers() {
        assert_eq!(
            to_iso("Published May 2, 2031 at 9:14 am").as_deref(),
            Some("2031-05-02")
        );
        assert_eq!(
            to_iso("Updated Nov. 18, 2031").as_deref(),
            Some("2031-11-18")
        );
        assert_eq!(
            to_iso("Published: Monday, November 18th, 2031 at 11:08 a.m.").as_deref(),
            Some("2031-11-18")
        );
        let line = "Posted: Sept 9, 2031 10:00";
        assert_eq!(&line[find_date(line).unwrap().span], "Sept 9, 2031");
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_not_read() {
        assert_eq!(to_iso("2031-02-30"), None);
        assert_eq!(to_iso("February 29, 2031"), None);
        assert_eq!(to_iso("February 29, 2032").as_deref(), Some("2032-02-29"));
        assert_eq!(to_iso("03/04/2031"), None);
        assert_eq!(to_iso("May the best team win"), None);
    }

    fn at(iso: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(iso)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn default_dates_are_placeholders() {
        let now = at("2026-12-04T21:00:00Z");
        for iso in [
            "0001-01-01",
            "0001-01-01T00:00:00Z",
            "1970-01-01",
            "1970-01-01T00:00:00",
        ] {
            assert!(placeholder(iso, now).is_some(), "{iso}");
        }
        assert_eq!(
            placeholder("1969-12-31T19:00:00-05:00", now),
            Some("a placeholder (the Unix epoch)")
        );
        assert_eq!(placeholder("1969-12-31", now), None);
        assert_eq!(placeholder("2001-09-11T08:46:00-04:00", now), None);
    }

    #[test]
    fn dates_more_than_a_day_ahead_are_placeholders() {
        let now = at("2026-12-04T21:00:00Z");
        assert_eq!(placeholder("2026-12-05", now), None);
        assert_eq!(placeholder("2026-12-05T20:59:00Z", now), None);
        assert_eq!(placeholder("2026-12-05T08:00:00+14:00", now), None);
        assert_eq!(
            placeholder("2026-12-06", now),
            Some("more than a day in the future")
        );
        assert!(placeholder("2026-12-05T21:01:00Z", now).is_some());
        assert!(placeholder("2031-05-02", now).is_some());
        assert_eq!(placeholder("not a date", now), None);
    }

    #[test]
    fn words_that_only_look_like_dates_are_not_dates() {
        assert_eq!(to_iso("May we speak, 12 of 2026 delegates"), None);
        assert_eq!(to_iso("2026-13-40"), None);
        assert_eq!(to_iso("Marching 11, 2026"), None);
        assert_eq!(to_iso("日本"), None);
    }
}
