//! `copydesk eval`: an extractor's suggestions against what people decided.
//!
//! Gold is every accepted, edited and manual item. The extractor's predictions are its
//! items a person has decided on: accepted and rejected ones as they are, edited ones as
//! the extractor first made them (from the history; an edited item with no history
//! counts as a prediction that matched nothing). Suggestions nobody has looked at are
//! left out and counted. Entities match on exact span and label, and again on overlap;
//! claims on their cue span (the content span when there is no cue) and label, with
//! negation accuracy over the claims that match.

use std::ops::Range;
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::score::Scores;
use super::sidecars;
use crate::annotate::items::Item;
use crate::annotate::schema::{Claim, Mention, Origin, Sidecar, Status};

#[derive(Debug, Default)]
pub struct Evaluation {
    pub sidecars: usize,
    pub entities_exact: Scores,
    pub entities_overlap: Scores,
    pub claims: Scores,
    /// Matched claims whose negation the extractor got right, of all matched claims.
    pub negation_right: usize,
    pub negation_total: usize,
    /// The extractor's suggestions nobody decided on yet.
    pub undecided: usize,
    pub problems: Vec<String>,
}

fn is_gold(status: Status) -> bool {
    matches!(status, Status::Accepted | Status::Edited | Status::Manual)
}

/// Whether an item's origin is the extractor being measured (any extractor when no name).
fn by_extractor(origin: &Origin, name: Option<&str>) -> bool {
    match origin {
        Origin::Extractor { extractor, .. } => name.is_none_or(|n| n == extractor),
        Origin::Annotator { .. } => false,
    }
}

/// The item as its extractor first made it: the state before its first logged change,
/// or what its creation logged.
fn as_suggested<T: Item + DeserializeOwned>(sidecar: &Sidecar, item: &T) -> Option<T> {
    let first = sidecar
        .history
        .iter()
        .find(|entry| entry.item == item.meta().id && entry.kind == T::KIND)?;
    let state = first.before.as_deref().or(first.after.as_deref())?;
    T::deserialize(state).ok()
}

/// An edited item whose first version is unknown: a range no gold item can match.
const UNKNOWN: Range<usize> = usize::MAX..usize::MAX;

pub fn evaluate(paths: &[String], origin: Option<&str>) -> Evaluation {
    let mut evaluation = Evaluation::default();
    let files: Vec<PathBuf> = sidecars::find(paths);
    for file in files {
        let sidecar = match sidecars::read(&file) {
            Ok(sidecar) => sidecar,
            Err(problem) => {
                evaluation.problems.push(problem);
                continue;
            }
        };
        evaluation.sidecars += 1;
        add_sidecar(&mut evaluation, &sidecar, origin);
    }
    evaluation
}

fn add_sidecar(evaluation: &mut Evaluation, sidecar: &Sidecar, origin: Option<&str>) {
    let mention_key = |m: &Mention| (m.span.start..m.span.end, m.label.clone());
    let gold: Vec<(Range<usize>, String)> = sidecar
        .mentions
        .iter()
        .filter(|m| is_gold(m.meta.status) && !m.meta.orphaned)
        .map(mention_key)
        .collect();
    let mut predicted = Vec::new();
    for mention in sidecar.mentions.iter().filter(|m| !m.meta.orphaned) {
        if !by_extractor(&mention.meta.origin, origin) {
            continue;
        }
        match mention.meta.status {
            Status::Suggested => evaluation.undecided += 1,
            Status::Manual => {}
            Status::Accepted | Status::Rejected => predicted.push(mention_key(mention)),
            Status::Edited => predicted.push(match as_suggested(sidecar, mention) {
                Some(first) => mention_key(&first),
                None => (UNKNOWN, mention.label.clone()),
            }),
        }
    }
    evaluation.entities_exact.add(&predicted, &gold, false);
    evaluation.entities_overlap.add(&predicted, &gold, true);

    let claim_key = |c: &Claim| {
        let span = c.cue.as_ref().unwrap_or(&c.content);
        (span.start..span.end, c.label.clone())
    };
    let gold_claims: Vec<&Claim> = sidecar
        .claims
        .iter()
        .filter(|c| is_gold(c.meta.status) && !c.meta.orphaned)
        .collect();
    let mut predicted_claims: Vec<(Range<usize>, String, bool)> = Vec::new();
    for claim in sidecar.claims.iter().filter(|c| !c.meta.orphaned) {
        if !by_extractor(&claim.meta.origin, origin) {
            continue;
        }
        let first = match claim.meta.status {
            Status::Suggested => {
                evaluation.undecided += 1;
                continue;
            }
            Status::Manual => continue,
            Status::Accepted | Status::Rejected => Some(claim.clone()),
            Status::Edited => as_suggested(sidecar, claim),
        };
        predicted_claims.push(match first {
            Some(first) => {
                let (range, label) = claim_key(&first);
                (range, label, first.negated)
            }
            None => (UNKNOWN, claim.label.clone(), claim.negated),
        });
    }
    let keys: Vec<(Range<usize>, String)> = predicted_claims
        .iter()
        .map(|(range, label, _)| (range.clone(), label.clone()))
        .collect();
    let gold_keys: Vec<(Range<usize>, String)> = gold_claims.iter().map(|c| claim_key(c)).collect();
    for (p, g) in evaluation.claims.add(&keys, &gold_keys, false) {
        evaluation.negation_total += 1;
        if predicted_claims[p].2 == gold_claims[g].negated {
            evaluation.negation_right += 1;
        }
    }
}

impl Evaluation {
    pub fn negation_accuracy(&self) -> f64 {
        if self.negation_total == 0 {
            0.0
        } else {
            self.negation_right as f64 / self.negation_total as f64
        }
    }

    pub fn table(&self) -> String {
        let mut out = format!("{} sidecars\n\n", self.sidecars);
        out.push_str(&self.entities_exact.table("entities (exact)"));
        out.push('\n');
        out.push_str(&self.entities_overlap.table("entities (overlap)"));
        out.push('\n');
        out.push_str(&self.claims.table("claims (cue span, label)"));
        out.push_str(&format!(
            "\nnegation accuracy on matched claims: {}/{} = {:.3}\n",
            self.negation_right,
            self.negation_total,
            self.negation_accuracy()
        ));
        out.push_str(&format!(
            "undecided suggestions (not scored): {}\n",
            self.undecided
        ));
        out
    }

    pub fn json(&self) -> Value {
        serde_json::json!({
            "sidecars": self.sidecars,
            "entities": {"exact": self.entities_exact.json(), "overlap": self.entities_overlap.json()},
            "claims": self.claims.json(),
            "negation": {
                "right": self.negation_right,
                "total": self.negation_total,
                "accuracy": self.negation_accuracy(),
            },
            "undecided": self.undecided,
        })
    }
}
