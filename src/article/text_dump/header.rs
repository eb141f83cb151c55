//! The header zone: everything above the article body, where the page keeps its title,
//! byline, date, section label and logo. Reading it gives the metadata; everything else
//! there is furniture.

use std::collections::HashSet;
use std::ops::Range;

use super::features::{strip_bullet, words};
use super::headline;
use crate::article::date;
use crate::article::model::{Metadata, RemovalReason};

/// Longest line, in words, read as a dateline: a date with a few labels around it.
const DATELINE_MAX_WORDS: usize = 14;

/// Longest logo line, in bytes: a site name and the word "logo".
const LOGO_LINE_MAX_BYTES: usize = 80;

/// Longest section label, in words ("Russia", "Middle East", "Science & Tech").
const SECTION_MAX_WORDS: usize = 3;

/// How many lines above the byline a repeated headline may stand (headline, standfirst,
/// an image's alt text).
const TITLE_NEAR_BYLINE_LINES: usize = 4;

/// Shortest line, in words, that can be a headline worth matching twice.
const TITLE_MIN_WORDS: usize = 4;

/// Words that join names inside a byline and never start one.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "la", "le", "van", "von",
];

/// Lines that are the alt text of an image standing in the header (author photos, icons).
const ALT_TEXTS: &[&str] = &[
    "avatar",
    "author",
    "author avatar",
    "author image",
    "author photo",
    "icon",
    "image",
    "photo",
    "picture",
    "profile picture",
    "thumbnail",
];

const BYLINE_PREFIXES: &[&str] = &[
    "by ",
    "written by ",
    "words by ",
    "story by ",
    "posted by ",
    "reporting by ",
    "von ",
    "par ",
    "por ",
];

/// Longest relative-time line, in words ("2 days ago at 07:52 am").
const RELATIVE_TIME_MAX_WORDS: usize = 8;

/// Relative times that teaser cards and comment threads print instead of a date.
const RELATIVE_TIME_UNITS: &[&str] = &[
    "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hour", "hours", "day",
    "days", "week", "weeks", "month", "months", "year", "years",
];

/// What the header zone told us, and which of its lines to drop for what reason.
#[derive(Debug, Default)]
pub struct Header {
    pub metadata: Metadata,
    pub marks: Vec<(usize, RemovalReason)>,
}

/// The header furniture a line is, wherever it stands: a dateline, a logo or alt text, or
/// a byline. Marking these everywhere keeps teaser cards (headline, author, date, summary)
/// from scoring like article text.
pub fn classify(line: &str, word_count: usize) -> Option<RemovalReason> {
    if is_dateline(line, word_count) {
        Some(RemovalReason::Dateline)
    } else if logo_site_seen(line) || is_alt_text(line) {
        Some(RemovalReason::Logo)
    } else if parse_byline(line).is_some() {
        Some(RemovalReason::Byline)
    } else {
        None
    }
}

/// Reads the header zone `lines[zone]`. `marks` holds what the line rules found, including
/// the datelines, logos and bylines that [`classify`] marked; the metadata comes from those,
/// and the title and section from what is left.
pub fn parse(lines: &[&str], zone: Range<usize>, marks: &[Option<RemovalReason>]) -> Header {
    let mut header = Header::default();
    let metadata = &mut header.metadata;
    for i in zone.clone() {
        match marks[i] {
            Some(RemovalReason::Dateline | RemovalReason::Logo) => {
                read_date_or_logo(lines[i], metadata);
            }
            Some(RemovalReason::Byline) if metadata.byline.is_empty() => {
                metadata.byline = parse_byline(lines[i]).unwrap_or_default();
            }
            _ => {}
        }
    }
    let free = |i: usize| marks[i].is_none() && !lines[i].is_empty();
    let title_at = choose_title(lines, zone.clone(), marks, &free);
    let Some(title_at) = title_at else {
        return header;
    };
    let title = lines[title_at];
    let mut copies = zone.clone().filter(|&i| lines[i] == title && free(i));
    let first = copies.next().unwrap_or(title_at);
    header.metadata.title = Some(title.to_string());
    header.marks.push((first, RemovalReason::Title));
    header
        .marks
        .extend(copies.map(|i| (i, RemovalReason::RepeatedHeadline)));
    let before = (zone.start..first).rev().find(|&i| !lines[i].is_empty());
    if let Some(i) = before.filter(|&i| free(i) && is_section_label(lines[i])) {
        header.metadata.section = Some(lines[i].to_string());
        header.marks.push((i, RemovalReason::SectionLabel));
    }
    header
}

/// A short unpunctuated line around a date ("Published May 2, 2031 at 9:14 am"), or a
/// relative time ("3 hours ago").
fn is_dateline(line: &str, count: usize) -> bool {
    if count > DATELINE_MAX_WORDS
        || line.ends_with(['.', '!', '?']) && !line.ends_with(" a.m.") && !line.ends_with(" p.m.")
        || !line.contains(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if count <= RELATIVE_TIME_MAX_WORDS && line.to_lowercase().contains(" ago") {
        return words(line).any(|w| RELATIVE_TIME_UNITS.contains(&w.to_lowercase().as_str()));
    }
    date::find_date(line).is_some()
}

/// Fills the date and site from a dateline or logo line ("date 2026-03-11 KI logo").
fn read_date_or_logo(line: &str, metadata: &mut Metadata) {
    let found = date::find_date(line);
    if let Some(site) = logo_site(line, found.as_ref())
        && metadata.site.is_none()
        && !site.is_empty()
    {
        metadata.site = Some(site);
    }
    if let Some(found) = found
        && metadata.date.is_none()
    {
        metadata.date_raw = Some(line[found.span.clone()].to_string());
        metadata.date_source = Some("text".to_string());
        metadata.date = Some(found.iso);
    }
}

fn logo_site_seen(line: &str) -> bool {
    line.len() <= LOGO_LINE_MAX_BYTES
        && line
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"logo"))
        && words(line).count() <= 6
        && words(line).any(|w| w.eq_ignore_ascii_case("logo"))
}

/// The site a "NAME logo" line names, with any date and "date" label taken out.
fn logo_site(line: &str, found: Option<&date::FoundDate>) -> Option<String> {
    if !logo_site_seen(line) {
        return None;
    }
    let (before, after) = match found {
        Some(found) => (&line[..found.span.start], &line[found.span.end..]),
        None => (line, ""),
    };
    let name: Vec<&str> = words(before)
        .chain(words(after))
        .filter(|w| !w.eq_ignore_ascii_case("logo") && !w.eq_ignore_ascii_case("date"))
        .collect();
    Some(name.join(" "))
}

fn is_alt_text(line: &str) -> bool {
    ALT_TEXTS.iter().any(|alt| alt.eq_ignore_ascii_case(line))
}

/// The authors of a "by A, B and C" line, or `None` when the line is not a byline.
pub fn parse_byline(line: &str) -> Option<Vec<String>> {
    let (line, _) = strip_bullet(line);
    let prefix = BYLINE_PREFIXES.iter().find(|prefix| {
        line.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    })?;
    let rest = &line[prefix.len()..];
    let names = rest
        .split(['|', '•', '·'])
        .next()
        .unwrap_or_default()
        .split(" - ")
        .next()
        .unwrap_or_default();
    let mut authors = Vec::new();
    'parts: for part in names.split([',', '&', ';']) {
        for name in split_and(part) {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            if !is_name(name) {
                // "By Jane Roe, Staff Writer": stop at the first part that is not a name.
                break 'parts;
            }
            authors.push(name.to_string());
        }
    }
    (!authors.is_empty() && names.split_whitespace().count() <= 16).then_some(authors)
}

fn split_and(part: &str) -> impl Iterator<Item = &str> {
    part.split(" and ")
        .flat_map(|piece| piece.split(" und "))
        .flat_map(|piece| piece.split(" et "))
        .flat_map(|piece| piece.split(" y "))
}

/// One to four capitalised words, allowing particles like "van" and "al".
fn is_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&parts.len())
        && parts
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && parts.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || NAME_PARTICLES.contains(&w.to_lowercase().as_str())
        })
        && !parts.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
}

/// Where the headline is. Sites print it twice (page title and story heading), but
/// carousels and share panels repeat lines too, so a repeated line wins only when it stands
/// just above the byline; otherwise the line right above the byline does, and failing
/// both, the repeated line closest to the body, and then the headline of the stack right
/// above the body ([`headline::above_body`]).
fn choose_title(
    lines: &[&str],
    zone: Range<usize>,
    marks: &[Option<RemovalReason>],
    free: &impl Fn(usize) -> bool,
) -> Option<usize> {
    let repeated = repeated_lines(lines, zone.clone(), free);
    let byline = zone
        .clone()
        .rev()
        .find(|&i| marks[i] == Some(RemovalReason::Byline));
    if let Some(byline) = byline {
        let mut above = (zone.start..byline).rev().filter(|&i| free(i));
        let near: Vec<usize> = above.by_ref().take(TITLE_NEAR_BYLINE_LINES).collect();
        if let Some(&i) = near.iter().find(|i| repeated.contains(&lines[**i])) {
            return Some(i);
        }
        if let Some(&i) = near
            .first()
            .filter(|&&i| is_title_like(lines[i]) && headline::is_headline_like(lines[i]))
        {
            return Some(headline::headline_over(lines, zone, i, free));
        }
    }
    zone.clone()
        .rev()
        .find(|&i| free(i) && repeated.contains(&lines[i]))
        .or_else(|| headline::above_body(lines, zone, marks, free))
}

/// Headline-like lines that occur more than once in the zone.
fn repeated_lines<'a>(
    lines: &[&'a str],
    zone: Range<usize>,
    free: &impl Fn(usize) -> bool,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut repeated = HashSet::new();
    for i in zone.filter(|&i| free(i) && is_title_like(lines[i])) {
        if !seen.insert(lines[i]) {
            repeated.insert(lines[i]);
        }
    }
    repeated
}

/// Long enough for a headline, and not a sentence, list item or label.
fn is_title_like(line: &str) -> bool {
    words(line).count() >= TITLE_MIN_WORDS && !line.ends_with('.') && !strip_bullet(line).1
}

fn is_section_label(line: &str) -> bool {
    if strip_bullet(line).1 {
        return false;
    }
    let count = words(line).count();
    (1..=SECTION_MAX_WORDS).contains(&count)
        && line.chars().count() <= 30
        && !line.chars().any(|c| c.is_ascii_digit())
        && !line.ends_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_with_one_or_more_authors() {
        assert_eq!(parse_byline("by Jane Roe").unwrap(), ["Jane Roe"]);
        assert_eq!(
            parse_byline("By Jane Roe and Sam Lee").unwrap(),
            ["Jane Roe", "Sam Lee"]
        );
        assert_eq!(
            parse_byline("By Jane Roe, Sam Lee and Ana de la Cruz").unwrap(),
            ["Jane Roe", "Sam Lee", "Ana de la Cruz"]
        );
        assert_eq!(
            parse_byline("By Jane Roe, staff writer | May 2, 2031").unwrap(),
            ["Jane Roe"]
        );
        assert_eq!(parse_byline("by continuing to browse you agree"), None);
        assert_eq!(
            parse_byline("By the time the ferry arrived, it was dark."),
            None
        );
    }

    fn kind(line: &str) -> Option<RemovalReason> {
        classify(line, words(line).count())
    }

    fn parse_all(lines: &[&str]) -> Header {
        let marks: Vec<Option<RemovalReason>> = lines.iter().map(|line| kind(line)).collect();
        let mut header = parse(lines, 0..lines.len(), &marks);
        header.marks.extend(
            marks
                .iter()
                .enumerate()
                .filter_map(|(i, m)| m.map(|m| (i, m))),
        );
        header.marks.sort_by_key(|&(i, _)| i);
        header
    }

    #[test]
    fn header_gives_title_section_date_site_and_byline() {
        let lines = [
            "date 2031-05-02 HG logo",
            "Harbour",
            "",
            "Ferry strike ends after three weeks",
            "",
            "Avatar",
            "by Jane Roe",
            "Ferry strike ends after three weeks",
        ];
        let header = parse_all(&lines);
        let metadata = &header.metadata;
        assert_eq!(
            metadata.title.as_deref(),
            Some("Ferry strike ends after three weeks")
        );
        assert_eq!(metadata.section.as_deref(), Some("Harbour"));
        assert_eq!(metadata.date.as_deref(), Some("2031-05-02"));
        assert_eq!(metadata.date_raw.as_deref(), Some("2031-05-02"));
        assert_eq!(metadata.date_source.as_deref(), Some("text"));
        assert_eq!(metadata.site.as_deref(), Some("HG"));
        assert_eq!(metadata.byline, ["Jane Roe"]);
        assert_eq!(
            header.marks,
            [
                (0, RemovalReason::Dateline),
                (1, RemovalReason::SectionLabel),
                (3, RemovalReason::Title),
                (5, RemovalReason::Logo),
                (6, RemovalReason::Byline),
                (7, RemovalReason::RepeatedHeadline),
            ]
        );
    }

    #[test]
    fn datelines_are_short_and_unpunctuated() {
        assert_eq!(
            kind("Published May 2, 2031 at 9:14 am"),
            Some(RemovalReason::Dateline)
        );
        assert_eq!(kind("3 hours ago"), Some(RemovalReason::Dateline));
        assert_eq!(
            kind("2 days ago at 07:52 am"),
            Some(RemovalReason::Dateline)
        );
        assert_eq!(
            kind("Published: Monday, May 2nd, 2031 at 11:08 a.m."),
            Some(RemovalReason::Dateline)
        );
        assert_eq!(kind("The vote was held on May 2, 2031."), None);
        assert_eq!(kind("2 ships ago"), None);
    }

    #[test]
    fn title_falls_back_to_the_line_above_the_byline() {
        let header = parse_all(&["Menu", "Tram fares frozen for another year", "By Sam Lee"]);
        assert_eq!(
            header.metadata.title.as_deref(),
            Some("Tram fares frozen for another year")
        );
    }

    #[test]
    fn the_byline_nearest_the_body_is_the_story_s_not_a_teaser_s() {
        let header = parse_all(&[
            "Recent from Sam Lee",
            "",
            "Bus lanes open on the coast road next week",
            "",
            "By Sam Lee",
            "",
            "Tram fares frozen for another year",
            "",
            "By Jane Roe",
        ]);
        assert_eq!(
            header.metadata.title.as_deref(),
            Some("Tram fares frozen for another year")
        );
    }

    #[test]
    fn a_header_without_byline_or_repeat_still_has_its_headline() {
        let lines = [
            "Menu",
            "",
            "Tram fares frozen for another year",
            "",
            "The council said ticket prices would stay where they are until 2032.",
            "",
            "Nov. 20, 2031",
            "",
            "The city council froze tram fares on Tuesday for the second year in a row, citing the cost of living.",
        ];
        let marks: Vec<Option<RemovalReason>> = lines.iter().map(|line| kind(line)).collect();
        let header = parse(&lines, 0..lines.len() - 1, &marks);
        assert_eq!(
            header.metadata.title.as_deref(),
            Some("Tram fares frozen for another year")
        );
    }
}
