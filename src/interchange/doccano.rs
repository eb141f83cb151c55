//! doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, "LABEL"], …]}`.
//! doccano counts offsets as its browser does, in UTF-16 code units, or in graphemes
//! when the project counts grapheme clusters; `--offsets` names the unit, UTF-16 by
//! default, on export and import alike. Other keys become the example's metadata in
//! doccano; `source` and `article_id` bring an import home.
//!
//! The file quotes no span, so reading checks each against its record's text in
//! [`Offsets::span`]: a span that cuts words where another unit gives whole ones is
//! reported as counted in that unit, not shifted onto other words.
//!
//! Claims are `CLAIM_<label>` spans over their content, as in the spaCy export; their
//! cues, negation, sources and notes have no place here and are counted as lost.

use serde::Serialize;
use serde_json::Value;

use super::Losses;
use super::document::Document;
use super::foreign::{ForeignRecord, ForeignSpan, offset, read_jsonl, string};
use super::offsets::{Offsets, Unit};
use super::provenance::ProvenanceJson;
use super::spacy::{CLAIM_PREFIX, claim, labelled_spans};

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, String)>,
    source: &'a str,
    article_id: &'a str,
    #[serde(flatten)]
    provenance: ProvenanceJson<'a>,
}

pub fn write(
    doc: &Document,
    unit: Unit,
    losses: &mut Losses,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let offsets = Offsets::new(doc.text());
    let spans = labelled_spans(doc);
    let total = spans.len();
    let label: Vec<(usize, usize, String)> = spans
        .into_iter()
        .filter_map(|(start, end, label)| {
            let start = offsets.from_code_point(unit, start)?;
            Some((start, offsets.from_code_point(unit, end)?, label))
        })
        .collect();
    losses.add(
        "spans not on grapheme boundaries (counting graphemes)",
        total - label.len(),
    );
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
        provenance: ProvenanceJson::from(&doc.article.metadata),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.push(b'\n');
    Ok(())
}

pub fn read(text: &str, unit: Unit) -> Vec<ForeignRecord> {
    read_jsonl(text, |value, number| {
        let mut record = ForeignRecord {
            number,
            text: string(&value, "text"),
            source: string(&value, "source"),
            article_id: string(&value, "article_id"),
            ..ForeignRecord::default()
        };
        // doccano writes `label` (sequence labelling) or `entities` (relation projects).
        let Some(offsets) = record.text.as_deref().map(Offsets::new) else {
            record.problems.push("has no text".into());
            return record;
        };
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
            let what = format!("label {} {label}", i + 1);
            let (start, end) = match offsets.span(unit, (start, end), &what, " (--offsets)") {
                Ok(span) => span,
                Err(problem) => {
                    record.problems.push(problem);
                    continue;
                }
            };
            match label.strip_prefix(CLAIM_PREFIX) {
                Some(claim_label) => record.claims.push(claim(start, end, claim_label, None)),
                None => record.mentions.push(ForeignSpan { start, end, label }),
            }
        }
        record
    })
}
