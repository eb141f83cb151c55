//! Parsing whole timestamps as pages and feeds write them (meta tags, JSON-LD, RSS,
//! scraper records) into ISO 8601.
//!
//! A timestamp keeps the page's own UTC offset (converting it would change
//! the calendar date a reader sees); one without an offset stays local time;
//! a bare date stays a date. Anything unrecognised gives `None`, and the
//! caller keeps the raw text so a person can still read it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};

const OFFSET_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M%z",
];

const LOCAL_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
    "%a, %d %b %Y",
];

pub fn normalize_date(raw: &str) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(timestamp) = parse_epoch(text) {
        return Some(format_offset(timestamp));
    }
    let zoned = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix(" UTC"))
        .or_else(|| text.strip_suffix(" GMT"))
        .filter(|rest| rest.contains(':'))
        .map(|rest| format!("{rest}+00:00"));
    let zoned = zoned.as_deref().unwrap_or(text);
    if let Ok(parsed) = DateTime::parse_from_rfc3339(zoned) {
        return Some(format_offset(parsed));
    }
    for format in OFFSET_FORMATS {
        if let Ok(parsed) = DateTime::parse_from_str(zoned, format) {
            return Some(format_offset(parsed));
        }
    }
    if let Ok(parsed) = DateTime::parse_from_rfc2822(text) {
        return Some(format_offset(parsed));
    }
    for format in LOCAL_FORMATS {
        if let Ok(parsed) = NaiveDateTime::parse_from_str(text, format) {
            return Some(parsed.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    parse_date_only(text)
        .or_else(|| parse_date_only(strip_ordinals(text).trim()))
        .or_else(|| leading_iso_date(text))
        .map(|date| date.format("%Y-%m-%d").to_string())
}

fn format_offset(parsed: DateTime<FixedOffset>) -> String {
    parsed.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Unix time in seconds or milliseconds, as some content systems write it;
/// only the plausible range (2000–2100) so an article id is not read as a date.
fn parse_epoch(text: &str) -> Option<DateTime<FixedOffset>> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = match text.len() {
        10 => text.parse::<i64>().ok()?,
        13 => text.parse::<i64>().ok()? / 1000,
        _ => return None,
    };
    if !(946_684_800..4_102_444_800).contains(&seconds) {
        return None;
    }
    Some(DateTime::from_timestamp(seconds, 0)?.fixed_offset())
}

fn parse_date_only(text: &str) -> Option<NaiveDate> {
    DATE_FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

/// "November 1st, 2019" → "November 1, 2019".
fn strip_ordinals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        out.push(c);
        if c.is_ascii_digit() {
            let rest = &text[index + 1..];
            let suffix = ["st", "nd", "rd", "th"].into_iter().find(|s| {
                rest.get(..2)
                    .is_some_and(|head| head.eq_ignore_ascii_case(s))
            });
            let ends_word = rest
                .get(suffix.map_or(0, str::len)..)
                .unwrap_or_default()
                .chars()
                .next()
                .is_none_or(|next| !next.is_alphanumeric());
            if let Some(suffix) = suffix.filter(|_| ends_word) {
                for _ in 0..suffix.len() {
                    chars.next();
                }
            }
        }
    }
    out
}

/// A timestamp in a shape not listed above still usually starts with the date.
fn leading_iso_date(text: &str) -> Option<NaiveDate> {
    let head = text.get(..10)?;
    let rest = &text[10..];
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    fn norm(raw: &str) -> Option<String> {
        normalize_date(raw)
    }

    #[test]
    fn timestamps_keep_their_offset() {
        assert_eq!(
            norm("2019-11-18T08:55:39-05:00").unwrap(),
            "2019-11-18T08:55:39-05:00"
        );
        assert_eq!(
            norm("2019-11-20T04:26:47+0000").unwrap(),
            "2019-11-20T04:26:47Z"
        );
        assert_eq!(
            norm("2019-11-20T10:18:01+05:30").unwrap(),
            "2019-11-20T10:18:01+05:30"
        );
        assert_eq!(
            norm("2019-11-18T17:01:27.893Z").unwrap(),
            "2019-11-18T17:01:27Z"
        );
        assert_eq!(norm("2019-11-18T16:18Z").unwrap(), "2019-11-18T16:18:00Z");
        assert_eq!(
            norm("Mon, 18 Nov 2019 16:07:38 -0600").unwrap(),
            "2019-11-18T16:07:38-06:00"
        );
        assert_eq!(
            norm("Tue, 19 Nov 2019 08:00:00 GMT").unwrap(),
            "2019-11-19T08:00:00Z"
        );
    }

    #[test]
    fn local_times_stay_local() {
        assert_eq!(norm("2019-11-20 06:09:25").unwrap(), "2019-11-20T06:09:25");
        assert_eq!(norm("2019-11-15T10:10:14").unwrap(), "2019-11-15T10:10:14");
        assert_eq!(norm("2019-11-15T10:10").unwrap(), "2019-11-15T10:10:00");
    }

    #[test]
    fn dates_in_words_become_dates() {
        assert_eq!(norm("2017-12-06").unwrap(), "2017-12-06");
        assert_eq!(norm("November 19, 2019").unwrap(), "2019-11-19");
        assert_eq!(norm("Nov 19, 2019").unwrap(), "2019-11-19");
        assert_eq!(norm("19 November 2019").unwrap(), "2019-11-19");
        assert_eq!(norm("November 1st, 2019").unwrap(), "2019-11-01");
        assert_eq!(norm("Wednesday, November 20, 2019").unwrap(), "2019-11-20");
        assert_eq!(norm("20191119").unwrap(), "2019-11-19");
    }

    #[test]
    fn epoch_seconds_and_milliseconds() {
        assert_eq!(norm("1574168580").unwrap(), "2019-11-19T13:03:00Z");
        assert_eq!(norm("1574168580000").unwrap(), "2019-11-19T13:03:00Z");
        assert_eq!(norm("12345"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,40}") {
            let _ = normalize_date(&raw);
        }

        #[test]
        fn never_panics_on_date_like_text(raw in "[0-9]{1,4}(st|nd|é|ü|[ -/.:T])[0-9a-zé]{0,12}") {
            let _ = normalize_date(&raw);
        }
    }

    #[test]
    fn nonsense_is_not_a_date() {
        assert_eq!(norm("1é"), None);
        assert_eq!(norm(""), None);
        assert_eq!(norm("{{post_date}}"), None);
        assert_eq!(norm("yesterday"), None);
        assert_eq!(norm("2019-13-45"), None);
        assert_eq!(norm("2019-02-30T10:00:00Z"), None);
    }
}
