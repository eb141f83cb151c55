//! Review's keys at work: starting and stopping, stepping through the suggestions,
//! narrowing them, and going on to the next article still to review. The reviewer reads
//! the desk and answers with what the reader's other layers should do; it never sees
//! them.

use crate::annotate::review::Suggestion;

use super::super::action::Action;
use super::super::app::Message;
use super::super::desk::Desk;
use super::super::effect::AfterOpen;
use super::super::keymap::{Keymap, Mode};
use super::{ReviewState, Stepped};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewCommand {
    /// Review from the first undecided suggestion at or after the cursor.
    Start,
    /// To the next (or previous) suggestion; `pending_only` skips decided ones.
    Step {
        forward: bool,
        pending_only: bool,
    },
    /// Entities, then claims, then the current suggestion's label, then everything.
    CycleFilter,
    Stop,
    /// Open the next article still to review, and review it.
    NextArticle,
    /// The article asked for by `NextArticle` is open.
    Opened,
    /// The current article's suggestions are in.
    Analysed,
}

/// What a review command asks of the reader's other layers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewReply {
    pub message: Option<Message>,
    pub mode: Option<Mode>,
    /// Put the cursor here, on the suggestion now under review; no other item is the
    /// one the keys act on then.
    pub jump: Option<usize>,
    /// Open this library entry, then go on as said.
    pub open: Option<(usize, AfterOpen)>,
}

/// One review command at work.
pub struct Reviewer<'a> {
    state: &'a mut ReviewState,
    desk: &'a Desk,
    keymap: &'a Keymap,
    mode: Mode,
    cursor: usize,
    reply: ReviewReply,
}

impl<'a> Reviewer<'a> {
    pub fn new(
        state: &'a mut ReviewState,
        desk: &'a Desk,
        keymap: &'a Keymap,
        mode: Mode,
        cursor: usize,
    ) -> Reviewer<'a> {
        Reviewer {
            state,
            desk,
            keymap,
            mode,
            cursor,
            reply: ReviewReply::default(),
        }
    }

    pub fn run(mut self, command: ReviewCommand) -> ReviewReply {
        match command {
            ReviewCommand::Start => self.start(),
            ReviewCommand::Step {
                forward,
                pending_only,
            } => self.step(forward, pending_only),
            ReviewCommand::CycleFilter => self.cycle_filter(),
            ReviewCommand::Stop => self.stop(),
            ReviewCommand::NextArticle => self.next_article(),
            ReviewCommand::Opened => self.opened(),
            ReviewCommand::Analysed => {
                if std::mem::take(&mut self.state.when_analysed) && self.mode == Mode::Normal {
                    self.start();
                }
            }
        }
        self.reply
    }

    fn info(&mut self, text: String) {
        self.reply.message = Some(Message::info(text));
    }

    fn start(&mut self) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let annotations = &document.annotations;
        if annotations.suggestions.is_empty() {
            self.info("nothing to review yet".to_string());
            return;
        }
        let start = self.state.first_from(annotations, self.cursor);
        self.state.current = Some(start);
        self.mode = Mode::Review;
        self.reply.mode = Some(Mode::Review);
        self.show_target();
    }

    fn step(&mut self, forward: bool, pending_only: bool) {
        let Some(document) = self.desk.document() else {
            return;
        };
        match self
            .state
            .step(&document.annotations, forward, pending_only)
        {
            Stepped::Moved => self.show_target(),
            Stepped::Last => self.offer_next_article(),
            Stepped::First => self.info("the first suggestion".to_string()),
            Stepped::Nowhere => {}
        }
    }

    fn cycle_filter(&mut self) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let target = self.state.target(&document.annotations);
        let label = target.map(|s| s.label().to_string());
        self.state.cycle_filter(label);
        let admitted = self
            .state
            .target(&document.annotations)
            .is_some_and(|s| self.state.filter.admits(s));
        if !admitted {
            self.step(true, true);
        }
        self.info(format!("reviewing {}", self.state.filter.describe()));
    }

    fn stop(&mut self) {
        self.state.current = None;
        self.mode = Mode::Normal;
        self.reply.mode = Some(Mode::Normal);
    }

    /// At the end of an article's suggestions: when all are decided, names the next
    /// article still to review and the key that opens it in review.
    fn offer_next_article(&mut self) {
        let pending = self.desk.document().is_some_and(|d| {
            let annotations = &d.annotations;
            annotations
                .suggestions
                .iter()
                .any(|s| annotations.decided(s).is_none())
        });
        if pending {
            self.info(
                "the last suggestion; some before it are undecided (p goes back)".to_string(),
            );
            return;
        }
        let key = self
            .keymap
            .key_for(Mode::Review, Action::NextArticle)
            .unwrap_or_default();
        let message = match self.desk.next_unreviewed() {
            Some(entry) => {
                let name = &self.desk.library.entries[entry].name;
                format!("all decided here · {key}: review the next article, {name}")
            }
            None => "all decided here, and no other article is waiting".to_string(),
        };
        self.info(message);
    }

    fn next_article(&mut self) {
        let Some(entry) = self.desk.next_unreviewed() else {
            self.info("no other article is waiting for review".to_string());
            return;
        };
        self.stop();
        self.reply.open = Some((entry, AfterOpen::Review));
    }

    /// Review in the article just opened, now or once its suggestions are in.
    fn opened(&mut self) {
        let analysed = self.desk.document().is_some_and(|d| d.claims.is_some());
        match analysed {
            true if self.mode == Mode::Normal => self.start(),
            true => {}
            false => {
                self.state.when_analysed = true;
                self.info("finding suggestions; review starts when they are in".to_string());
            }
        }
    }

    fn show_target(&mut self) {
        let annotations = self.desk.document().map(|d| &d.annotations);
        let place = annotations.and_then(|a| self.state.target(a).map(Suggestion::place));
        self.reply.jump = place;
    }
}
