//! The help overlay as a layer: its scroll and the mode it returns to are its own, and
//! its keys only scroll it or close it.

use super::action::Action;
use super::changes_view::ChangesPage;
use super::keymap::Mode;
use super::reading::step;

/// What the help overlay keeps: its scroll, and the mode it goes back to.
#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub top: usize,
    pub returns: Mode,
    /// What changed since the page's previous version, shown instead of the keys.
    pub changes: Option<ChangesPage>,
}

/// What the overlay did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpOutcome {
    Stay,
    /// Closed: the reader goes back to this mode.
    Close(Mode),
    Quit,
}

/// How much help there is and how much of it fits.
#[derive(Debug, Clone, Copy)]
pub struct HelpPage {
    pub lines: usize,
    pub visible: usize,
    /// Rows a page key moves.
    pub rows: usize,
}

impl HelpState {
    pub fn opened_from(mode: Mode) -> HelpState {
        HelpState {
            top: 0,
            returns: mode,
            changes: None,
        }
    }

    pub fn update(&mut self, action: Action, page: HelpPage) -> HelpOutcome {
        let rows = page.rows;
        let (count, down) = match action {
            Action::Cancel | Action::Help => return HelpOutcome::Close(self.returns),
            Action::Quit => return HelpOutcome::Quit,
            Action::NextLine => (1, true),
            Action::PreviousLine => (1, false),
            Action::HalfPageDown => (rows / 2, true),
            Action::HalfPageUp => (rows / 2, false),
            Action::PageDown => (rows, true),
            Action::PageUp => (rows, false),
            _ => (0, true),
        };
        self.scroll(count, down, page);
        HelpOutcome::Stay
    }

    /// Keeps the scroll within the lines, so scrolling back is never a wait.
    pub fn scroll(&mut self, count: usize, down: bool, page: HelpPage) {
        let last = page.lines.saturating_sub(page.visible);
        self.top = step(self.top, count, down).min(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_page_and_closing_returns_where_it_was_opened() {
        let page = HelpPage {
            lines: 50,
            visible: 20,
            rows: 20,
        };
        let mut help = HelpState::opened_from(Mode::Library);
        for _ in 0..5 {
            assert_eq!(help.update(Action::PageDown, page), HelpOutcome::Stay);
        }
        assert_eq!(help.top, 30);
        help.update(Action::HalfPageUp, page);
        assert_eq!(help.top, 20);
        assert_eq!(
            help.update(Action::Cancel, page),
            HelpOutcome::Close(Mode::Library)
        );
    }
}
