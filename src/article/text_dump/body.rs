//! Choosing the article body: the contiguous run of lines with the most prose in it.
//!
//! Each line gets a score in the spirit of jusText: long lines full of function words and
//! punctuation score high, short capitalised labels and boilerplate score low. The body is
//! the run with the highest total (a maximum-subarray search, linear in the number of
//! lines), so a few furniture lines inside an article do not split it, while a menu or a
//! comment thread separated from it by a wall of links stays out. Before the search, lone
//! paragraphs (teaser summaries) and readers' comments are weakened, since both read like
//! prose but are not the article.

use std::ops::Range;

use super::features::Features;
use crate::article::model::RemovalReason;

/// Lines shorter than this, in characters or words, are never good prose on their own.
const GOOD_MIN_CHARS: usize = 50;
const GOOD_MIN_WORDS: usize = 8;
/// Prose below this share of function words reads like a list of names or a headline.
const GOOD_MIN_STOPWORDS: f32 = 0.2;
/// Above this share of capitalised words a line reads like a headline or a menu.
const GOOD_MAX_CAPITALS: f32 = 0.5;
/// Headlines and link texts run to about this many words and stop without punctuation;
/// an unpunctuated line needs to be longer than this to count as prose.
const HEADLINE_MAX_WORDS: usize = 20;
/// Longest a single paragraph's score may get, so one huge block cannot carry a menu.
const MAX_LINE_SCORE: f32 = 60.0;

/// How much prose must come before a comment heading for it to open the comments.
const COMMENTS_AFTER_PROSE: f32 = 60.0;
/// How much a line of readers' comments counts next to article prose.
const COMMENT_WEIGHT: f32 = 0.2;

/// How much a prose line without prose neighbours counts.
const ISOLATED_WEIGHT: f32 = 0.3;

/// Deepest dip in the running total a run may bridge: about two walls, or a dozen lines
/// of menu, which is more furniture than articles put between their paragraphs.
const MAX_VALLEY: f32 = 50.0;

const BOILERPLATE_SCORE: f32 = -6.0;
const SHORT_SCORE: f32 = -2.0;
const SHORT_SENTENCE_SCORE: f32 = -0.5;
/// A short line with blank lines around it is a paragraph of its own (a subheading, a
/// one-line answer); menus come as runs of lines with nothing between them.
const SHORT_STANDALONE_SCORE: f32 = -0.5;
const LIST_ITEM_SCORE: f32 = -3.0;
/// A list item written as a clause ("* Hundreds of new tasks that keep the game fresh") is
/// part of the article's own list more often than a link, so it costs the run almost
/// nothing, like a short sentence; it still does not count as prose on its own.
const PROSE_ITEM_SCORE: f32 = -0.5;
/// Headings that open a comment thread, a link list or the footer, and bylines, which
/// stand where an article starts or ends: the article does not run across them, so the
/// best run should not either unless what lies beyond is far larger.
const WALL_SCORE: f32 = -25.0;
/// Longest related-links line, in words, that is a heading rather than an inline teaser.
const WALL_MAX_WORDS: usize = 5;
/// How much a teaser (Title Case headline glued to a summary) counts next to real prose.
const TEASER_WEIGHT: f32 = 0.25;
/// How much prose counts that stops without punctuation or sits in a list item: real,
/// but less sure than a paragraph that ends its sentence.
const UNSURE_PROSE_WEIGHT: f32 = 0.5;

/// Where a line stands, beyond its own text.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Whether the document's language is known, so the stopword ratio means something.
    pub has_language: bool,
    /// Whether blank lines (or the ends of the document) surround the line.
    pub standalone: bool,
    /// Whether the line belongs to a run of short lines with nothing between them.
    pub in_menu: bool,
}

/// How prose-like one line is: positive for article text, negative for furniture.
pub fn score(features: &Features, mark: Option<RemovalReason>, context: Context) -> f32 {
    match mark {
        Some(RemovalReason::Empty) => return -1.0,
        Some(RemovalReason::CommentPrompt | RemovalReason::LegalFooter | RemovalReason::Byline) => {
            return WALL_SCORE;
        }
        Some(RemovalReason::RelatedLinks) if features.words <= WALL_MAX_WORDS => {
            return WALL_SCORE;
        }
        Some(_) => return BOILERPLATE_SCORE,
        None => {}
    }
    let stopwords_ok = !context.has_language || features.stopword_ratio >= GOOD_MIN_STOPWORDS;
    let capitals_ok = features.capital_ratio <= GOOD_MAX_CAPITALS;
    // A finished sentence with commas is prose even when names crowd it, as in news ledes.
    let sentence =
        features.ends_sentence && (stopwords_ok || capitals_ok || features.inner_punctuation > 0);
    let good = features.chars >= GOOD_MIN_CHARS
        && features.words >= GOOD_MIN_WORDS
        && (stopwords_ok && capitals_ok || sentence)
        && (features.ends_sentence
            || features.inner_punctuation > 0
            || features.words >= HEADLINE_MAX_WORDS);
    if good {
        let mut score = (features.words as f32).min(MAX_LINE_SCORE);
        if !features.ends_sentence {
            score *= UNSURE_PROSE_WEIGHT;
        }
        if features.bullet {
            score *= UNSURE_PROSE_WEIGHT;
        }
        if features.title_case_joins > 0 {
            score *= TEASER_WEIGHT;
        }
        return score;
    }
    if features.bullet
        && features.words >= GOOD_MIN_WORDS
        && stopwords_ok
        && capitals_ok
        && features.title_case_joins == 0
    {
        return PROSE_ITEM_SCORE;
    }
    if features.bullet || context.in_menu {
        return LIST_ITEM_SCORE;
    }
    if features.ends_sentence && features.words >= 3 {
        return SHORT_SENTENCE_SCORE;
    }
    if context.standalone {
        return SHORT_STANDALONE_SCORE;
    }
    SHORT_SCORE
}

/// Weakens prose lines with no prose neighbour. Article paragraphs come in runs; a lone
/// paragraph between a headline link and an author line is a teaser card's summary.
/// Neighbours are the nearest lines not flagged `between` (blank lines, advertisements,
/// captions, subheadings), so those do not isolate the paragraphs around them.
pub fn damp_isolated(scores: &mut [f32], between: &[bool]) {
    let good: Vec<bool> = scores.iter().map(|&score| score > 0.0).collect();
    let counts = |i: usize| !between[i];
    let mut neighbours = vec![(false, false); scores.len()];
    let mut last: Option<usize> = None;
    for (i, slot) in neighbours.iter_mut().enumerate() {
        slot.0 = last.is_some_and(|j| good[j]);
        if counts(i) {
            last = Some(i);
        }
    }
    last = None;
    for (i, slot) in neighbours.iter_mut().enumerate().rev() {
        slot.1 = last.is_some_and(|j| good[j]);
        if counts(i) {
            last = Some(i);
        }
    }
    for (score, (before, after)) in scores.iter_mut().zip(neighbours) {
        if *score > 0.0 && !before && !after {
            *score *= ISOLATED_WEIGHT;
        }
    }
}

/// Weakens prose after a comment heading that follows a substantial amount of prose.
/// Readers' comments are prose too, and under a short article they can outweigh it;
/// requiring prose first keeps a "Comments" link in the page header from muting the story.
pub fn damp_comments(scores: &mut [f32], marks: &[Option<RemovalReason>]) {
    let mut prose_before = 0.0;
    let mut in_comments = false;
    for (score, mark) in scores.iter_mut().zip(marks) {
        if *mark == Some(RemovalReason::CommentPrompt) && prose_before >= COMMENTS_AFTER_PROSE {
            in_comments = true;
        }
        if *score > 0.0 {
            if in_comments {
                *score *= COMMENT_WEIGHT;
            } else {
                prose_before += *score;
            }
        }
    }
}

/// The range of lines with the highest total score; blank lines count for nothing.
/// A run ends where its total falls [`MAX_VALLEY`] below its best, even if what follows
/// would pay the loss back: a long comment thread or a block of site rules after a wall
/// of links is another text, not more of the article. Returns `None` when no line scores
/// above zero.
pub fn best_run(scores: &[f32]) -> Option<Range<usize>> {
    let mut best: Option<(f32, Range<usize>)> = None;
    let mut current = 0.0f32;
    let mut peak = 0.0f32;
    let mut start = 0usize;
    for (i, &score) in scores.iter().enumerate() {
        if current <= 0.0 || current < peak - MAX_VALLEY {
            current = 0.0;
            peak = 0.0;
            start = i;
        }
        current += score;
        peak = peak.max(current);
        if score > 0.0 && best.as_ref().is_none_or(|(total, _)| current > *total) {
            best = Some((current, start..i + 1));
        }
    }
    best.map(|(_, range)| trim_leading(scores, range))
}

/// The running sum restarts on the line after a drop, which may be blank or negative.
fn trim_leading(scores: &[f32], range: Range<usize>) -> Range<usize> {
    let first = (range.start..range.end)
        .find(|&i| scores[i] > 0.0)
        .unwrap_or(range.start);
    first..range.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_run_bridges_small_gaps_but_not_walls() {
        let scores = [
            -2.0, 30.0, -6.0, 25.0, 0.0, -6.0, -6.0, -6.0, -6.0, -6.0, -6.0, 20.0,
        ];
        assert_eq!(best_run(&scores), Some(1..4));
        assert_eq!(best_run(&[-1.0, -2.0]), None);
        let valley = [40.0, -30.0, -30.0, 70.0];
        assert_eq!(best_run(&valley), Some(3..4));
    }

    #[test]
    fn prose_outscores_labels() {
        let prose = Features {
            chars: 120,
            words: 22,
            stopword_ratio: 0.4,
            capital_ratio: 0.1,
            ends_sentence: true,
            inner_punctuation: 1,
            bullet: false,
            title_case_joins: 0,
        };
        let label = Features {
            chars: 12,
            words: 2,
            capital_ratio: 1.0,
            ..Features::default()
        };
        let context = Context {
            has_language: true,
            standalone: false,
            in_menu: false,
        };
        assert!(score(&prose, None, context) > 0.0);
        assert!(score(&label, None, context) < 0.0);
        assert!(score(&prose, Some(RemovalReason::Advertisement), context) < 0.0);
    }
}
