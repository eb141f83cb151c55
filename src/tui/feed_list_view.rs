//! Drawing the feed level: one row per feed with its unread and stored counts and the
//! last problem, and the marks an item row carries in the library's list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::App;
use super::feed_list::FeedList;
use super::keymap::Mode;
use super::render::snippet_of;
use super::view::display_safe;

pub fn draw_feeds(app: &App, feeds: &FeedList, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.get("ui.text"));
    let header = theme.get("ui.header");
    let state = &feeds.library.state;
    let unread: usize = state
        .feeds
        .iter()
        .map(|f| feeds.library.unread(&f.url))
        .sum();
    let mut title = format!(" Feeds · {} · {unread} unread", state.feeds.len());
    if feeds.reloading.is_some() {
        title.push_str(" · updating…");
    }
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), header);
    buf.set_stringn(area.x, area.y, title, usize::from(area.width), header);
    let width = usize::from(area.width);
    let dim = theme.get("ui.sidebar.count");
    let rows = area.y + 1..area.bottom().saturating_sub(1);
    if state.feeds.is_empty() {
        let hint = "   no feeds yet: copydesk feeds add URL, then copydesk update";
        buf.set_stringn(area.x, area.y + 2, hint, width, dim);
    }
    for (y, at) in rows.zip(feeds.top..) {
        let Some(feed) = state.feeds.get(at) else {
            break;
        };
        let mut style = theme.get("ui.text");
        if at == feeds.selected {
            style = style.patch(theme.layer("ui.sidebar.selected"));
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        let unread = feeds.library.unread(&feed.url);
        let stored = feeds
            .library
            .items_of(&feed.url)
            .filter(|item| item.page.is_some())
            .count();
        let counts = format!(" {unread:>4} unread {stored:>5} stored ");
        let mark = if unread > 0 { " ● " } else { "   " };
        let problem = feed
            .problem
            .as_deref()
            .map(|p| format!(" ⚠ {}", display_safe(p)))
            .unwrap_or_default();
        let room = width.saturating_sub(mark.width() + counts.width());
        let name = format!("{}{problem}", display_safe(feed.name()));
        let name = snippet_of(&name, room);
        let pad = " ".repeat(room.saturating_sub(name.width()));
        let name_style = match feed.problem {
            Some(_) => style.patch(theme.layer("article.warning")),
            None => style,
        };
        let line = Line::from(vec![
            Span::styled(mark, style),
            Span::styled(format!("{name}{pad}"), name_style),
            Span::styled(counts, style.patch(theme.layer("ui.sidebar.count"))),
        ]);
        buf.set_line(area.x, y, &line, area.width);
    }
    draw_feed_status(
        app,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

fn draw_feed_status(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let base = theme.get("ui.status");
    buf.set_style(area, base);
    let mut spans = vec![
        Span::styled(" FEEDS ", base.patch(theme.layer("ui.status.mode"))),
        Span::styled(" ", base),
    ];
    match &app.message {
        Some(message) => {
            let key = match message.error {
                true => "ui.status.error",
                false => "ui.status.message",
            };
            spans.push(Span::styled(
                display_safe(&message.text),
                base.patch(theme.layer(key)),
            ));
        }
        None => spans.push(Span::styled(hints(app, FEED_HINTS), base)),
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

const FEED_HINTS: &[(Action, &str)] = &[
    (Action::Activate, "lists its items"),
    (Action::MarkAllRead, "marks all read"),
    (Action::Reload, "updates"),
    (Action::Help, "help"),
];

/// The item list's hints, in the library's status bar.
pub const ITEM_HINTS: &[(Action, &str)] = &[
    (Action::Activate, "reads"),
    (Action::ToggleRead, "read/unread"),
    (Action::OpenUrl, "opens the page"),
    (Action::Cancel, "feeds"),
    (Action::Help, "help"),
];

pub fn hints(app: &App, hints: &[(Action, &str)]) -> String {
    let text: Vec<String> = hints
        .iter()
        .filter_map(|&(action, what)| {
            let key = app.keymap.key_for(Mode::Library, action)?;
            Some(format!("{key} {what}"))
        })
        .collect();
    text.join(" · ")
}

/// An item row's marks and words: `●` unread, `✎` annotated; the feed's title for the
/// item, its date, and the feed as its source.
pub struct ItemRow {
    pub marks: String,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// `decided`: whether the article's details, read now, count a decision.
pub fn item_row(feeds: &FeedList, index: usize, decided: bool) -> Option<ItemRow> {
    let item = feeds.item(index)?;
    let annotated = decided || feeds.annotated.get(index).copied().unwrap_or(false);
    let marks = format!(
        "{}{}",
        if item.read { " " } else { "●" },
        if annotated { "✎" } else { " " }
    );
    Some(ItemRow {
        marks,
        title: item.title.clone(),
        date: item.published.clone(),
    })
}
