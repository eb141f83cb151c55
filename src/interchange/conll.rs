//! CoNLL-style IOB2: one `TOKEN TAG` line per token, a blank line between sentences, and
//! CoNLL-2003's `-DOCSTART- -X- O O` before each article (the exact line spaCy's
//! `convert -c ner` splits documents on). Entities only: IOB2 gives a token one tag, so of
//! overlapping mentions the longest (then earliest) is kept and the others counted;
//! claims cannot be said.
//!
//! A mention that runs across a sentence or paragraph break is dropped and counted, not
//! split: its halves would be two entities nobody marked, and kept whole it would start
//! a sentence with `I-`, which is not IOB2.

use std::fmt::Write as _;

use super::Losses;
use super::document::Document;
use super::tokens::tokens;
use crate::extract::sentences::sentences;

/// The people's mentions one tag per token can hold: of overlapping ones the longest
/// (then the earliest), sorted by position; and how many overlapping ones were left.
/// Rejected or suggested mentions (exported with `--status`) are no entity.
pub fn non_overlapping(doc: &Document) -> (Vec<(usize, usize, &str)>, usize) {
    let mut by_length: Vec<(usize, usize, &str)> = doc
        .mentions
        .iter()
        .filter(|m| m.meta.status.is_gold())
        .map(|m| (m.span.start, m.span.end, m.label.as_str()))
        .collect();
    by_length.sort_by_key(|&(start, end, _)| (std::cmp::Reverse(end - start), start));
    let by_length_count = by_length.len();
    let mut kept: Vec<(usize, usize, &str)> = Vec::new();
    for mention in by_length {
        if kept.iter().all(|k| mention.1 <= k.0 || k.1 <= mention.0) {
            kept.push(mention);
        }
    }
    let overlapping = by_length_count - kept.len();
    kept.sort_unstable();
    (kept, overlapping)
}

pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) {
    let (mut kept, overlapping) = non_overlapping(doc);
    losses.add("overlapping mentions", overlapping);
    losses.add("claims", doc.claims.len());
    losses.add("notes", doc.notes.len());
    losses.add("entity clusters (coreference)", doc.entities.len());
    let sentences: Vec<(usize, usize)> = sentences(doc.text())
        .into_iter()
        .map(|range| (doc.char_of(range.start), doc.char_of(range.end)))
        .collect();
    let before = kept.len();
    // A break falls before the first token at or after a sentence's end.
    kept.retain(|&(start, end, _)| {
        let at = sentences.partition_point(|s| s.1 <= start);
        sentences.get(at).is_none_or(|s| end <= s.1)
    });
    losses.add(
        "mentions across a sentence break (dropped)",
        before - kept.len(),
    );
    let edges: Vec<(usize, usize)> = kept.iter().map(|k| (k.0, k.1)).collect();
    let mut text = String::from("-DOCSTART- -X- O O\n\n");
    let mut next_end = sentences.iter().map(|s| s.1).peekable();
    let mut in_sentence = false;
    for token in tokens(doc, &edges) {
        if token.is_space(doc) {
            continue;
        }
        while next_end.next_if(|&end| end <= token.start).is_some() {
            if in_sentence {
                text.push('\n');
                in_sentence = false;
            }
        }
        let tag = match kept.iter().find(|k| k.0 <= token.start && token.end <= k.1) {
            Some((start, _, label)) if *start == token.start => format!("B-{label}"),
            Some((_, _, label)) => format!("I-{label}"),
            None => "O".to_string(),
        };
        let _ = writeln!(text, "{} {tag}", doc.slice(token.start, token.end));
        in_sentence = true;
    }
    if in_sentence {
        text.push('\n');
    }
    out.extend_from_slice(text.as_bytes());
}
