//! Prodigy JSONL: `{"text", "tokens", "spans", "meta", "answer"}` records as Prodigy's
//! `ner_manual` and `spans.manual` (one record per finished article) and its binary
//! recipes (one span per record) write them; `prodigy data-to-spacy` reads both. spaCy
//! itself has no reader for this (`spacy convert` cannot): for `spacy train`, export
//! `--format docbin`. Offsets in code points, `token_end` inclusive.
//!
//! Mentions are spans with their label. A claim is a span over its content labelled
//! `CLAIM_<label>`, in the same list, so one training file holds both and a span
//! categoriser (overlaps allowed) can learn both; the claim's cue, negation, source
//! and note, which spans cannot hold, ride in `meta.claims`, so nothing is lost.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Losses;
use super::document::{Document, Layer, Source};
use super::foreign::{ForeignClaim, ForeignRecord, ForeignSpan, offset, read_jsonl, string};
use super::offsets::{Offsets, Unit};
use super::provenance::ProvenanceJson;
use super::tokens::{Token, token_range, tokens};
use crate::annotate::schema::{Claim, Origin, Status};

pub const CLAIM_PREFIX: &str = "CLAIM_";

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    tokens: Vec<TokenJson<'a>>,
    spans: Vec<SpanJson>,
    meta: Meta<'a>,
    /// Absent on a suggestion nobody decided: Prodigy reads such a record as a task
    /// still to answer, not as an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'static str>,
    _input_hash: i32,
    _task_hash: i32,
}

#[derive(Serialize)]
struct TokenJson<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize, Clone)]
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
    /// Where `text` starts in the article, in code points, when the record holds only
    /// the paragraphs around its one item: a record per item holding the whole article
    /// would grow with the square of a long article's suggestions.
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
    article_id: &'a str,
    /// The exported layers and whether a person finished each: a record of an
    /// unfinished article says nothing about the text outside its one span.
    complete: BTreeMap<&'static str, bool>,
    /// Status, decider and origin of each span, in the order of `spans`.
    span_details: Vec<SpanDetail>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    claims: Vec<ClaimMeta<'a>>,
    #[serde(flatten)]
    provenance: ProvenanceJson<'a>,
}

#[derive(Serialize, Clone)]
struct SpanDetail {
    status: Status,
    annotator: String,
    origin: String,
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

/// The claim's details with offsets into a record's text that starts at `shift`.
fn claim_meta<'a>(doc: &'a Document, claim: &'a Claim, shift: usize) -> ClaimMeta<'a> {
    ClaimMeta {
        start: claim.content.start - shift,
        end: claim.content.end - shift,
        label: &claim.label,
        negated: claim.negated,
        cue: claim.cue.as_ref().map(|cue| Range {
            start: cue.start - shift,
            end: cue.end - shift,
        }),
        source: doc.source(claim).map(|source| match source {
            Source::Span { start, end } => SourceJson::Span {
                start: start - shift,
                end: end - shift,
            },
            Source::Text(text) => SourceJson::Text { text },
        }),
        note: claim.note.as_deref(),
    }
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

/// One exported item as a span record needs it.
struct Item<'a> {
    span: (usize, usize, String),
    status: Status,
    detail: SpanDetail,
    claim: Option<&'a Claim>,
}

fn items(doc: &Document) -> Vec<Item<'_>> {
    let detail = |id: &str, status: Status, origin: &Origin| SpanDetail {
        status,
        annotator: doc.decider(id, origin),
        origin: match origin {
            Origin::Extractor { extractor, version } => format!("{extractor}@{version}"),
            Origin::Annotator { annotator } => annotator.clone(),
        },
    };
    let mut items: Vec<Item> = doc
        .mentions
        .iter()
        .map(|m| Item {
            span: (m.span.start, m.span.end, m.label.clone()),
            status: m.meta.status,
            detail: detail(&m.meta.id, m.meta.status, &m.meta.origin),
            claim: None,
        })
        .chain(doc.claims.iter().map(|c| Item {
            span: (
                c.content.start,
                c.content.end,
                format!("{CLAIM_PREFIX}{}", c.label),
            ),
            status: c.meta.status,
            detail: detail(&c.meta.id, c.meta.status, &c.meta.origin),
            claim: Some(c),
        }))
        .collect();
    items.sort_by(|a, b| a.span.cmp(&b.span));
    items
}

/// A 32-bit hash in the signed range Prodigy uses for `_input_hash` and `_task_hash`.
fn hash32(parts: &[&[u8]]) -> i32 {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    i32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

impl Item<'_> {
    /// The code point range the record of this item alone must hold: its span and, for
    /// a claim, its cue and a source in the text.
    fn reach(&self, doc: &Document) -> (usize, usize) {
        let mut reach = (self.span.0, self.span.1);
        let mut widen = |start: usize, end: usize| reach = (reach.0.min(start), reach.1.max(end));
        if let Some(claim) = self.claim {
            if let Some(cue) = &claim.cue {
                widen(cue.start, cue.end);
            }
            if let Some(Source::Span { start, end }) = doc.source(claim) {
                widen(start, end);
            }
        }
        reach
    }
}

/// Code point ranges of the title and body paragraphs, in text order.
fn paragraphs(doc: &Document) -> Vec<(usize, usize)> {
    let paragraphs = &doc.article.paragraphs;
    paragraphs
        .iter()
        .map(|range| (doc.char_of(range.start), doc.char_of(range.end)))
        .collect()
}

/// The whole paragraphs around a range (the range itself where it leaves them).
fn window(paragraphs: &[(usize, usize)], (start, end): (usize, usize)) -> (usize, usize) {
    let first = paragraphs.partition_point(|p| p.1 <= start);
    let after_last = paragraphs.partition_point(|p| p.0 < end);
    let from = paragraphs.get(first).map_or(start, |p| p.0.min(start));
    let to = match after_last.checked_sub(1) {
        Some(last) if last >= first => paragraphs[last].1.max(end),
        _ => end,
    };
    (from, to)
}

/// What every record of one article shares.
struct Writer<'a> {
    doc: &'a Document,
    complete: BTreeMap<&'static str, bool>,
}

impl<'a> Writer<'a> {
    /// One record over the text `window` (code points) with tokens from `tokens`.
    fn record(
        &self,
        tokens: &[Token],
        window: (usize, usize),
        chosen: &[&'a Item<'a>],
        answer: Option<&'static str>,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        let doc = self.doc;
        let (from, to) = window;
        let inside = &tokens
            [tokens.partition_point(|t| t.start < from)..tokens.partition_point(|t| t.end <= to)];
        let token_json: Vec<TokenJson> = inside
            .iter()
            .enumerate()
            .map(|(id, t)| TokenJson {
                text: doc.slice(t.start, t.end),
                start: t.start - from,
                end: t.end - from,
                id,
                // The space after the window's last token is outside its text.
                ws: t.ws && t.end < to,
            })
            .collect();
        let spans: Vec<SpanJson> = chosen
            .iter()
            .map(|item| {
                let (start, end, label) = &item.span;
                let (token_start, token_end) = token_range(inside, *start, *end);
                SpanJson {
                    start: start - from,
                    end: end - from,
                    label: label.clone(),
                    token_start,
                    token_end,
                }
            })
            .collect();
        let text = doc.slice(from, to);
        let input_hash = hash32(&[text.as_bytes()]);
        let task = serde_json::to_vec(&spans)?;
        let record = Record {
            text,
            tokens: token_json,
            _input_hash: input_hash,
            _task_hash: hash32(&[&input_hash.to_le_bytes(), &task]),
            spans,
            meta: Meta {
                source: &doc.article.source,
                offset: (window != (0, doc.len_chars())).then_some(from),
                article_id: &doc.article.id,
                provenance: ProvenanceJson::from(&doc.article.metadata),
                complete: self.complete.clone(),
                span_details: chosen.iter().map(|i| i.detail.clone()).collect(),
                claims: chosen
                    .iter()
                    .filter_map(|i| i.claim.map(|c| claim_meta(doc, c, from)))
                    .collect(),
            },
            answer,
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.push(b'\n');
        Ok(())
    }
}

/// A fully reviewed article is one record holding every gold span, `"answer": "accept"`,
/// as Prodigy's manual recipes write it: the text outside them is known to be neither.
/// An article a person has not finished goes out as one record per span instead
/// (Prodigy's binary style), which says nothing about the rest of the text. Rejected
/// items are always one record each with `"answer": "reject"`, and undecided
/// suggestions one record each with no answer, so neither can become gold. A record of
/// one item holds only the paragraphs around it, with `meta.offset` saying where they
/// start, as Prodigy's own binary tasks hold a sentence.
pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let items = items(doc);
    let writer = Writer {
        doc,
        complete: [Layer::Entities, Layer::Claims]
            .into_iter()
            .filter(|&layer| doc.exports(layer))
            .map(|layer| (layer.name(), doc.complete(layer)))
            .collect(),
    };
    let edges: Vec<(usize, usize)> = items.iter().map(|i| (i.span.0, i.span.1)).collect();
    let (gold, others): (Vec<&Item>, Vec<&Item>) = items.iter().partition(|i| i.status.is_gold());
    let mut singles = others;
    if doc.fully_reviewed() {
        let whole = (0, doc.len_chars());
        writer.record(&tokens(doc, &edges), whole, &gold, Some("accept"), out)?;
    } else {
        singles.extend(gold);
    }
    if !singles.is_empty() {
        let paragraphs = paragraphs(doc);
        let windows: Vec<(usize, usize)> = singles
            .iter()
            .map(|item| window(&paragraphs, item.reach(doc)))
            .collect();
        // Windows must start and end on token edges.
        let cuts: Vec<(usize, usize)> = edges.iter().chain(&windows).copied().collect();
        let tokens = tokens(doc, &cuts);
        let mut order: Vec<usize> = (0..singles.len()).collect();
        order.sort_by_key(|&i| !singles[i].status.is_gold());
        for i in order {
            let item = singles[i];
            let answer = match item.status {
                status if status.is_gold() => Some("accept"),
                Status::Rejected => Some("reject"),
                _ => None,
            };
            writer.record(&tokens, windows[i], &[item], answer, out)?;
        }
    }
    losses.add("entity clusters (coreference)", doc.entities.len());
    losses.add("notes", doc.notes.len());
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
        // A rejected or ignored span is no one's suggestion; a record with no answer is
        // a suggestion still to review, which is what an import brings.
        if let Some(answer) = value.get("answer").and_then(Value::as_str)
            && answer != "accept"
        {
            return record;
        }
        // spaCy counts code points, so a file from a tool that counts UTF-16 (any
        // JavaScript one) cuts words after the first emoji: each such span is refused.
        let Some(offsets) = record.text.as_deref().map(Offsets::new) else {
            record.problems.push("has no text".into());
            return record;
        };
        let shift = value
            .pointer("/meta/offset")
            .and_then(Value::as_u64)
            .and_then(|offset| usize::try_from(offset).ok())
            .unwrap_or(0);
        record.text_offset = shift;
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
                        problems if problems.is_empty() => record.claims.push(claim.shifted(shift)),
                        problems => record.problems.extend(problems),
                    }
                }
                None => record.mentions.push(ForeignSpan {
                    start: start + shift,
                    end: end + shift,
                    label,
                }),
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
