//! One article's annotations as the reader holds them (the sidecar, the decisions and
//! the detector's suggestions, saved within a second without ever asking), and the
//! layers that type into them: the note prompt, the label picker, the selection.

use std::ops::Range;
use std::time::{Duration, Instant};

use crate::annotate::Store;
use crate::annotate::rescue::{Rescue, discard};
use crate::annotate::review::{Decided, Decisions, Suggestion, SuggestionKind};
use crate::annotate::session::ItemRef;
use crate::extract::lexicons::Lexicons;
use crate::extract::sentences::sentence_at;

use super::action::Action;
use super::annotation::Command;
use crate::annotate::schema::Status;
use crate::article::Article;
use crate::article::text_index::{TextIndex, char_starts};
use crate::extract::analysis::EntityMention;
use crate::extract::claims::ClaimSuggestion;

use super::app::{App, Prompt};
use super::keymap::Mode;
use super::picker::Picked;
use super::prompt::Prompted;

/// Decisions are written at most this long after they are made.
pub const SAVE_WITHIN: Duration = Duration::from_millis(500);

/// One article's sidecar and what the extractors suggested for it.
#[derive(Debug)]
pub struct Annotations {
    pub store: Store,
    pub decisions: Decisions,
    /// In text order.
    pub suggestions: Vec<Suggestion>,
    /// When the oldest unsaved decision was made.
    pub unsaved_since: Option<Instant>,
    pub save_error: Option<String>,
    /// Changes made so far, so a save that comes back knows whether it covered them all.
    pub(super) generation: u64,
    /// Whether a save of this sidecar is on the saver thread.
    pub(super) saving: bool,
    /// Rescue files merged in on opening: removed once a save has put what they held
    /// where it belongs.
    pub(super) rescued: Vec<Rescue>,
    /// The text's code point table, made on the first decision and kept, so a verdict
    /// on a long article does not index its whole text again.
    pub(super) char_starts: Option<Vec<usize>>,
    /// Per layer (in [`Layer::ALL`] order), how far into `suggestions` every one of the
    /// layer was decided when the review marks were last brought up to date, so each
    /// edit looks on from there instead of through thousands. Only an undo or a rebuild
    /// takes a decision back, and both start it again from 0.
    pub(super) settled: [usize; 2],
}

impl Annotations {
    pub fn open(article: &Article) -> Annotations {
        let store = Store::open(article);
        let mut annotations = Annotations {
            decisions: Decisions::default(),
            store,
            suggestions: Vec::new(),
            unsaved_since: None,
            save_error: None,
            generation: 0,
            saving: false,
            rescued: Vec::new(),
            char_starts: None,
            settled: [0; 2],
        };
        let sidecar = &annotations.store.sidecar;
        if !sidecar.mentions.is_empty() || !sidecar.claims.is_empty() {
            annotations.refresh_decisions(&article.text);
        }
        annotations
    }

    pub(super) fn mark_unsaved(&mut self) {
        self.generation += 1;
        self.unsaved_since.get_or_insert_with(Instant::now);
    }

    pub(super) fn char_starts(&mut self, text: &str) -> &[usize] {
        self.char_starts.get_or_insert_with(|| char_starts(text))
    }

    /// Rebuilds the decisions from the sidecar (after opening, undo or redo, or a change
    /// made to the store directly).
    pub fn refresh_decisions(&mut self, text: &str) {
        self.char_starts(text);
        let starts = self.char_starts.as_deref().unwrap_or_default();
        let index = TextIndex::with_char_starts(text, starts);
        self.decisions = Decisions::of(&self.store, &index);
        self.settled = [0; 2];
    }

    /// The built-in detector's findings, plus the suggestions imported into the sidecar
    /// from another extractor (`copydesk import`) where the detector found nothing.
    pub fn set_suggestions(
        &mut self,
        text: &str,
        entities: &[EntityMention],
        claims: &[ClaimSuggestion],
    ) {
        let entities = entities.iter().map(|entity| Suggestion {
            range: entity.range.clone(),
            kind: SuggestionKind::Entity {
                label: entity.label.to_uppercase(),
            },
        });
        let claims = claims.iter().map(|claim| Suggestion {
            range: claim.content.clone(),
            kind: SuggestionKind::Claim {
                label: claim.label.clone(),
                cue: claim.cue.clone(),
                negated: claim.negated,
                source: claim.source.clone(),
            },
        });
        let mut suggestions: Vec<Suggestion> = entities.chain(claims).collect();
        suggestions.extend(self.imported_suggestions(text));
        self.suggestions = suggestions;
        self.suggestions.sort_by_key(|s| (s.place(), s.range.end));
        self.suggestions
            .dedup_by(|a, b| a.range == b.range && a.kind == b.kind);
        self.settled = [0; 2];
    }

    fn imported_suggestions(&mut self, text: &str) -> Vec<Suggestion> {
        let sidecar = &self.store.sidecar;
        let pending_mentions = sidecar
            .mentions
            .iter()
            .any(|m| m.meta.status == Status::Suggested);
        let pending_claims = sidecar
            .claims
            .iter()
            .any(|c| c.meta.status == Status::Suggested);
        if !pending_mentions && !pending_claims {
            return Vec::new();
        }
        let starts = self.char_starts(text).to_vec();
        let index = TextIndex::with_char_starts(text, &starts);
        let bytes = |span: &crate::annotate::schema::Span| index.bytes_of(span.start..span.end);
        let sidecar = &self.store.sidecar;
        let mentions = sidecar
            .mentions
            .iter()
            .filter(|m| m.meta.status == Status::Suggested && !m.meta.orphaned)
            .filter_map(|m| {
                Some(Suggestion {
                    range: bytes(&m.span)?,
                    kind: SuggestionKind::Entity {
                        label: m.label.clone(),
                    },
                })
            });
        let claims = sidecar
            .claims
            .iter()
            .filter(|c| c.meta.status == Status::Suggested && !c.meta.orphaned)
            .filter_map(|c| {
                let content = bytes(&c.content)?;
                Some(Suggestion {
                    range: content.clone(),
                    kind: SuggestionKind::Claim {
                        label: c.label.clone(),
                        cue: c.cue.as_ref().and_then(bytes).unwrap_or(content),
                        negated: c.negated,
                        source: None,
                    },
                })
            });
        mentions.chain(claims).collect()
    }

    /// The decision on a suggestion, if a person made one (an imported suggestion waiting
    /// in the sidecar is not a decision).
    pub fn decided(&self, suggestion: &Suggestion) -> Option<&Decided> {
        self.decisions
            .get(suggestion)
            .filter(|d| d.status != Status::Suggested)
    }

    pub(super) fn save_due(&self, now: Instant) -> bool {
        !self.saving
            && self
                .unsaved_since
                .is_some_and(|since| now.duration_since(since) >= SAVE_WITHIN)
    }

    /// A save covering the first `generation` changes is on disk.
    pub(super) fn saved(&mut self, generation: u64) {
        self.save_error = None;
        if generation == self.generation {
            self.unsaved_since = None;
            for rescue in self.rescued.drain(..) {
                // One left behind is merged again later, by item id, and changes nothing.
                let _ = discard(&rescue);
            }
        }
    }

    /// Keeps the problem for the status bar and tries again a little later rather than
    /// on every frame.
    pub(super) fn failed(&mut self, error: &crate::annotate::SaveError) -> String {
        let problem = format!("{}: {error}", self.store.path().display());
        self.save_error = Some(problem.clone());
        self.unsaved_since = Some(Instant::now());
        problem
    }

    /// The items a key can act on within `paragraph` (byte range): the extractors'
    /// suggestions met there, then the person's own. An item stays in the paragraph it
    /// was suggested in (no edit crosses a line break), and suggestions are kept in text
    /// order, so this is a binary search, not a walk through a long article's thousands.
    pub fn items_in(&self, paragraph: Range<usize>) -> impl Iterator<Item = ItemRef> + '_ {
        let from = self
            .suggestions
            .partition_point(|s| s.place() < paragraph.start);
        let to = self
            .suggestions
            .partition_point(|s| s.place() < paragraph.end);
        let own = self.decisions.manual.iter().filter(move |m| {
            let range = &m.shape.range;
            range.start < paragraph.end && paragraph.start < range.end
        });
        (from..to)
            .map(ItemRef::Suggestion)
            .chain(own.map(|m| ItemRef::Manual(m.id.clone())))
    }

    /// (decided, total) over the suggestions.
    pub fn progress(&self) -> (usize, usize) {
        let decided = self
            .suggestions
            .iter()
            .filter(|s| self.decided(s).is_some())
            .count();
        (decided, self.suggestions.len())
    }
}

impl App {
    pub(super) fn update_note(&mut self, action: Action) {
        let Some(prompt) = &mut self.prompt else {
            self.mode = self.mode_after_picker();
            return;
        };
        match prompt.update(action) {
            Prompted::Open => {}
            Prompted::Done => {
                self.mode = self.mode_after_picker();
                match self.prompt.take() {
                    Some(Prompt::Note { claim, text }) => {
                        self.annotate(Command::SaveNote(claim, text));
                    }
                    Some(Prompt::EntityName {
                        label,
                        entity,
                        text,
                    }) => self.annotate(Command::Rename {
                        label,
                        entity,
                        name: text.trim().to_string(),
                    }),
                    None => {}
                }
            }
            Prompted::Cancelled => {
                self.prompt = None;
                self.mode = self.mode_after_picker();
            }
            Prompted::Quit => self.request_quit(),
        }
    }
}

/// Whether a decided suggestion was turned down, so it is drawn struck through.
pub fn is_rejected(decided: Option<&Decided>) -> bool {
    decided.is_some_and(|d| d.status == Status::Rejected)
}

/// Which suggestions review mode steps through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReviewFilter {
    #[default]
    All,
    Entities,
    Claims,
    Label(String),
}

impl ReviewFilter {
    pub fn admits(&self, suggestion: &Suggestion) -> bool {
        match self {
            ReviewFilter::All => true,
            ReviewFilter::Entities => matches!(suggestion.kind, SuggestionKind::Entity { .. }),
            ReviewFilter::Claims => matches!(suggestion.kind, SuggestionKind::Claim { .. }),
            ReviewFilter::Label(label) => suggestion.label() == label,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            ReviewFilter::All => "everything".to_string(),
            ReviewFilter::Entities => "entities".to_string(),
            ReviewFilter::Claims => "claims".to_string(),
            ReviewFilter::Label(label) => label.clone(),
        }
    }
}

/// Entity labels the picker offers: OntoNotes' eighteen (the built-in model's), the
/// ones journalists tag most first.
pub const ENTITY_LABELS: &[&str] = &[
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "DATE",
    "TIME",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

impl App {
    /// Starts a selection at the cursor, or drops the one in progress.
    pub(super) fn toggle_selection(&mut self) {
        if self.reading.selection.take().is_none() {
            self.reading.selection = Some(self.reading.cursor);
            self.info("selecting: move to extend, then tag it".to_string());
        }
    }

    /// The selected text: from the anchor up to the cursor (so word moves select whole
    /// words), the character at the anchor at least; surrounding spaces left out.
    pub fn selection_range(&self) -> Option<std::ops::Range<usize>> {
        let anchor = self.reading.selection?;
        let text = self.desk.text();
        let (start, end) = (
            anchor.min(self.reading.cursor),
            anchor.max(self.reading.cursor),
        );
        let end = if start == end {
            end + text.get(end..)?.chars().next().map_or(0, char::len_utf8)
        } else {
            end
        };
        let range = start..end;
        let trimmed = text.get(range.clone())?;
        let lead = trimmed.len() - trimmed.trim_start().len();
        // A word move lands after the comma that ends a clause: it is not part of it.
        let kept = trimmed.trim_end().trim_end_matches([',', ';', ':']);
        let tail = trimmed.len() - kept.trim_end().len();
        (range.start + lead < range.end - tail).then(|| range.start + lead..range.end - tail)
    }

    /// The claim picker offers the active lexicon's labels, the user's own included.
    pub fn use_claim_labels(&mut self, lexicons: &Lexicons) {
        self.desk.claim_labels = lexicons
            .claims
            .labels
            .iter()
            .map(|label| label.name.clone())
            .collect();
    }

    pub(super) fn picker_input(&mut self, c: char) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let picked = picker.type_char(c);
        self.after_picker_key(picked);
    }

    pub(super) fn update_picker(&mut self, action: Action) {
        let Some(picker) = &mut self.picker else {
            self.mode = Mode::Normal;
            return;
        };
        let picked = picker.update(action);
        self.after_picker_key(picked);
    }

    fn after_picker_key(&mut self, picked: Picked) {
        match picked {
            Picked::Open => {}
            Picked::Chosen(label) => {
                if let Some(picker) = self.picker.take() {
                    self.mode = self.mode_after_picker();
                    self.reading.selection = None;
                    self.annotate(Command::Pick(picker, label));
                }
            }
            Picked::Cancelled => {
                self.picker = None;
                self.mode = self.mode_after_picker();
            }
            Picked::Quit => self.request_quit(),
        }
    }

    /// Back to review mode when the picker was opened from it.
    fn mode_after_picker(&mut self) -> Mode {
        match std::mem::take(&mut self.review.returns) {
            true => Mode::Review,
            false => Mode::Normal,
        }
    }

    pub(super) fn sentence_at_cursor(&self) -> Option<std::ops::Range<usize>> {
        sentence_at(self.desk.text(), self.reading.cursor)
    }
}

/// The word (letters, digits, apostrophes and hyphens inside) under `at`.
pub(super) fn word_at(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '&');
    let start = text
        .get(..at)?
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = at
        + text
            .get(at..)?
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(text.len() - at, |(i, _)| i);
    let word = text
        .get(start..end)?
        .trim_end_matches(['.', '-', '\'', '’']);
    (!word.is_empty()).then(|| start..start + word.len())
}
