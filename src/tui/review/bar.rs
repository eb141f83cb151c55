//! The review bar's words. The item under review is named first, with its label and
//! status in words, so a wrong label is read before it is accepted; the counters come
//! after. The running precision is per suggested label: a relabel counts as a miss of
//! the label the extractor gave, as `eval` counts it.

use crate::annotate::session::{ItemRef, state_of};

use super::super::annotating::{Annotations, ReviewFilter};
use super::ReviewState;

impl ReviewState {
    /// "ORG “Adam Neumann” · to review" for the item under review: its label now (a
    /// relabel shows at once) and its status.
    pub fn item_in_words(&self, annotations: &Annotations) -> Option<(String, String)> {
        let current = self.current?;
        let item = ItemRef::Suggestion(current);
        let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
        let suggested = annotations.suggestions.get(current)?.label();
        let label = match now.label == suggested {
            true => now.label.clone(),
            false => format!("{} (was {suggested})", now.label),
        };
        Some((label, now.status.in_words().to_string()))
    }

    /// Progress and the extractor's running precision for the current suggestion's
    /// label and overall.
    pub fn status_in_words(&self, annotations: &Annotations) -> String {
        let (decided, total) = annotations.progress();
        let precision = annotations.decisions.precision_by_label();
        let (accepted, judged) = precision
            .values()
            .fold((0, 0), |(a, j), &(x, y)| (a + x, j + y));
        let mut parts = vec![format!("{decided}/{total} decided")];
        if self.filter != ReviewFilter::All {
            parts.push(format!("only {}", self.filter.describe()));
        }
        if let Some(target) = self.target(annotations) {
            let label = target.label();
            let (label_accepted, label_judged) = precision.get(label).copied().unwrap_or_default();
            parts.push(format!(
                "{label} precision {}",
                ratio(label_accepted, label_judged)
            ));
        }
        parts.push(format!("all {}", ratio(accepted, judged)));
        parts.join(" · ")
    }
}

fn ratio(accepted: usize, judged: usize) -> String {
    match judged {
        0 => "–".to_string(),
        _ => format!("{accepted}/{judged} {}%", accepted * 100 / judged),
    }
}
