//! `copydesk detect`'s own JSON (one pretty object, or JSON Lines from `--format
//! jsonl`), read back as pre-annotations: a detection run on another machine or an
//! older version becomes reviewable suggestions.

use serde_json::Value;

use super::document::Source;
use super::foreign::{ForeignClaim, ForeignRecord, ForeignSpan, offset, read_jsonl, string};

pub fn read(text: &str) -> Vec<ForeignRecord> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(records)) => records
            .into_iter()
            .enumerate()
            .map(|(i, value)| record(value, i + 1))
            .collect(),
        Ok(value) => vec![record(value, 1)],
        Err(_) => read_jsonl(text, record),
    }
}

fn record(value: Value, number: usize) -> ForeignRecord {
    let mut record = ForeignRecord {
        number,
        text: string(&value, "text"),
        source: value
            .pointer("/article/source")
            .and_then(Value::as_str)
            .map(String::from),
        article_id: value
            .pointer("/article/id")
            .and_then(Value::as_str)
            .map(String::from),
        ..ForeignRecord::default()
    };
    let list = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for (i, entity) in list("entities").iter().enumerate() {
        match (
            offset(entity, "start"),
            offset(entity, "end"),
            string(entity, "label"),
        ) {
            (Some(start), Some(end), Some(label)) => {
                record.mentions.push(ForeignSpan { start, end, label });
            }
            _ => record
                .problems
                .push(format!("entity {} lacks start, end or label", i + 1)),
        }
    }
    let range = |v: Option<&Value>| Some((offset(v?, "start")?, offset(v?, "end")?));
    for (i, claim) in list("claims").iter().enumerate() {
        let (Some((start, end)), Some(label)) = (range(Some(claim)), string(claim, "label")) else {
            record
                .problems
                .push(format!("claim {} lacks start, end or label", i + 1));
            continue;
        };
        record.claims.push(ForeignClaim {
            content: ForeignSpan { start, end, label },
            cue: range(claim.get("cue")),
            negated: claim
                .get("negated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            source: range(claim.get("source")).map(|(start, end)| Source::Span { start, end }),
            note: None,
        });
    }
    record
}
