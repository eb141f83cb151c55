//! Review in the reader: the review layer (`review`) keeps the queue and the filter;
//! here the reader starts and stops it, shows the suggestion under review, offers the
//! next article, and words the review bar. The item under review is named first, with
//! its label and status in words, so a wrong label is read before it is accepted; the
//! counters come after. The running precision is per suggested label: a relabel counts
//! as a miss of the label the extractor gave, as `eval` counts it.

use crate::annotate::review::Suggestion;
use crate::annotate::session::{ItemRef, state_of};

use super::action::Action;
use super::annotating::ReviewFilter;
use super::app::App;
use super::effect::AfterOpen;
use super::keymap::Mode;
use super::review::Stepped;

impl App {
    /// Enters review mode at the first undecided suggestion from the cursor on.
    pub(super) fn start_review(&mut self) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let annotations = &document.annotations;
        if annotations.suggestions.is_empty() {
            self.info("nothing to review yet".to_string());
            return;
        }
        let start = self.review.first_from(annotations, self.reading.cursor);
        self.mode = Mode::Review;
        self.review.current = Some(start);
        self.show_review_target();
    }

    /// Moves to the next (or previous) suggestion; `pending_only` skips decided ones.
    pub(super) fn review_step(&mut self, forward: bool, pending_only: bool) {
        let Some(document) = self.desk.document() else {
            return;
        };
        match self
            .review
            .step(&document.annotations, forward, pending_only)
        {
            Stepped::Moved => self.show_review_target(),
            Stepped::Last => self.offer_next_article(),
            Stepped::First => self.info("the first suggestion".to_string()),
            Stepped::Nowhere => {}
        }
    }

    /// Narrows review to entities, then claims, then the current suggestion's label,
    /// then back to everything.
    pub(super) fn cycle_review_filter(&mut self) {
        let label = self.review_target().map(|s| s.label().to_string());
        self.review.cycle_filter(label);
        let admitted = self
            .review_target()
            .is_some_and(|s| self.review.filter.admits(s));
        if !admitted {
            self.review_step(true, true);
        }
        self.info(format!("reviewing {}", self.review.filter.describe()));
    }

    pub(super) fn stop_review(&mut self) {
        self.mode = Mode::Normal;
        self.review.current = None;
    }

    /// At the end of an article's suggestions: when all are decided, names the next
    /// article still to review and the key that opens it in review.
    fn offer_next_article(&mut self) {
        let pending = self.desk.document().is_some_and(|d| {
            let annotations = &d.annotations;
            annotations
                .suggestions
                .iter()
                .any(|s| annotations.decided(s).is_none())
        });
        if pending {
            self.info(
                "the last suggestion; some before it are undecided (p goes back)".to_string(),
            );
            return;
        }
        let key = self
            .keymap
            .key_for(Mode::Review, Action::NextArticle)
            .unwrap_or_default();
        let message = match self.next_unreviewed() {
            Some(entry) => {
                let name = self.desk.library.entries[entry].name.clone();
                format!("all decided here · {key}: review the next article, {name}")
            }
            None => "all decided here, and no other article is waiting".to_string(),
        };
        self.info(message);
    }

    /// Opens the next article still to review and starts reviewing it.
    pub(super) fn review_next_article(&mut self) {
        let Some(entry) = self.next_unreviewed() else {
            self.info("no other article is waiting for review".to_string());
            return;
        };
        self.stop_review();
        self.request_open(entry, AfterOpen::Review);
    }

    /// Review in the article just opened, now or once its suggestions are in.
    pub(super) fn review_opened(&mut self) {
        let analysed = self.desk.document().is_some_and(|d| d.claims.is_some());
        match analysed {
            true if self.mode == Mode::Normal => self.start_review(),
            true => {}
            false => {
                self.review.when_analysed = true;
                self.info("finding suggestions; review starts when they are in".to_string());
            }
        }
    }

    fn show_review_target(&mut self) {
        self.reading.make_current(None);
        let Some(position) = self.review_target().map(Suggestion::place) else {
            return;
        };
        self.reading.cursor = position;
        self.reading.after_jump(self.page_rows());
    }

    /// The current suggestion in review mode.
    pub fn review_target(&self) -> Option<&Suggestion> {
        let annotations = &self.desk.document()?.annotations;
        annotations.suggestions.get(self.review.current?)
    }

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
