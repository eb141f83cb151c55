//! Cleaning scraped plain-text dumps of news pages.
//!
//! A dump has lost all markup, so the cleaner works from the text alone, in passes that
//! each look at every line once: line rules and captions mark obvious furniture, text
//! features score every line, the best-scoring run of lines becomes the body, and the
//! lines above it are read as the header for title, byline, date, section and site.

mod body;
mod caption;
mod drop_cap;
mod features;
mod header;
mod headline;
mod rules;
mod stopwords;

use std::collections::HashSet;
use std::ops::Range;

use super::model::{Caption, Cleaned, RemovalReason, RemovedLine};
use features::Features;

/// How far above the body the header is read: title, byline and date sit right above
/// it, and looking further only finds menus and teasers (and costs time on huge pages).
const HEADER_LOOKBACK_LINES: usize = 200;
/// Longest line, in words, taken as the caption above a credit-only line.
const CAPTION_ABOVE_CREDIT_MAX_WORDS: usize = 60;
/// Fewest words of a sentence above the body taken as its lede.
const LEDE_MIN_WORDS: usize = 5;
/// How many non-blank lines beyond the body an editorial note may stand and still join it.
const EDITORIAL_NOTE_REACH: usize = 8;
/// A block of at least this many Title Case list items inside the body is a link list...
const LINK_LIST_MIN_ITEMS: usize = 2;
/// ...when every item has at least this many words...
const LINK_ITEM_MIN_WORDS: usize = 4;
/// ...and at least this share of them capitalised.
const LINK_ITEM_MIN_CAPITALS: f32 = 0.6;
/// Shortest run of consecutive short lines that reads as a menu.
const NAV_RUN_MIN_LINES: usize = 3;
/// Longest line, in words, that can be a menu item.
const NAV_ITEM_MAX_WORDS: usize = 4;
/// Shortest line, in characters, worth checking for duplicates: short labels repeat
/// legitimately ("Reply", a speaker's name in a transcript).
const DUPLICATE_MIN_CHARS: usize = 60;
/// A document with at least this many characters is long enough that an almost empty
/// result means the rules misfired rather than that the page had no article.
const LONG_DOCUMENT_CHARS: usize = 2000;
/// A body shorter than this, in characters, is suspect in a long document...
const SHORT_BODY_CHARS: usize = 500;
/// ...when it also holds less than this share of the document's prose-like lines.
const MIN_PROSE_KEPT: f32 = 0.2;

/// Cleans an already-normalised text dump.
pub fn clean(text: &str) -> Cleaned {
    let lines: Vec<&str> = text.split('\n').collect();
    let language = features::guess_language(&lines);
    let features: Vec<Features> = lines.iter().map(|l| Features::of(l, language)).collect();

    let mut marks: Vec<Option<RemovalReason>> = vec![None; lines.len()];
    let mut captions: Vec<(usize, Caption)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || rules::is_editorial_note(line) {
            continue;
        }
        if let Some(caption) = caption::parse(line) {
            marks[i] = Some(RemovalReason::Caption);
            captions.push((i, caption));
        } else {
            marks[i] = header::classify(line, features[i].words)
                .or_else(|| rules::classify(line, &features[i]));
        }
    }

    attach_credits(&lines, &features, &mut marks, &mut captions);

    let nav = nav_runs(&lines, &features);
    let blank = |i: Option<usize>| i.and_then(|i| lines.get(i)).is_none_or(|l| l.is_empty());
    let standalone: Vec<bool> = (0..lines.len())
        .map(|i| blank(i.checked_sub(1)) && blank(Some(i + 1)))
        .collect();
    let mut scores: Vec<f32> = (0..lines.len())
        .map(|i| {
            if lines[i].is_empty() {
                return 0.0;
            }
            let context = body::Context {
                has_language: language.is_some(),
                standalone: standalone[i],
                in_menu: nav[i],
            };
            body::score(&features[i], marks[i], context)
        })
        .collect();
    // Subheadings, furniture and blank lines sit between paragraphs without separating them.
    let between: Vec<bool> = (0..lines.len())
        .map(|i| {
            lines[i].is_empty()
                || marks[i].is_some()
                || standalone[i] && !features[i].bullet && scores[i] <= 0.0
        })
        .collect();
    body::damp_isolated(&mut scores, &between);
    body::damp_comments(&mut scores, &marks);
    let chosen = body::best_run(&scores).unwrap_or(lines.len()..lines.len());

    let zone = chosen.start.saturating_sub(HEADER_LOOKBACK_LINES)..chosen.start;
    let header = header::parse(&lines, zone, &marks);
    for &(i, reason) in &header.marks {
        marks[i] = Some(reason);
    }
    let mut cleaned = Cleaned {
        metadata: header.metadata,
        ..Cleaned::default()
    };
    cleaned.metadata.language = language.map(|l| l.code.to_string());
    cleaned.captions = captions
        .into_iter()
        .filter(|(i, caption)| *i < chosen.end && !caption.text.is_empty())
        .map(|(_, caption)| caption)
        .collect();

    mark_link_lists(&lines, &features, &mut marks, &chosen);
    let mut kept = assemble_body(
        &lines,
        &chosen,
        &mut marks,
        cleaned.metadata.title.as_deref(),
    );
    if !kept.is_empty() {
        kept = with_lede(&lines, &features, &marks, &chosen, kept);
        kept = with_nearby_notes(&lines, &marks, &chosen, kept);
    }
    let prose_chars: usize = features
        .iter()
        .zip(&scores)
        .filter(|&(_, &score)| score > 0.0)
        .map(|(f, _)| f.chars)
        .sum();
    let kept_chars: usize = kept.iter().map(|&i| features[i].chars).sum();
    let too_little = kept_chars < SHORT_BODY_CHARS
        && (kept.is_empty() || (kept_chars as f32) < MIN_PROSE_KEPT * prose_chars as f32);
    let nothing_kept = kept.is_empty() && lines.iter().any(|line| !line.trim().is_empty());
    if (text.len() >= LONG_DOCUMENT_CHARS && too_little) || nothing_kept {
        // A short input kept whole loses nothing and needs no warning; "kept 0 of 0
        // characters" had been said of every one.
        if text.chars().count() >= SHORT_BODY_CHARS {
            cleaned.warnings.push(if prose_chars == 0 {
                "no line reads like article prose, so the whole document is kept".to_string()
            } else {
                format!(
                    "cleaning kept {kept_chars} of {prose_chars} characters of prose-like text, \
                     so the whole document is kept instead"
                )
            });
        }
        cleaned.body = whole_document(&lines);
        return cleaned;
    }

    (cleaned.body_lines, cleaned.body) = paragraphs(&lines, &kept).into_iter().unzip();
    let drop_caps = drop_cap::DropCaps::new(text, language.map(|l| l.code));
    for paragraph in &mut cleaned.body {
        if let Some(joined) = drop_caps.rejoin(paragraph) {
            *paragraph = joined;
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || kept.binary_search(&i).is_ok() {
            continue;
        }
        let reason = marks[i].unwrap_or(if nav[i] {
            RemovalReason::Navigation
        } else {
            RemovalReason::OutsideBody
        });
        cleaned.removed.push(RemovedLine {
            line: Some(i + 1),
            text: line.to_string(),
            reason,
        });
    }
    cleaned
}

/// A line that is only a credit ("Photo: Jane Roe") belongs to the caption right above it,
/// unless a caption follows it: that line becomes the caption's text and is marked too.
fn attach_credits(
    lines: &[&str],
    features: &[Features],
    marks: &mut [Option<RemovalReason>],
    captions: &mut [(usize, Caption)],
) {
    for (at, caption) in captions.iter_mut() {
        if !caption.text.is_empty() || caption.credit.is_none() {
            continue;
        }
        // Some sites print the credit first ("Image copyright EPA", then "Image caption ...").
        let below = (*at + 1..lines.len()).find(|&i| !lines[i].is_empty());
        if below.is_some_and(|i| marks[i] == Some(RemovalReason::Caption)) {
            continue;
        }
        let above = (0..*at).rev().find(|&i| !lines[i].is_empty());
        if let Some(i) = above
            .filter(|&i| marks[i].is_none() && features[i].words <= CAPTION_ABOVE_CREDIT_MAX_WORDS)
        {
            marks[i] = Some(RemovalReason::Caption);
            caption.text = lines[i].to_string();
            *at = i;
        }
    }
}

/// Marks lists of links that sit inside the article (the best run bridges them): a list
/// right under a related-links heading, or a block of list items that read as Title Case
/// headlines rather than as the article's own lists of ingredients, results or names.
fn mark_link_lists(
    lines: &[&str],
    features: &[Features],
    marks: &mut [Option<RemovalReason>],
    chosen: &Range<usize>,
) {
    let is_item = |i: usize| marks[i].is_none() && features[i].bullet && !features[i].ends_sentence;
    let mut lists = Vec::new();
    let mut i = chosen.start;
    while i < chosen.end {
        if !is_item(i) {
            i += 1;
            continue;
        }
        let end = (i..chosen.end).find(|&j| !is_item(j)).unwrap_or(chosen.end);
        let heading = (chosen.start..i)
            .rev()
            .find(|&j| !lines[j].is_empty())
            .is_some_and(|j| marks[j] == Some(RemovalReason::RelatedLinks));
        let headlines = end - i >= LINK_LIST_MIN_ITEMS
            && (i..end).all(|j| {
                features[j].words >= LINK_ITEM_MIN_WORDS
                    && features[j].capital_ratio >= LINK_ITEM_MIN_CAPITALS
            });
        if heading || headlines {
            lists.push(i..end);
        }
        i = end;
    }
    for list in lists {
        marks[list].fill(Some(RemovalReason::RelatedLinks));
    }
}

/// The indices of the body lines to keep, in order. Marks lines inside the chosen run
/// that are repeats of the title or of an earlier body line.
fn assemble_body(
    lines: &[&str],
    chosen: &Range<usize>,
    marks: &mut [Option<RemovalReason>],
    title: Option<&str>,
) -> Vec<usize> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut kept = Vec::new();
    for i in chosen.clone() {
        let line = lines[i];
        if line.is_empty() || marks[i].is_some() {
            continue;
        }
        if title == Some(line) {
            marks[i] = Some(RemovalReason::RepeatedHeadline);
        } else if line.len() >= DUPLICATE_MIN_CHARS && !seen.insert(line) {
            marks[i] = Some(RemovalReason::Duplicate);
        } else {
            kept.push(i);
        }
    }
    kept
}

/// Whether a line found right above an article's body reads as its first sentence: a
/// finished sentence of a few words that is neither a list item nor boilerplate. HTML's
/// lede rule asks the same question of the blocks above its body.
pub fn reads_as_lede(line: &str) -> bool {
    let features = Features::of(line, None);
    features.ends_sentence
        && !features.bullet
        && features.words >= LEDE_MIN_WORDS
        && rules::classify(line, &features).is_none()
        && header::classify(line, features.words).is_none()
}

/// Adds the prose lines right above the chosen run, up to the first line that is
/// furniture, header or no sentence: the article starts where its first sentence does,
/// and a lede that scored lower than the paragraphs after it (a short first line, a
/// sentence set apart in bold) is still the story's first line.
fn with_lede(
    lines: &[&str],
    features: &[Features],
    marks: &[Option<RemovalReason>],
    chosen: &Range<usize>,
    kept: Vec<usize>,
) -> Vec<usize> {
    let mut lede: Vec<usize> = (0..chosen.start)
        .rev()
        .filter(|&i| !lines[i].is_empty())
        .take_while(|&i| {
            marks[i].is_none()
                && features[i].ends_sentence
                && !features[i].bullet
                && features[i].words >= LEDE_MIN_WORDS
        })
        .collect();
    lede.reverse();
    lede.into_iter().chain(kept).collect()
}

/// Adds editorial notes that stand just outside the chosen run, such as a correction
/// printed below the share buttons: they change what the article says, so they belong
/// with it even when furniture separates them from the story.
fn with_nearby_notes(
    lines: &[&str],
    marks: &[Option<RemovalReason>],
    chosen: &Range<usize>,
    kept: Vec<usize>,
) -> Vec<usize> {
    let is_note = |i: &usize| marks[*i].is_none() && rules::is_editorial_note(lines[*i]);
    let mut before: Vec<usize> = (0..chosen.start)
        .rev()
        .filter(|&i| !lines[i].is_empty())
        .take(EDITORIAL_NOTE_REACH)
        .filter(is_note)
        .collect();
    before.reverse();
    let after = (chosen.end..lines.len())
        .filter(|&i| !lines[i].is_empty())
        .take(EDITORIAL_NOTE_REACH)
        .filter(is_note);
    before.into_iter().chain(kept).chain(after).collect()
}

/// One paragraph per kept line, except that a line continuing a hard-wrapped sentence
/// (the previous line has no closing punctuation and this one starts in lower case)
/// is joined back onto it.
/// Paragraphs from the kept lines, each with the 1-based line it starts on.
fn paragraphs(lines: &[&str], kept: &[usize]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut previous: Option<usize> = None;
    for &i in kept {
        let line = lines[i];
        let continues = previous == Some(i.wrapping_sub(1))
            && !lines[i - 1].ends_with(['.', '!', '?', ':', ';', '"', '”'])
            && line.starts_with(char::is_lowercase);
        match out.last_mut() {
            Some((_, last)) if continues => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push((i + 1, line.to_string())),
        }
        previous = Some(i);
    }
    out
}

/// Blank-line separated blocks of the document, for when cleaning is abandoned.
fn whole_document(lines: &[&str]) -> Vec<String> {
    lines
        .split(|line| line.is_empty())
        .filter(|block| !block.is_empty())
        .map(|block| block.join("\n"))
        .collect()
}

/// Which lines belong to a run of short, unpunctuated lines in a row: a menu.
fn nav_runs(lines: &[&str], features: &[Features]) -> Vec<bool> {
    let is_item = |i: usize| {
        !lines[i].is_empty()
            && features[i].words <= NAV_ITEM_MAX_WORDS
            && !features[i].ends_sentence
    };
    let mut nav = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        if !is_item(start) {
            start += 1;
            continue;
        }
        let end = (start..lines.len())
            .find(|&i| !is_item(i))
            .unwrap_or(lines.len());
        if end - start >= NAV_RUN_MIN_LINES {
            nav[start..end].fill(true);
        }
        start = end;
    }
    nav
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::normalize::normalize;
    use proptest::prelude::*;

    const PARAGRAPH: &str = "The harbour board said on Tuesday that the new pier would open in \
        the spring, a year later than planned, because of delays in delivering the steel.";
    const SECOND: &str = "Engineers had warned in January that the supplier was struggling, \
        and the board has since agreed to pay a penalty to the ferry company for the delay.";

    fn reason_of(cleaned: &Cleaned, text: &str) -> Option<RemovalReason> {
        cleaned
            .removed
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.reason)
    }

    #[test]
    fn a_short_input_kept_whole_is_no_warning_and_a_long_one_says_why() {
        let short = clean("Menu\n\nShare this\n");
        assert_eq!(short.body, ["Menu", "Share this"]);
        assert!(short.warnings.is_empty(), "{:?}", short.warnings);
        let furniture = "Home | News | Sport | Weather\n\n".repeat(40);
        let long = clean(&furniture);
        assert_eq!(
            long.warnings,
            ["no line reads like article prose, so the whole document is kept"]
        );
    }

    #[test]
    fn menu_runs_are_navigation() {
        let text = format!("Harbour\nTransport\nWeather\nCulture\n\n{PARAGRAPH}\n\n{SECOND}");
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, [PARAGRAPH, SECOND]);
        assert_eq!(
            reason_of(&cleaned, "Weather"),
            Some(RemovalReason::Navigation)
        );
    }

    #[test]
    fn readers_comments_do_not_outweigh_a_short_article() {
        let third = "The board expects the first ferries to berth at the new pier in April, \
            once divers have checked the footings and the lights have been tested.";
        let comment = "I have lived on the island for thirty years and I can tell you that \
            nobody here believed the pier would open on time, whatever the board said.";
        let mut text = format!("{PARAGRAPH}\n\n{SECOND}\n\n{third}\n\n[ 41 comments ]\n");
        for name in [
            "Islander",
            "Ferryfan",
            "Old salt",
            "Harbour watcher",
            "Skipper",
        ] {
            text.push_str(&format!(
                "\n{name}\n3 hours ago\n{comment}\n{comment}\nReply\n"
            ));
        }
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, [PARAGRAPH, SECOND, third]);
        assert_eq!(
            reason_of(&cleaned, "[ 41 comments ]"),
            Some(RemovalReason::CommentPrompt)
        );
    }

    #[test]
    fn corrections_below_the_share_bar_stay_with_the_article() {
        let note = "Correction: An earlier version of this story gave the wrong year for the \
            pier's opening.";
        let text = format!(
            "{PARAGRAPH}\n\n{SECOND}\n\nShare this article\nFacebook\nTwitter\n\n{note}\n\n\
             Related articles\n* Ferry fares to rise\n* Harbour wall repaired"
        );
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, [PARAGRAPH, SECOND, note]);
    }

    /// A distinct paragraph of ordinary prose.
    fn prose(n: usize) -> String {
        format!(
            "In part {n} of the report, the harbour board said that the new pier would open \
             later than planned, and that the ferry timetable would not change this summer."
        )
    }

    #[test]
    fn link_lists_inside_the_article_go() {
        let text = format!(
            "{}\n\n{}\n\nRelated\n\n* Pier opening delayed again\n* Ferry fares to rise\n\n\
             {}\n\n{}\n\n* Harbour Board Names New Chief Engineer\n\
             * Island Ferry Adds Winter Sailings\n\n{}\n\n{}\n\n* 2 kg of steel\n* 40 bolts\n\n\
             {}\n\n{}",
            prose(1),
            prose(2),
            prose(3),
            prose(4),
            prose(5),
            prose(6),
            prose(7),
            prose(8)
        );
        let cleaned = clean(&text);
        let mut expected: Vec<String> = (1..=6).map(prose).collect();
        expected.extend(["* 2 kg of steel".to_string(), "* 40 bolts".to_string()]);
        expected.extend([prose(7), prose(8)]);
        assert_eq!(cleaned.body, expected);
        assert_eq!(
            reason_of(&cleaned, "* Ferry fares to rise"),
            Some(RemovalReason::RelatedLinks)
        );
        assert_eq!(
            reason_of(&cleaned, "* Island Ferry Adds Winter Sailings"),
            Some(RemovalReason::RelatedLinks)
        );
    }

    #[test]
    fn repeated_paragraphs_are_duplicates() {
        let text = format!("{PARAGRAPH}\n\n{SECOND}\n\n{PARAGRAPH}");
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, [PARAGRAPH, SECOND]);
        assert_eq!(cleaned.removed[0].reason, RemovalReason::Duplicate);
        assert_eq!(cleaned.removed[0].line, Some(5));
    }

    #[test]
    fn a_credit_line_joins_the_caption_above_it() {
        let text =
            format!("{PARAGRAPH}\n\nDivers inspect the pier footings\nPhoto: Sam Lee\n\n{SECOND}");
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, [PARAGRAPH, SECOND]);
        assert_eq!(cleaned.captions.len(), 1);
        assert_eq!(cleaned.captions[0].text, "Divers inspect the pier footings");
        assert_eq!(cleaned.captions[0].credit.as_deref(), Some("Sam Lee"));
        assert_eq!(
            reason_of(&cleaned, "Divers inspect the pier footings"),
            Some(RemovalReason::Caption)
        );
    }

    #[test]
    fn a_credit_line_before_a_labelled_caption_leaves_the_paragraph_above() {
        let text = format!(
            "{PARAGRAPH}\n\nImage copyright Harbour Press\n\nImage caption Divers at work\n\n{SECOND}"
        );
        assert_eq!(clean(&text).body, [PARAGRAPH, SECOND]);
    }

    #[test]
    fn a_short_first_sentence_above_the_body_is_its_lede() {
        let text = format!(
            "Harbour\nTransport\nWeather\nCulture\n\nPier opening slips to spring\n\n\
             By Sam Lee\n\nThe pier is late again.\n\n{PARAGRAPH}\n\n{SECOND}"
        );
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, ["The pier is late again.", PARAGRAPH, SECOND]);
        assert_eq!(
            cleaned.metadata.title.as_deref(),
            Some("Pier opening slips to spring")
        );
    }

    #[test]
    fn a_drop_cap_is_joined_back_onto_its_word() {
        let text = format!("T {}\n\n{SECOND}", &PARAGRAPH[1..]);
        assert_eq!(clean(&text).body, [PARAGRAPH, SECOND]);
    }

    #[test]
    fn hard_wrapped_sentences_are_joined() {
        let text = "The harbour board said on Tuesday that the new pier would open\n\
            in the spring, a year later than planned, because of steel delays.";
        assert_eq!(clean(text).body.len(), 1);
    }

    #[test]
    fn long_documents_without_prose_are_kept_whole_with_a_warning() {
        let verse: Vec<String> = (1..=120)
            .map(|n| format!("Line {n} of the tide table"))
            .collect();
        let text = verse.join("\n");
        let cleaned = clean(&text);
        assert_eq!(cleaned.body, std::slice::from_ref(&text));
        assert_eq!(cleaned.warnings.len(), 1);
        assert!(cleaned.removed.is_empty());
    }

    proptest! {
        #[test]
        fn never_panics_and_line_numbers_point_at_their_text(raw in "\\PC{0,400}") {
            let text = normalize(&raw);
            let lines: Vec<&str> = text.split('\n').collect();
            let cleaned = clean(&text);
            for removed in &cleaned.removed {
                let line = removed.line.expect("line numbers are always set");
                prop_assert_eq!(lines[line - 1], removed.text.as_str());
            }
        }

        #[test]
        fn survives_furniture_shaped_input(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("By İstanbul Ñandú and Ölaf".to_string()),
                    Just("Photo: ÇAĞ/AFP via Getty Images".to_string()),
                    Just("東京 (写真/共同)".to_string()),
                    Just("2031-02-30 logo".to_string()),
                    Just("* 1.2K".to_string()),
                    Just(String::new()),
                    "\\PC{0,80}",
                ],
                0..40,
            )
        ) {
            clean(&normalize(&parts.join("\n")));
        }
    }
}
