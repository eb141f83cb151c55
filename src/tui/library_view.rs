//! Drawing the library: a header, column titles, one row per shown article, and a status
//! bar. Only the rows on screen are formatted, so 10,000 articles cost what 40 do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::App;
use std::path::Path;

use crate::article::collection::Source;
use crate::feeds::pages::version_number;

use super::feed_list::FeedLevel;
use super::feed_list_view::{ITEM_HINTS, ItemRow, draw_feeds, hints, item_row};
use super::keymap::Mode;
use super::library::{DetailState, Details, Entry, Library, SortKey};
use super::render::snippet_of;
use super::view::display_safe;
use crate::annotate::completeness::Layer;

/// Column widths: date, entities, claims, progress. Title and file share the rest.
const DATE: usize = 10;
const COUNT: usize = 7;
const PROGRESS: usize = 9;

/// Which columns fit: narrow screens drop the file, then the date, then the counts.
struct Columns {
    file: usize,
    date: bool,
    counts: bool,
    title: usize,
}

impl Columns {
    fn fit(width: usize) -> Columns {
        let counts = width >= 44;
        let date = width >= 60;
        let fixed =
            2 + PROGRESS + if counts { 2 * COUNT } else { 0 } + if date { DATE + 1 } else { 0 };
        let file = match width {
            ..90 => 0,
            _ => (width / 4).min(32),
        };
        Columns {
            file,
            date,
            counts,
            title: width.saturating_sub(fixed + file + usize::from(file > 0)),
        }
    }

    fn line(&self, title: Span<'static>, cells: [String; 5], style: Style) -> Line<'static> {
        let [date, entities, claims, progress, file] = cells;
        let mut spans = vec![Span::styled(" ", style), title];
        if self.date {
            spans.push(Span::styled(format!(" {date:<DATE$}"), style));
        }
        if self.counts {
            spans.push(Span::styled(
                format!("{entities:>COUNT$}{claims:>COUNT$}"),
                style,
            ));
        }
        spans.push(Span::styled(format!(" {progress:>PROGRESS$}"), style));
        if self.file > 0 {
            spans.push(Span::styled(
                format!(" {}", snippet_of(&file, self.file)),
                style,
            ));
        }
        Line::from(spans)
    }
}

fn padded(text: &str, width: usize) -> String {
    let cut = snippet_of(text, width);
    let room = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(room))
}

pub fn draw_library(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.get("ui.text"));
    let library = &app.desk.library;
    if let Some(feeds) = library.feeds.as_ref().filter(|_| app.on_feed_level()) {
        return draw_feeds(app, feeds, area, buf);
    }
    let header = theme.get("ui.header");
    let mut title = format!(" Library · {} articles", library.entries.len());
    if let Some((feeds, FeedLevel::Items(feed))) = library.feeds.as_ref().map(|f| (f, f.level)) {
        let name = feeds.library.state.feeds.get(feed).map_or("", |f| f.name());
        let unread = feeds
            .library
            .state
            .feeds
            .get(feed)
            .map_or(0, |f| feeds.library.unread(&f.url));
        title = format!(
            " {} · {} items · {unread} unread",
            display_safe(name),
            library.order.len()
        );
    } else if library.order.len() != library.entries.len() {
        title.push_str(&format!(" · {} shown", library.order.len()));
    }
    if !library.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", display_safe(&library.filter)));
    }
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), header);
    buf.set_stringn(area.x, area.y, title, usize::from(area.width), header);

    let columns = Columns::fit(usize::from(area.width));
    let heading = theme.get("ui.sidebar.heading");
    let arrow = if library.descending { "↓" } else { "↑" };
    let sorted_by = sort_name(library);
    let mark = |name: &str| match sorted_by == name {
        true => format!("{name}{arrow}"),
        false => name.to_string(),
    };
    let titles = [
        mark("date"),
        mark("ents"),
        mark("claims"),
        mark("progress"),
        mark(match library.feeds {
            Some(_) => "source",
            None => "file",
        }),
    ];
    let title_cell = Span::styled(padded(&mark("title"), columns.title), heading);
    let line = columns.line(title_cell, titles.clone(), heading);
    buf.set_line(area.x, area.y + 1, &line, area.width);

    let rows = area.y + 2..area.bottom().saturating_sub(1);
    let current = app.desk.document().map(|d| d.entry);
    for (y, position) in rows.zip(library.top..) {
        let Some(&index) = library.order.get(position) else {
            break;
        };
        let entry = &library.entries[index];
        let live = entry
            .document
            .and_then(|d| app.desk.documents.get(d))
            .map(Details::of);
        let mut style = theme.get("ui.text");
        if position == library.selected {
            style = style.patch(theme.layer("ui.sidebar.selected"));
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        let line = row_line(app, &columns, (index, entry), live.as_ref(), style);
        buf.set_line(area.x, y, &line, area.width);
        if Some(index) == current {
            buf.set_stringn(area.x, y, "▸", 1, style);
        }
    }
    draw_library_status(
        app,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

fn row_line(
    app: &App,
    columns: &Columns,
    (index, entry): (usize, &Entry),
    live: Option<&Details>,
    style: Style,
) -> Line<'static> {
    let theme = &app.theme;
    let dim = style.patch(theme.layer("ui.sidebar.count"));
    let known = live.or(match &entry.details {
        DetailState::Known(details) => Some(details),
        _ => None,
    });
    let file = display_safe(&entry.name);
    let feeds = app.desk.library.feeds.as_ref();
    let decided = known.is_some_and(|details| details.decided > 0);
    if let Some(item) = feeds.and_then(|feeds| item_row(feeds, index, decided)) {
        let version = match &entry.source {
            Source::File(path) => version_number(Path::new(path)),
            _ => 1,
        };
        return feed_item_line(columns, item, version, known, file, style);
    }
    match (known, &entry.details) {
        (Some(details), _) => {
            let progress = progress_cell(details);
            let cells = [
                details.date.as_deref().map_or_else(String::new, day),
                details.entities.to_string(),
                details.claims.to_string(),
                progress,
                file,
            ];
            let title = Span::styled(padded(&display_safe(&details.title), columns.title), style);
            columns.line(title, cells, style)
        }
        (None, DetailState::Failed(problem)) => {
            let warning = style.patch(theme.layer("article.warning"));
            let text = format!("⚠ {}", display_safe(problem));
            let title = Span::styled(padded(&text, columns.title), warning);
            columns.line(title, empty_cells(file), dim)
        }
        (None, _) => {
            let title = Span::styled(padded(&file, columns.title), dim);
            let mut cells = empty_cells(String::new());
            cells[3] = "…".to_string();
            columns.line(title, cells, dim)
        }
    }
}

/// A feed item's row: its marks and the feed's title for it at once, the counts once
/// its details are read, the feed it came from in the file's place.
fn feed_item_line(
    columns: &Columns,
    item: ItemRow,
    version: u32,
    known: Option<&Details>,
    source: String,
    style: Style,
) -> Line<'static> {
    let title = item
        .title
        .or_else(|| known.map(|d| d.title.clone()))
        .unwrap_or_default();
    // A page fetched again and changed: H in the article shows what changed.
    let version = match version {
        1 => String::new(),
        n => format!(" (v{n})"),
    };
    let title = format!("{} {}{version}", item.marks, display_safe(&title));
    let date = item
        .date
        .or_else(|| known.and_then(|d| d.date.clone()))
        .map_or_else(String::new, |d| day(&d));
    let cells = match known {
        Some(details) => [
            date,
            details.entities.to_string(),
            details.claims.to_string(),
            progress_cell(details),
            source,
        ],
        None => [date, String::new(), String::new(), "…".to_string(), source],
    };
    let title = Span::styled(padded(&title, columns.title), style);
    columns.line(title, cells, style)
}

/// A feed library's own order is by feed, newest first: it sorts by source.
fn sort_name(library: &Library) -> &'static str {
    match (library.sort, &library.feeds) {
        (SortKey::File, Some(_)) => "source",
        (key, _) => key.name(),
    }
}

/// The day of an ISO 8601 date or timestamp; the time of day does not help pick an article.
fn day(date: &str) -> String {
    date.chars().take(DATE).collect()
}

/// `done` only when both layers are fully reviewed, as export sees it; one finished
/// layer shows as `E✓` or `C✓` before the count of decided suggestions.
fn progress_cell(details: &Details) -> String {
    let layers = &details.complete;
    if layers.len() == Layer::ALL.len() {
        return "done".to_string();
    }
    let mark = match layers.first() {
        Some(Layer::Entities) => "E✓ ",
        Some(Layer::Claims) => "C✓ ",
        None => "",
    };
    match (details.decided, details.suggestions) {
        (_, 0) => format!("{mark}none"),
        (decided, total) => format!("{mark}{decided}/{total}"),
    }
}

fn empty_cells(file: String) -> [String; 5] {
    [
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        file,
    ]
}

fn draw_library_status(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let base = theme.get("ui.status");
    buf.set_style(area, base);
    let library = &app.desk.library;
    let mode = match app.mode {
        Mode::Filter => " FILTER ",
        _ => " LIBRARY ",
    };
    let mut spans = vec![
        Span::styled(mode, base.patch(theme.layer("ui.status.mode"))),
        Span::styled(" ", base),
    ];
    if app.mode == Mode::Filter {
        spans.push(Span::styled(
            format!("/{}▏", display_safe(&library.filter)),
            base,
        ));
    } else if let Some(message) = &app.message {
        let key = match message.error {
            true => "ui.status.error",
            false => "ui.status.message",
        };
        spans.push(Span::styled(
            display_safe(&message.text),
            base.patch(theme.layer(key)),
        ));
    } else if library.feeds.is_some() {
        spans.push(Span::styled(hints(app, ITEM_HINTS), base));
    } else {
        let hints = [
            (Action::Activate, "opens"),
            (Action::Search, "filters"),
            (Action::Sort, "sorts"),
            (Action::Help, "help"),
        ];
        let text: Vec<String> = hints
            .iter()
            .filter_map(|&(action, what)| {
                let key = app.keymap.key_for(Mode::Library, action)?;
                Some(format!("{key} {what}"))
            })
            .collect();
        spans.push(Span::styled(text.join(" · "), base));
    }
    let left = Line::from(spans);
    let read = library
        .entries
        .iter()
        .filter(|e| {
            e.document.is_some()
                || matches!(e.details, DetailState::Known(_) | DetailState::Failed(_))
        })
        .count();
    let mut right = format!("sorted by {} ", sort_name(library));
    if read < library.entries.len() {
        right = format!("details {read}/{} · {right}", library.entries.len());
    }
    let right_width = u16::try_from(right.width()).unwrap_or(u16::MAX);
    buf.set_line(area.x, area.y, &left, area.width);
    let left_width = u16::try_from(left.width()).unwrap_or(u16::MAX);
    if left_width.saturating_add(right_width).saturating_add(1) <= area.width {
        let x = area.right().saturating_sub(right_width);
        buf.set_stringn(x, area.y, &right, usize::from(right_width), base);
    }
}
