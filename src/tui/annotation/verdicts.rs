//! Verdicts: accepting and rejecting one item or every mention of an entity, undo and
//! redo, marking an article done, and teaching the detector what was decided.

use crate::annotate::completeness::Layer;
use crate::annotate::review::Verdict;
use crate::annotate::schema::Status;
use crate::annotate::session::{Edit, EditError, ItemRef};
use crate::annotate::teaching::Teaching;

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::keymap::Mode;
use super::super::sidebar::SidebarRow;
use super::{Annotator, Wanted};

impl Annotator<'_> {
    pub(super) fn judge(&mut self, verdict: Verdict) {
        let Some((item, before)) = self.target_or_say(Wanted::Verdict) else {
            return;
        };
        let described = before.describe(self.text());
        let own = matches!(item, ItemRef::Manual(_));
        if self.record(Edit::Verdict(item, verdict)).is_none() {
            return;
        }
        let verb = match (verdict, own) {
            (Verdict::Reject, true) => "removed your",
            (Verdict::Accept, _) => "accepted",
            (Verdict::Reject, false) => "rejected",
        };
        self.info(format!("{verb} {described}"));
        self.reply.review_next = self.aim.mode == Mode::Review;
    }

    /// Undo or redo through the session: says what was taken back and goes to it.
    pub(super) fn undo_or_redo(&mut self, redo: bool) {
        let undone = match self.desk.undo(redo) {
            Ok(undone) => undone,
            Err(error @ (EditError::NothingToUndo | EditError::NothingToRedo)) => {
                return self.info(error.to_string());
            }
            Err(error) => return self.error(error.to_string()),
        };
        self.reply.stale = true;
        self.reply.cursor = undone.place;
        self.reply.current_item = Some(undone.item);
        let verb = if redo { "redone" } else { "undone" };
        let items = match undone.items {
            0 | 1 => String::new(),
            n => format!(" and {} other items", n - 1),
        };
        self.info(format!("{verb}: {}{items}", undone.description));
    }

    /// Accepts or rejects every undecided mention of the entity chosen in the sidebar.
    /// The first press says how many; the same key again does it.
    pub(super) fn judge_entity(&mut self, verdict: Verdict) {
        let Some((row, SidebarRow::Entity { label, entity, .. })) = self.aim.sidebar_row.clone()
        else {
            return self.info("pick an entity row to decide all its mentions".to_string());
        };
        let Some(document) = self.desk.document() else {
            return;
        };
        // Accepting takes the undecided mentions; rejecting ("not an entity") every
        // mention not rejected yet, the person's own included.
        let targets: Vec<ItemRef> = document
            .members(&label, &entity)
            .into_iter()
            .filter(|m| match verdict {
                Verdict::Accept => m.now.status == Status::Suggested,
                Verdict::Reject => m.now.status != Status::Rejected,
            })
            .map(|m| m.item)
            .collect();
        let (verb, which, action) = match verdict {
            Verdict::Accept => ("accept", "undecided ", Action::Accept),
            Verdict::Reject => ("reject", "", Action::Reject),
        };
        if targets.is_empty() {
            return self.info(format!("every mention of {entity} is decided already"));
        }
        if self.confirming.bulk != Some((verdict, row)) {
            let n = targets.len();
            let key = self.key_for(Mode::Normal, action);
            self.confirming.bulk = Some((verdict, row));
            return self.info(format!(
                "{key} again to {verb} {n} {which}mention{} of {entity} ({label})",
                if n == 1 { "" } else { "s" }
            ));
        }
        self.confirming.bulk = None;
        let edits = targets
            .into_iter()
            .map(|item| Edit::Verdict(item, verdict))
            .collect();
        if let Some(done) = self.record(Edit::Each(edits)) {
            let done = done.count;
            self.info(format!("{verb}ed {done} mentions of {entity} ({label})"));
        }
    }

    /// Marks the article fully reviewed in both layers. Undecided suggestions would
    /// contradict the mark, so the first press says how many there are and the same
    /// key again rejects them, all in one undoable step.
    pub(super) fn mark_done(&mut self) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let annotations = &document.annotations;
        let sha = document.article.id.clone();
        if annotations.complete_layers(&sha).len() == Layer::ALL.len() {
            self.confirming.done = false;
            return self.info("already fully reviewed: entities and claims".to_string());
        }
        let undecided: Vec<usize> = (0..annotations.suggestions.len())
            .filter(|&i| annotations.decided(&annotations.suggestions[i]).is_none())
            .collect();
        if !undecided.is_empty() && !self.confirming.done {
            let key = self.key_for(Mode::Normal, Action::MarkDone);
            let n = undecided.len();
            self.confirming.done = true;
            return self.info(format!(
                "{n} suggestion{} undecided: {key} again rejects {} and marks the article done",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ));
        }
        self.confirming.done = false;
        let edit = Edit::MarkReviewed {
            undecided: undecided.iter().copied().map(ItemRef::Suggestion).collect(),
            sha256: sha,
        };
        if self.record(edit).is_some() {
            self.info(match undecided.len() {
                0 => "marked fully reviewed".to_string(),
                n => format!("rejected {n} undecided and marked fully reviewed"),
            });
        }
    }

    /// Puts the mention the keys act on into the person's `entities.json`: to be found
    /// with its label always, or, if they rejected it, never to be suggested with it.
    /// Articles analysed from then on use it.
    pub(super) fn teach(&mut self) {
        let Some(dir) = self.desk.config_dir.clone() else {
            return self.error("no config directory to keep entities.json in".to_string());
        };
        let Ok((_, now)) = self.aim.target(self.desk, Wanted::Mention) else {
            return self.info("put the cursor on an entity mention to teach it".to_string());
        };
        let teaching = match now.status {
            Status::Rejected => Teaching::Never,
            _ => Teaching::Always,
        };
        self.reply.effects.push(Effect::Teach {
            dir,
            teaching,
            text: self.text().get(now.shape.range).unwrap_or("").to_string(),
            label: now.label,
        });
    }
}
