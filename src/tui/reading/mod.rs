//! The text layer: where the cursor is, what it has picked up, and the moves and
//! searches that change only that. It owns its state and answers its own keys; it reads
//! the article through a [`Page`] and never reaches into another layer.

mod motion;
pub mod search;

use std::ops::Range;

use crate::annotate::session::ItemRef;

use super::action::Action;
use super::app::Message;
use super::view::Layout;

pub use search::Search;

#[derive(Debug, Clone, Default)]
pub struct ReadingState {
    /// Byte offset into the current article's text, on a grapheme boundary.
    pub cursor: usize,
    /// The column vertical moves try to keep.
    pub(super) goal_column: Option<usize>,
    /// First visible row of the reading pane.
    pub top: usize,
    /// Where a selection started (a byte offset); it runs to the cursor.
    pub selection: Option<usize>,
    pub show_removed: bool,
    pub layout: Layout,
    pub search: Search,
    /// The item just made or changed: keys go on acting on it while the cursor stays in
    /// its sentence, whatever else overlaps it.
    pub current_item: Option<ItemRef>,
    /// Where the cursor was when `current_item` was set: while it stays there, that item
    /// is the target whatever the cursor touches.
    pub(super) current_item_cursor: usize,
}

impl ReadingState {
    /// Makes `item` the one the next key acts on, for as long as the cursor stays here.
    pub fn make_current(&mut self, item: Option<ItemRef>) {
        self.current_item = item;
        self.current_item_cursor = self.cursor;
    }
}

/// What the text layer reads of the article and the screen.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Range<usize>],
    /// Rows of article visible in the reading pane.
    pub rows: usize,
}

/// What the text layer did with an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// Not a key of this layer: the reader passes it on.
    No,
    /// Done, with what to tell the person, if anything.
    Yes(Option<Message>),
}

impl ReadingState {
    /// The moves and searches of the text layer; everything else is [`Handled::No`].
    pub fn update(&mut self, action: Action, page: Page) -> Handled {
        let vertical = matches!(
            action,
            Action::NextLine
                | Action::PreviousLine
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::PageDown
                | Action::PageUp
        );
        let rows = page.rows;
        let said = match action {
            Action::SearchNext => Some(self.jump_to_match(true, false, rows)),
            Action::SearchPrevious => Some(self.jump_to_match(false, false, rows)),
            Action::NextLine => self.move_rows(page, 1, true, false),
            Action::PreviousLine => self.move_rows(page, 1, false, false),
            Action::HalfPageDown => self.move_rows(page, rows / 2, true, true),
            Action::HalfPageUp => self.move_rows(page, rows / 2, false, true),
            Action::PageDown => self.move_rows(page, rows.saturating_sub(2).max(1), true, true),
            Action::PageUp => self.move_rows(page, rows.saturating_sub(2).max(1), false, true),
            Action::NextChar => self.next_char(page.text),
            Action::PreviousChar => self.previous_char(page.text),
            Action::NextWord => self.move_to(motion::next_word(page.text, self.cursor)),
            Action::PreviousWord => self.move_to(motion::previous_word(page.text, self.cursor)),
            Action::NextSentence => self.move_sentence(page, true),
            Action::PreviousSentence => self.move_sentence(page, false),
            Action::NextParagraph => self.move_paragraph(page, true),
            Action::PreviousParagraph => self.move_paragraph(page, false),
            Action::Top => {
                self.top = 0;
                self.move_to(page.paragraphs.first().map_or(0, |p| p.start))
            }
            Action::Bottom => match self.layout.text_rows.last() {
                Some(&row) => self.move_to(self.layout.rows[row].range.start),
                None => None,
            },
            _ => return Handled::No,
        };
        if !vertical {
            self.goal_column = None;
        }
        self.scroll_into_view(rows);
        Handled::Yes(said)
    }

    fn move_to(&mut self, at: usize) -> Option<Message> {
        self.cursor = at;
        None
    }

    /// How far down the article the cursor's row is, 0–100 (100 on the last row).
    pub fn percent(&self) -> usize {
        let last = self.layout.rows.len().saturating_sub(1);
        if last == 0 {
            return 0;
        }
        self.layout.row_of(self.cursor).saturating_mul(100) / last
    }
}

pub(super) use motion::step;
pub use motion::{next_word, previous_word};
