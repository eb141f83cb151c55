//! The review layer: its state, and its status line. The item under review is named first, with its
//! label and status in words, so a wrong label is read before it is accepted; the
//! counters come after. The running precision is per suggested label: a relabel counts
//! as a miss of the label the extractor gave, as `eval` counts it.

use crate::annotate::session::{ItemRef, state_of};

use super::annotating::ReviewFilter;
use super::app::App;

/// What the review layer keeps between keys.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// The index of the suggestion under review, while reviewing.
    pub current: Option<usize>,
    pub filter: ReviewFilter,
    /// Whether the open picker or prompt returns to review.
    pub returns: bool,
    /// Review goes on in the article just opened once its suggestions are in.
    pub when_analysed: bool,
}

impl App {
    /// "ORG “Adam Neumann” · to review" for the item under review: its label now (a
    /// relabel shows at once) and its status.
    pub fn review_item(&self) -> Option<(String, String)> {
        let annotations = &self.desk.document()?.annotations;
        let item = ItemRef::Suggestion(self.review.current?);
        let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
        let suggested = annotations.suggestions.get(self.review.current?)?.label();
        let label = match now.label == suggested {
            true => now.label.clone(),
            false => format!("{} (was {suggested})", now.label),
        };
        Some((label, now.status.in_words().to_string()))
    }

    /// Progress and the extractor's running precision for the current suggestion's
    /// label and overall.
    pub fn review_status(&self) -> Option<String> {
        let document = self.desk.document()?;
        let annotations = &document.annotations;
        let (decided, total) = annotations.progress();
        let precision = annotations.decisions.precision_by_label();
        let (accepted, judged) = precision
            .values()
            .fold((0, 0), |(a, j), &(x, y)| (a + x, j + y));
        let mut parts = vec![format!("{decided}/{total} decided")];
        if self.review.filter != ReviewFilter::All {
            parts.push(format!("only {}", self.review.filter.describe()));
        }
        if let Some(target) = self.review_target() {
            let label = target.label();
            let (label_accepted, label_judged) = precision.get(label).copied().unwrap_or_default();
            parts.push(format!(
                "{label} precision {}",
                ratio(label_accepted, label_judged)
            ));
        }
        parts.push(format!("all {}", ratio(accepted, judged)));
        Some(parts.join(" · "))
    }
}

fn ratio(accepted: usize, judged: usize) -> String {
    match judged {
        0 => "–".to_string(),
        _ => format!("{accepted}/{judged} {}%", accepted * 100 / judged),
    }
}
