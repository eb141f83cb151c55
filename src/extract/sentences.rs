//! Sentence segmentation for news text.
//!
//! A full stop is only a boundary when what follows starts a sentence, and not after a
//! title ("Dr."), a month ("Jan. 5"), an initial ("J. K.") or a number sign ("No. 10").
//! Line breaks always end a sentence, so headlines without a full stop stand alone.

use std::ops::Range;

use super::words::{Token, TokenKind, tokenize};

/// Abbreviations after which a full stop never ends a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "supt", "rev", "hon", "pres", "st", "mt", "ft", "ave", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs",
    "approx", "fig", "vol", "pp", "dept", "est",
];

/// Abbreviations that may end a sentence: they do when a typical sentence opener follows.
const SOMETIMES_FINAL: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "etc", "bros", "plc", "llc",
];

/// Words that typically open a sentence; after an abbreviation they signal a boundary.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "there",
    "when",
    "while",
    "after",
    "before",
    "as",
    "if",
    "so",
    "yet",
    "however",
    "meanwhile",
    "officials",
    "police",
    "some",
    "many",
    "most",
    "for",
    "by",
    "with",
    "from",
    "no",
    "one",
    "two",
    "three",
];

/// The sentence of `text` holding byte `at` (or starting there). Sentences never cross a
/// line break, so only the line around `at` is segmented: on a long article this is the
/// cost of one paragraph, not of the whole text.
pub fn sentence_at(text: &str, at: usize) -> Option<Range<usize>> {
    let before = text.get(..at)?;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    sentences(&text[start..end])
        .into_iter()
        .map(|s| s.start + start..s.end + start)
        .find(|s| s.start <= at && at < s.end.max(s.start + 1))
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let tokens = tokenize(line);
        let mut sentence_start: Option<usize> = None;
        let mut i = 0;
        while i < tokens.len() {
            sentence_start.get_or_insert(tokens[i].span.start);
            if let Some(last) = boundary_after(line, &tokens, i) {
                let start = sentence_start.take().unwrap_or(tokens[i].span.start);
                out.push(line_start + start..line_start + tokens[last].span.end);
                i = last + 1;
                continue;
            }
            i += 1;
        }
        if let (Some(start), Some(last)) = (sentence_start, tokens.last()) {
            out.push(line_start + start..line_start + last.span.end);
        }
        line_start += line.len() + 1;
    }
    out
}

/// If a sentence ends at token `i`, the index of its last token (closing quotes and
/// brackets after the stop belong to the sentence).
fn boundary_after(line: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let token = &tokens[i];
    let text = token.text(line);
    let ends_with_abbreviation_dot = token.is_word() && text.ends_with('.');
    let is_stop = token.kind == TokenKind::Punct && matches!(text, "." | "!" | "?" | "…");
    if !is_stop && !ends_with_abbreviation_dot {
        return None;
    }
    let mut last = i;
    while tokens.get(last + 1).is_some_and(|t| closes(t, line)) {
        last += 1;
    }
    let Some(next) = tokens.get(last + 1) else {
        return Some(last);
    };
    if text == "." && tokens.get(i + 1).is_some_and(|t| t.text(line) == ".") {
        return None;
    }
    let next_text = next.text(line);
    let next_starts_sentence = next_text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        || matches!(next.kind, TokenKind::Quote)
        || next_text == "(";
    if !next_starts_sentence {
        return None;
    }
    let opener_follows = OPENERS.contains(&next.lower.as_str()) || next.kind == TokenKind::Quote;
    if ends_with_abbreviation_dot {
        return opener_follows.then_some(last);
    }
    if text == "." && i > 0 {
        let previous = &tokens[i - 1];
        let previous_text = previous.text(line);
        let directly_attached = previous.span.end == token.span.start;
        if directly_attached && previous.is_word() {
            if NEVER_FINAL.contains(&previous.lower.as_str()) {
                return None;
            }
            if SOMETIMES_FINAL.contains(&previous.lower.as_str()) && !opener_follows {
                return None;
            }
            let is_initial =
                previous_text.chars().count() == 1 && previous_text.chars().all(char::is_uppercase);
            if is_initial {
                return None;
            }
        }
    }
    Some(last)
}

/// Closing quotes and brackets that trail a full stop.
fn closes(token: &Token, line: &str) -> bool {
    matches!(token.text(line), "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    /// Looking around one offset finds what segmenting the whole text finds there.
    #[test]
    fn the_sentence_at_an_offset_is_the_one_the_whole_text_has_there() {
        let text =
            "Dr. Ruiz said so. Officials \u{201c}denied\u{201d} it.\n\nA new line. Zoë spoke.\nEnd";
        let whole = sentences(text);
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            let expected = whole
                .iter()
                .find(|s| s.start <= at && at < s.end.max(s.start + 1))
                .cloned();
            assert_eq!(sentence_at(text, at), expected, "at {at}");
        }
    }

    #[test]
    fn abbreviations_titles_months_and_initials_do_not_end_sentences() {
        assert_eq!(
            split(
                "Dr. Ana Ruiz met Sen. J. K. Lowe on Jan. 5 at No. 10 Downing St. in London. It went well."
            ),
            [
                "Dr. Ana Ruiz met Sen. J. K. Lowe on Jan. 5 at No. 10 Downing St. in London.",
                "It went well."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_end_a_sentence_only_before_an_opener() {
        assert_eq!(
            split(
                "Troops left the U.S. The talks resumed at 9 a.m. Tuesday. U.S. officials agreed."
            ),
            [
                "Troops left the U.S.",
                "The talks resumed at 9 a.m. Tuesday.",
                "U.S. officials agreed."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“We agreed to talk,” Witkoff wrote. “Nothing more.” Then he left."),
            [
                "“We agreed to talk,” Witkoff wrote.",
                "“Nothing more.”",
                "Then he left."
            ]
        );
    }

    #[test]
    fn ellipses_and_headlines() {
        assert_eq!(
            split(
                "Envoy meets delegation in Florida\n\nHe paused... then spoke. Wait... Nothing came."
            ),
            [
                "Envoy meets delegation in Florida",
                "He paused... then spoke.",
                "Wait...",
                "Nothing came."
            ]
        );
    }

    #[test]
    fn companies_can_end_a_sentence() {
        assert_eq!(
            split("Shares rose at Acme Corp. The rally faded. Acme Corp. Chief Ana Ruiz spoke."),
            [
                "Shares rose at Acme Corp.",
                "The rally faded.",
                "Acme Corp. Chief Ana Ruiz spoke."
            ]
        );
    }
}
