//! What the sidebar's chosen row does to the article: Enter jumps to it, a verdict or a
//! relabel on an entity row takes every mention of it. The sidebar layer only chooses the
//! row; the annotation layer acts on it.

use crate::annotate::review::Verdict;
use crate::annotate::schema::Status;
use crate::annotate::session::state_of;

use super::action::Action;
use super::annotation::Command;
use super::app::{App, Pane};
use super::sidebar::{Member, SidebarRow, place};

impl App {
    /// Rebuilds the rows if an edit made them stale; `true` when it did, so the caller
    /// draws again.
    pub fn refresh_sidebar(&mut self) -> bool {
        let stale = std::mem::take(&mut self.sidebar.stale);
        if stale {
            self.rebuild_sidebar();
        }
        stale
    }

    pub(super) fn rebuild_sidebar(&mut self) {
        self.sidebar.rebuild(self.desk.document());
    }

    /// Keys with the sidebar focused act on its chosen row and never on the item under
    /// the text cursor: moving and editing words needs the text.
    pub(super) fn update_sidebar(&mut self, action: Action) {
        let rows = self.page_rows();
        if self.sidebar.update(action, rows) {
            return self.sidebar_into_view();
        }
        match action {
            Action::Activate => self.activate_sidebar(),
            Action::Accept | Action::Reject => {
                let verdict = match action {
                    Action::Accept => Verdict::Accept,
                    _ => Verdict::Reject,
                };
                match self.selected_row() {
                    Some(SidebarRow::Entity { .. }) => {
                        self.annotate(Command::JudgeEntity(verdict));
                    }
                    _ => self.annotate(Command::Judge(verdict)),
                }
            }
            Action::Relabel => match self.selected_row() {
                Some(SidebarRow::Entity { label, entity, .. }) => {
                    self.annotate(Command::RelabelEntity(label, entity));
                }
                _ => self.annotate(Command::StartRelabel),
            },
            Action::Cancel => {
                if self.sidebar.entity.take().is_none() {
                    self.focus = Pane::Reading;
                    self.relayout();
                }
            }
            action if action.edits_words() => {
                self.info("that works on the text: Tab to it first".to_string());
            }
            Action::Select
            | Action::TagEntity
            | Action::TagClaim
            | Action::SplitMention
            | Action::Teach => {
                self.info("that works on the text: Tab to it first".to_string());
            }
            _ => self.update_reading(action),
        }
        self.sidebar_into_view();
    }

    pub(super) fn selected_row(&self) -> Option<SidebarRow> {
        self.sidebar.selected_row().cloned()
    }

    /// Enter on an entity highlights all its mentions and cycles the cursor through them;
    /// on a claim it jumps to the claim's cue, and the claim is what keys act on next.
    pub(super) fn activate_sidebar(&mut self) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let Some(document) = self.desk.documents.get(self.desk.current) else {
            return;
        };
        match row {
            SidebarRow::Entity { label, entity, .. } => {
                let members = document.members(&label, &entity);
                let live: Vec<&Member> = members
                    .iter()
                    .filter(|m| m.now.status != Status::Rejected)
                    .collect();
                let shown = if live.is_empty() {
                    members.iter().collect()
                } else {
                    live
                };
                let starts: Vec<usize> = shown.iter().map(|m| m.now.shape.range.start).collect();
                let same = self.sidebar.entity.as_ref() == Some(&(label.clone(), entity.clone()));
                let index = match same {
                    true => {
                        starts.partition_point(|&s| s <= self.reading.cursor) % starts.len().max(1)
                    }
                    false => 0,
                };
                if let Some(member) = shown.get(index) {
                    self.reading.cursor = member.now.shape.range.start;
                    self.reading.make_current(Some(member.item.clone()));
                    self.info(format!(
                        "{entity} ({label}): mention {} of {}",
                        index + 1,
                        starts.len()
                    ));
                }
                self.sidebar.entity = Some((label, entity));
                self.reading.after_jump(self.page_rows());
            }
            SidebarRow::Claim(item) => {
                let annotations = &document.annotations;
                if let Some(now) = state_of(&annotations.decisions, &annotations.suggestions, &item)
                {
                    self.reading.cursor = place(&now);
                    self.reading.make_current(Some(item));
                    self.reading.after_jump(self.page_rows());
                    self.describe_claim_at_cursor();
                }
            }
            _ => {}
        }
    }
}
