//! `copydesk check`: validating a sidecar against its article, one problem per line.

use std::collections::HashSet;

use super::also_suggested;
use super::anchor::quote_matches;
use super::completeness::{self, Layer};
use super::items::Item;
use super::schema::{Claim, ClaimSource, Entity, Mention, Note, Sidecar};
use super::store::parse_sidecar;
use crate::article::Article;
use crate::article::text_index::TextIndex;

/// Every problem found in the sidecar at `sidecar_path` for `article`.
pub fn check_sidecar(sidecar_path: &std::path::Path, article: &Article) -> Vec<String> {
    let bytes = match std::fs::read(sidecar_path) {
        Ok(bytes) => bytes,
        Err(error) => return vec![format!("cannot be read: {error}")],
    };
    match parse_sidecar(&bytes) {
        Ok(sidecar) => check(&sidecar, article),
        Err(problem) => vec![problem],
    }
}

pub fn check(sidecar: &Sidecar, article: &Article) -> Vec<String> {
    let mut problems = Vec::new();
    let index = TextIndex::new(&article.text);
    if sidecar.article.sha256 != article.id {
        problems.push(
            "was written for a different version of the article text (open it in copydesk to re-anchor)".to_string(),
        );
    }
    if sidecar.article.length != index.len_chars() && sidecar.article.sha256 == article.id {
        problems.push(format!(
            "records a text length of {} code points, but the text has {}",
            sidecar.article.length,
            index.len_chars()
        ));
    }
    for layer in Layer::ALL {
        if let Some(mark) = completeness::mark(&sidecar.reviewed, layer)
            && mark.sha256 != article.id
        {
            problems.push(format!(
                "marks {} reviewed on another version of the text: it counts as not reviewed until reviewed again",
                layer.name()
            ));
        }
    }
    let mut ids = HashSet::new();
    check_items::<Mention>(sidecar, &index, &mut ids, &mut problems);
    check_items::<Entity>(sidecar, &index, &mut ids, &mut problems);
    check_items::<Claim>(sidecar, &index, &mut ids, &mut problems);
    check_items::<Note>(sidecar, &index, &mut ids, &mut problems);
    let mention_ids: HashSet<&str> = sidecar
        .mentions
        .iter()
        .map(|m| m.meta.id.as_str())
        .collect();
    for entity in &sidecar.entities {
        for missing in entity
            .mentions
            .iter()
            .filter(|id| !mention_ids.contains(id.as_str()))
        {
            problems.push(format!(
                "entity {} lists mention {missing}, which does not exist",
                entity.meta.id
            ));
        }
    }
    let credits = sidecar
        .mentions
        .iter()
        .map(|m| ("mention", &m.meta.id, &m.extra))
        .chain(
            sidecar
                .claims
                .iter()
                .map(|c| ("claim", &c.meta.id, &c.extra)),
        );
    for (kind, id, extra) in credits {
        check_credits(kind, id, extra, index.len_chars(), &mut problems);
    }
    for claim in &sidecar.claims {
        if let Some(ClaimSource::Mention(id)) = &claim.source
            && !mention_ids.contains(id.as_str())
        {
            problems.push(format!(
                "claim {} names source mention {id}, which does not exist",
                claim.meta.id
            ));
        }
    }
    problems
}

/// Another extractor's credit on an item is scored by `eval`, so a list that cannot be
/// read or points outside the text is a problem, not something to skip quietly.
fn check_credits(
    kind: &str,
    id: &str,
    extra: &serde_json::Map<String, serde_json::Value>,
    length: usize,
    problems: &mut Vec<String>,
) {
    let credits = match also_suggested::read(extra) {
        Ok(credits) => credits,
        Err(problem) => return problems.push(format!("{kind} {id}: {problem}")),
    };
    for credit in credits {
        let ranges = std::iter::once((credit.start, credit.end))
            .chain(credit.cue.map(|cue| (cue.start, cue.end)));
        for (start, end) in ranges.filter(|&(start, end)| start > end || end > length) {
            problems.push(format!(
                "{kind} {id}: the {} entry of {} is at {start}..{end}, outside the text (length {length})",
                also_suggested::KEY,
                credit.extractor
            ));
        }
    }
}

fn check_items<T: Item>(
    sidecar: &Sidecar,
    index: &TextIndex,
    ids: &mut HashSet<String>,
    problems: &mut Vec<String>,
) {
    let kind = format!("{:?}", T::KIND).to_lowercase();
    for item in T::list(sidecar) {
        let id = &item.meta().id;
        if !ids.insert(id.clone()) {
            problems.push(format!("{kind} id {id} is used more than once"));
        }
        if item.meta().orphaned {
            problems.push(format!(
                "{kind} {id} is orphaned: its text could not be found in the article"
            ));
            continue;
        }
        for span in item.spans() {
            if span.start > span.end || span.end > index.len_chars() {
                problems.push(format!(
                    "{kind} {id} span {}..{} is outside the text (length {})",
                    span.start,
                    span.end,
                    index.len_chars()
                ));
            } else if !quote_matches(index, span) {
                problems.push(format!(
                    "{kind} {id} quotes {:?} but the text at {}..{} is {:?}",
                    span.exact,
                    span.start,
                    span.end,
                    index.slice(span.start..span.end).unwrap_or_default()
                ));
            }
        }
    }
}
