//! spaCy / Prodigy JSONL: one article per line, `{"text", "tokens", "spans", "meta",
//! "answer"}` as Prodigy's `ner_manual` and `spans.manual` write it and spaCy's
//! converters read it. Offsets in code points, `token_end` inclusive.
//!
//! Mentions are spans with their label. A claim is a span over its content labelled
//! `CLAIM_<label>`, in the same list, so one training file holds both and a span
//! categoriser (overlaps allowed) can learn both; the claim's cue, negation, source
//! and note, which spans cannot hold, ride in `meta.claims`, so nothing is lost.

use serde::Serialize;
use serde_json::Value;

use super::Losses;
use super::document::{Document, Source};
use super::foreign::{ForeignClaim, ForeignRecord, ForeignSpan, offset, read_jsonl, string};
use super::offsets::{Offsets, Unit};
use super::tokens::{token_range, tokens};

pub const CLAIM_PREFIX: &str = "CLAIM_";

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    tokens: Vec<TokenJson<'a>>,
    spans: Vec<SpanJson>,
    meta: Meta<'a>,
    answer: &'static str,
}

#[derive(Serialize)]
struct TokenJson<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
    label: String,
    token_start: usize,
    token_end: usize,
}

#[derive(Serialize)]
struct Meta<'a> {
    source: &'a str,
    article_id: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    claims: Vec<ClaimMeta<'a>>,
}

#[derive(Serialize)]
struct ClaimMeta<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    negated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Range {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
#[serde(untagged)]
enum SourceJson {
    Span { start: usize, end: usize },
    Text { text: String },
}

impl From<Source> for SourceJson {
    fn from(source: Source) -> Self {
        match source {
            Source::Span { start, end } => SourceJson::Span { start, end },
            Source::Text(text) => SourceJson::Text { text },
        }
    }
}

/// The claims of `doc` as `meta.claims` holds them.
fn claim_meta(doc: &Document) -> Vec<ClaimMeta<'_>> {
    doc.claims
        .iter()
        .map(|claim| ClaimMeta {
            start: claim.content.start,
            end: claim.content.end,
            label: &claim.label,
            negated: claim.negated,
            cue: claim.cue.as_ref().map(|cue| Range {
                start: cue.start,
                end: cue.end,
            }),
            source: doc.source(claim).map(SourceJson::from),
            note: claim.note.as_deref(),
        })
        .collect()
}

/// Mentions and claims as labelled spans in code points, sorted: a claim is its content
/// under `CLAIM_<label>`. The span list of the spaCy and doccano formats.
pub fn labelled_spans(doc: &Document) -> Vec<(usize, usize, String)> {
    let mut spans: Vec<(usize, usize, String)> = doc
        .mentions
        .iter()
        .map(|m| (m.span.start, m.span.end, m.label.clone()))
        .chain(doc.claims.iter().map(|c| {
            let label = format!("{CLAIM_PREFIX}{}", c.label);
            (c.content.start, c.content.end, label)
        }))
        .collect();
    spans.sort();
    spans
}

pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let spans = labelled_spans(doc);
    let edges: Vec<(usize, usize)> = spans.iter().map(|s| (s.0, s.1)).collect();
    let tokens = tokens(doc, &edges);
    let record = Record {
        text: doc.text(),
        tokens: tokens
            .iter()
            .enumerate()
            .map(|(id, t)| TokenJson {
                text: doc.slice(t.start, t.end),
                start: t.start,
                end: t.end,
                id,
                ws: t.ws,
            })
            .collect(),
        spans: spans
            .into_iter()
            .map(|(start, end, label)| {
                let (token_start, token_end) = token_range(&tokens, start, end);
                SpanJson {
                    start,
                    end,
                    label,
                    token_start,
                    token_end,
                }
            })
            .collect(),
        meta: Meta {
            source: &doc.article.source,
            article_id: &doc.article.id,
            claims: claim_meta(doc),
        },
        answer: "accept",
    };
    losses.add("entity clusters (coreference)", doc.entities.len());
    losses.add("notes", doc.notes.len());
    serde_json::to_writer(&mut *out, &record)?;
    out.push(b'\n');
    Ok(())
}

pub fn read(text: &str) -> Vec<ForeignRecord> {
    read_jsonl(text, |value, number| {
        let mut record = ForeignRecord {
            number,
            text: string(&value, "text"),
            source: value
                .pointer("/meta/source")
                .and_then(Value::as_str)
                .map(String::from),
            article_id: value
                .pointer("/meta/article_id")
                .and_then(Value::as_str)
                .map(String::from),
            ..ForeignRecord::default()
        };
        if let Some(answer) = value.get("answer").and_then(Value::as_str)
            && answer != "accept"
        {
            record
                .problems
                .push(format!("has answer {answer:?}, not \"accept\"; skipped"));
            return record;
        }
        // spaCy counts code points, so a file from a tool that counts UTF-16 (any
        // JavaScript one) cuts words after the first emoji: each such span is refused.
        let Some(offsets) = record.text.as_deref().map(Offsets::new) else {
            record.problems.push("has no text".into());
            return record;
        };
        let details: Vec<&Value> = value
            .pointer("/meta/claims")
            .and_then(Value::as_array)
            .map(|claims| claims.iter().collect())
            .unwrap_or_default();
        for (i, span) in value
            .get("spans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let (Some(start), Some(end), Some(label)) = (
                offset(span, "start"),
                offset(span, "end"),
                string(span, "label"),
            ) else {
                record
                    .problems
                    .push(format!("span {} lacks start, end or label", i + 1));
                continue;
            };
            let what = format!("span {} {label}", i + 1);
            if let Err(problem) = offsets.span(Unit::CodePoint, (start, end), &what, "") {
                record.problems.push(problem);
                continue;
            }
            match label.strip_prefix(CLAIM_PREFIX) {
                Some(claim_label) => {
                    let detail = details.iter().find(|d| {
                        offset(d, "start") == Some(start)
                            && offset(d, "end") == Some(end)
                            && d.get("label").and_then(Value::as_str) == Some(claim_label)
                    });
                    let claim = claim(start, end, claim_label, detail.copied());
                    let source = match &claim.source {
                        Some(Source::Span { start, end }) => Some((*start, *end)),
                        _ => None,
                    };
                    let parts = [("cue", claim.cue), ("source", source)];
                    let checked = parts.iter().filter_map(|(part, range)| {
                        let what = format!("{part} of {what}");
                        offsets.span(Unit::CodePoint, (*range)?, &what, "").err()
                    });
                    match checked.collect::<Vec<_>>() {
                        problems if problems.is_empty() => record.claims.push(claim),
                        problems => record.problems.extend(problems),
                    }
                }
                None => record.mentions.push(ForeignSpan { start, end, label }),
            }
        }
        record
    })
}

/// A claim from a span and, when the file has it, its `meta.claims` entry (doccano has
/// none: its claims are label and span only).
pub fn claim(start: usize, end: usize, label: &str, detail: Option<&Value>) -> ForeignClaim {
    let range = |key: &str| {
        let value = detail?.get(key)?;
        Some((offset(value, "start")?, offset(value, "end")?))
    };
    let source = detail.and_then(|d| d.get("source")).and_then(|source| {
        match (
            offset(source, "start"),
            offset(source, "end"),
            string(source, "text"),
        ) {
            (Some(start), Some(end), _) => Some(Source::Span { start, end }),
            (_, _, Some(text)) => Some(Source::Text(text)),
            _ => None,
        }
    });
    ForeignClaim {
        content: ForeignSpan {
            start,
            end,
            label: label.to_string(),
        },
        cue: range("cue"),
        negated: detail
            .and_then(|d| d.get("negated"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        source,
        note: detail.and_then(|d| string(d, "note")),
    }
}
