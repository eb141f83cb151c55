//! Dates as news pages print them, turned into ISO 8601.
//!
//! Only unambiguous forms are read: "2026-03-11", "March 11, 2026", "11 March 2026",
//! "Nov. 18, 2019". Numeric forms like "03/04/2026" mean different days on different
//! sides of the Atlantic, so they are left alone rather than guessed.

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// A date found in a line: the ISO form and the byte range it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

/// A token with its byte range, so the raw date can be cut out of the line safely.
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in line.char_indices() {
        let inside = c.is_alphanumeric() || c == '-';
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(Token {
                    text: &line[from..at],
                    start: from,
                    end: at,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(Token {
            text: &line[from..],
            start: from,
            end: line.len(),
        });
    }
    out
}

/// Finds the first unambiguous date in a line.
pub fn find(line: &str) -> Option<FoundDate> {
    if !has_year(line) {
        return None;
    }
    let tokens = tokens(line);
    for (i, token) in tokens.iter().enumerate() {
        if let Some(iso) = iso_date(token.text) {
            return Some(FoundDate {
                iso,
                start: token.start,
                end: token.end,
            });
        }
        let Some(month) = month(token.text) else {
            continue;
        };
        let number = |at: usize| tokens.get(at).and_then(|t| day_or_year(t.text));
        // "March 11, 2026"
        if let (Some(day), Some(year)) = (number(i + 1), number(i + 2))
            && let Some(iso) = ymd(year, month, day)
        {
            return Some(FoundDate {
                iso,
                start: token.start,
                end: tokens[i + 2].end,
            });
        }
        // "11 March 2026"
        if let (Some(day), Some(year)) = (i.checked_sub(1).and_then(number), number(i + 1))
            && let Some(iso) = ymd(year, month, day)
        {
            return Some(FoundDate {
                iso,
                start: tokens[i - 1].start,
                end: tokens[i + 1].end,
            });
        }
    }
    None
}

/// Every form read here has a four-digit year; checking for one first skips the
/// tokenising on nearly every line.
fn has_year(line: &str) -> bool {
    let mut run = 0;
    for byte in line.bytes().chain(std::iter::once(b' ')) {
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

/// A number, allowing an English ordinal suffix ("18th", "1st").
fn day_or_year(token: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| token.strip_suffix(suffix))
        .unwrap_or(token);
    digits.parse().ok()
}

fn month(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, number)| number)
}

fn iso_date(token: &str) -> Option<String> {
    let mut parts = token.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let plausible = (1900..=2199).contains(&year) && (1..=12).contains(&month);
    (plausible && (1..=days_in_month(year, month)).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<String> {
        find(line).map(|found| found.iso)
    }

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(
            iso("date 2031-05-02 HG logo").as_deref(),
            Some("2031-05-02")
        );
        assert_eq!(
            iso("Published May 2, 2031 at 9:14 am").as_deref(),
            Some("2031-05-02")
        );
        assert_eq!(iso("2 May 2031").as_deref(), Some("2031-05-02"));
        assert_eq!(iso("Updated Nov. 18, 2031").as_deref(), Some("2031-11-18"));
        assert_eq!(
            iso("Published: Monday, November 18th, 2031 at 11:08 a.m.").as_deref(),
            Some("2031-11-18")
        );
    }

    #[test]
    fn raw_range_covers_what_was_written() {
        let line = "Posted: Sept 9, 2031 10:00";
        let found = find(line).unwrap();
        assert_eq!(&line[found.start..found.end], "Sept 9, 2031");
    }

    #[test]
    fn rejects_impossible_and_ambiguous_dates() {
        assert_eq!(iso("2031-02-30"), None);
        assert_eq!(iso("03/04/2031"), None);
        assert_eq!(iso("May the best team win"), None);
    }
}
