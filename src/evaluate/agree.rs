//! `copydesk agree A B`: how far two annotators of the same articles agree.
//!
//! Sidecars are paired by the SHA-256 of the article text they were made on, so the two
//! sets may sit in different folders or repositories. Each annotator's annotations are
//! their accepted, edited and manual items. Spans are compared exactly (span and label;
//! F1 treats A as the reference, and is symmetric); claim labels are compared with
//! Cohen's kappa over the claims both annotators marked on the same cue (or, without a
//! cue, the same content span). Every difference is listed for adjudication.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde_json::Value;

use super::score::Scores;
use super::sidecars;
use crate::annotate::schema::{Claim, Sidecar};

#[derive(Debug, Default)]
pub struct Agreement {
    pub articles: usize,
    /// Sidecars in only one of the two sets.
    pub unpaired: usize,
    pub mentions: Scores,
    pub claims: Scores,
    /// (A's label, B's label) of each claim both marked.
    pub claim_pairs: Vec<(String, String)>,
    pub disagreements: Vec<String>,
    pub problems: Vec<String>,
}

/// Cohen's kappa of two raters' labels for the same items: (p_o − p_e) / (1 − p_e).
/// `None` with no items; 1 when both always used one and the same label.
pub fn cohen_kappa(pairs: &[(String, String)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let observed = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let mut a_counts: HashMap<&str, f64> = HashMap::new();
    let mut b_counts: HashMap<&str, f64> = HashMap::new();
    for (a, b) in pairs {
        *a_counts.entry(a).or_default() += 1.0;
        *b_counts.entry(b).or_default() += 1.0;
    }
    let expected: f64 = a_counts
        .iter()
        .map(|(label, a)| a / n * b_counts.get(label).copied().unwrap_or(0.0) / n)
        .sum();
    if expected >= 1.0 {
        return Some(1.0);
    }
    Some((observed - expected) / (1.0 - expected))
}

fn load_set(path: &str, problems: &mut Vec<String>) -> BTreeMap<String, (String, Sidecar)> {
    let mut set = BTreeMap::new();
    for file in sidecars::find(&[path.to_string()]) {
        match sidecars::read(&file) {
            Ok(sidecar) => {
                let name = file.to_string_lossy().into_owned();
                set.insert(sidecar.article.sha256.clone(), (name, sidecar));
            }
            Err(problem) => problems.push(problem),
        }
    }
    set
}

pub fn agree(a: &str, b: &str) -> Agreement {
    let mut agreement = Agreement::default();
    let set_a = load_set(a, &mut agreement.problems);
    let set_b = load_set(b, &mut agreement.problems);
    agreement.unpaired = set_a.keys().filter(|k| !set_b.contains_key(*k)).count()
        + set_b.keys().filter(|k| !set_a.contains_key(*k)).count();
    for (sha, (name, sidecar_a)) in &set_a {
        let Some((_, sidecar_b)) = set_b.get(sha) else {
            continue;
        };
        agreement.articles += 1;
        compare(&mut agreement, name, sidecar_a, sidecar_b);
    }
    agreement
}

type Keyed = Vec<(Range<usize>, String)>;

fn mentions(sidecar: &Sidecar) -> (Keyed, Vec<String>) {
    sidecar
        .mentions
        .iter()
        .filter(|m| m.meta.status.is_gold() && !m.meta.orphaned)
        .map(|m| {
            (
                (m.span.start..m.span.end, m.label.clone()),
                m.span.exact.clone(),
            )
        })
        .unzip()
}

fn claims(sidecar: &Sidecar) -> Vec<&Claim> {
    sidecar
        .claims
        .iter()
        .filter(|c| c.meta.status.is_gold() && !c.meta.orphaned)
        .collect()
}

fn unit(claim: &Claim) -> (Range<usize>, &str) {
    let span = claim.cue.as_ref().unwrap_or(&claim.content);
    (span.start..span.end, span.exact.as_str())
}

fn compare(agreement: &mut Agreement, name: &str, a: &Sidecar, b: &Sidecar) {
    let (keys_a, quotes_a) = mentions(a);
    let (keys_b, quotes_b) = mentions(b);
    let pairs = agreement.mentions.add(&keys_b, &keys_a, false);
    let matched_a: Vec<usize> = pairs.iter().map(|&(_, g)| g).collect();
    let matched_b: Vec<usize> = pairs.iter().map(|&(p, _)| p).collect();
    let mut lines = Vec::new();
    for (i, (range, label)) in keys_a
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_a.contains(i))
    {
        let other = keys_b
            .iter()
            .find(|(r, _)| r == range)
            .map(|(_, l)| l.as_str());
        let b_says = other.unwrap_or("nothing");
        lines.push(format!(
            "mention {:?} {}..{}: A {label}, B {b_says}",
            quotes_a[i], range.start, range.end
        ));
    }
    for (i, (range, label)) in keys_b
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_b.contains(i))
    {
        if !keys_a.iter().any(|(r, _)| r == range) {
            lines.push(format!(
                "mention {:?} {}..{}: A nothing, B {label}",
                quotes_b[i], range.start, range.end
            ));
        }
    }
    let claims_a = claims(a);
    let claims_b = claims(b);
    let key = |c: &&Claim| (unit(c).0, c.label.clone());
    let keyed_a: Keyed = claims_a.iter().map(key).collect();
    let keyed_b: Keyed = claims_b.iter().map(key).collect();
    agreement.claims.add(&keyed_b, &keyed_a, false);
    for claim_a in &claims_a {
        let (range, quote) = unit(claim_a);
        match claims_b.iter().find(|c| unit(c).0 == range) {
            Some(claim_b) => {
                agreement
                    .claim_pairs
                    .push((claim_a.label.clone(), claim_b.label.clone()));
                if claim_a.label != claim_b.label || claim_a.negated != claim_b.negated {
                    let negation = |c: &Claim| if c.negated { " (negated)" } else { "" };
                    lines.push(format!(
                        "claim {quote:?} {}..{}: A {}{}, B {}{}",
                        range.start,
                        range.end,
                        claim_a.label,
                        negation(claim_a),
                        claim_b.label,
                        negation(claim_b)
                    ));
                }
            }
            None => lines.push(format!(
                "claim {quote:?} {}..{}: A {}, B nothing",
                range.start, range.end, claim_a.label
            )),
        }
    }
    for claim_b in &claims_b {
        let (range, quote) = unit(claim_b);
        if !claims_a.iter().any(|c| unit(c).0 == range) {
            lines.push(format!(
                "claim {quote:?} {}..{}: A nothing, B {}",
                range.start, range.end, claim_b.label
            ));
        }
    }
    agreement
        .disagreements
        .extend(lines.into_iter().map(|line| format!("{name}: {line}")));
}

impl Agreement {
    pub fn kappa(&self) -> Option<f64> {
        cohen_kappa(&self.claim_pairs)
    }

    pub fn table(&self) -> String {
        let mut out = format!(
            "{} articles annotated by both ({} sidecars in only one set)\n\n",
            self.articles, self.unpaired
        );
        out.push_str(&self.mentions.table("mentions (span F1, A as reference)"));
        out.push('\n');
        out.push_str(&self.claims.table("claims (span F1)"));
        let kappa = self
            .kappa()
            .map_or_else(|| "n/a".to_string(), |k| format!("{k:.3}"));
        out.push_str(&format!(
            "\nCohen's kappa on claim labels: {kappa} over {} claims both marked\n",
            self.claim_pairs.len()
        ));
        out.push_str(&format!(
            "\n{} disagreements to adjudicate\n",
            self.disagreements.len()
        ));
        for line in &self.disagreements {
            out.push_str(&format!("  {}\n", crate::terminal_safe(line)));
        }
        out
    }

    pub fn json(&self) -> Value {
        serde_json::json!({
            "articles": self.articles,
            "unpaired": self.unpaired,
            "mentions": self.mentions.json(),
            "claims": self.claims.json(),
            "kappa": self.kappa(),
            "claims_both_marked": self.claim_pairs.len(),
            "disagreements": self.disagreements,
        })
    }
}
