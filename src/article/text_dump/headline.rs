//! Finding the headline of a dump whose header has no byline to stand under and no
//! repeated line: the story's header is a short stack right above the body (headline,
//! standfirst, byline or date, a photo), so the headline is the title-like line in that
//! stack that a standfirst, byline or date follows.

use std::ops::Range;

use super::features::{strip_bullet, words};
use super::header::parse_byline;
use crate::article::model::RemovalReason;

/// How many non-blank lines above the body the header stack may reach (share buttons and
/// counters between the byline and the body take a dozen on some sites).
const STACK_LINES: usize = 25;

/// Fewest words a headline has ("The Impeachment Clock"); CJK headlines, written without
/// spaces, count their characters instead.
const MIN_WORDS: usize = 3;
const MIN_CJK_CHARS: usize = 6;
const MAX_WORDS: usize = 40;

/// A headline this long is stated; a shorter title-like line is as likely a label.
const STATED_WORDS: usize = 5;

/// Fewest words of a standfirst: a sentence, not a caption credit.
const STANDFIRST_MIN_WORDS: usize = 6;

/// The headline line in the stack right above `zone.end` (where the body starts).
pub fn above_body(
    lines: &[&str],
    zone: Range<usize>,
    marks: &[Option<RemovalReason>],
    free: &impl Fn(usize) -> bool,
) -> Option<usize> {
    if zone.end >= lines.len() {
        // No body was found: the whole dump is kept as it is, its lines included.
        return None;
    }
    let zone_start = zone.start;
    let stack: Vec<usize> = zone
        .rev()
        .filter(|&i| !lines[i].is_empty())
        .take(STACK_LINES)
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for (at, &i) in stack.iter().enumerate() {
        if !free(i) || !is_headline_like(lines[i]) {
            continue;
        }
        let below = at.checked_sub(1).map(|b| stack[b]);
        let mut score = usize::from(words(lines[i]).count() >= STATED_WORDS);
        if below.is_none_or(|b| introduces_story(lines[b], marks[b])) {
            score += 2;
        }
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| headline_over(lines, zone_start..i, i, free))
}

/// The headline itself when `chosen` is a standfirst printed without a full stop right
/// under it: the line above, standing alone, is a stated headline too.
pub fn headline_over(
    lines: &[&str],
    zone: Range<usize>,
    chosen: usize,
    free: &impl Fn(usize) -> bool,
) -> usize {
    let blank = |i: usize| lines.get(i).is_none_or(|line| line.is_empty());
    let above = (zone.start..chosen).rev().find(|&i| !lines[i].is_empty());
    match above {
        // A teaser list's items stand line after line; a headline stands alone.
        Some(i)
            if free(i)
                && is_headline_like(lines[i])
                && words(lines[i]).count() >= STATED_WORDS
                && i.checked_sub(1).is_none_or(blank)
                && blank(i + 1) =>
        {
            i
        }
        _ => chosen,
    }
}

/// What follows a headline: a standfirst sentence, a byline or a date.
fn introduces_story(line: &str, mark: Option<RemovalReason>) -> bool {
    if matches!(mark, Some(RemovalReason::Byline | RemovalReason::Dateline)) {
        return true;
    }
    let lower = line.to_lowercase();
    let dated = ["published", "updated", "posted"]
        .iter()
        .any(|word| lower.starts_with(word));
    dated
        || parse_byline(line).is_some()
        || lower.starts_with("by ")
        || line.ends_with('.') && words(line).count() >= STANDFIRST_MIN_WORDS
}

/// Could be a headline: a few words of text, not a sentence, list item, breadcrumb,
/// shouted label, timestamp or icon name.
pub fn is_headline_like(line: &str) -> bool {
    if strip_bullet(line).1
        || line.ends_with(['.', ',', ':', ';'])
        || line.starts_with("By ")
        || line.contains("://")
    {
        return false;
    }
    let tokens: Vec<&str> = words(line).collect();
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    let enough = tokens.len() >= MIN_WORDS || cjk >= MIN_CJK_CHARS;
    if !enough || tokens.len() > MAX_WORDS {
        return false;
    }
    let numbers = tokens
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .count();
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = letters.len() > 3
        && letters.iter().all(|c| !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase());
    let breadcrumb = line.matches(" > ").count() + line.matches(" » ").count() >= 2;
    let icon = line.split_whitespace().any(|w| w.contains('_'));
    numbers * 3 < tokens.len() && !shouted && !breadcrumb && !icon
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(lines: &[&'a str]) -> Option<&'a str> {
        let marks: Vec<Option<RemovalReason>> = lines
            .iter()
            .map(|l| super::super::header::classify(l, words(l).count()))
            .collect();
        let free = |i: usize| marks[i].is_none() && !lines[i].is_empty();
        let body = lines.len() - 1;
        above_body(lines, 0..body, &marks, &free).map(|i| lines[i])
    }

    #[test]
    fn the_headline_is_the_line_a_standfirst_or_date_follows() {
        let lines = [
            "World news",
            "",
            "Ferry operator cuts winter crossings to the islands",
            "",
            "The company blamed rising fuel costs and a shortage of crew for the cuts.",
            "",
            "Breaking News Emails",
            "",
            "Get breaking news alerts and special reports delivered every morning.",
            "",
            "Nov. 20, 2031, 9:28 AM UTC",
            "",
            "The island ferry will sail twice a day instead of four times from December, its operator said on Tuesday.",
        ];
        assert_eq!(
            find(&lines),
            Some("Ferry operator cuts winter crossings to the islands")
        );
    }

    #[test]
    fn labels_breadcrumbs_icons_and_shouting_are_not_headlines() {
        for line in [
            "BLOG > Nutrition > Meal Plans",
            "chevron_left Browse All Posts",
            "CLICK FOR FULL RESULTS",
            "21:17 18.11.2031 Get short URL",
            "Key Points",
            "* Share this story",
            "By Jane Roe",
        ] {
            assert!(!is_headline_like(line), "{line}");
        }
        assert!(is_headline_like("The Impeachment Clock"));
        assert!(is_headline_like("商品の改造が違反に！？"));
    }

    #[test]
    fn a_standfirst_without_a_full_stop_gives_way_to_the_headline_above_it() {
        let lines = [
            "Harbour board delays crane repairs until spring",
            "",
            "Union says the cranes have not been inspected since March",
            "",
            "By Jane Roe",
        ];
        let free = |i: usize| !lines[i].is_empty() && i != 4;
        assert_eq!(headline_over(&lines, 0..4, 2, &free), 0);
        let teasers = [
            "Ferry fares rise for the third year running",
            "Harbour board delays crane repairs until spring",
            "",
            "Union says the cranes have not been inspected since March",
        ];
        let free = |i: usize| !teasers[i].is_empty();
        assert_eq!(headline_over(&teasers, 0..3, 3, &free), 3);
    }
}
