//! Cursor moves and scrolling in the text layer. The cursor is a byte offset on a
//! grapheme boundary; rows come from the layout, so every move is in what is on screen.

use unicode_segmentation::UnicodeSegmentation;

use crate::extract::sentences::sentences;

use super::super::app::Message;
use super::super::wrap::{column_of, offset_at_column};
use super::{Page, ReadingState};

impl ReadingState {
    pub(super) fn move_rows(
        &mut self,
        page: Page,
        count: usize,
        down: bool,
        scroll: bool,
    ) -> Option<Message> {
        let row = self.layout.row_of(self.cursor);
        let current = self.layout.rows.get(row)?;
        let column = self
            .goal_column
            .unwrap_or_else(|| column_of(page.text, current.range.clone(), self.cursor));
        let target = step(row, count, down).min(self.layout.rows.len().saturating_sub(1));
        let target = self.layout.nearest_text_row(target, down)?;
        if target == row && !scroll {
            return None;
        }
        let range = self.layout.rows[target].range.clone();
        self.cursor = offset_at_column(page.text, range, column);
        self.goal_column = Some(column);
        if scroll {
            self.top = step(self.top, count, down).min(self.max_top(page.rows));
        }
        None
    }

    pub(super) fn next_char(&mut self, text: &str) -> Option<Message> {
        let step = text
            .get(self.cursor..)
            .and_then(|rest| rest.graphemes(true).next())
            .map_or(0, str::len);
        self.cursor += step;
        None
    }

    pub(super) fn previous_char(&mut self, text: &str) -> Option<Message> {
        let step = text
            .get(..self.cursor)
            .and_then(|before| before.graphemes(true).next_back())
            .map_or(0, str::len);
        self.cursor -= step;
        None
    }

    pub(super) fn move_sentence(&mut self, page: Page, forward: bool) -> Option<Message> {
        let cursor = self.cursor;
        let Page {
            text, paragraphs, ..
        } = page;
        let here = paragraphs
            .partition_point(|p| p.start <= cursor)
            .saturating_sub(1);
        let starts_in = |index: usize| -> Vec<usize> {
            paragraphs
                .get(index)
                .and_then(|p| text.get(p.clone()).map(|s| (p.start, s)))
                .map(|(base, s)| sentences(s).into_iter().map(|r| r.start + base).collect())
                .unwrap_or_default()
        };
        let target = if forward {
            starts_in(here)
                .into_iter()
                .find(|&s| s > cursor)
                .or_else(|| starts_in(here + 1).first().copied())
        } else {
            starts_in(here)
                .into_iter()
                .rev()
                .find(|&s| s < cursor)
                .or_else(|| {
                    here.checked_sub(1)
                        .and_then(|p| starts_in(p).last().copied())
                })
        };
        if let Some(target) = target {
            self.cursor = target;
        }
        None
    }

    pub(super) fn move_paragraph(&mut self, page: Page, forward: bool) -> Option<Message> {
        let cursor = self.cursor;
        let target = if forward {
            page.paragraphs.iter().find(|p| p.start > cursor)
        } else {
            page.paragraphs.iter().rev().find(|p| p.start < cursor)
        };
        if let Some(p) = target {
            self.cursor = p.start;
        }
        None
    }

    /// Scrolls the view, taking the cursor along when it would leave it.
    pub fn scroll_by(&mut self, count: usize, down: bool, rows: usize) {
        self.top = step(self.top, count, down).min(self.max_top(rows));
        let row = self.layout.row_of(self.cursor);
        let inside = self.top..self.top + rows;
        if !inside.contains(&row) {
            let want = if row < self.top {
                self.top
            } else {
                self.top + rows.saturating_sub(1)
            };
            if let Some(target) = self.layout.nearest_text_row(want, row < self.top)
                && let Some(r) = self.layout.rows.get(target)
            {
                self.cursor = r.range.start;
            }
        }
    }

    fn max_top(&self, rows: usize) -> usize {
        self.layout.rows.len().saturating_sub(rows)
    }

    /// After a jump, show the target a few rows below the top rather than at the edge.
    pub fn after_jump(&mut self, rows: usize) {
        let row = self.layout.row_of(self.cursor);
        if row < self.top || row >= self.top + rows {
            self.top = row.saturating_sub(rows / 3).min(self.max_top(rows));
        }
    }

    pub fn scroll_into_view(&mut self, rows: usize) {
        let row = self.layout.row_of(self.cursor);
        if row < self.top {
            self.top = row;
        } else if row >= self.top + rows {
            self.top = row + 1 - rows;
        }
        self.top = self.top.min(
            self.max_top(rows)
                .max(row.saturating_sub(rows.saturating_sub(1))),
        );
    }
}

pub(in super::super) fn step(value: usize, count: usize, down: bool) -> usize {
    if down {
        value.saturating_add(count)
    } else {
        value.saturating_sub(count)
    }
}

/// Start of the next run of non-space graphemes, else the end of the text.
pub fn next_word(text: &str, cursor: usize) -> usize {
    let Some(rest) = text.get(cursor..) else {
        return cursor;
    };
    let mut seen_space = false;
    for (i, g) in rest.grapheme_indices(true) {
        let space = g.chars().all(char::is_whitespace);
        if space {
            seen_space = true;
        } else if seen_space {
            return cursor + i;
        }
    }
    // From the last word, the end of the text: a selection can then take that word in.
    text.len()
}

/// Start of this word if the cursor is inside one, else of the previous word.
pub fn previous_word(text: &str, cursor: usize) -> usize {
    let Some(before) = text.get(..cursor) else {
        return cursor;
    };
    let mut start = None;
    for (i, g) in before.grapheme_indices(true).rev() {
        let space = g.chars().all(char::is_whitespace);
        match (space, start) {
            (false, _) => start = Some(i),
            (true, Some(s)) => return s,
            (true, None) => {}
        }
    }
    start.unwrap_or(cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let text = "one two  three";
        assert_eq!(next_word(text, 0), 4);
        assert_eq!(next_word(text, 4), 9);
        assert_eq!(next_word(text, 9), text.len());
        assert_eq!(previous_word(text, 9), 4);
        assert_eq!(previous_word(text, 6), 4);
        assert_eq!(previous_word(text, 0), 0);
    }
}
