//! Claim cues on the project's own labelled sentences (tests/fixtures/claims): typed cue
//! F1 (cue overlaps the labelled cue and has its label) must reach 0.90 and negation
//! accuracy 0.95. Run with `--nocapture` to see the figures and every miss.

use std::collections::BTreeMap;
use std::ops::Range;

use copydesk::extract::claims::detect_claims;
use copydesk::extract::claims::lexicon::Lexicon;
use serde::Deserialize;

#[derive(Deserialize)]
struct Sentence {
    text: String,
    claims: Vec<GoldClaim>,
}

#[derive(Deserialize)]
struct GoldClaim {
    cue: String,
    #[serde(default)]
    occurrence: usize,
    label: String,
    negated: bool,
}

fn gold_range(text: &str, claim: &GoldClaim) -> Range<usize> {
    let start = text
        .match_indices(&claim.cue)
        .nth(claim.occurrence)
        .unwrap_or_else(|| panic!("cue {:?} not in {text:?}", claim.cue))
        .0;
    start..start + claim.cue.len()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[derive(Default)]
struct Counts {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

impl Counts {
    fn f1(&self) -> f64 {
        let tp = self.true_positives as f64;
        let denominator = 2.0 * tp + self.false_positives as f64 + self.false_negatives as f64;
        if denominator == 0.0 {
            1.0
        } else {
            2.0 * tp / denominator
        }
    }
}

#[test]
fn typed_cue_f1_and_negation_accuracy_meet_the_bar() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/claims/sentences.json"
    );
    let sentences: Vec<Sentence> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let lexicon = Lexicon::built_in();
    let mut overall = Counts::default();
    let mut per_label: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut negation_right, mut negation_total) = (0, 0);
    let mut misses = Vec::new();
    for sentence in &sentences {
        let text = &sentence.text;
        let predicted = detect_claims(text, &lexicon);
        let mut used = vec![false; predicted.len()];
        for gold in &sentence.claims {
            let range = gold_range(text, gold);
            let hit = predicted
                .iter()
                .enumerate()
                .find(|(i, p)| !used[*i] && p.label == gold.label && overlaps(&p.cue, &range));
            let counts = per_label.entry(gold.label.clone()).or_default();
            match hit {
                Some((i, p)) => {
                    used[i] = true;
                    overall.true_positives += 1;
                    counts.true_positives += 1;
                    negation_total += 1;
                    if p.negated == gold.negated {
                        negation_right += 1;
                    } else {
                        misses.push(format!(
                            "NEGATION {:?} ({}): {text}",
                            gold.cue, gold.negated
                        ));
                    }
                }
                None => {
                    overall.false_negatives += 1;
                    counts.false_negatives += 1;
                    misses.push(format!("MISSED {:?} {}: {text}", gold.cue, gold.label));
                }
            }
        }
        for (claim, _) in predicted.iter().zip(&used).filter(|(_, used)| !**used) {
            overall.false_positives += 1;
            per_label
                .entry(claim.label.clone())
                .or_default()
                .false_positives += 1;
            misses.push(format!(
                "EXTRA {:?} {}: {text}",
                &text[claim.cue.clone()],
                claim.label
            ));
        }
    }
    for miss in &misses {
        println!("{miss}");
    }
    for (label, counts) in &per_label {
        println!(
            "{label:<12} F1 {:.3}  (tp {} fp {} fn {})",
            counts.f1(),
            counts.true_positives,
            counts.false_positives,
            counts.false_negatives
        );
    }
    let negation_accuracy = negation_right as f64 / negation_total.max(1) as f64;
    println!(
        "typed cue F1 {:.3} (tp {} fp {} fn {}); negation accuracy {:.3} over {} sentences",
        overall.f1(),
        overall.true_positives,
        overall.false_positives,
        overall.false_negatives,
        negation_accuracy,
        sentences.len()
    );
    assert!(
        overall.f1() >= 0.90,
        "typed cue F1 {:.3} is below 0.90",
        overall.f1()
    );
    assert!(
        negation_accuracy >= 0.95,
        "negation accuracy {negation_accuracy:.3} is below 0.95"
    );
}
