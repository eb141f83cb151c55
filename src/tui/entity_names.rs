//! Entity names after the linker was corrected (renamed, merged, split): they come back
//! from the sidecar onto the detector's mentions, so the sidebar, highlights and library
//! counts all show them.

use crate::annotate::entities::names_by_mention;

use super::app::{App, Document};
use super::sidebar::SidebarRow;

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
