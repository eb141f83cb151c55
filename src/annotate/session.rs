//! The one place edits reach a sidecar. A caller names the item it means (an
//! extractor's suggestion by its place in the list, or a person's own item by id) and
//! what to do; the session checks that the edit makes sense for that item as it is now,
//! records it as one undoable step, and says what it did or, in a typed error, why not.
//!
//! The check that matters most: a rejected item changes only by a verdict that names it.
//! A relabel, a boundary move, a cue, a source, a negation or a note aimed at a rejected
//! suggestion is refused, so nothing a person turned down comes back `edited` and gets
//! exported as gold.

use std::ops::Range;

use super::also_suggested::{AlsoSuggested, credit_claim, credit_mention};
use super::completeness::{self, Layer};
use super::entities::{merge, rename, split};
use super::reshape::{Reshape, reshape_manual, reshape_suggestion};
use super::review::{
    ClaimAmendment, Decisions, Shape, Suggestion, SuggestionKind, TagKind, Verdict, amend_claim,
    decide, decided_or_accepted, hold, relabel, tag,
};
use super::schema::{Claim, ClaimSource, ItemKind, Mention, Note, ReviewHow, Sidecar, Status};
use super::store::Store;
use crate::article::text_index::TextIndex;

/// Which item an edit is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// An extractor's suggestion, by its index in the suggestion list; decided or not.
    Suggestion(usize),
    /// An item a person added, by its sidecar id.
    Manual(String),
}

/// An item as it is now: its kind, its current label and status (`suggested` while no
/// one has decided on it), and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    /// The sidecar item, once there is one.
    pub id: Option<String>,
    pub kind: ItemKind,
    pub label: String,
    pub status: Status,
    pub shape: Shape,
}

impl ItemState {
    /// How the item is named in messages: its label and its words.
    pub fn describe(&self, text: &str) -> String {
        let words: String = text
            .get(self.shape.range.clone())
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        format!("{} “{words}”", self.label)
    }
}

/// Looks an item up without changing anything, for the reader to decide what a key acts
/// on and to describe it.
pub fn state_of(
    decisions: &Decisions,
    suggestions: &[Suggestion],
    item: &ItemRef,
) -> Option<ItemState> {
    match item {
        ItemRef::Suggestion(index) => {
            let suggestion = suggestions.get(*index)?;
            let kind = match suggestion.kind {
                SuggestionKind::Entity { .. } => ItemKind::Mention,
                SuggestionKind::Claim { .. } => ItemKind::Claim,
            };
            let decided = decisions
                .get(suggestion)
                .filter(|d| d.status != Status::Suggested);
            Some(match decided {
                Some(decided) => ItemState {
                    id: Some(decided.id.clone()),
                    kind,
                    label: decided.label.clone(),
                    status: decided.status,
                    shape: decided.shape.clone(),
                },
                None => ItemState {
                    id: None,
                    kind,
                    label: suggestion.label().to_string(),
                    status: Status::Suggested,
                    shape: suggestion.shape(),
                },
            })
        }
        ItemRef::Manual(id) => {
            let manual = decisions.manual_item(id)?;
            Some(ItemState {
                id: Some(manual.id.clone()),
                kind: manual.kind,
                label: manual.label.clone(),
                status: Status::Manual,
                shape: manual.shape.clone(),
            })
        }
    }
}

/// What a person can do to an item.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Accept or reject. Rejecting a person's own item removes it.
    Verdict(ItemRef, Verdict),
    Relabel(ItemRef, String),
    /// Add what the extractors missed (byte range of the text).
    Tag {
        kind: TagKind,
        range: Range<usize>,
        label: String,
    },
    Reshape(ItemRef, Reshape),
    /// Make an entity mention the claim's source; an undecided mention is accepted, since
    /// naming it as a source says it is right.
    SourceMention {
        claim: ItemRef,
        mention: ItemRef,
    },
    FlipNegation(ItemRef),
    /// Replace the claim's note (empty removes it).
    Note(ItemRef, String),
    /// Another tool's suggestion, as `copydesk import` brings it in: stored `suggested`,
    /// with that tool as its origin, for a person to decide on.
    Suggest(Foreign),
    /// Another tool suggested an item already in the sidecar too: noted on the item, so
    /// `eval` can score that tool as well.
    AlsoSuggested {
        kind: ItemKind,
        id: String,
        also: AlsoSuggested,
    },
    /// Gives the entity made of `mentions` a name (`linked`: the linker's name for it,
    /// which the history keeps).
    NameEntity {
        mentions: Vec<ItemRef>,
        label: String,
        linked: String,
        name: String,
    },
    /// Merges the entity of `moved` into the one of `kept`, which keeps its `name`; the
    /// moved mentions take its `label`, so the merged entity has one.
    MergeEntities {
        moved: Vec<ItemRef>,
        kept: Vec<ItemRef>,
        label: String,
        name: String,
    },
    /// Takes a mention out of its entity into one of its own.
    SplitMention(ItemRef),
    /// Marks every layer of the article (text `sha256`) reviewed, rejecting `undecided`
    /// first, since they would contradict the mark.
    MarkReviewed {
        undecided: Vec<ItemRef>,
        sha256: String,
    },
    /// The same kind of edit on many items (every mention of an entity), as one step;
    /// items the edit does not fit are passed over.
    Each(Vec<Edit>),
}

/// An item from another tool.
#[derive(Debug, Clone, PartialEq)]
pub enum Foreign {
    Mention(Box<Mention>),
    Claim(Box<Claim>),
    Note(Box<Note>),
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The sidecar id of the (last) item changed.
    pub id: String,
    /// The item as it is after the edit, for the reader to move to and name; none for
    /// what another tool suggested, which the reader lists as a suggestion later.
    pub item: Option<ItemRef>,
    /// How many items changed (more than one only for [`Edit::Each`]).
    pub count: usize,
}

/// What an undo or redo took back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// "ORG “Adam Neumann” now to review".
    pub description: String,
    /// The item, when it still exists.
    pub item: Option<ItemRef>,
    /// Where it is (or was) in the text, in bytes.
    pub place: Option<usize>,
    /// How many items the step changed.
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("read-only sidecar, not recorded: {0}")]
    ReadOnly(String),
    #[error("no such item")]
    NoTarget,
    #[error("{0} is rejected: accept it first to change it")]
    Rejected(String),
    #[error("{0} is not a claim")]
    NotAClaim(String),
    #[error("{0} is your own item already")]
    AlreadyOwn(String),
    #[error("another tool's item must come in as a suggestion, not {0}")]
    NotASuggestion(&'static str),
    #[error("every mention of it is rejected")]
    AllRejected,
    #[error("{0} has that label already")]
    Unchanged(String),
    #[error("that change does not fit {0}")]
    DoesNotFit(String),
    #[error("none of the {0} items could take that change")]
    NoneFit(usize),
}

/// An article's sidecar open for edits by one annotator.
pub struct Session<'a> {
    store: &'a mut Store,
    decisions: &'a mut Decisions,
    index: &'a TextIndex<'a>,
    suggestions: &'a [Suggestion],
    annotator: &'a str,
}

impl<'a> Session<'a> {
    /// Refuses a sidecar that is read-only (one we could not understand, or one on a
    /// read-only disk), so nothing is recorded that cannot be saved.
    pub fn open(
        store: &'a mut Store,
        decisions: &'a mut Decisions,
        index: &'a TextIndex<'a>,
        suggestions: &'a [Suggestion],
        annotator: &'a str,
    ) -> Result<Session<'a>, EditError> {
        if let Some(reason) = store.read_only_reason() {
            return Err(EditError::ReadOnly(reason.to_string()));
        }
        Ok(Session {
            store,
            decisions,
            index,
            suggestions,
            annotator,
        })
    }

    /// The sidecar as it is, for looking up what is there before an edit.
    pub fn sidecar(&self) -> &Sidecar {
        &self.store.sidecar
    }

    pub fn state(&self, item: &ItemRef) -> Option<ItemState> {
        state_of(self.decisions, self.suggestions, item)
    }

    /// Takes back the latest step (or, `redo`, the latest undone one), and says which
    /// item it was about and where that item is now, so the reader can go there.
    pub fn undo(&mut self, redo: bool) -> Result<Undone, EditError> {
        let reverted = match redo {
            true => self.store.redo(self.annotator),
            false => self.store.undo(self.annotator),
        };
        let reverted = reverted.ok_or(match redo {
            true => EditError::NothingToRedo,
            false => EditError::NothingToUndo,
        })?;
        self.decisions
            .refresh_items(self.store, self.index, &reverted.touched);
        let item = self.item_with_id(&reverted.item);
        let now = item.as_ref().and_then(|item| self.state(item));
        let state = reverted.after.as_deref().or(reverted.before.as_deref());
        let span = state.and_then(|s| {
            s.get("cue")
                .filter(|c| !c.is_null())
                .or(s.get("span"))
                .or(s.get("content"))
        });
        let place = span
            .and_then(|s| Some(s.get("start")?.as_u64()? as usize))
            .and_then(|start| self.index.bytes_of(start..start))
            .map(|r| r.start);
        let words = state
            .and_then(|s| s.get("span").or(s.get("content")))
            .and_then(|s| s.get("exact")?.as_str())
            .unwrap_or_default();
        let label = state
            .and_then(|s| s.get("label")?.as_str())
            .unwrap_or_default();
        let words: String = words.chars().take(40).collect();
        let was_own = reverted
            .before
            .as_deref()
            .and_then(|b| b.get("status")?.as_str())
            == Some("manual");
        let outcome = match (&reverted.after, &now) {
            (None, _) if was_own => "removed".to_string(),
            (None, _) => "to review again".to_string(),
            (Some(_), Some(now)) => format!("now {}", now.status.in_words()),
            (Some(_), None) => "restored".to_string(),
        };
        Ok(Undone {
            description: format!("{label} “{words}” {outcome}"),
            item,
            place,
            items: reverted.touched.len(),
        })
    }

    /// The item a sidecar id stands for among the suggestions and the person's own.
    fn item_with_id(&self, id: &str) -> Option<ItemRef> {
        if self.decisions.manual_item(id).is_some() {
            return Some(ItemRef::Manual(id.to_string()));
        }
        // Suggestions are in text order by where a reader meets them, which is the
        // start of their key: look there, not through them all.
        let (kind, range) = self.decisions.key_of(id)?;
        let from = self
            .suggestions
            .partition_point(|s| s.place() < range.start);
        let found = self.suggestions[from..]
            .iter()
            .take_while(|s| s.place() == range.start)
            .position(|s| s.key() == (kind, range.start, range.end));
        found.map(|at| ItemRef::Suggestion(from + at))
    }

    /// Applies `edit` as one step: one undo takes all of it back.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let Session {
            store,
            decisions,
            index,
            suggestions,
            annotator,
        } = self;
        store.in_one_step(|store| {
            let mut step = Step {
                store,
                decisions,
                index,
                suggestions,
                annotator,
            };
            step.apply(edit)
        })
    }
}

/// A session inside one recorded step.
struct Step<'s> {
    store: &'s mut Store,
    decisions: &'s mut Decisions,
    index: &'s TextIndex<'s>,
    suggestions: &'s [Suggestion],
    annotator: &'s str,
}

impl Step<'_> {
    fn state(&self, item: &ItemRef) -> Result<ItemState, EditError> {
        state_of(self.decisions, self.suggestions, item).ok_or(EditError::NoTarget)
    }

    fn describe(&self, state: &ItemState) -> String {
        state.describe(self.index.text())
    }

    /// The item's state, refusing a rejected one: only a verdict may change it.
    fn open_for_change(&self, item: &ItemRef) -> Result<ItemState, EditError> {
        let state = self.state(item)?;
        if state.status == Status::Rejected {
            return Err(EditError::Rejected(self.describe(&state)));
        }
        Ok(state)
    }

    fn suggestion(&self, index: usize) -> Result<Suggestion, EditError> {
        self.suggestions
            .get(index)
            .cloned()
            .ok_or(EditError::NoTarget)
    }

    fn applied(
        &self,
        id: Option<String>,
        item: &ItemRef,
        state: &ItemState,
    ) -> Result<Applied, EditError> {
        let id = id.ok_or_else(|| EditError::DoesNotFit(self.describe(state)))?;
        Ok(Applied {
            id,
            item: Some(item.clone()),
            count: 1,
        })
    }

    fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        match edit {
            Edit::Verdict(item, verdict) => self.verdict(&item, verdict),
            Edit::Relabel(item, label) => self.relabel(&item, &label),
            Edit::Tag { kind, range, label } => {
                let (store, decisions, index) =
                    (&mut *self.store, &mut *self.decisions, self.index);
                let id = tag(
                    store,
                    decisions,
                    index,
                    kind,
                    range.clone(),
                    &label,
                    self.annotator,
                );
                let id = id.ok_or_else(|| {
                    EditError::DoesNotFit(format!(
                        "“{}”",
                        index.text().get(range).unwrap_or_default()
                    ))
                })?;
                Ok(Applied {
                    item: Some(ItemRef::Manual(id.clone())),
                    id,
                    count: 1,
                })
            }
            Edit::Reshape(item, change) => self.reshape(&item, &change),
            Edit::Suggest(foreign) => self.suggest(foreign),
            Edit::NameEntity {
                mentions,
                label,
                linked,
                name,
            } => {
                let ids = self.hold_all(&mentions)?;
                let id = rename(self.store, &ids, &label, &linked, &name, self.annotator);
                Ok(Applied {
                    id,
                    item: None,
                    count: ids.len(),
                })
            }
            Edit::MergeEntities {
                moved,
                kept,
                label,
                name,
            } => {
                for item in &moved {
                    // Rejected mentions are not part of the merge (`hold_all` passes over
                    // them), so they are not relabelled either.
                    let differs = self
                        .state(item)
                        .is_ok_and(|now| now.status != Status::Rejected && now.label != label);
                    if differs {
                        self.relabel(item, &label)?;
                    }
                }
                let (moved, kept) = (self.hold_all(&moved)?, self.hold_all(&kept)?);
                let id = merge(self.store, &moved, &kept, &label, &name, self.annotator);
                Ok(Applied {
                    id,
                    item: None,
                    count: moved.len(),
                })
            }
            Edit::SplitMention(item) => {
                let now = self.open_for_change(&item)?;
                let ids = self.hold_all(std::slice::from_ref(&item))?;
                let words = self
                    .index
                    .text()
                    .get(now.shape.range.clone())
                    .unwrap_or_default();
                let id = split(self.store, &ids[0], &now.label, words, self.annotator);
                Ok(Applied {
                    id,
                    item: Some(item),
                    count: 1,
                })
            }
            Edit::MarkReviewed { undecided, sha256 } => {
                for item in &undecided {
                    self.verdict(item, Verdict::Reject)?;
                }
                let by = self.annotator;
                let reviewed = &mut self.store.sidecar_mut().reviewed;
                for layer in Layer::ALL {
                    *completeness::mark_mut(reviewed, layer) =
                        Some(completeness::new_mark(by, ReviewHow::Marked, &sha256));
                }
                Ok(Applied {
                    id: String::new(),
                    item: None,
                    count: undecided.len(),
                })
            }
            Edit::AlsoSuggested { kind, id, also } => {
                let credited = match kind {
                    ItemKind::Claim => credit_claim(self.store, &id, also),
                    _ => credit_mention(self.store, &id, also),
                };
                match credited {
                    true => Ok(Applied {
                        id,
                        item: None,
                        count: 1,
                    }),
                    false => Err(EditError::Unchanged(id)),
                }
            }
            Edit::SourceMention { claim, mention } => self.source_mention(&claim, &mention),
            Edit::FlipNegation(item) => self.amend(&item, ClaimAmendment::FlipNegation),
            Edit::Note(item, note) => self.amend(&item, ClaimAmendment::Note(note)),
            Edit::Each(edits) => {
                let total = edits.len();
                let mut last = None;
                let mut count = 0;
                for edit in edits {
                    if let Ok(applied) = self.apply(edit) {
                        count += applied.count;
                        last = Some(applied);
                    }
                }
                let last = last.ok_or(EditError::NoneFit(total))?;
                Ok(Applied { count, ..last })
            }
        }
    }

    /// The sidecar ids of `items` that nobody rejected, holding undecided suggestions as
    /// `suggested` items so an entity can list them.
    fn hold_all(&mut self, items: &[ItemRef]) -> Result<Vec<String>, EditError> {
        let mut ids = Vec::new();
        for item in items {
            let now = self.state(item)?;
            if now.status == Status::Rejected {
                continue;
            }
            match item {
                ItemRef::Manual(id) => ids.push(id.clone()),
                ItemRef::Suggestion(index) => {
                    let suggestion = self.suggestion(*index)?;
                    let id = hold(
                        self.store,
                        self.decisions,
                        self.index,
                        &suggestion,
                        self.annotator,
                    );
                    ids.push(id.ok_or_else(|| EditError::DoesNotFit(self.describe(&now)))?);
                }
            }
        }
        match ids.is_empty() {
            true => Err(EditError::AllRejected),
            false => Ok(ids),
        }
    }

    fn suggest(&mut self, foreign: Foreign) -> Result<Applied, EditError> {
        let status = match &foreign {
            Foreign::Mention(m) => m.meta.status,
            Foreign::Claim(c) => c.meta.status,
            Foreign::Note(n) => n.meta.status,
        };
        if status != Status::Suggested {
            return Err(EditError::NotASuggestion(status.in_words()));
        }
        let by = self.annotator;
        let id = match foreign {
            Foreign::Mention(mention) => self.store.insert(*mention, by),
            Foreign::Claim(claim) => self.store.insert(*claim, by),
            Foreign::Note(note) => self.store.insert(*note, by),
        };
        Ok(Applied {
            id,
            item: None,
            count: 1,
        })
    }

    fn verdict(&mut self, item: &ItemRef, verdict: Verdict) -> Result<Applied, EditError> {
        let state = self.state(item)?;
        match item {
            ItemRef::Suggestion(index) => {
                let suggestion = self.suggestion(*index)?;
                let id = decide(
                    self.store,
                    self.decisions,
                    self.index,
                    &suggestion,
                    verdict,
                    self.annotator,
                );
                self.applied(id, item, &state)
            }
            ItemRef::Manual(_) if verdict == Verdict::Accept => {
                Err(EditError::AlreadyOwn(self.describe(&state)))
            }
            ItemRef::Manual(id) => {
                let removed = match state.kind {
                    ItemKind::Claim => self.store.remove::<Claim>(id, self.annotator).is_some(),
                    _ => self.store.remove::<Mention>(id, self.annotator).is_some(),
                };
                let touched = [(state.kind, id.clone())];
                self.decisions
                    .refresh_items(self.store, self.index, &touched);
                self.applied(removed.then(|| id.clone()), item, &state)
            }
        }
    }

    fn relabel(&mut self, item: &ItemRef, label: &str) -> Result<Applied, EditError> {
        let state = self.open_for_change(item)?;
        // Picking the label it has says it is right: for a suggestion that is a verdict,
        // not a correction the extractor would be scored down for.
        if state.label == label {
            return match item {
                ItemRef::Suggestion(_) => self.verdict(item, Verdict::Accept),
                ItemRef::Manual(_) => Err(EditError::Unchanged(self.describe(&state))),
            };
        }
        let id = match item {
            ItemRef::Suggestion(index) => {
                let suggestion = self.suggestion(*index)?;
                relabel(
                    self.store,
                    self.decisions,
                    self.index,
                    &suggestion,
                    label,
                    self.annotator,
                )
            }
            ItemRef::Manual(id) => {
                let changed = match state.kind {
                    ItemKind::Claim => self
                        .store
                        .update::<Claim>(id, self.annotator, |c| c.label = label.to_string()),
                    _ => self
                        .store
                        .update::<Mention>(id, self.annotator, |m| m.label = label.to_string()),
                };
                self.decisions.relabel_manual(id, label);
                changed.then(|| id.clone())
            }
        };
        self.applied(id, item, &state)
    }

    fn reshape(&mut self, item: &ItemRef, change: &Reshape) -> Result<Applied, EditError> {
        let state = self.open_for_change(item)?;
        let id = match item {
            ItemRef::Suggestion(index) => {
                let suggestion = self.suggestion(*index)?;
                reshape_suggestion(
                    self.store,
                    self.decisions,
                    self.index,
                    &suggestion,
                    change,
                    self.annotator,
                )
            }
            ItemRef::Manual(id) => reshape_manual(
                self.store,
                self.decisions,
                self.index,
                id,
                change,
                self.annotator,
            ),
        };
        self.applied(id, item, &state)
    }

    fn source_mention(&mut self, claim: &ItemRef, mention: &ItemRef) -> Result<Applied, EditError> {
        let claim_state = self.open_for_change(claim)?;
        if claim_state.kind != ItemKind::Claim {
            return Err(EditError::NotAClaim(self.describe(&claim_state)));
        }
        let mention_state = self.open_for_change(mention)?;
        let id = match mention {
            ItemRef::Manual(id) => Some(id.clone()),
            ItemRef::Suggestion(index) => {
                let suggestion = self.suggestion(*index)?;
                decided_or_accepted(
                    self.store,
                    self.decisions,
                    self.index,
                    &suggestion,
                    self.annotator,
                )
            }
        };
        let id = id.ok_or_else(|| EditError::DoesNotFit(self.describe(&mention_state)))?;
        let change = Reshape::Source(ClaimSource::Mention(id), mention_state.shape.range.clone());
        self.reshape(claim, &change)
    }

    fn amend(&mut self, item: &ItemRef, amendment: ClaimAmendment) -> Result<Applied, EditError> {
        let state = self.open_for_change(item)?;
        if state.kind != ItemKind::Claim {
            return Err(EditError::NotAClaim(self.describe(&state)));
        }
        let id = match item {
            ItemRef::Suggestion(index) => {
                let suggestion = self.suggestion(*index)?;
                amend_claim(
                    self.store,
                    self.decisions,
                    self.index,
                    &suggestion,
                    amendment,
                    self.annotator,
                )
            }
            ItemRef::Manual(id) => {
                let changed =
                    self.store
                        .update::<Claim>(id, self.annotator, |claim| match amendment {
                            ClaimAmendment::FlipNegation => claim.negated = !claim.negated,
                            ClaimAmendment::Note(note) => {
                                claim.note = Some(note).filter(|n| !n.trim().is_empty());
                            }
                        });
                changed.then(|| id.clone())
            }
        };
        self.applied(id, item, &state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::reshape::Reshape;
    use crate::article::{Article, SourceFormat};

    const TEXT: &str = "Zoë Ruiz said the port would close.";

    fn claim() -> Suggestion {
        let cue = TEXT.find("said").unwrap();
        Suggestion {
            range: cue + 5..TEXT.len() - 1,
            kind: SuggestionKind::Claim {
                label: "said".into(),
                cue: cue..cue + 4,
                negated: false,
                source: None,
            },
        }
    }

    #[test]
    fn a_merge_passes_over_a_rejected_mention_of_the_entity_moved() {
        let article = Article::from_clean_text(
            "/nonexistent/session-merge.txt".into(),
            SourceFormat::PlainText,
            "Ana Ruiz met Ruiz and Ruiz.".into(),
        );
        let text = &article.text;
        let mention = |word: &str, nth: usize, label: &str| {
            let start = text.match_indices(word).nth(nth).unwrap().0;
            Suggestion {
                range: start..start + word.len(),
                kind: SuggestionKind::Entity {
                    label: label.into(),
                },
            }
        };
        let suggestions = [
            mention("Ana Ruiz", 0, "PERSON"),
            mention("Ruiz", 1, "GPE"),
            mention("Ruiz", 2, "GPE"),
        ];
        let mut store = Store::open(&article);
        let mut decisions = Decisions::default();
        let index = TextIndex::new(text);
        let mut session =
            Session::open(&mut store, &mut decisions, &index, &suggestions, "ana").unwrap();
        let (kept, live, rejected) = (
            ItemRef::Suggestion(0),
            ItemRef::Suggestion(1),
            ItemRef::Suggestion(2),
        );
        session
            .apply(Edit::Verdict(rejected.clone(), Verdict::Reject))
            .unwrap();
        session
            .apply(Edit::MergeEntities {
                moved: vec![live.clone(), rejected.clone()],
                kept: vec![kept],
                label: "PERSON".into(),
                name: "Ana Ruiz".into(),
            })
            .unwrap();
        assert_eq!(session.state(&live).unwrap().label, "PERSON");
        let untouched = session.state(&rejected).unwrap();
        assert_eq!(
            (untouched.label.as_str(), untouched.status),
            ("GPE", Status::Rejected)
        );
    }

    #[test]
    fn a_rejected_item_changes_only_by_a_verdict() {
        let article = Article::from_clean_text(
            "/nonexistent/session-test.txt".into(),
            SourceFormat::PlainText,
            TEXT.into(),
        );
        let mut store = Store::open(&article);
        let mut decisions = Decisions::default();
        let index = TextIndex::new(&article.text);
        let suggestions = [claim()];
        let mut session =
            Session::open(&mut store, &mut decisions, &index, &suggestions, "ana").unwrap();
        let item = ItemRef::Suggestion(0);
        session
            .apply(Edit::Verdict(item.clone(), Verdict::Reject))
            .unwrap();
        let before = session.sidecar().clone();
        let refused = [
            Edit::Relabel(item.clone(), "alleged".into()),
            Edit::FlipNegation(item.clone()),
            Edit::Note(item.clone(), "check".into()),
            Edit::Reshape(item.clone(), Reshape::Cue(0..3)),
        ];
        for edit in refused {
            let error = session.apply(edit.clone()).unwrap_err();
            assert!(matches!(error, EditError::Rejected(_)), "{edit:?}: {error}");
        }
        assert_eq!(session.sidecar().claims, before.claims);
        session
            .apply(Edit::Verdict(item.clone(), Verdict::Accept))
            .unwrap();
        assert_eq!(session.state(&item).unwrap().status, Status::Accepted);
        let undone = session.undo(false).unwrap();
        assert_eq!(undone.item, Some(item.clone()));
        assert_eq!(session.state(&item).unwrap().status, Status::Rejected);
    }
}
