//! Label Studio tasks: a JSON array of `{"data": {"text"}, "annotations": [{"result"}]}`.
//! Label Studio counts offsets in UTF-16 code units (JavaScript string indices), so an
//! emoji counts two; [`Offsets`] converts. Each region quotes its text (`value.text`),
//! and a region whose offsets hold other text is reported, never shifted.
//!
//! Reading takes every annotation of a task that was not cancelled, each as its own
//! record with its annotator (`completed_by`), so two people's work stays two people's;
//! a task nobody annotated gives its first prediction instead.
//!
//! Regions, with ids stable across exports (`m0`, `c0`, …) so a round trip is byte-exact:
//! mentions are `labels` of `label`; claims are `labels` of `claim`; a claim's cue is a
//! `cue` region joined by a `cue` relation; its source mention is joined by a `source`
//! relation; negation is the per-region choice `negated`; free-text sources and notes
//! are per-region text areas `source_text` and `note`. The labelling config in README
//! declares exactly these names.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Value, json};

use std::collections::BTreeMap;

use super::Losses;
use super::document::{Document, Source};
use super::foreign::{ForeignClaim, ForeignRecord, ForeignSpan, ReadError, string};
use super::offsets::{Offsets, Unit};
use super::provenance::ProvenanceJson;
use crate::annotate::schema::{Claim, Mention, Origin};

pub fn begin(out: &mut Vec<u8>) {
    out.extend_from_slice(b"[\n");
}

pub fn end(out: &mut Vec<u8>, empty: bool) {
    if !empty {
        out.push(b'\n');
    }
    out.extend_from_slice(b"]\n");
}

pub fn separator() -> &'static [u8] {
    b",\n"
}

/// The regions of one set of items (a person's annotation, or one model's predictions),
/// their ids starting with `prefix` so the sets stay apart.
fn result(doc: &Document, prefix: &str, mentions: &[&Mention], claims: &[&Claim]) -> Vec<Value> {
    let mut result = Vec::new();
    let offsets = Offsets::new(doc.text());
    let unit = |cp: usize| offsets.from_code_point(Unit::Utf16, cp).unwrap_or(0);
    let region = |id: String, from: &str, start: usize, end: usize, kind: &str, value: Value| {
        let mut body = json!({
            "start": unit(start),
            "end": unit(end),
            "text": doc.slice(start, end),
        });
        if let (Value::Object(body), Value::Object(extra)) = (&mut body, value) {
            body.extend(extra);
        }
        json!({"id": id, "from_name": from, "to_name": "text", "type": kind, "value": body})
    };
    let relation = |from: &str, to: &str, label: &str| json!({"type": "relation", "from_id": from, "to_id": to, "direction": "right", "labels": [label]});
    let mut mention_ids = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let id = format!("{prefix}m{i}");
        mention_ids
            .entry((m.span.start, m.span.end))
            .or_insert(id.clone());
        let labels = json!({"labels": [m.label]});
        result.push(region(
            id,
            "label",
            m.span.start,
            m.span.end,
            "labels",
            labels,
        ));
    }
    for (j, claim) in claims.iter().enumerate() {
        let id = format!("{prefix}c{j}");
        let (start, end) = (claim.content.start, claim.content.end);
        let labels = json!({"labels": [claim.label]});
        result.push(region(id.clone(), "claim", start, end, "labels", labels));
        if claim.negated {
            let choices = json!({"choices": ["negated"]});
            result.push(region(
                id.clone(),
                "negated",
                start,
                end,
                "choices",
                choices,
            ));
        }
        if let Some(cue) = &claim.cue {
            let cue_id = format!("{id}-cue");
            let labels = json!({"labels": ["cue"]});
            result.push(region(
                cue_id.clone(),
                "cue",
                cue.start,
                cue.end,
                "labels",
                labels,
            ));
            result.push(relation(&id, &cue_id, "cue"));
        }
        match doc.source(claim) {
            Some(Source::Span { start: s, end: e }) => {
                let target = match mention_ids.get(&(s, e)) {
                    Some(mention) => mention.clone(),
                    None => {
                        let source_id = format!("{id}-source");
                        let labels = json!({"labels": ["source"]});
                        result.push(region(source_id.clone(), "source", s, e, "labels", labels));
                        source_id
                    }
                };
                result.push(relation(&id, &target, "source"));
            }
            Some(Source::Text(text)) => {
                let area = json!({"text": [text]});
                result.push(region(
                    id.clone(),
                    "source_text",
                    start,
                    end,
                    "textarea",
                    area,
                ));
            }
            None => {}
        }
        if let Some(note) = &claim.note {
            let area = json!({"text": [note]});
            result.push(region(id.clone(), "note", start, end, "textarea", area));
        }
    }
    result
}

/// A task id stable across exports (so re-imports and diffs line up) and exact in
/// JavaScript's numbers: 52 bits of the article's text hash.
fn task_id(doc: &Document) -> u64 {
    let hex = doc.article.id.get(..13).unwrap_or("0");
    u64::from_str_radix(hex, 16).unwrap_or(0)
}

/// People's finished work goes out as the task's one annotation, which Label Studio
/// treats as ground truth; what extractors first suggested goes out as `predictions`,
/// one per extractor with its `model_version` and mean confidence as `score`, which it
/// shows as pre-annotations and never counts as labelled. An article a person has not
/// finished has no annotation: its people's items are a prediction too, so nothing
/// unreviewed is read as complete.
pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let gold_mentions: Vec<&Mention> = doc
        .mentions
        .iter()
        .filter(|m| m.meta.status.is_gold())
        .collect();
    let gold_claims: Vec<&Claim> = doc
        .claims
        .iter()
        .filter(|c| c.meta.status.is_gold())
        .collect();
    let mut by_model: BTreeMap<String, (Vec<&Mention>, Vec<&Claim>)> = BTreeMap::new();
    let model = |origin: &Origin| match origin {
        Origin::Extractor { extractor, version } => format!("{extractor}@{version}"),
        Origin::Annotator { annotator } => annotator.clone(),
    };
    for m in &doc.suggested_mentions {
        by_model.entry(model(&m.meta.origin)).or_default().0.push(m);
    }
    for c in &doc.suggested_claims {
        by_model.entry(model(&c.meta.origin)).or_default().1.push(c);
    }
    let mut predictions: Vec<Value> = by_model
        .iter()
        .enumerate()
        .map(|(i, (version, (mentions, claims)))| {
            let scores: Vec<f64> = mentions.iter().filter_map(|m| m.confidence).collect();
            let mut prediction = json!({
                "model_version": version,
                "result": result(doc, &format!("p{i}-"), mentions, claims),
            });
            if !scores.is_empty() {
                prediction["score"] = json!(scores.iter().sum::<f64>() / scores.len() as f64);
            }
            prediction
        })
        .collect();
    let people = result(doc, "", &gold_mentions, &gold_claims);
    let annotations = if doc.fully_reviewed() {
        vec![json!({"result": people, "was_cancelled": false, "ground_truth": false})]
    } else {
        predictions
            .push(json!({"model_version": "people (review not finished)", "result": people}));
        Vec::new()
    };
    losses.add("entity clusters (coreference)", doc.entities.len());
    losses.add("notes", doc.notes.len());
    let task = json!({
        "id": task_id(doc),
        "data": data(doc),
        "annotations": annotations,
        "predictions": predictions,
    });
    serde_json::to_writer(&mut *out, &task)
}

/// The task's data: the text, where it came from in the library, and where it was
/// fetched from when copydesk fetched it.
#[derive(Serialize)]
struct TaskData<'a> {
    text: &'a str,
    source: &'a str,
    article_id: &'a str,
    #[serde(flatten)]
    provenance: ProvenanceJson<'a>,
}

fn data(doc: &Document) -> TaskData<'_> {
    TaskData {
        text: doc.text(),
        source: &doc.article.source,
        article_id: &doc.article.id,
        provenance: ProvenanceJson::from(&doc.article.metadata),
    }
}

pub fn read(text: &str) -> Result<Vec<ForeignRecord>, ReadError> {
    let tasks: Value = serde_json::from_str(text).map_err(|e| {
        ReadError(format!(
            "is not valid JSON at line {}:{} ({e})",
            e.line(),
            e.column()
        ))
    })?;
    let tasks = match tasks {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => return Err(ReadError("is not a Label Studio task list".into())),
    };
    Ok(tasks
        .iter()
        .enumerate()
        .flat_map(|(i, task)| read_task(task, i + 1))
        .collect())
}

/// Who made an annotation, as Label Studio records it: a user id, or a user object.
fn annotator(annotation: &Value) -> Option<String> {
    match annotation.get("completed_by")? {
        Value::Number(id) => Some(id.to_string()),
        Value::String(name) => Some(name.clone()),
        user @ Value::Object(_) => ["email", "id"]
            .iter()
            .find_map(|key| match user.get(*key)? {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
        _ => None,
    }
}

/// The records of a task: one per annotation not cancelled, else its first prediction.
fn read_task(task: &Value, number: usize) -> Vec<ForeignRecord> {
    let record = ForeignRecord {
        number,
        text: task
            .pointer("/data/text")
            .and_then(Value::as_str)
            .map(String::from),
        source: task
            .pointer("/data/source")
            .and_then(Value::as_str)
            .map(String::from),
        article_id: task
            .pointer("/data/article_id")
            .and_then(Value::as_str)
            .map(String::from),
        ..ForeignRecord::default()
    };
    let Some(offsets) = record.text.as_deref().map(Offsets::new) else {
        let problems = vec!["has no data.text".to_string()];
        return vec![ForeignRecord { problems, ..record }];
    };
    let list = |key: &str| {
        task.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let annotations: Vec<Value> = list("annotations")
        .into_iter()
        .filter(|a| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
        .collect();
    let (results, annotated) = match annotations.is_empty() {
        true => (list("predictions").into_iter().take(1).collect(), false),
        false => (annotations, true),
    };
    results
        .iter()
        .map(|annotation| {
            let mut record = ForeignRecord {
                annotator: annotated.then(|| annotator(annotation)).flatten(),
                ..record.clone()
            };
            let results = annotation.get("result").and_then(Value::as_array);
            read_results(
                results.map_or(&[][..], Vec::as_slice),
                &offsets,
                &mut record,
            );
            record
        })
        .collect()
}

/// Everything a region id gathers from the results that share it.
#[derive(Default)]
struct Region {
    span: Option<(usize, usize)>,
    from: String,
    label: Option<String>,
    negated: bool,
    note: Option<String>,
    source_text: Option<String>,
}

fn read_results(results: &[Value], offsets: &Offsets, record: &mut ForeignRecord) {
    let mut regions: Vec<(String, Region)> = Vec::new();
    let mut relations: Vec<(String, String, String)> = Vec::new();
    // A claim's choices and text areas repeat its region: it is reported once.
    let mut refused: Vec<String> = Vec::new();
    for (i, result) in results.iter().enumerate() {
        if result.get("type").and_then(Value::as_str) == Some("relation") {
            let field = |k: &str| string(result, k).unwrap_or_default();
            let label = result
                .pointer("/labels/0")
                .and_then(Value::as_str)
                .unwrap_or("");
            relations.push((field("from_id"), field("to_id"), label.to_string()));
            continue;
        }
        let id = string(result, "id").unwrap_or_else(|| format!("#{i}"));
        if refused.contains(&id) {
            continue;
        }
        let value = result.get("value").cloned().unwrap_or_default();
        let number = |key: &str| value.get(key).and_then(Value::as_u64);
        let span = match (number("start"), number("end")) {
            (Some(s), Some(e)) => {
                let (range, what) = ((s as usize, e as usize), format!("region {id}"));
                let placed = match value.get("text").and_then(Value::as_str) {
                    Some(quote) => offsets.quoted(Unit::Utf16, range, quote, &what),
                    None => offsets.span(Unit::Utf16, range, &what, ""),
                };
                match placed {
                    Ok(span) => Some(span),
                    Err(problem) => {
                        record.problems.push(problem);
                        refused.push(id);
                        continue;
                    }
                }
            }
            _ => None,
        };
        let position = match regions.iter().position(|(known, _)| *known == id) {
            Some(position) => position,
            None => {
                regions.push((id.clone(), Region::default()));
                regions.len() - 1
            }
        };
        let region = &mut regions[position].1;
        region.span = region.span.or(span);
        let from = string(result, "from_name").unwrap_or_default();
        let first_text = value
            .pointer("/text/0")
            .and_then(Value::as_str)
            .map(String::from);
        match result.get("type").and_then(Value::as_str) {
            Some("labels") => {
                region.label = value
                    .pointer("/labels/0")
                    .and_then(Value::as_str)
                    .map(String::from);
                region.from = from;
            }
            Some("choices") => {
                let choices = value.get("choices").and_then(Value::as_array);
                region.negated = choices.into_iter().flatten().any(|c| c == "negated");
            }
            Some("textarea") if from == "source_text" => region.source_text = first_text,
            Some("textarea") => region.note = first_text,
            _ => {}
        }
    }
    let by_id: HashMap<&str, &Region> = regions.iter().map(|(id, r)| (id.as_str(), r)).collect();
    let target = |claim: &str, label: &str| {
        relations
            .iter()
            .find(|(from, _, l)| from == claim && l == label)
            .and_then(|(_, to, _)| by_id.get(to.as_str())?.span)
    };
    for (id, region) in &regions {
        let (Some((start, end)), Some(label)) = (region.span, region.label.clone()) else {
            continue;
        };
        match region.from.as_str() {
            "cue" | "source" => {}
            "claim" => record.claims.push(ForeignClaim {
                content: ForeignSpan { start, end, label },
                cue: target(id, "cue"),
                negated: region.negated,
                source: match (target(id, "source"), &region.source_text) {
                    (Some((s, e)), _) => Some(Source::Span { start: s, end: e }),
                    (None, Some(text)) => Some(Source::Text(text.clone())),
                    (None, None) => None,
                },
                note: region.note.clone(),
            }),
            _ => record.mentions.push(ForeignSpan { start, end, label }),
        }
    }
}
