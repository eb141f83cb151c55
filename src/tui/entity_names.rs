//! Correcting the linker from the reader: rename an entity (its canonical name), merge
//! two entities, split a mention off into an entity of its own. The names come back from
//! the sidecar onto the detector's mentions, so the sidebar, highlights and library
//! counts all show them.

use crate::annotate::entities::{merge, names_by_mention, rename, split};
use crate::annotate::review::{SuggestionKind, hold};
use crate::annotate::schema::Status;
use crate::annotate::session::{Edit, ItemRef, Session};

use super::app::{App, Document, Pane, Prompt, SidebarRow};
use super::keymap::Mode;

impl Document {
    /// Shows each mention under the entity the sidecar puts it in, else the linker's.
    pub fn apply_entity_names(&mut self) {
        let annotations = &self.annotations;
        let names = names_by_mention(&annotations.store);
        for mention in &mut self.entities {
            let renamed = annotations
                .decisions
                .mention(&mention.range)
                .and_then(|decided| names.get(&decided.id));
            mention.entity = match renamed {
                Some((_, name)) => name.clone(),
                None => mention.linked.clone(),
            };
        }
    }
}

impl App {
    /// The entity of the selected sidebar row, or of the mention under the cursor.
    fn entity_here(&self) -> Option<(String, String)> {
        if self.focus == Pane::Sidebar {
            let row = self.sidebar.rows.get(self.sidebar.selected?)?;
            return match row {
                SidebarRow::Entity { label, entity, .. } => Some((label.clone(), entity.clone())),
                _ => None,
            };
        }
        let cursor = self.cursor;
        let mention = self.document()?.mentions_now().into_iter().find(|m| {
            let range = &m.now.shape.range;
            m.now.status != Status::Rejected && range.start <= cursor && cursor < range.end
        })?;
        Some((mention.now.label.to_uppercase(), mention.entity))
    }

    /// Opens the name prompt for the entity selected in the sidebar or under the cursor.
    pub(super) fn start_rename(&mut self) {
        let Some((label, entity)) = self.entity_here() else {
            self.info("pick an entity in the sidebar, or put the cursor on a mention".to_string());
            return;
        };
        self.prompt = Some(Prompt::EntityName {
            label,
            text: entity.clone(),
            entity,
        });
        self.review.returns = false;
        self.mode = Mode::Note;
    }

    /// Sidecar ids of the entity's mentions that nobody rejected, holding undecided ones
    /// as `suggested` items so the entity can list them.
    fn hold_mentions(&mut self, label: &str, entity: &str) -> Option<Vec<String>> {
        let members = self.document()?.members(label, entity);
        let live: Vec<ItemRef> = members
            .into_iter()
            .filter(|m| m.now.status != Status::Rejected)
            .map(|m| m.item)
            .collect();
        let annotator = self.annotator.clone();
        let held = self.change_sidecar(|change| {
            let mut ids = Vec::new();
            for item in live {
                match item {
                    ItemRef::Manual(id) => ids.push(id),
                    ItemRef::Suggestion(index) => {
                        let suggestion = change.suggestions.get(index)?.clone();
                        ids.push(hold(
                            change.store,
                            change.decisions,
                            &change.index,
                            &suggestion,
                            &annotator,
                        )?);
                    }
                }
            }
            (!ids.is_empty()).then_some(ids)
        });
        held.flatten()
    }

    /// The linker's name for an entity's first mention (what a rename starts from).
    fn linked_name(&self, label: &str, entity: &str) -> String {
        let linked = self.document().and_then(|d| {
            let members = d.members(label, entity);
            let range = members.first()?.now.shape.range.clone();
            let mention = d.entities.iter().find(|m| m.range == range)?;
            Some(mention.linked.clone())
        });
        linked.unwrap_or_else(|| entity.to_string())
    }

    pub(super) fn rename_entity(&mut self, label: &str, entity: &str, name: &str) {
        if name.is_empty() || name == entity {
            self.info("name unchanged".to_string());
            return;
        }
        let Some(mentions) = self.hold_mentions(label, entity) else {
            self.info(format!("{entity} has no mention left to name"));
            return;
        };
        let linked = self.linked_name(label, entity);
        let annotator = self.annotator.clone();
        let name = name.to_string();
        let done = self.change_sidecar(|change| {
            Some(rename(
                change.store,
                &mentions,
                label,
                &linked,
                &name,
                &annotator,
            ))
        });
        if done.flatten().is_some() {
            self.after_entity_change(Some((label.to_string(), name.clone())));
            self.info(format!("{entity} is now {name}"));
        }
    }

    /// First press: remembers the entity; second press on another: merges the first into
    /// it (it keeps its name).
    pub(super) fn merge_entity(&mut self) {
        let Some((label, entity)) = self.entity_here() else {
            self.info("pick an entity in the sidebar, or put the cursor on a mention".to_string());
            return;
        };
        let Some((from_label, from)) = self.sidebar.merge_pending.take() else {
            self.info(format!(
                "merge {entity} into…: pick the other entity and press the same key"
            ));
            self.sidebar.merge_pending = Some((label, entity));
            return;
        };
        if (from_label.as_str(), from.as_str()) == (label.as_str(), entity.as_str()) {
            self.info("merge cancelled".to_string());
            return;
        }
        let (Some(moved), Some(kept)) = (
            self.hold_mentions(&from_label, &from),
            self.hold_mentions(&label, &entity),
        ) else {
            self.info("nothing to merge: every mention was rejected".to_string());
            return;
        };
        // A merged entity has one label: the mentions moved take the kept one's, in the
        // same step, so it is one row in the sidebar and one label in an export.
        let relabels: Vec<Edit> = self
            .document()
            .map(|d| d.members(&from_label, &from))
            .unwrap_or_default()
            .into_iter()
            .filter(|m| {
                m.now.status != Status::Rejected && !m.now.label.eq_ignore_ascii_case(&label)
            })
            .map(|m| Edit::Relabel(m.item, label.clone()))
            .collect();
        let relabelled = relabels.len();
        let annotator = self.annotator.clone();
        let done = self.change_sidecar(|change| {
            if !relabels.is_empty() {
                let mut session = Session::open(
                    &mut *change.store,
                    &mut *change.decisions,
                    &change.index,
                    change.suggestions,
                    &annotator,
                )
                .ok()?;
                session.apply(Edit::Each(relabels)).ok()?;
            }
            Some(merge(
                change.store,
                &moved,
                &kept,
                &label,
                &entity,
                &annotator,
            ))
        });
        if done.flatten().is_some() {
            self.after_entity_change(Some((label.clone(), entity.clone())));
            let also = match relabelled {
                0 => String::new(),
                n => format!(" ({n} mentions relabelled {label})"),
            };
            self.info(format!("{from} merged into {entity}{also}"));
        }
    }

    /// Takes the mention under the cursor out of its entity, into one of its own.
    pub(super) fn split_mention(&mut self) {
        let cursor = self.cursor;
        let Some(document) = self.document() else {
            return;
        };
        let found = document.annotations.suggestions.iter().position(|s| {
            matches!(s.kind, SuggestionKind::Entity { .. })
                && s.range.start <= cursor
                && cursor < s.range.end
        });
        let Some(index) = found else {
            self.info("put the cursor on an entity mention to split it off".to_string());
            return;
        };
        let annotator = self.annotator.clone();
        let done = self.change_sidecar(|change| {
            let suggestion = change.suggestions.get(index)?.clone();
            let id = hold(
                change.store,
                change.decisions,
                &change.index,
                &suggestion,
                &annotator,
            )?;
            let words = change
                .index
                .text()
                .get(suggestion.range.clone())?
                .to_string();
            split(change.store, &id, suggestion.label(), &words, &annotator);
            Some(words)
        });
        if let Some(Some(words)) = done {
            self.after_entity_change(None);
            self.info(format!("“{words}” is an entity of its own now"));
        }
    }

    /// Shows new names everywhere, keeping the highlight on the entity just changed.
    pub(super) fn after_entity_change(&mut self, selected: Option<(String, String)>) {
        if let Some(document) = self.documents.get_mut(self.current) {
            document.apply_entity_names();
        }
        if selected.is_some() {
            self.sidebar.entity = selected;
        }
        self.rebuild_sidebar();
        // Rows move when names change: keep the one of the entity just changed.
        if let Some((label, entity)) = &self.sidebar.entity {
            let row = self.sidebar.rows.iter().position(|row| {
                matches!(row, SidebarRow::Entity { label: l, entity: e, .. } if l == label && e == entity)
            });
            if row.is_some() {
                self.sidebar.selected = row;
            }
        }
    }
}
