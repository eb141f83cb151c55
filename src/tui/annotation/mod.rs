//! The annotation layer: every command that changes an article's annotations. It runs
//! against the desk from a snapshot of what is on screen ([`Aim`]) and answers with a
//! [`Reply`] that the reader applies to its other layers. It never sees those layers, so
//! the item a key acts on is decided from the aim alone ([`Aim::target`]), in one place.

mod claims;
mod entities;
mod labels;
mod target;
mod verdicts;

use std::ops::Range;

use crate::annotate::review::{TagKind, Verdict};
use crate::annotate::schema::Status;
use crate::annotate::session::{Applied, Edit, ItemRef, ItemState};

use super::action::Action;
use super::app::{Message, Pane};
use super::desk::Desk;
use super::editing::{Edge, Step};
use super::effect::Effect;
use super::keymap::{Keymap, Mode};
use super::picker::Picker;
use super::prompt::Prompt;
use super::sidebar::SidebarRow;

pub use target::Wanted;

/// What the person is looking at when a key is pressed: all the annotation layer knows
/// of the reader's other layers.
#[derive(Debug, Clone)]
pub struct Aim {
    pub mode: Mode,
    pub focus: Pane,
    pub cursor: usize,
    /// The item just made or changed, and where the cursor was then.
    pub current_item: Option<ItemRef>,
    pub current_item_cursor: usize,
    /// The suggestion under review, while reviewing.
    pub reviewed: Option<usize>,
    /// The sidebar's chosen row and its index.
    pub sidebar_row: Option<(usize, SidebarRow)>,
    /// The selected text, trimmed.
    pub selection: Option<Range<usize>>,
}

/// Commands that wait for the same key again, so a count can be read first. The layer
/// owns them; any other key forgets them ([`Confirming::forget_unless`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confirming {
    /// A verdict on every mention of the entity in sidebar row `usize`.
    pub bulk: Option<(Verdict, usize)>,
    /// An entity picked to be merged into the next one picked: (label, name).
    pub merge: Option<(String, String)>,
    /// Marking done over undecided suggestions, which it would reject.
    pub done: bool,
}

impl Confirming {
    pub fn forget_unless(&mut self, action: Action) {
        if !matches!(action, Action::Accept | Action::Reject) {
            self.bulk = None;
        }
        if action != Action::MarkDone {
            self.done = false;
        }
        if action == Action::Cancel {
            self.merge = None;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Judge(Verdict),
    /// A verdict on every mention of the sidebar's chosen entity.
    JudgeEntity(Verdict),
    Undo,
    Redo,
    FlipNegation,
    StartNote,
    SaveNote(ItemRef, String),
    StartRelabel,
    /// Relabel every live mention of the entity (label, name).
    RelabelEntity(String, String),
    Tag(TagKind),
    /// The picker closed on this label (`None`: nothing matched what was typed).
    Pick(Picker, Option<String>),
    MoveBoundary(Edge, bool, Step),
    SetCue,
    SetSource,
    StartRename,
    Rename {
        label: String,
        entity: String,
        name: String,
    },
    Merge,
    Split,
    MarkDone,
    Teach,
}

/// A layer the command opens for typing or choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Picker(Picker),
    Prompt(Prompt),
}

/// What a command asks of the reader's other layers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    pub message: Option<Message>,
    /// Move the cursor here (and scroll it into view).
    pub cursor: Option<usize>,
    /// Make this the item the next key acts on.
    pub current_item: Option<Option<ItemRef>>,
    pub clear_selection: bool,
    pub opened: Option<Opened>,
    /// The sidebar's rows show something that changed.
    pub stale: bool,
    /// Entity names or clusters changed; the sidebar selects this entity afterwards.
    pub entities_changed: Option<Option<(String, String)>>,
    /// In review, go on to the next undecided suggestion.
    pub review_next: bool,
    pub effects: Vec<Effect>,
}

/// One command at work: the desk it changes, the aim it reads, the reply it builds.
pub struct Annotator<'a> {
    desk: &'a mut Desk,
    confirming: &'a mut Confirming,
    keymap: &'a Keymap,
    aim: Aim,
    reply: Reply,
}

impl<'a> Annotator<'a> {
    pub fn new(
        desk: &'a mut Desk,
        confirming: &'a mut Confirming,
        keymap: &'a Keymap,
        aim: Aim,
    ) -> Annotator<'a> {
        Annotator {
            desk,
            confirming,
            keymap,
            aim,
            reply: Reply::default(),
        }
    }

    pub fn run(mut self, command: Command) -> Reply {
        match command {
            Command::Judge(verdict) => self.judge(verdict),
            Command::JudgeEntity(verdict) => self.judge_entity(verdict),
            Command::Undo => self.undo_or_redo(false),
            Command::Redo => self.undo_or_redo(true),
            Command::FlipNegation => self.flip_negation(),
            Command::StartNote => self.start_note(),
            Command::SaveNote(claim, text) => self.save_note(claim, text),
            Command::StartRelabel => self.start_relabel(),
            Command::RelabelEntity(label, entity) => self.relabel_entity(&label, &entity),
            Command::Tag(kind) => self.start_tagging(kind),
            Command::Pick(picker, label) => self.pick(picker, label),
            Command::MoveBoundary(edge, left, step) => self.move_boundary(edge, left, step),
            Command::SetCue => self.set_cue(),
            Command::SetSource => self.set_source(),
            Command::StartRename => self.start_rename(),
            Command::Rename {
                label,
                entity,
                name,
            } => self.rename_entity(&label, &entity, &name),
            Command::Merge => self.merge_entity(),
            Command::Split => self.split_mention(),
            Command::MarkDone => self.mark_done(),
            Command::Teach => self.teach(),
        }
        self.reply
    }

    fn text(&self) -> &str {
        self.desk.text()
    }

    fn info(&mut self, text: String) {
        self.reply.message = Some(Message::info(text));
    }

    fn error(&mut self, text: String) {
        self.reply.message = Some(Message::error(text));
    }

    fn key_for(&self, mode: Mode, action: Action) -> String {
        self.keymap.key_for(mode, action).unwrap_or_default()
    }

    /// Applies an edit to the current article through its session and makes the item it
    /// changed the one the next key acts on; a refusal is shown in words and `None`
    /// returned.
    fn record(&mut self, edit: Edit) -> Option<Applied> {
        match self.desk.apply(edit) {
            Ok(applied) => {
                self.reply.current_item = Some(applied.item.clone());
                self.reply.stale = true;
                Some(applied)
            }
            Err(error) => {
                self.error(error.to_string());
                None
            }
        }
    }

    /// The target of the command, or `None` after saying why there is none.
    fn target_or_say(&mut self, wanted: Wanted) -> Option<(ItemRef, ItemState)> {
        match self.aim.target(self.desk, wanted) {
            Ok(found) => Some(found),
            Err(why) => {
                self.info(why);
                None
            }
        }
    }

    /// Says so and returns `true` when the item was rejected: only a verdict changes it.
    fn refuse_rejected(&mut self, now: &ItemState) -> bool {
        let rejected = now.status == Status::Rejected;
        if rejected {
            let key = self.key_for(Mode::Normal, Action::Accept);
            let what = now.describe(self.text());
            self.error(format!("{what} is rejected: {key} accepts it first"));
        }
        rejected
    }

    /// Opens a layer for choosing or typing; the reader switches to it.
    fn open(&mut self, opened: Opened) {
        self.reply.opened = Some(opened);
    }

    /// The first few characters of `range`, for saying what changed.
    fn words(&self, range: Range<usize>, at_most: usize) -> String {
        let words = self.text().get(range).unwrap_or_default();
        words.chars().take(at_most).collect()
    }
}
