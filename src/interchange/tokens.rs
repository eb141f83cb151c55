//! Tokens for the token-based formats (spaCy/Prodigy, CoNLL), in code points.
//!
//! They rebuild the text exactly the way spaCy does: each token's text, then one space
//! when `ws` is set; any other whitespace is a token of its own. Tokens are split at
//! every span boundary, so every span starts and ends on a token edge (spaCy's
//! `Doc.char_span` then never returns `None`).

use super::document::Document;
use crate::extract::words::tokenize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Followed by exactly one space, which belongs to no token.
    pub ws: bool,
}

impl Token {
    pub fn is_space(&self, doc: &Document) -> bool {
        doc.slice(self.start, self.end).trim().is_empty()
    }
}

/// Tokens of `doc`'s text, split at the edges of `spans` (code point ranges).
pub fn tokens(doc: &Document, spans: &[(usize, usize)]) -> Vec<Token> {
    let text = doc.text();
    let mut starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
    let mut ends: Vec<usize> = spans.iter().map(|s| s.1).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    // A space a span starts at or ends after must be a token, not a word's `ws`.
    let absorbable = |space: usize| {
        starts.binary_search(&space).is_err() && ends.binary_search(&(space + 1)).is_err()
    };
    let mut out: Vec<Token> = Vec::new();
    let mut covered = 0;
    for word in tokenize(text) {
        let (start, end) = (doc.char_of(word.span.start), doc.char_of(word.span.end));
        gap(doc, covered, start, &absorbable, &mut out);
        out.push(Token {
            start,
            end,
            ws: false,
        });
        covered = end;
    }
    gap(doc, covered, doc.len_chars(), &absorbable, &mut out);
    let out = whole_graphemes(doc, out);
    let mut cuts: Vec<usize> = starts.into_iter().chain(ends).collect();
    cuts.sort_unstable();
    cuts.dedup();
    split(out, &cuts)
}

/// Covers the text between two words: one space after a word becomes its `ws`; the
/// rest becomes tokens of whitespace and of anything the word tokenizer skipped.
fn gap(
    doc: &Document,
    from: usize,
    to: usize,
    absorbable: &dyn Fn(usize) -> bool,
    out: &mut Vec<Token>,
) {
    let mut at = from;
    if let Some(last) = out.last_mut()
        && last.end == from
        && from < to
        && doc.slice(from, from + 1) == " "
        && absorbable(from)
    {
        last.ws = true;
        at += 1;
    }
    while at < to {
        let space = doc.slice(at, at + 1).trim().is_empty();
        let mut end = at + 1;
        while end < to && doc.slice(end, end + 1).trim().is_empty() == space {
            end += 1;
        }
        out.push(Token {
            start: at,
            end,
            ws: false,
        });
        at = end;
    }
}

/// Joins tokens the word tokenizer split inside a grapheme cluster (an emoji and its
/// skin tone, the two letters of a flag), which no token may cut.
fn whole_graphemes(doc: &Document, tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match out.last_mut() {
            Some(last) if last.end == token.start && !doc.is_grapheme_boundary(token.start) => {
                last.end = token.end;
                last.ws = token.ws;
            }
            _ => out.push(token),
        }
    }
    out
}

fn split(tokens: Vec<Token>, cuts: &[usize]) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        let first = cuts.partition_point(|&cut| cut <= token.start);
        let mut start = token.start;
        for &cut in cuts[first..].iter().take_while(|&&cut| cut < token.end) {
            out.push(Token {
                start,
                end: cut,
                ws: false,
            });
            start = cut;
        }
        out.push(Token { start, ..token });
    }
    out
}

/// The first and last (inclusive) token a code point range touches.
pub fn token_range(tokens: &[Token], start: usize, end: usize) -> (usize, usize) {
    let first = tokens.partition_point(|t| t.end <= start);
    let last = tokens.partition_point(|t| t.start < end).max(first + 1) - 1;
    (first, last)
}
