//! doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, "LABEL"], …]}`,
//! code points, as doccano's import and export both write it. Other keys become the
//! example's metadata in doccano; `source` and `article_id` bring an import home.
//!
//! Claims are `CLAIM_<label>` spans over their content, as in the spaCy export; their
//! cues, negation, sources and notes have no place here and are counted as lost.

use serde::Serialize;
use serde_json::Value;

use super::Losses;
use super::document::Document;
use super::foreign::{ForeignRecord, ForeignSpan, offset, read_jsonl, string};
use super::spacy::{CLAIM_PREFIX, claim, labelled_spans};

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, String)>,
    source: &'a str,
    article_id: &'a str,
}

pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let label = labelled_spans(doc);
    let claims = &doc.claims;
    losses.add(
        "claim cues",
        claims.iter().filter(|c| c.cue.is_some()).count(),
    );
    losses.add(
        "claim negations",
        claims.iter().filter(|c| c.negated).count(),
    );
    losses.add(
        "claim sources",
        claims.iter().filter(|c| doc.source(c).is_some()).count(),
    );
    losses.add(
        "claim notes",
        claims.iter().filter(|c| c.note.is_some()).count(),
    );
    losses.add("entity clusters (coreference)", doc.entities.len());
    losses.add("notes", doc.notes.len());
    let record = Record {
        text: doc.text(),
        label,
        source: &doc.article.source,
        article_id: &doc.article.id,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.push(b'\n');
    Ok(())
}

pub fn read(text: &str) -> Vec<ForeignRecord> {
    read_jsonl(text, |value, number| {
        let mut record = ForeignRecord {
            number,
            text: string(&value, "text"),
            source: string(&value, "source"),
            article_id: string(&value, "article_id"),
            ..ForeignRecord::default()
        };
        // doccano writes `label` (sequence labelling) or `entities` (relation projects).
        let spans = value
            .get("label")
            .or_else(|| value.get("entities"))
            .and_then(Value::as_array);
        for (i, span) in spans.into_iter().flatten().enumerate() {
            let parsed = match span {
                Value::Array(parts) => match parts.as_slice() {
                    [start, end, label] => start
                        .as_u64()
                        .zip(end.as_u64())
                        .zip(label.as_str())
                        .map(|((s, e), l)| (s as usize, e as usize, l.to_string())),
                    _ => None,
                },
                Value::Object(_) => offset(span, "start_offset")
                    .zip(offset(span, "end_offset"))
                    .zip(string(span, "label"))
                    .map(|((s, e), l)| (s, e, l)),
                _ => None,
            };
            let Some((start, end, label)) = parsed else {
                record
                    .problems
                    .push(format!("label {} is not [start, end, \"LABEL\"]", i + 1));
                continue;
            };
            match label.strip_prefix(CLAIM_PREFIX) {
                Some(claim_label) => record.claims.push(claim(start, end, claim_label, None)),
                None => record.mentions.push(ForeignSpan { start, end, label }),
            }
        }
        record
    })
}
