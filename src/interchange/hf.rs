//! Hugging Face token classification JSONL: one article per line, `{"id", "source",
//! "tokens", "ner_tags"}`, the shape `datasets.load_dataset("json", …)` reads and the
//! token-classification examples train on. Whitespace is not a token.
//!
//! Tags are integers, so the label list must be fixed before the first line: it is
//! `--labels` in the order given, `O` as 0 and then, per label, `B-`, `I-` (IOB2) or
//! `B-`, `I-`, `E-`, `S-` (BIOES). [`tag_names`] spells it out for the file beside the
//! export. Text a person has not finished reviewing (outside people's mentions in a
//! partly reviewed article) is -100, the id the trainers' loss ignores; a rejected
//! suggestion (exported with `--status …,rejected`) is `O`. Of overlapping mentions the longest is kept, as in CoNLL.

use serde::Serialize;

use super::Losses;
use super::conll::non_overlapping;
use super::document::Document;
use super::tokens::{token_range, tokens};

/// The id PyTorch's cross-entropy (and so the `transformers` trainers) skips.
pub const IGNORED: i64 = -100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Iob2,
    Bioes,
}

impl Scheme {
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            Scheme::Iob2 => &["B", "I"],
            Scheme::Bioes => &["B", "I", "E", "S"],
        }
    }
}

/// The tag of each id, in order.
pub fn tag_names(labels: &[String], scheme: Scheme) -> Vec<String> {
    let mut names = vec!["O".to_string()];
    for label in labels {
        names.extend(scheme.prefixes().iter().map(|p| format!("{p}-{label}")));
    }
    names
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    source: &'a str,
    tokens: Vec<&'a str>,
    ner_tags: Vec<i64>,
}

/// `entities_reviewed`: whether text outside the mentions is known not to be an entity.
pub fn write(
    doc: &Document,
    labels: &[String],
    scheme: Scheme,
    entities_reviewed: bool,
    rejected: &[(usize, usize)],
    losses: &mut Losses,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let (entities, overlapping) = non_overlapping(doc);
    losses.add("overlapping mentions", overlapping);
    losses.add("claims", doc.claims.len());
    losses.add("notes", doc.notes.len());
    losses.add("entity clusters (coreference)", doc.entities.len());
    let mut edges: Vec<(usize, usize)> = entities.iter().map(|e| (e.0, e.1)).collect();
    edges.extend_from_slice(rejected);
    let all = tokens(doc, &edges);
    let outside = if entities_reviewed { 0 } else { IGNORED };
    let mut tags = vec![outside; all.len()];
    for &(start, end) in rejected {
        let (first, last) = token_range(&all, start, end);
        tags.iter_mut()
            .take(last + 1)
            .skip(first)
            .for_each(|t| *t = 0);
    }
    let width = scheme.prefixes().len() as i64;
    for &(start, end, label) in &entities {
        let Some(index) = labels.iter().position(|l| l == label) else {
            losses.add("mentions with a label --labels does not name", 1);
            continue;
        };
        let base = 1 + width * index as i64;
        let (first, last) = token_range(&all, start, end);
        let words: Vec<usize> = (first..=last).filter(|&i| !all[i].is_space(doc)).collect();
        for (n, &i) in words.iter().enumerate() {
            let offset = match (scheme, n == 0, n + 1 == words.len()) {
                (Scheme::Bioes, true, true) => 3,
                (_, true, _) => 0,
                (Scheme::Bioes, false, true) => 2,
                _ => 1,
            };
            tags[i] = base + offset;
        }
    }
    let (words, ner_tags): (Vec<&str>, Vec<i64>) = all
        .iter()
        .zip(tags)
        .filter(|(t, _)| !t.is_space(doc))
        .map(|(t, tag)| (doc.slice(t.start, t.end), tag))
        .unzip();
    let record = Record {
        id: &doc.article.id,
        source: &doc.article.source,
        tokens: words,
        ner_tags,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.push(b'\n');
    Ok(())
}
