//! The reader running an annotation command: it hands the annotation layer a snapshot of
//! what is on screen and spreads the reply over its other layers (cursor, selection,
//! sidebar, the picker or prompt it opens, review's next step).

use super::annotation::{Aim, Annotator, Command, Opened, Reply};
use super::app::App;
use super::keymap::Mode;
use super::prompt::Prompt;
use super::review::ReviewCommand;

impl App {
    /// What the annotation layer may know of the screen.
    fn aim(&self) -> Aim {
        let sidebar_row = self
            .sidebar
            .selected
            .and_then(|index| Some((index, self.sidebar.rows.get(index)?.clone())));
        Aim {
            mode: self.mode,
            focus: self.focus,
            cursor: self.reading.cursor,
            current_item: self.reading.current_item.clone(),
            current_item_cursor: self.reading.current_item_cursor,
            reviewed: self.review.current,
            sidebar_row,
            selection: self.selection_range(),
        }
    }

    pub(super) fn annotate(&mut self, command: Command) {
        let aim = self.aim();
        let annotator = Annotator::new(&mut self.desk, &mut self.confirming, &self.keymap, aim);
        let reply = annotator.run(command);
        self.take_reply(reply);
    }

    fn take_reply(&mut self, reply: Reply) {
        if reply.message.is_some() {
            self.message = reply.message;
        }
        if let Some(cursor) = reply.cursor {
            self.reading.cursor = cursor;
            self.reading.after_jump(self.page_rows());
        }
        if let Some(item) = reply.current_item {
            self.reading.make_current(item);
        }
        if reply.clear_selection {
            self.reading.selection = None;
        }
        self.sidebar.stale |= reply.stale;
        if let Some(selected) = reply.entities_changed {
            self.after_entity_change(selected);
        }
        match reply.opened {
            Some(Opened::Picker(picker)) => {
                self.picker = Some(picker);
                self.review.returns = self.mode == Mode::Review;
                self.mode = Mode::Picker;
            }
            Some(Opened::Prompt(prompt)) => {
                self.review.returns =
                    self.mode == Mode::Review && matches!(prompt, Prompt::Note { .. });
                self.prompt = Some(prompt);
                self.mode = Mode::Note;
            }
            None => {}
        }
        self.effects.extend(reply.effects);
        if reply.review_next && self.mode == Mode::Review {
            self.review(ReviewCommand::Step {
                forward: true,
                pending_only: true,
            });
        }
    }
}
