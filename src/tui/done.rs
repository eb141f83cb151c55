//! Marking an article fully reviewed, and keeping the marks true to the decisions.
//! Export trusts these marks to say that text outside the person's items is negative,
//! so a mark never outlives an undecided suggestion.

use super::annotating::Annotations;
use super::desk::Desk;
use crate::annotate::completeness::{self, Layer};
use crate::annotate::review::SuggestionKind;
use crate::annotate::schema::{ReviewHow, Status};

fn layer_of(kind: &SuggestionKind) -> Layer {
    match kind {
        SuggestionKind::Entity { .. } => Layer::Entities,
        SuggestionKind::Claim { .. } => Layer::Claims,
    }
}

impl Annotations {
    /// Whether every suggestion of `layer`, the reader's and the sidecar's, is decided.
    /// Looks on from where the last look stopped (see `settled`).
    fn all_decided(&mut self, layer: Layer) -> bool {
        let slot = layer as usize;
        let from = self.settled[slot].min(self.suggestions.len());
        let pending = self.suggestions[from..]
            .iter()
            .position(|s| layer_of(&s.kind) == layer && self.decided(s).is_none());
        self.settled[slot] = pending.map_or(self.suggestions.len(), |at| from + at);
        pending.is_none() && completeness::undecided(&self.store.sidecar, layer) == 0
    }

    /// An undo may take back any decision, so the next look starts from the top.
    pub(super) fn unsettle(&mut self) {
        self.settled = [0; 2];
    }

    fn any_decided(&self, layer: Layer) -> bool {
        let sidecar = &self.store.sidecar;
        let decided = |status: Status| status != Status::Suggested;
        match layer {
            Layer::Entities => sidecar.mentions.iter().any(|m| decided(m.meta.status)),
            Layer::Claims => sidecar.claims.iter().any(|c| decided(c.meta.status)),
        }
    }

    /// A layer whose suggestions are all decided (one at least) becomes complete; one
    /// with a suggestion undecided (after an undo, say) loses its mark. Says whether a
    /// mark changed.
    pub fn refresh_review_marks(&mut self, text_sha256: &str, annotator: &str) -> bool {
        let mut changed = false;
        for layer in Layer::ALL {
            let all_decided = self.all_decided(layer);
            let any_decided = self.any_decided(layer);
            let reviewed = &self.store.sidecar.reviewed;
            let current = completeness::marked_for(reviewed, layer, text_sha256);
            let has_mark = completeness::mark(reviewed, layer).is_some();
            let mark = if !all_decided && has_mark {
                Some(None)
            } else if all_decided && any_decided && !current {
                Some(Some(completeness::new_mark(
                    annotator,
                    ReviewHow::Decided,
                    text_sha256,
                )))
            } else {
                None
            };
            if let Some(mark) = mark {
                *completeness::mark_mut(&mut self.store.sidecar_mut().reviewed, layer) = mark;
                changed = true;
            }
        }
        changed
    }

    /// The layers a person finished, for the status bar and the library.
    pub fn complete_layers(&self, text_sha256: &str) -> Vec<Layer> {
        Layer::ALL
            .into_iter()
            .filter(|&layer| completeness::check(&self.store.sidecar, layer, text_sha256).is_ok())
            .collect()
    }
}

impl Desk {
    /// What export will treat as finished, for the status bar: nothing until a layer is.
    pub fn review_completeness(&self) -> Option<String> {
        let document = self.document()?;
        let layers = document.annotations.complete_layers(&document.article.id);
        match layers.as_slice() {
            [] => None,
            [layer] => Some(format!("{} reviewed", layer.name())),
            _ => Some("fully reviewed".to_string()),
        }
    }
}
