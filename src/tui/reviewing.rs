//! The reader running a review command: it hands the review layer the desk and the
//! cursor and spreads the reply over the mode, the text and the library.

use crate::annotate::review::Suggestion;

use super::app::App;
use super::review::{ReviewCommand, ReviewReply, Reviewer};

impl App {
    pub(super) fn review(&mut self, command: ReviewCommand) {
        let reviewer = Reviewer::new(
            &mut self.review,
            &self.desk,
            &self.keymap,
            self.mode,
            self.reading.cursor,
        );
        let reply = reviewer.run(command);
        self.take_review_reply(reply);
    }

    fn take_review_reply(&mut self, reply: ReviewReply) {
        if reply.message.is_some() {
            self.message = reply.message;
        }
        if let Some(mode) = reply.mode {
            self.mode = mode;
        }
        if let Some(place) = reply.jump {
            self.reading.make_current(None);
            self.reading.cursor = place;
            self.reading.after_jump(self.page_rows());
        }
        if let Some((entry, then)) = reply.open {
            self.request_open(entry, then);
        }
    }

    /// The current suggestion in review mode.
    pub fn review_target(&self) -> Option<&Suggestion> {
        self.review.target(&self.desk.document()?.annotations)
    }
}
