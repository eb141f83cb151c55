//! Making quote anchors for spans and placing spans again when the article text changed.
//!
//! A span stores its offsets and the quoted text with some context around it (like the
//! W3C TextQuoteSelector). When an article is corrected after it was annotated, the
//! offsets alone would point at the wrong words (brat #852); the quote finds the words
//! again: same place if they are still there, else the occurrence whose context matches
//! best, else a fuzzy match for lightly edited words, else the span is an orphan.

use std::ops::Range;

use serde_json::Map;

use super::schema::Span;
use crate::article::text_index::TextIndex;

/// Code points of context kept on each side of a quote.
pub const CONTEXT: usize = 32;

/// Smallest similarity (normalised Levenshtein) for a fuzzy placement to count.
const FUZZY_THRESHOLD: f64 = 0.75;

/// Builds a span for a code point range, widened to whole grapheme clusters.
pub fn make_span(index: &TextIndex, chars: Range<usize>) -> Option<Span> {
    let bytes = index.bytes_of(chars)?;
    let snapped = index.chars_of(index.snap_to_graphemes(bytes));
    Some(span_at(index, snapped))
}

fn span_at(index: &TextIndex, chars: Range<usize>) -> Span {
    let before = chars.start.saturating_sub(CONTEXT)..chars.start;
    let after = chars.end..(chars.end + CONTEXT).min(index.len_chars());
    Span {
        exact: index.slice(chars.clone()).unwrap_or_default().to_string(),
        prefix: index.slice(before).unwrap_or_default().to_string(),
        suffix: index.slice(after).unwrap_or_default().to_string(),
        start: chars.start,
        end: chars.end,
        extra: Map::new(),
    }
}

/// Whether the span's quote is exactly the text at its offsets.
pub fn quote_matches(index: &TextIndex, span: &Span) -> bool {
    index.slice(span.start..span.end) == Some(span.exact.as_str())
}

/// How a span was placed in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The quote is still at its offsets.
    Unchanged,
    /// Found elsewhere (exactly, or fuzzily for edited words); the span now points there.
    Moved(Span),
    Orphaned,
}

/// Places `span` in `index`'s text.
pub fn place(index: &TextIndex, span: &Span) -> Placement {
    let in_place = quote_matches(index, span);
    if in_place && has_full_context(index, span) {
        return Placement::Unchanged;
    }
    if span.exact.is_empty() {
        return Placement::Orphaned;
    }
    // The quote may still sit at its old offsets by chance (a name said twice, text
    // inserted before it): the occurrence whose context matches best wins, and ties go
    // to the nearest, so an unchanged span stays put.
    let exact_matches = occurrences(index.text(), &span.exact);
    let best = exact_matches
        .into_iter()
        .map(|bytes| index.chars_of(bytes))
        .max_by_key(|chars| context_score(index, span, chars.clone()));
    if let Some(chars) = best {
        if in_place && chars.start == span.start {
            return Placement::Unchanged;
        }
        return Placement::Moved(rebuild(index, span, chars));
    }
    match fuzzy(index, span) {
        Some(chars) => Placement::Moved(rebuild(index, span, chars)),
        None => Placement::Orphaned,
    }
}

/// Whether all of the stored prefix and suffix surround the span's offsets.
fn has_full_context(index: &TextIndex, span: &Span) -> bool {
    let (score, _) = context_score(index, span, span.start..span.end);
    score == span.prefix.chars().count() + span.suffix.chars().count()
}

/// A new span at `chars`, keeping the old span's unknown fields.
fn rebuild(index: &TextIndex, old: &Span, chars: Range<usize>) -> Span {
    Span {
        extra: old.extra.clone(),
        ..span_at(index, chars)
    }
}

/// Every occurrence, overlapping ones included: in "ha ha ha" the quote "ha ha" is
/// at two places, and the second may be the one the context points to.
fn occurrences(text: &str, needle: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let start = from + at;
        found.push(start..start + needle.len());
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// Higher is better: how much of the stored context surrounds this occurrence, then
/// closeness to the old position (so equal contexts prefer the nearest).
fn context_score(
    index: &TextIndex,
    span: &Span,
    chars: Range<usize>,
) -> (usize, std::cmp::Reverse<usize>) {
    let before = index
        .slice(chars.start.saturating_sub(CONTEXT)..chars.start)
        .unwrap_or_default();
    let after = index
        .slice(chars.end..(chars.end + CONTEXT).min(index.len_chars()))
        .unwrap_or_default();
    let prefix_match = common_suffix_chars(before, &span.prefix);
    let suffix_match = common_prefix_chars(after, &span.suffix);
    (
        prefix_match + suffix_match,
        std::cmp::Reverse(chars.start.abs_diff(span.start)),
    )
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Lightly edited words ("Dimitriev" corrected to "Dmitriev"): look where the context
/// says the quote should be, and accept the text there if it is similar enough.
fn fuzzy(index: &TextIndex, span: &Span) -> Option<Range<usize>> {
    let exact_len = span.exact.chars().count();
    let mut candidates = Vec::new();
    // Long context pieces are specific; short ones survive edits right next to the quote.
    for context_len in [12, 5] {
        if let Some(prefix_tail) = tail(&span.prefix, context_len).filter(|p| !p.trim().is_empty())
        {
            for found in nearest_occurrences(index, prefix_tail, span.start) {
                let start = index.char_of(found.end);
                candidates.extend(windows_from(start, exact_len, index.len_chars()));
            }
        }
        if let Some(suffix_head) = head(&span.suffix, context_len).filter(|s| !s.trim().is_empty())
        {
            for found in nearest_occurrences(index, suffix_head, span.end) {
                let end = index.char_of(found.start);
                candidates.extend(windows_to(end, exact_len));
            }
        }
    }
    candidates
        .into_iter()
        .filter_map(|chars| {
            let bytes = index.bytes_of(chars)?;
            let snapped = index.chars_of(index.snap_to_graphemes(bytes));
            let text = index.slice(snapped.clone())?;
            let similarity = strsim::normalized_levenshtein(text, &span.exact);
            (similarity >= FUZZY_THRESHOLD).then_some((similarity, snapped))
        })
        .max_by(|(a, a_range), (b, b_range)| {
            a.total_cmp(b).then_with(|| {
                b_range
                    .start
                    .abs_diff(span.start)
                    .cmp(&a_range.start.abs_diff(span.start))
            })
        })
        .map(|(_, chars)| chars)
}

/// Most occurrences of a context piece worth trying; common short pieces (" the ") are
/// limited to those nearest the span's old place so the search stays fast.
const MAX_CONTEXT_HITS: usize = 64;

fn nearest_occurrences(index: &TextIndex, needle: &str, near: usize) -> Vec<Range<usize>> {
    let mut hits = occurrences(index.text(), needle);
    hits.sort_by_key(|bytes| index.char_of(bytes.start).abs_diff(near));
    hits.truncate(MAX_CONTEXT_HITS);
    hits
}

/// Candidate ranges starting at `start` whose length is near the old quote's.
fn windows_from(start: usize, len: usize, text_len: usize) -> impl Iterator<Item = Range<usize>> {
    let slack = len / 4 + 1;
    (len.saturating_sub(slack)..=len + slack)
        .filter(move |l| *l > 0 && start + l <= text_len)
        .map(move |l| start..start + l)
}

fn windows_to(end: usize, len: usize) -> impl Iterator<Item = Range<usize>> {
    let slack = len / 4 + 1;
    (len.saturating_sub(slack)..=len + slack)
        .filter(move |l| *l > 0 && *l <= end)
        .map(move |l| end - l..end)
}

fn tail(text: &str, chars: usize) -> Option<&str> {
    let skip = text.chars().count().saturating_sub(chars);
    let at = text
        .char_indices()
        .nth(skip)
        .map_or(text.len(), |(at, _)| at);
    (!text.is_empty()).then(|| &text[at..])
}

fn head(text: &str, chars: usize) -> Option<&str> {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at);
    (!text.is_empty()).then(|| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str =
        "Kremlin envoy Kirill Dmitriev held talks in Florida on March 11, officials said.";

    fn span_of(text: &str, quote: &str) -> Span {
        let index = TextIndex::new(text);
        let start = text[..text.find(quote).unwrap()].chars().count();
        make_span(&index, start..start + quote.chars().count()).unwrap()
    }

    #[test]
    fn anchors_carry_context_on_both_sides() {
        let span = span_of(ORIGINAL, "Florida");
        assert_eq!(span.exact, "Florida");
        assert!(span.prefix.ends_with("held talks in "));
        assert!(span.suffix.starts_with(" on March 11"));
        assert_eq!(span.prefix.chars().count(), CONTEXT);
    }

    #[test]
    fn unchanged_text_keeps_the_span() {
        let span = span_of(ORIGINAL, "Florida");
        assert_eq!(
            place(&TextIndex::new(ORIGINAL), &span),
            Placement::Unchanged
        );
    }

    #[test]
    fn an_insertion_before_the_span_moves_it_by_the_inserted_length() {
        let span = span_of(ORIGINAL, "Florida");
        let edited = format!("UPDATED 👍🏽: {ORIGINAL}");
        let Placement::Moved(moved) = place(&TextIndex::new(&edited), &span) else {
            panic!("expected a move");
        };
        let inserted = "UPDATED 👍🏽: ".chars().count();
        assert_eq!(
            (moved.start, moved.end),
            (span.start + inserted, span.end + inserted)
        );
    }

    #[test]
    fn the_occurrence_with_matching_context_wins() {
        let text = "Smith said no. Later, in court, Smith said yes.";
        let span = span_of(text, "Smith said yes");
        let second_smith = span_of(text, "Smith said yes");
        let edited = format!("Smith said maybe. {text}");
        let Placement::Moved(moved) = place(&TextIndex::new(&edited), &span) else {
            panic!("expected a move");
        };
        assert_eq!(moved.start, second_smith.start + "Smith said maybe. ".len());
    }

    #[test]
    fn lightly_edited_words_are_found_fuzzily() {
        let span = span_of(ORIGINAL, "Kirill Dmitriev");
        let corrected = ORIGINAL.replace("Kirill Dmitriev", "Kirill A. Dmitriev");
        let Placement::Moved(moved) = place(&TextIndex::new(&corrected), &span) else {
            panic!("expected a fuzzy move");
        };
        assert_eq!(moved.exact, "Kirill A. Dmitriev");
    }

    #[test]
    fn destroyed_text_orphans_the_span() {
        let span = span_of(ORIGINAL, "Kirill Dmitriev");
        let rewritten = "A completely different article about harbour dredging costs.";
        assert_eq!(
            place(&TextIndex::new(rewritten), &span),
            Placement::Orphaned
        );
    }
}
