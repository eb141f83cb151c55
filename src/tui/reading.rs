//! The text layer's state: where the cursor is and what it has picked up, kept apart
//! from the sidebar's and review's so each layer answers for its own.

use crate::annotate::session::ItemRef;

use super::app::Search;
use super::view::Layout;

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
