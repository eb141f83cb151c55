//! Precision, recall and F1 from counts, per label and overall.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

/// `None` for 0/0: nothing predicted (or nothing to find) is no evidence either way, and
/// reading it as 0 or 1 would put a number in a report that no count supports.
pub fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A ratio as the text reports print it: three decimals, or an em dash for 0/0.
pub fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

/// Counts per label; overall is their sum (micro-average).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Scores {
    pub labels: BTreeMap<String, Counts>,
}

impl Scores {
    pub fn overall(&self) -> Counts {
        self.labels
            .values()
            .fold(Counts::default(), |sum, c| Counts {
                tp: sum.tp + c.tp,
                fp: sum.fp + c.fp,
                fn_: sum.fn_ + c.fn_,
            })
    }

    fn entry(&mut self, label: &str) -> &mut Counts {
        self.labels.entry(label.to_string()).or_default()
    }

    /// Scores `predicted` against `gold`, both (range, label). `overlap` counts a
    /// prediction right when it overlaps an unmatched gold item of its label; otherwise
    /// the range must be exact. Each gold item matches at most one prediction.
    /// Returns the matched (prediction, gold) index pairs.
    pub fn add(
        &mut self,
        predicted: &[(Range<usize>, String)],
        gold: &[(Range<usize>, String)],
        overlap: bool,
    ) -> Vec<(usize, usize)> {
        let mut used = vec![false; gold.len()];
        let mut pairs = Vec::new();
        for (p, (range, label)) in predicted.iter().enumerate() {
            let hit = |g: &(Range<usize>, String)| {
                g.1 == *label
                    && if overlap {
                        g.0.start < range.end && range.start < g.0.end
                    } else {
                        g.0 == *range
                    }
            };
            // An exact match is preferred even when overlaps count.
            let found = (0..gold.len())
                .find(|&g| !used[g] && gold[g].1 == *label && gold[g].0 == *range)
                .or_else(|| (0..gold.len()).find(|&g| !used[g] && hit(&gold[g])));
            match found {
                Some(g) => {
                    used[g] = true;
                    pairs.push((p, g));
                    self.entry(label).tp += 1;
                }
                None => self.entry(label).fp += 1,
            }
        }
        for (g, (_, label)) in gold.iter().enumerate() {
            if !used[g] {
                self.entry(label).fn_ += 1;
            }
        }
        pairs
    }

    /// A table for people: one row per label, then the overall row.
    pub fn table(&self, title: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{title:<28} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
            "precision", "recall", "F1", "TP", "FP", "FN"
        );
        let rows = self.labels.iter().map(|(label, c)| (label.as_str(), *c));
        for (label, c) in rows.chain(std::iter::once(("overall", self.overall()))) {
            let _ = writeln!(
                out,
                "  {:<26} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
                crate::terminal_safe(label),
                shown(c.precision()),
                shown(c.recall()),
                shown(c.f1()),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        let row = |c: &Counts| {
            serde_json::json!({
                "tp": c.tp, "fp": c.fp, "fn": c.fn_,
                "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
            })
        };
        let labels: serde_json::Map<String, serde_json::Value> = self
            .labels
            .iter()
            .map(|(label, c)| (label.clone(), row(c)))
            .collect();
        serde_json::json!({"labels": labels, "overall": row(&self.overall())})
    }
}
