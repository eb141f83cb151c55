//! Correcting the linker from the reader: rename an entity (its canonical name), merge
//! two entities, split a mention off into an entity of its own. The names come back from
//! the sidecar onto the detector's mentions, so the sidebar, highlights and library
//! counts all show them.

use crate::annotate::entities::names_by_mention;
use crate::annotate::schema::Status;
use crate::annotate::session::{Edit, ItemRef};

use super::app::{App, Document, Pane, Prompt};
use super::keymap::Mode;
use super::sidebar::SidebarRow;
use super::target::Wanted;

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
            let name = match renamed {
                Some((_, name)) => name,
                None => &mention.linked,
            };
            // Most names are unchanged after an edit: copy only the ones that are not.
            if mention.entity != *name {
                mention.entity = name.clone();
            }
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
        let cursor = self.reading.cursor;
        let mention = self.desk.document()?.mentions_now().into_iter().find(|m| {
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

    /// The entity's mentions, for an edit that names or merges it (the session passes
    /// over rejected ones).
    fn mentions_of(&self, label: &str, entity: &str) -> Vec<ItemRef> {
        let members = self.desk.document().map(|d| d.members(label, entity));
        members
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.item)
            .collect()
    }

    /// The linker's name for an entity's first mention (what a rename starts from).
    fn linked_name(&self, label: &str, entity: &str) -> String {
        let linked = self.desk.document().and_then(|d| {
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
        let linked = self.linked_name(label, entity);
        let edit = Edit::NameEntity {
            mentions: self.mentions_of(label, entity),
            label: label.to_string(),
            linked,
            name: name.to_string(),
        };
        let name = name.to_string();
        let done = self.record(edit);
        if done.is_some() {
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
        let edit = Edit::MergeEntities {
            moved: self.mentions_of(&from_label, &from),
            kept: self.mentions_of(&label, &entity),
            label: label.clone(),
            name: entity.clone(),
        };
        if self.record(edit).is_some() {
            self.after_entity_change(Some((label.clone(), entity.clone())));
            self.info(format!("{from} merged into {entity} ({label})"));
        }
    }

    /// Takes the mention under the cursor out of its entity, into one of its own.
    pub(super) fn split_mention(&mut self) {
        let Ok((item, now)) = self.target(Wanted::Mention) else {
            self.info("put the cursor on an entity mention to split it off".to_string());
            return;
        };
        if self.record(Edit::SplitMention(item)).is_some() {
            let words: String = self.desk.text().get(now.shape.range).unwrap_or("").into();
            self.after_entity_change(None);
            self.info(format!("“{words}” is an entity of its own now"));
        }
    }

    /// Shows new names everywhere, keeping the highlight on the entity just changed.
    pub(super) fn after_entity_change(&mut self, selected: Option<(String, String)>) {
        if let Some(document) = self.desk.documents.get_mut(self.desk.current) {
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
