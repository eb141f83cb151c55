//! Correcting the linker: rename an entity (its canonical name), merge two entities,
//! split a mention off into an entity of its own. The reader then shows the new names
//! everywhere ([`super::Reply::entities_changed`]).

use crate::annotate::schema::Status;
use crate::annotate::session::{Edit, ItemRef};

use super::super::app::Pane;
use super::super::prompt::Prompt;
use super::super::sidebar::SidebarRow;
use super::{Annotator, Opened, Wanted};

const PICK_AN_ENTITY: &str = "pick an entity in the sidebar, or put the cursor on a mention";

impl Annotator<'_> {
    /// The entity of the chosen sidebar row, or of the mention under the cursor.
    fn entity_here(&self) -> Option<(String, String)> {
        if self.aim.focus == Pane::Sidebar {
            return match &self.aim.sidebar_row {
                Some((_, SidebarRow::Entity { label, entity, .. })) => {
                    Some((label.clone(), entity.clone()))
                }
                _ => None,
            };
        }
        let cursor = self.aim.cursor;
        let mention = self.desk.document()?.mentions_now().into_iter().find(|m| {
            let range = &m.now.shape.range;
            m.now.status != Status::Rejected && range.start <= cursor && cursor < range.end
        })?;
        Some((mention.now.label.to_uppercase(), mention.entity))
    }

    /// Opens the name prompt for the entity chosen in the sidebar or under the cursor.
    pub(super) fn start_rename(&mut self) {
        let Some((label, entity)) = self.entity_here() else {
            return self.info(PICK_AN_ENTITY.to_string());
        };
        self.open(Opened::Prompt(Prompt::EntityName {
            label,
            text: entity.clone(),
            entity,
        }));
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
            return self.info("name unchanged".to_string());
        }
        let edit = Edit::NameEntity {
            mentions: self.mentions_of(label, entity),
            label: label.to_string(),
            linked: self.linked_name(label, entity),
            name: name.to_string(),
        };
        if self.record(edit).is_some() {
            self.reply.entities_changed = Some(Some((label.to_string(), name.to_string())));
            self.info(format!("{entity} is now {name}"));
        }
    }

    /// First press: remembers the entity; second press on another: merges the first into
    /// it (it keeps its name).
    pub(super) fn merge_entity(&mut self) {
        let Some((label, entity)) = self.entity_here() else {
            return self.info(PICK_AN_ENTITY.to_string());
        };
        let Some((from_label, from)) = self.confirming.merge.take() else {
            self.info(format!(
                "merge {entity} into…: pick the other entity and press the same key"
            ));
            self.confirming.merge = Some((label, entity));
            return;
        };
        if (from_label.as_str(), from.as_str()) == (label.as_str(), entity.as_str()) {
            return self.info("merge cancelled".to_string());
        }
        let edit = Edit::MergeEntities {
            moved: self.mentions_of(&from_label, &from),
            kept: self.mentions_of(&label, &entity),
            label: label.clone(),
            name: entity.clone(),
        };
        if self.record(edit).is_some() {
            self.info(format!("{from} merged into {entity} ({label})"));
            self.reply.entities_changed = Some(Some((label, entity)));
        }
    }

    /// Takes the mention the keys act on out of its entity, into one of its own.
    pub(super) fn split_mention(&mut self) {
        let Ok((item, now)) = self.aim.target(self.desk, Wanted::Mention) else {
            return self.info("put the cursor on an entity mention to split it off".to_string());
        };
        if self.record(Edit::SplitMention(item)).is_some() {
            let words = self.words(now.shape.range, usize::MAX);
            self.reply.entities_changed = Some(None);
            self.info(format!("“{words}” is an entity of its own now"));
        }
    }
}
