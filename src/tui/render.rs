//! Drawing: reads the state, never changes it. Only the visible rows are styled and
//! drawn, so a frame costs the same for a short article and a very long one.

use std::collections::HashSet;

use super::changes_view::draw_changes;
use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Borders, Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::annotating::is_rejected;
use super::app::{App, Areas, MIN_HEIGHT, MIN_WIDTH, Pane};
use super::keymap::{Keymap, Mode};
use super::picker::Picker;
use super::sidebar::SidebarRow;
use super::view::display_safe;
use crate::annotate::review::TagKind;
use crate::annotate::review::{Decided, Shape, SuggestionKind};
use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{ItemRef, ItemState, state_of};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// The whole screen into `buf` (also used by benchmarks without a `Frame`).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let areas = Areas::compute(area.width, area.height, app.focus);
    if areas.too_small {
        draw_too_small(app, area, buf);
        return;
    }
    if app.on_library_screen() {
        super::library_view::draw_library(app, area, buf);
        if app.mode == Mode::Help {
            draw_help(app, area, buf);
        }
        return;
    }
    buf.set_style(area, app.theme.get("ui.text"));
    draw_header(app, areas.header, buf);
    draw_reading(app, areas.reading, buf);
    if let Some(sidebar) = areas.sidebar {
        draw_sidebar(app, sidebar, buf);
    }
    draw_status(app, areas.status, buf);
    if app.mode == Mode::Help {
        draw_help(app, area, buf);
    }
    if let Some(picker) = &app.picker {
        draw_picker(app, picker, area, buf);
    }
}

/// A box centred at the top of `area`, at most `width` × `height` and a margin inside
/// it, cleared and given the overlay style; `None` when it would be narrower than
/// `min_width` or shorter than three rows.
pub(super) fn overlay(
    app: &App,
    area: Rect,
    width: u16,
    height: u16,
    min_width: u16,
    buf: &mut Buffer,
) -> Option<(Rect, Style)> {
    let width = area.width.saturating_sub(4).min(width);
    let height = height.min(area.height.saturating_sub(2));
    let rect = Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + 1,
        width,
        height,
    );
    if rect.width < min_width || rect.height < 3 {
        return None;
    }
    Clear.render(rect, buf);
    let style = app.theme.get("ui.help");
    buf.set_style(rect, style);
    Some((rect, style))
}

/// The label picker: the filter typed so far, then the matching labels, numbered.
fn draw_picker(app: &App, picker: &Picker, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let visible = picker.visible();
    let height = visible.len() as u16 + 3;
    let Some((rect, style)) = overlay(app, area, 40, height, 8, buf) else {
        return;
    };
    let what = match picker.kind {
        TagKind::Entity => "entity",
        TagKind::Claim => "claim",
    };
    // Relabelling says how much it changes: every mention of an entity, from the sidebar.
    let title = match picker.relabel.len() {
        0 => format!(" Tag as {what} "),
        1 => format!(" Relabel the {what} "),
        n => format!(" Relabel {n} mentions "),
    };
    let frame = Frame_::bordered().border_style(style).title(title);
    let inner = frame.inner(rect);
    frame.render(rect, buf);
    let filter = Line::styled(format!(" > {}▏", display_safe(&picker.filter)), style);
    buf.set_line(inner.x, inner.y, &filter, inner.width);
    let rows = (inner.y + 1..inner.bottom()).zip(visible.iter().enumerate());
    for (y, (i, label)) in rows {
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".to_string()
        };
        let mut line_style = style;
        if i == picker.selected {
            line_style = line_style.patch(theme.layer("ui.sidebar.selected"));
        }
        let line = Line::styled(format!(" {number} {}", display_safe(label)), line_style);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

fn draw_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let style = app.theme.get("ui.too_small");
    let lines = [
        "terminal too small".to_string(),
        format!("need {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    for (y, line) in (area.y..area.bottom()).zip(lines.iter()) {
        buf.set_stringn(area.x, y, line, usize::from(area.width), style);
    }
}

fn draw_header(app: &App, area: Rect, buf: &mut Buffer) {
    let style = app.theme.get("ui.header");
    buf.set_style(area, style);
    let Some(document) = app.desk.document() else {
        buf.set_stringn(
            area.x,
            area.y,
            " no article",
            usize::from(area.width),
            style,
        );
        return;
    };
    let meta = &document.article.metadata;
    let mut fields: Vec<String> = Vec::new();
    fields.extend(meta.title.iter().cloned());
    if !meta.byline.is_empty() {
        fields.push(meta.byline.join(", "));
    }
    fields.extend(
        meta.date
            .iter()
            .chain(meta.date_raw.iter())
            .take(1)
            .cloned(),
    );
    fields.extend(meta.section.iter().cloned());
    fields.extend(meta.site.iter().cloned());
    if fields.is_empty() {
        fields.push(document.article.source.clone());
    }
    let text = format!(" {}", display_safe(&fields.join(" · ")));
    buf.set_stringn(area.x, area.y, text, usize::from(area.width), style);
}

fn draw_reading(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let Some(document) = app.desk.document() else {
        return;
    };
    let text = document.article.text.as_str();
    let x = area.x.saturating_add(1);
    let width = area.width.saturating_sub(2);
    // Looked up once a frame, not once a row: there can be thousands of decisions.
    let edited: Vec<(ItemKind, &Decided)> = document.annotations.decisions.edited().collect();
    for (y, index) in (area.y..area.bottom()).zip(app.reading.top..) {
        let Some(row) = app.reading.layout.rows.get(index) else {
            break;
        };
        let Some(block) = app.reading.layout.blocks.get(row.block) else {
            continue;
        };
        let base = app.theme.get(block.kind.style_key());
        let line = match &block.text {
            Some(_) => text_line(app, text, row.range.clone(), base, &edited),
            None => {
                let own = block.own.get(row.range.clone()).unwrap_or("");
                let mut layers = Vec::new();
                if let Some((accent, key)) = &block.accent {
                    let local = accent.start.max(row.range.start)..accent.end.min(row.range.end);
                    if local.start < local.end {
                        layers.push((
                            local.start - row.range.start..local.end - row.range.start,
                            app.theme.layer(key),
                        ));
                    }
                }
                styled_line(own, &layers, base)
            }
        };
        buf.set_line(x, y, &line, width);
    }
}

/// One text row with its highlights: entities, claims (underlined, so they differ from
/// entities without colour), search matches, the cursor.
fn text_line(
    app: &App,
    text: &str,
    row: Range<usize>,
    base: Style,
    edited: &[(ItemKind, &Decided)],
) -> Line<'static> {
    let Some(document) = app.desk.document() else {
        return Line::default();
    };
    let theme = &app.theme;
    let mut layers: Vec<(Range<usize>, Style)> = Vec::new();
    let decisions = &document.annotations.decisions;
    let strike = |style: Style, decided: Option<&Decided>| match is_rejected(decided) {
        true => style.patch(theme.layer("suggestion.rejected")),
        false => style,
    };
    // Claims first: an entity's colour and highlight go on top of a claim's parts.
    for claim in document.claims_in(row.clone()) {
        let decided = decisions.claim(&claim.cue);
        let shape = match decided {
            Some(decided) => decided.shape.clone(),
            None => Shape {
                range: claim.content.clone(),
                cue: Some(claim.cue.clone()),
                source: claim.source.clone(),
            },
        };
        claim_layers(theme, &shape, &mut layers, |style| strike(style, decided));
    }
    for entity in document.entities_in(row.clone()) {
        let decided = decisions.mention(&entity.range);
        // A relabelled mention is drawn, and selected, under the label it has now.
        let label = decided.map_or(entity.label.as_str(), |d| d.label.as_str());
        let mut style = theme.layer(&format!("entity.{}", label.to_lowercase()));
        let selected = app
            .sidebar
            .entity
            .as_ref()
            .is_some_and(|(l, e)| l.eq_ignore_ascii_case(label) && *e == entity.entity);
        if selected {
            style = style.patch(theme.layer("entity.selected"));
        }
        let range = decided.map_or(entity.range.clone(), |d| d.shape.range.clone());
        layers.push((range, strike(style, decided)));
    }
    // A corrected item drawn again where it now reaches, on rows its suggestion never
    // touched (a span extended onto the line above).
    for &(kind, decided) in edited {
        let shape = &decided.shape;
        let reach = [
            Some(&shape.range),
            shape.cue.as_ref(),
            shape.source.as_ref(),
        ];
        let on_row = reach
            .into_iter()
            .flatten()
            .any(|r| r.start < row.end && row.start < r.end);
        if !on_row {
            continue;
        }
        match kind {
            ItemKind::Claim => claim_layers(theme, shape, &mut layers, |s| s),
            _ => {
                let style = theme.layer(&format!("entity.{}", decided.label.to_lowercase()));
                layers.push((shape.range.clone(), style));
            }
        }
    }
    for manual in &decisions.manual {
        let range = &manual.shape.range;
        if range.start >= row.end || range.end <= row.start {
            continue;
        }
        match manual.kind {
            ItemKind::Claim => claim_layers(theme, &manual.shape, &mut layers, |s| s),
            _ => {
                let style = theme.layer(&format!("entity.{}", manual.label.to_lowercase()));
                layers.push((range.clone(), style));
            }
        }
    }
    if let Some(selection) = app.selection_range()
        && selection.start < row.end
        && row.start < selection.end
    {
        layers.push((selection, theme.layer("ui.selection")));
    }
    // Where the item under review is now, after any boundary edit.
    if let Some(now) = app.review.current.and_then(|index| {
        let item = ItemRef::Suggestion(index);
        state_of(decisions, &document.annotations.suggestions, &item)
    }) {
        let range = now.shape.cue.clone().unwrap_or(now.shape.range.clone());
        if range.start < row.end && row.start < range.end {
            layers.push((range, theme.layer("review.current")));
        }
    }
    let matches = &app.reading.search.matches;
    let first = matches.partition_point(|m| m.end <= row.start);
    for m in matches[first..].iter().take_while(|m| m.start < row.end) {
        let key = if m.start == app.reading.cursor {
            "search.current"
        } else {
            "search.match"
        };
        layers.push((m.clone(), theme.layer(key)));
    }
    let show_cursor = app.mode != Mode::Help
        && (row.contains(&app.reading.cursor) || row.start == app.reading.cursor);
    let cursor_style = theme.layer("ui.cursor");
    let mut slice = text.get(row.clone()).unwrap_or("").to_string();
    if show_cursor {
        let len = text
            .get(app.reading.cursor..)
            .and_then(|rest| rest.graphemes(true).next())
            .map_or(0, str::len);
        if len == 0
            || app.reading.cursor + len > row.end
            || text
                .get(app.reading.cursor..)
                .is_some_and(|rest| rest.starts_with('\n'))
        {
            if app.reading.cursor == row.end {
                slice.push(' ');
                layers.push((app.reading.cursor..app.reading.cursor + 1, cursor_style));
            } else {
                layers.push((
                    app.reading.cursor..app.reading.cursor + len.max(1),
                    cursor_style,
                ));
            }
        } else {
            layers.push((app.reading.cursor..app.reading.cursor + len, cursor_style));
        }
    }
    let local: Vec<(Range<usize>, Style)> = layers
        .into_iter()
        .filter_map(|(range, style)| {
            let start = range.start.max(row.start);
            let end = range.end.min(row.start + slice.len());
            (start < end).then(|| (start - row.start..end - row.start, style))
        })
        .collect();
    styled_line(&slice, &local, base)
}

/// A claim drawn in three parts: its content underlined, its source and its cue each in
/// their own style on top.
fn claim_layers(
    theme: &super::theme::Theme,
    shape: &Shape,
    layers: &mut Vec<(Range<usize>, Style)>,
    finish: impl Fn(Style) -> Style,
) {
    layers.push((shape.range.clone(), finish(theme.layer("claim.content"))));
    if let Some(source) = &shape.source {
        layers.push((source.clone(), finish(theme.layer("claim.source"))));
    }
    if let Some(cue) = &shape.cue {
        layers.push((cue.clone(), finish(theme.layer("claim.cue"))));
    }
}

/// Splits `text` at every layer boundary and patches the styles of the layers covering
/// each piece, in order (later layers win).
fn styled_line(text: &str, layers: &[(Range<usize>, Style)], base: Style) -> Line<'static> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (range, _) in layers {
        for point in [range.start, range.end] {
            let mut point = point.min(text.len());
            while !text.is_char_boundary(point) {
                point -= 1;
            }
            cuts.push(point);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span<'static>> = cuts
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let piece = text.get(a..b)?;
            let style = layers
                .iter()
                .filter(|(r, _)| r.start <= a && r.end >= b)
                .fold(base, |style, (_, layer)| style.patch(*layer));
            Some(Span::styled(piece.to_string(), style))
        })
        .collect();
    Line::from(spans)
}

fn draw_sidebar(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Pane::Sidebar;
    let border = app.theme.get(if focused {
        "ui.border.focus"
    } else {
        "ui.border"
    });
    let frame = Frame_::new().borders(Borders::LEFT).border_style(border);
    let inner = frame.inner(area);
    frame.render(area, buf);
    let Some(document) = app.desk.document() else {
        return;
    };
    let theme = &app.theme;
    let width = usize::from(inner.width);
    // Gathered once a frame: looking each row's claim up among thousands took longer
    // than the rest of the frame.
    let negated: HashSet<&str> = document
        .annotations
        .store
        .sidecar
        .claims
        .iter()
        .filter(|c| c.negated)
        .map(|c| c.meta.id.as_str())
        .collect();
    for (y, index) in (inner.y..inner.bottom()).zip(app.sidebar.top..) {
        let Some(row) = app.sidebar.rows.get(index) else {
            break;
        };
        let count_style = theme.get("ui.sidebar.count");
        let line = match row {
            SidebarRow::Heading(text) => {
                Line::styled(format!(" {text}"), theme.get("ui.sidebar.heading"))
            }
            SidebarRow::Note(text) => Line::styled(format!("   {text}"), count_style),
            SidebarRow::Blank => Line::default(),
            SidebarRow::Group { label, count } => Line::from(vec![
                Span::styled(
                    format!(" {label}"),
                    theme.get(&format!("entity.{}", label.to_lowercase())),
                ),
                Span::styled(format!(" {count}"), count_style),
            ]),
            SidebarRow::Entity {
                label,
                entity,
                count,
                rejected,
            } => {
                // The count matters more than the end of a long name: cut the name.
                let counted = match (count, rejected) {
                    (0, _) => " ✗ rejected".to_string(),
                    (_, 0) => format!(" ×{count}"),
                    _ => format!(" ×{count} ✗{rejected}"),
                };
                let room = width.saturating_sub(3 + counted.width());
                let name_style = match count {
                    0 => count_style.patch(theme.layer("suggestion.rejected")),
                    _ => theme.get(&format!("entity.{}", label.to_lowercase())),
                };
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(snippet_of(entity, room), name_style),
                    Span::styled(counted, count_style),
                ])
            }
            SidebarRow::Claim(item) => {
                let annotations = &document.annotations;
                match state_of(&annotations.decisions, &annotations.suggestions, item) {
                    Some(now) => claim_row(app, document, item, &now, &negated, width),
                    None => Line::default(),
                }
            }
        };
        let line = if app.sidebar.selected == Some(index) && focused {
            line.patch_style(theme.layer("ui.sidebar.selected"))
        } else {
            line
        };
        buf.set_style(
            Rect::new(inner.x, y, inner.width, 1),
            base_or_selected(app, index, focused),
        );
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// A claim in the sidebar: its status mark, label (¬ when negated), cue, source and
/// content; a rejected claim dimmed and struck through.
fn claim_row<'a>(
    app: &App,
    document: &crate::tui::app::Document,
    item: &ItemRef,
    now: &ItemState,
    negated_ids: &HashSet<&str>,
    width: usize,
) -> Line<'a> {
    let theme = &app.theme;
    let count_style = theme.get("ui.sidebar.count");
    let text = &document.article.text;
    let words = |range: &Option<Range<usize>>| {
        range
            .as_ref()
            .and_then(|r| text.get(r.clone()))
            .map(display_safe)
    };
    let mark = match now.status {
        Status::Accepted => "✓",
        Status::Edited => "✎",
        Status::Manual => "+",
        Status::Rejected => "✗",
        Status::Suggested => "·",
    };
    let annotations = &document.annotations;
    // Undecided, the extractor's word stands; decided, the sidecar's.
    let negated = match (&now.id, item) {
        (None, ItemRef::Suggestion(index)) => annotations
            .suggestions
            .get(*index)
            .is_some_and(|s| matches!(s.kind, SuggestionKind::Claim { negated: true, .. })),
        (Some(id), _) => negated_ids.contains(id.as_str()),
        (None, ItemRef::Manual(_)) => false,
    };
    let label = format!("{}{}", if negated { "¬" } else { "" }, now.label);
    let cue = match words(&now.shape.cue) {
        Some(cue) => format!("“{cue}”"),
        None => "(no cue)".to_string(),
    };
    let source = words(&now.shape.source).map_or_else(String::new, |s| format!(" ← {s}"));
    let content = text.get(now.shape.range.clone()).unwrap_or("");
    let head = format!(" {mark} {label:<9} {cue}{source}");
    let room = width.saturating_sub(head.width() + 1);
    let rejected = now.status == Status::Rejected;
    let style = |style: Style| match rejected {
        true => count_style.patch(theme.layer("suggestion.rejected")),
        false => style,
    };
    Line::from(vec![
        Span::styled(format!(" {mark} "), style(count_style)),
        Span::styled(format!("{label:<9}"), style(theme.get("claim.cue"))),
        Span::styled(format!(" {cue}{source}"), style(theme.get("ui.text"))),
        Span::styled(format!(" {}", snippet_of(content, room)), count_style),
    ])
}

fn base_or_selected(app: &App, index: usize, focused: bool) -> Style {
    if focused && app.sidebar.selected == Some(index) {
        app.theme
            .get("ui.text")
            .patch(app.theme.layer("ui.sidebar.selected"))
    } else {
        app.theme.get("ui.text")
    }
}

/// `text` in at most `width` columns, cut on a grapheme boundary with an ellipsis.
pub(super) fn snippet_of(text: &str, width: usize) -> String {
    let safe = display_safe(text);
    if safe.width() <= width {
        return safe;
    }
    let mut out = String::new();
    let mut used = 0;
    for g in safe.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            out.push('…');
            break;
        }
        used += w;
        out.push_str(g);
    }
    out
}

fn draw_status(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let base = theme.get("ui.status");
    buf.set_style(area, base);
    let mode = match (app.mode, app.focus) {
        (Mode::Help, _) => " HELP ",
        (Mode::Search, _) => " SEARCH ",
        (Mode::Review, _) => " REVIEW ",
        (Mode::Picker, _) => " TAG ",
        (Mode::Note, _) => " NOTE ",
        (Mode::Library | Mode::Filter, _) => " LIBRARY ",
        (Mode::Normal, Pane::Sidebar) => " SIDEBAR ",
        (Mode::Normal, Pane::Reading) => " READ ",
    };
    let mut spans = vec![Span::styled(
        mode,
        base.patch(theme.layer("ui.status.mode")),
    )];
    spans.push(Span::styled(" ", base));
    let reviewed = app.desk.document().map(|d| &d.annotations);
    let reviewed = reviewed.filter(|_| app.mode == Mode::Review);
    if let Some((label, status)) = reviewed.and_then(|a| app.review.item_in_words(a)) {
        let strong = base.patch(theme.layer("ui.status.mode"));
        spans.push(Span::styled(format!(" {label} "), strong));
        spans.push(Span::styled(format!(" {status} │ "), base));
    }
    if app.mode == Mode::Search {
        spans.push(Span::styled(
            format!("/{}▏", display_safe(&app.reading.search.input)),
            base,
        ));
    } else if let (Mode::Note, Some(prompt)) = (app.mode, &app.prompt) {
        let text = display_safe(prompt.text());
        spans.push(Span::styled(format!("{}: {text}▏", prompt.title()), base));
    } else if !app.pending.is_empty() {
        let pending = super::key::sequence_to_string(&app.pending);
        spans.push(Span::styled(
            format!("{pending} …"),
            base.patch(theme.layer("ui.status.pending")),
        ));
    } else if let Some(message) = &app.message {
        let key = if message.error {
            "ui.status.error"
        } else {
            "ui.status.message"
        };
        spans.push(Span::styled(
            display_safe(&message.text),
            base.patch(theme.layer(key)),
        ));
    } else if app.mode == Mode::Help {
        if let Some(close) = app.keymap.key_for(Mode::Help, Action::Cancel) {
            let what = match app.help.changes {
                Some(_) => "the changes",
                None => "the help",
            };
            spans.push(Span::styled(format!("{close} closes {what}"), base));
        }
    } else if let Some(help) = app.keymap.key_for(Mode::Normal, Action::Help) {
        spans.push(Span::styled(format!("{help} for help"), base));
    }
    let right = status_right(app);
    let right_width = u16::try_from(right.width()).unwrap_or(u16::MAX);
    let left = Line::from(spans);
    // The counters on the right keep their place while the left still has room for
    // the mode and the item under review; a long message is cut instead.
    let room = area.width.saturating_sub(right_width.saturating_add(1));
    let right_fits = room >= 40 || u16::try_from(left.width()).unwrap_or(u16::MAX) <= room;
    let left_room = if right_fits { room } else { area.width };
    buf.set_line(area.x, area.y, &left, left_room);
    if right_fits {
        let x = area.right().saturating_sub(right_width);
        buf.set_stringn(x, area.y, &right, usize::from(right_width), base);
    }
}

fn status_right(app: &App) -> String {
    let mut parts = Vec::new();
    if let Some(document) = app.desk.document() {
        if document.claims.is_none() {
            parts.push("detecting entities and claims…".to_string());
        }
        let order = &app.desk.library.order;
        let at = order.iter().position(|&e| e == document.entry);
        if let Some(at) = at.filter(|_| order.len() > 1) {
            parts.push(format!("{}/{}", at + 1, order.len()));
        }
    }
    if app.reading.show_removed {
        parts.push("removed shown".to_string());
    }
    if app.mode == Mode::Review {
        let annotations = app.desk.document().map(|d| &d.annotations);
        parts.extend(annotations.map(|a| app.review.status_in_words(a)));
    }
    parts.push(format!("{}%", app.reading.percent()));
    parts.extend(app.desk.review_completeness());
    parts.extend(app.desk.save_state().map(str::to_string));
    format!("{} ", parts.join(" · "))
}

/// A line of the help overlay: generated from the keymap and the action descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    Binding {
        keys: String,
        description: &'static str,
    },
    Blank,
}

pub fn help_lines(keymap: &Keymap) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (mode, heading) in [
        (Mode::Normal, "Reading"),
        (Mode::Search, "Typing a search"),
        (Mode::Review, "Reviewing suggestions"),
        (Mode::Library, "Library"),
        (Mode::Filter, "Typing a library filter"),
        (Mode::Help, "This help"),
    ] {
        let bindings = keymap.bindings_by_action(mode);
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Heading(heading));
        for (action, keys) in bindings {
            lines.push(HelpLine::Binding {
                keys: keys.join(", "),
                description: action.description(),
            });
        }
    }
    lines
}

fn draw_help(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(page) = &app.help.changes {
        return draw_changes(app, page, area, buf);
    }
    let theme = &app.theme;
    let Some((rect, style)) = overlay(app, area, 96, area.height, 4, buf) else {
        return;
    };
    let frame = Frame_::bordered()
        .border_style(style)
        .title(format!(" Help · keymap {} ", app.keymap.name));
    let inner = frame.inner(rect);
    frame.render(rect, buf);
    let lines = help_lines(&app.keymap);
    let key_width = lines
        .iter()
        .filter_map(|l| match l {
            HelpLine::Binding { keys, .. } => Some(keys.width()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width) / 2);
    let top = app
        .help
        .top
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    for (y, line) in (inner.y..inner.bottom()).zip(lines.iter().skip(top)) {
        let line = match line {
            HelpLine::Heading(text) => Line::styled(
                format!(" {text}"),
                style.patch(theme.layer("ui.help.heading")),
            ),
            HelpLine::Blank => Line::default(),
            HelpLine::Binding { keys, description } => Line::from(vec![
                Span::styled(
                    format!(" {keys:<key_width$}"),
                    style.patch(theme.layer("ui.help.key")),
                ),
                Span::styled(format!("  {description}"), style),
            ]),
        };
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// The screen as plain text, one line per row, trailing spaces trimmed. Cells hidden
/// behind a wide character are skipped so CJK and emoji rows read as they look.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.bottom() {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in area.x..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
