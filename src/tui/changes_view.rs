//! What changed since the page's previous version, as an overlay over the article
//! (scrolled and closed like help): paragraphs added and removed, with the unchanged
//! ones counted between them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block as Frame_, Widget};

use crate::feeds::versions::Change;

use super::app::App;
use super::render::overlay;
use super::view::display_safe;
use super::wrap::wrap_into;

/// The comparison the overlay shows, and the earlier file it was made against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangesPage {
    pub previous: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Added,
    Removed,
    Kept,
}

/// Widest the overlay gets, as help.
const WIDTH: u16 = 96;

/// The overlay's text width on a screen `screen_width` wide, past its border and marks.
pub fn text_width(screen_width: u16) -> usize {
    usize::from(screen_width.saturating_sub(4).min(WIDTH)).saturating_sub(5)
}

/// The overlay's rows at `width` columns of text: each paragraph wrapped under its mark.
pub fn change_lines(page: &ChangesPage, width: usize) -> Vec<(Mark, String)> {
    let mut lines = Vec::new();
    for change in &page.changes {
        let (mark, paragraphs) = match change {
            Change::Same(count) => {
                let words = match count {
                    1 => "1 paragraph as before".to_string(),
                    n => format!("{n} paragraphs as before"),
                };
                lines.push((Mark::Kept, format!("… {words}")));
                continue;
            }
            Change::Added(paragraphs) => (Mark::Added, paragraphs),
            Change::Removed(paragraphs) => (Mark::Removed, paragraphs),
        };
        for paragraph in paragraphs {
            let safe = display_safe(paragraph);
            let mut rows = Vec::new();
            wrap_into(&safe, 0..safe.len(), width.max(10), &mut rows);
            for row in rows {
                lines.push((mark, safe[row].trim_end().to_string()));
            }
        }
    }
    if page.changes.iter().all(|c| matches!(c, Change::Same(_))) {
        lines.push((
            Mark::Kept,
            "the text is the same; only the markup changed".to_string(),
        ));
    }
    lines
}

pub fn draw_changes(app: &App, page: &ChangesPage, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some((rect, style)) = overlay(app, area, WIDTH, area.height, 20, buf) else {
        return;
    };
    let title = format!(" Changed since {} ", display_safe(&page.previous));
    let frame = Frame_::bordered().border_style(style).title(title);
    let inner = frame.inner(rect);
    frame.render(rect, buf);
    let lines = change_lines(page, text_width(area.width));
    let top = app
        .help
        .top
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    for (y, (mark, text)) in (inner.y..inner.bottom()).zip(lines.iter().skip(top)) {
        let (sign, layer) = match mark {
            Mark::Added => ("+", "ui.changes.added"),
            Mark::Removed => ("−", "ui.changes.removed"),
            Mark::Kept => (" ", "ui.sidebar.count"),
        };
        let line = Line::styled(format!(" {sign} {text}"), style.patch(theme.layer(layer)));
        buf.set_line(inner.x, y, &line, inner.width);
    }
}
