//! The reader's state as plain data. Keys become actions through the keymap
//! ([`App::handle_key`]), [`App::update`] applies an action, and `render` only reads.
//! Nothing here touches a terminal, so every screen can be produced in a test.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::article::Article;
use crate::extract::analysis::{Analysis, EntityMention};
use crate::extract::claims::ClaimSuggestion;
use crate::extract::sentences::sentences;

use std::sync::Arc;

use crate::article::LoadOptions;
use crate::article::collection::{Listed, Source};
use crate::extract::lexicons::Lexicons;

use super::action::Action;
use super::annotating::{Annotations, Picker};
use super::key::{KeyChord, sequence_to_string};
use super::keymap::{Keymap, Lookup, Mode};
use super::library::Library;
use super::spans::SpanIndex;
use super::theme::Theme;
use super::view::Layout;
use super::wrap::{column_of, offset_at_column};
use crate::annotate::review::TagKind;
use crate::annotate::review::Verdict;
use crate::extract::claims::lexicon::Lexicon;

/// A line of text being typed at the bottom of the screen, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// A note on a claim.
    Note {
        claim: crate::annotate::session::ItemRef,
        text: String,
    },
    /// A new name for the entity `entity` (with `label`).
    EntityName {
        label: String,
        entity: String,
        text: String,
    },
}

impl Prompt {
    pub fn text(&self) -> &str {
        match self {
            Prompt::Note { text, .. } | Prompt::EntityName { text, .. } => text,
        }
    }

    pub fn text_mut(&mut self) -> &mut String {
        match self {
            Prompt::Note { text, .. } | Prompt::EntityName { text, .. } => text,
        }
    }

    /// What the status bar calls it.
    pub fn title(&self) -> &'static str {
        match self {
            Prompt::Note { .. } => "note",
            Prompt::EntityName { .. } => "name",
        }
    }
}

/// One article, what was found in it, and what a person decided about it.
#[derive(Debug)]
pub struct Document {
    pub article: Article,
    pub annotations: Annotations,
    /// `None` while claim detection still runs (off the UI thread for long articles).
    pub claims: Option<Vec<ClaimSuggestion>>,
    /// Sorted by start.
    pub entities: Vec<EntityMention>,
    /// Whether any entity detector has delivered (an empty list then means none found).
    pub entities_detected: bool,
    entity_index: SpanIndex,
    claim_content_index: SpanIndex,
    /// Claim indices in the order of their spans' starts, which `claim_content_index`
    /// is built over (claims themselves are kept in cue order, the order people read).
    claim_span_order: Vec<usize>,
    /// Sorted starts of entity mentions and claim cues, for next/previous jumps.
    /// Its row in the library.
    pub entry: usize,
    /// Whether the worker has been asked for its findings.
    pub analysis_requested: bool,
}

impl Document {
    pub fn new(article: Article) -> Document {
        Document {
            annotations: Annotations::open(&article),
            article,
            claims: None,
            entities: Vec::new(),
            entities_detected: false,
            entity_index: SpanIndex::default(),
            claim_content_index: SpanIndex::default(),
            claim_span_order: Vec::new(),
            entry: 0,
            analysis_requested: false,
        }
    }

    pub fn set_claims(&mut self, mut claims: Vec<ClaimSuggestion>) {
        claims.sort_by_key(|c| (c.cue.start, c.content.start));
        let mut order: Vec<usize> = (0..claims.len()).collect();
        order.sort_by_key(|&i| claim_span(&claims[i]).start);
        let spans: Vec<Range<usize>> = order.iter().map(|&i| claim_span(&claims[i])).collect();
        self.claim_content_index = SpanIndex::new(spans.iter());
        self.claim_span_order = order;
        self.claims = Some(claims);
        self.refresh_suggestions();
    }

    fn refresh_suggestions(&mut self) {
        let claims = self.claims.as_deref().unwrap_or_default();
        let text = &self.article.text;
        self.annotations
            .set_suggestions(text, &self.entities, claims);
    }

    pub fn set_entities(&mut self, mut entities: Vec<EntityMention>) {
        entities.sort_by_key(|e| (e.range.start, e.range.end));
        self.entity_index = SpanIndex::new(entities.iter().map(|e| &e.range));
        self.entities = entities;
        self.entities_detected = true;
        self.refresh_suggestions();
        self.apply_entity_names();
    }

    pub fn entities_in(&self, window: Range<usize>) -> impl Iterator<Item = &EntityMention> {
        let w = window.clone();
        self.entity_index
            .candidates(window)
            .filter_map(|i| self.entities.get(i))
            .filter(move |e| e.range.start < w.end && e.range.end > w.start)
    }

    pub fn claims_in(&self, window: Range<usize>) -> impl Iterator<Item = &ClaimSuggestion> {
        let w = window.clone();
        let claims = self.claims.as_deref().unwrap_or(&[]);
        self.claim_content_index
            .candidates(window)
            .filter_map(|i| self.claim_span_order.get(i))
            .filter_map(|&i| claims.get(i))
            .filter(move |c| {
                (c.content.start < w.end && c.content.end > w.start)
                    || (c.cue.start < w.end && c.cue.end > w.start)
            })
    }
}

/// What the help overlay keeps: its scroll, and the mode it goes back to.
#[derive(Debug, Clone, Copy, Default)]
pub struct HelpState {
    pub top: usize,
    pub returns: Mode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Reading,
    Sidebar,
}

/// A row of the sidebar. Built when the article or its findings change, not per frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidebarRow {
    Heading(String),
    Note(String),
    Group {
        label: String,
        count: usize,
    },
    /// An entity under its decided label: `count` live mentions, `rejected` turned down.
    Entity {
        label: String,
        entity: String,
        count: usize,
        rejected: usize,
    },
    Claim(crate::annotate::session::ItemRef),
    Blank,
}

impl SidebarRow {
    pub fn selectable(&self) -> bool {
        matches!(self, SidebarRow::Entity { .. } | SidebarRow::Claim(_))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What is being typed after `/`.
    pub input: String,
    pub query: String,
    pub matches: Vec<Range<usize>>,
    /// ASCII-lowercased copy of the text (same byte offsets), made at the first search.
    lower: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Mouse input reduced to what the reader uses, so tests need no terminal types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseInput {
    ScrollUp { column: u16, row: u16 },
    ScrollDown { column: u16, row: u16 },
    Click { column: u16, row: u16 },
}

/// Where things are on screen for a given size; render and mouse handling share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub reading: Rect,
    pub sidebar: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

pub type Rect = ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Below this width the sidebar only shows when focused, in place of the reading pane.
pub const SIDEBAR_MIN_TOTAL: u16 = 70;

impl Areas {
    pub fn compute(width: u16, height: u16, focus: Pane) -> Areas {
        let full = Rect::new(0, 0, width, height);
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return Areas {
                too_small: true,
                reading: full,
                ..Areas::default()
            };
        }
        let header = Rect::new(0, 0, width, 1);
        let status = Rect::new(0, height.saturating_sub(1), width, 1);
        let body = Rect::new(0, 1, width, height.saturating_sub(2));
        if width < SIDEBAR_MIN_TOTAL {
            let (reading, sidebar) = match focus {
                Pane::Reading => (body, None),
                Pane::Sidebar => (Rect::new(0, 1, 0, body.height), Some(body)),
            };
            return Areas {
                header,
                reading,
                sidebar,
                status,
                too_small: false,
            };
        }
        let sidebar_width = (width / 3).clamp(24, 44);
        let reading_width = width.saturating_sub(sidebar_width);
        Areas {
            header,
            reading: Rect::new(0, 1, reading_width, body.height),
            sidebar: Some(Rect::new(reading_width, 1, sidebar_width, body.height)),
            status,
            too_small: false,
        }
    }

    /// Columns the text is wrapped to: the pane less a margin on each side.
    pub fn text_width(&self) -> usize {
        usize::from(self.reading.width.saturating_sub(2)).max(1)
    }
}

pub struct App {
    /// The articles opened so far, in the order they were opened.
    pub documents: Vec<Document>,
    pub current: usize,
    pub library: Library,
    /// The extractors, once attached ([`super::connect`]); short articles are analysed
    /// with them as they open.
    pub lexicons: Option<Arc<Lexicons>>,
    /// Whether the worker still has to be given `lexicons` (after a teaching).
    pub(super) lexicons_changed: bool,
    /// Where the person's own files are (`entities.json` is taught into).
    pub config_dir: Option<std::path::PathBuf>,
    /// The mode the help overlay returns to.
    /// The help overlay's state.
    pub help: HelpState,
    pub keymap: Keymap,
    pub theme: Theme,
    pub mode: Mode,
    pub focus: Pane,
    pub pending: Vec<KeyChord>,
    /// The text layer's state: cursor, scroll, selection, search, layout.
    pub reading: super::reading::ReadingState,
    pub width: u16,
    pub height: u16,
    /// The sidebar layer's state.
    pub sidebar: super::sidebar::SidebarState,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// `q` was pressed once while some decisions failed to save: again leaves.
    pub quit_pending: bool,
    /// Where decisions that cannot be saved go on quitting; none in tests and `render`.
    pub rescue_folder: Option<crate::annotate::rescue::RescueFolder>,
    /// Recorded on every decision.
    pub annotator: String,
    /// Mark-done was pressed once over undecided suggestions: again rejects them.
    pub done_pending: bool,
    /// The review layer's state.
    pub review: super::review::ReviewState,
    /// What is being typed at the bottom: a claim's note, an entity's name.
    pub prompt: Option<Prompt>,
    pub picker: Option<Picker>,
    /// The claim labels of the active lexicon, the user's own included.
    pub claim_labels: Vec<String>,
    /// Disk work actions asked for, run by the shell after `update`.
    pub effects: Vec<super::effect::Effect>,
}

impl App {
    /// The reader on articles already read: the first one is shown.
    pub fn new(mut documents: Vec<Document>, keymap: Keymap, theme: Theme) -> App {
        let listed = documents
            .iter()
            .map(|document| Listed {
                name: document.article.source.clone(),
                source: Source::File(document.article.source.clone()),
            })
            .collect();
        let mut library = Library::new(listed, LoadOptions::default());
        for (index, (document, entry)) in documents.iter_mut().zip(&mut library.entries).enumerate()
        {
            document.entry = index;
            entry.document = Some(index);
        }
        let mut app = App::with_library(library, keymap, theme);
        app.documents = documents;
        app.show(0);
        app.mode = Mode::Normal;
        app
    }

    /// The reader on a library: a single article opens at once, several show the list.
    pub fn with_library(library: Library, keymap: Keymap, theme: Theme) -> App {
        let mut app = App {
            documents: Vec::new(),
            current: 0,
            library,
            lexicons: None,
            lexicons_changed: false,
            config_dir: None,
            help: HelpState::default(),
            keymap,
            theme,
            mode: Mode::Normal,
            focus: Pane::Reading,
            pending: Vec::new(),
            reading: super::reading::ReadingState::default(),
            width: 0,
            height: 0,
            sidebar: super::sidebar::SidebarState::default(),
            message: None,
            should_quit: false,
            quit_pending: false,
            rescue_folder: None,
            annotator: "anonymous".to_string(),
            done_pending: false,
            review: super::review::ReviewState::default(),
            prompt: None,
            picker: None,
            effects: Vec::new(),
            claim_labels: Lexicon::built_in()
                .labels
                .into_iter()
                .map(|label| label.name)
                .collect(),
        };
        match app.library.entries.len() {
            1 => app.open_entry(0),
            _ => app.mode = Mode::Library,
        }
        app
    }

    pub fn document(&self) -> Option<&Document> {
        self.documents.get(self.current)
    }

    pub fn text(&self) -> &str {
        self.document().map_or("", |d| d.article.text.as_str())
    }

    pub fn areas(&self) -> Areas {
        Areas::compute(self.width, self.height, self.focus)
    }

    /// Rows of article visible in the reading pane.
    pub fn page_rows(&self) -> usize {
        usize::from(self.areas().reading.height).max(1)
    }

    pub fn set_size(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.relayout();
    }

    /// Switches to document `index`, keeping nothing of the previous one's position.
    pub(super) fn show(&mut self, index: usize) {
        self.current = index.min(self.documents.len().saturating_sub(1));
        self.reading.cursor = self
            .document()
            .and_then(|d| d.article.paragraphs.first())
            .map_or(0, |p| p.start);
        self.reading.top = 0;
        self.reading.goal_column = None;
        self.reading.search.matches.clear();
        self.reading.search.lower = None;
        self.sidebar.entity = None;
        self.sidebar.selected = None;
        self.sidebar.top = 0;
        self.reading.layout.clear();
        self.relayout();
        self.rebuild_sidebar();
    }

    /// Re-wraps when the width or the blocks changed, keeping the cursor's place in the
    /// text (the cursor is an offset, so only the scroll needs fixing).
    pub(super) fn relayout(&mut self) {
        // Not sized yet: the first `set_size` wraps, so a long article is wrapped once.
        if self.width == 0 && self.height == 0 {
            return;
        }
        let areas = self.areas();
        // A pane too narrow to read keeps the last width: re-wrapping a long article to
        // one column would cost far more than the frame it is for.
        let width = if areas.too_small || areas.reading.width < 3 {
            match self.reading.layout.width {
                0 => 78,
                last => last,
            }
        } else {
            areas.text_width()
        };
        let Some(document) = self.documents.get(self.current) else {
            return;
        };
        if self.reading.layout.blocks.is_empty() {
            self.reading.layout = Layout::new(&document.article, self.reading.show_removed, width);
        } else if self.reading.layout.width != width {
            self.reading.layout.wrap(&document.article.text, width);
        }
        self.scroll_into_view();
    }

    /// Claims arrived (from the background worker or a synchronous run).
    pub fn set_claims(&mut self, index: usize, claims: Vec<ClaimSuggestion>) {
        if let Some(document) = self.documents.get_mut(index) {
            document.set_claims(claims);
        }
        if index == self.current {
            self.rebuild_sidebar();
        }
    }

    pub fn set_entities(&mut self, index: usize, entities: Vec<EntityMention>) {
        if let Some(document) = self.documents.get_mut(index) {
            document.set_entities(entities);
        }
        if index == self.current {
            self.rebuild_sidebar();
        }
    }

    pub fn set_analysis(&mut self, index: usize, analysis: Analysis) {
        if let Some(document) = self.documents.get_mut(index) {
            document.set_entities(analysis.entities);
            document.set_claims(analysis.claims);
        }
        if index == self.current {
            self.rebuild_sidebar();
            if std::mem::take(&mut self.review.when_analysed) && self.mode == Mode::Normal {
                self.start_review();
            }
        }
    }

    /// Looks the key up in the current mode's keymap, with any pending prefix.
    pub fn handle_key(&mut self, key: KeyChord) {
        self.pending.push(key);
        match self.keymap.lookup(self.mode, &self.pending) {
            Lookup::Action(action) => {
                self.pending.clear();
                self.update(action);
            }
            Lookup::Pending => {}
            Lookup::Unbound => {
                let keys = std::mem::take(&mut self.pending);
                if self.mode == Mode::Note && keys.len() == 1 && !key.ctrl && !key.alt {
                    if let Some(text) = self.prompt.as_mut().map(Prompt::text_mut) {
                        match key.key {
                            super::key::Key::Char(c) => text.push(c),
                            super::key::Key::Space => text.push(' '),
                            _ => {}
                        }
                    }
                } else if self.mode == Mode::Filter && keys.len() == 1 && !key.ctrl && !key.alt {
                    match key.key {
                        super::key::Key::Char(c) => self.filter_input(c),
                        super::key::Key::Space => self.filter_input(' '),
                        _ => {}
                    }
                } else if self.mode == Mode::Picker && keys.len() == 1 && !key.ctrl && !key.alt {
                    match key.key {
                        super::key::Key::Char(c) => self.picker_input(c),
                        super::key::Key::Space => self.picker_input(' '),
                        _ => {}
                    }
                } else if self.mode == Mode::Search && keys.len() == 1 && !key.ctrl && !key.alt {
                    match key.key {
                        super::key::Key::Char(c) => self.reading.search.input.push(c),
                        super::key::Key::Space => self.reading.search.input.push(' '),
                        _ => {}
                    }
                } else if keys.len() > 1 {
                    self.info(format!("{} is not bound", sequence_to_string(&keys)));
                }
            }
        }
    }

    pub fn handle_mouse(&mut self, input: MouseInput) {
        let areas = self.areas();
        match input {
            MouseInput::ScrollUp { column, row } | MouseInput::ScrollDown { column, row } => {
                let down = matches!(input, MouseInput::ScrollDown { .. });
                if self.mode == Mode::Help {
                    self.help.top = step(self.help.top, 3, down);
                    self.clamp_help();
                } else if areas.sidebar.is_some_and(|r| contains(r, column, row)) {
                    self.sidebar.top = step(self.sidebar.top, 3, down)
                        .min(self.sidebar.rows.len().saturating_sub(1));
                } else {
                    self.scroll_by(3, down);
                }
            }
            MouseInput::Click { column, row } => {
                if self.mode != Mode::Normal || areas.too_small {
                    return;
                }
                if let Some(sidebar) = areas.sidebar.filter(|r| contains(*r, column, row)) {
                    let index = self.sidebar.top + usize::from(row.saturating_sub(sidebar.y));
                    if self
                        .sidebar
                        .rows
                        .get(index)
                        .is_some_and(SidebarRow::selectable)
                    {
                        self.focus = Pane::Sidebar;
                        self.sidebar.selected = Some(index);
                        self.activate_sidebar();
                    }
                } else if contains(areas.reading, column, row) {
                    self.focus = Pane::Reading;
                    let index = self.reading.top + usize::from(row.saturating_sub(areas.reading.y));
                    if self.reading.layout.is_text_row(index) {
                        let range = self.reading.layout.rows[index].range.clone();
                        let x = usize::from(column.saturating_sub(areas.reading.x + 1));
                        self.reading.cursor = offset_at_column(self.text(), range, x);
                        self.reading.goal_column = None;
                    }
                }
            }
        }
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        if !matches!(action, Action::Accept | Action::Reject) {
            self.sidebar.bulk_pending = None;
        }
        if action != Action::MarkDone {
            self.done_pending = false;
        }
        if action != Action::Quit {
            self.quit_pending = false;
        }
        match self.mode {
            Mode::Help => self.update_help(action),
            Mode::Library => self.update_library(action),
            Mode::Filter => self.update_filter(action),
            Mode::Search => self.update_search(action),
            Mode::Review => self.update_review(action),
            Mode::Picker => self.update_picker(action),
            Mode::Note => self.update_note(action),
            Mode::Normal if self.focus == Pane::Sidebar => self.update_sidebar(action),
            Mode::Normal => self.update_reading(action),
        }
    }

    pub(super) fn open_help(&mut self) {
        self.help.returns = self.mode;
        self.mode = Mode::Help;
        self.help.top = 0;
    }

    fn update_help(&mut self, action: Action) {
        let page = self.page_rows();
        match action {
            Action::Cancel | Action::Help => self.mode = self.help.returns,
            Action::Quit => self.request_quit(),
            Action::NextLine => self.help.top = self.help.top.saturating_add(1),
            Action::PreviousLine => self.help.top = self.help.top.saturating_sub(1),
            Action::HalfPageDown => self.help.top = self.help.top.saturating_add(page / 2),
            Action::HalfPageUp => self.help.top = self.help.top.saturating_sub(page / 2),
            Action::PageDown => self.help.top = self.help.top.saturating_add(page),
            Action::PageUp => self.help.top = self.help.top.saturating_sub(page),
            _ => {}
        }
        self.clamp_help();
    }

    /// Keeps the help's scroll within its lines, so scrolling back is never a wait.
    fn clamp_help(&mut self) {
        let lines = super::render::help_lines(&self.keymap).len();
        let visible = usize::from(self.height.saturating_sub(4));
        self.help.top = self.help.top.min(lines.saturating_sub(visible));
    }

    fn update_search(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.reading.search.input.clear();
            }
            Action::Quit => self.request_quit(),
            Action::DeleteBackward => {
                self.reading.search.input.pop();
            }
            Action::Activate => {
                self.mode = Mode::Normal;
                let input = std::mem::take(&mut self.reading.search.input);
                let query = if input.is_empty() {
                    self.reading.search.query.clone()
                } else {
                    input
                };
                self.run_search(query);
            }
            _ => {}
        }
    }

    /// Smart case: a query with no capital letter ignores ASCII case.
    fn run_search(&mut self, query: String) {
        self.reading.search.matches.clear();
        self.reading.search.query = query.clone();
        if query.is_empty() {
            return;
        }
        let Some(document) = self.documents.get(self.current) else {
            return;
        };
        let text = &document.article.text;
        let fold = !query.chars().any(char::is_uppercase);
        if fold {
            let lower = self
                .reading
                .search
                .lower
                .get_or_insert_with(|| text.to_ascii_lowercase());
            let needle = query.to_ascii_lowercase();
            self.reading.search.matches = lower
                .match_indices(&needle)
                .map(|(at, m)| at..at + m.len())
                .collect();
        } else {
            self.reading.search.matches = text
                .match_indices(&query)
                .map(|(at, m)| at..at + m.len())
                .collect();
        }
        if self.reading.search.matches.is_empty() {
            self.error(format!("no match for {}", quoted(&query)));
            return;
        }
        self.jump_to_match(true, true);
    }

    fn jump_to_match(&mut self, forward: bool, include_here: bool) {
        let matches = &self.reading.search.matches;
        if matches.is_empty() {
            let message = match self.reading.search.query.is_empty() {
                true => "no search yet: press / to search".to_string(),
                false => format!("no match for {}", quoted(&self.reading.search.query)),
            };
            self.error(message);
            return;
        }
        let cursor = self.reading.cursor;
        let (index, wrapped) = if forward {
            let at = matches.partition_point(|m| {
                if include_here {
                    m.start < cursor
                } else {
                    m.start <= cursor
                }
            });
            if at < matches.len() {
                (at, false)
            } else {
                (0, true)
            }
        } else {
            let at = matches.partition_point(|m| m.start < cursor);
            match at.checked_sub(1) {
                Some(i) => (i, false),
                None => (matches.len() - 1, true),
            }
        };
        self.reading.cursor = matches[index].start;
        let total = matches.len();
        let wrap_note = if wrapped { " (search wrapped)" } else { "" };
        self.info(format!(
            "{} {} of {total}{wrap_note}",
            quoted(&self.reading.search.query),
            index + 1
        ));
        self.after_jump();
    }

    pub(super) fn move_sidebar(&mut self, steps: usize, down: bool) {
        let Some(mut at) = self.sidebar.selected else {
            return;
        };
        for _ in 0..steps.max(1) {
            let next = if down {
                self.sidebar
                    .rows
                    .iter()
                    .enumerate()
                    .skip(at + 1)
                    .find(|(_, r)| r.selectable())
                    .map(|(i, _)| i)
            } else {
                self.sidebar.rows[..at]
                    .iter()
                    .rposition(SidebarRow::selectable)
            };
            match next {
                Some(i) => at = i,
                None => break,
            }
        }
        self.sidebar.selected = Some(at);
    }

    pub(super) fn sidebar_into_view(&mut self) {
        let height = self
            .areas()
            .sidebar
            .map_or(1, |r| usize::from(r.height).max(1));
        if let Some(selected) = self.sidebar.selected {
            if selected < self.sidebar.top {
                self.sidebar.top = selected;
            } else if selected >= self.sidebar.top + height {
                self.sidebar.top = selected + 1 - height;
            }
        }
    }

    /// Review mode: verdicts move on to the next undecided suggestion; reading keys
    /// still move around the text.
    fn update_review(&mut self, action: Action) {
        match action {
            Action::Accept => self.judge(Verdict::Accept),
            Action::Reject => self.judge(Verdict::Reject),
            Action::Skip => self.review_step(true, false),
            Action::Relabel => self.start_relabel(),
            Action::Negate => self.flip_negation(),
            Action::Note => self.start_note(),
            Action::ReviewFilter => self.cycle_review_filter(),
            Action::Back => self.review_step(false, false),
            Action::Undo => self.undo_or_redo(false),
            Action::Redo => self.undo_or_redo(true),
            Action::Cancel | Action::Review => self.stop_review(),
            Action::NextArticle => self.review_next_article(),
            Action::Quit => self.request_quit(),
            other => self.update_reading(other),
        }
    }

    pub(super) fn update_reading(&mut self, action: Action) {
        let vertical = matches!(
            action,
            Action::NextLine
                | Action::PreviousLine
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::PageDown
                | Action::PageUp
        );
        if !vertical {
            self.reading.goal_column = None;
        }
        let page = self.page_rows();
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.open_help(),
            Action::Search => {
                self.mode = Mode::Search;
                self.reading.search.input.clear();
            }
            Action::SearchNext => self.jump_to_match(true, false),
            Action::SearchPrevious => self.jump_to_match(false, false),
            Action::NextLine => self.move_rows(1, true, false),
            Action::PreviousLine => self.move_rows(1, false, false),
            Action::HalfPageDown => self.move_rows(page / 2, true, true),
            Action::HalfPageUp => self.move_rows(page / 2, false, true),
            Action::PageDown => self.move_rows(page.saturating_sub(2).max(1), true, true),
            Action::PageUp => self.move_rows(page.saturating_sub(2).max(1), false, true),
            Action::NextChar => {
                let text = self.text();
                let step = text
                    .get(self.reading.cursor..)
                    .and_then(|rest| rest.graphemes(true).next())
                    .map_or(0, str::len);
                self.reading.cursor += step;
            }
            Action::PreviousChar => {
                let text = self.text();
                let step = text
                    .get(..self.reading.cursor)
                    .and_then(|before| before.graphemes(true).next_back())
                    .map_or(0, str::len);
                self.reading.cursor -= step;
            }
            Action::ExpandSelection => self.expand_selection(),
            Action::NextWord => self.reading.cursor = next_word(self.text(), self.reading.cursor),
            Action::PreviousWord => {
                self.reading.cursor = previous_word(self.text(), self.reading.cursor)
            }
            Action::NextSentence => self.move_sentence(true),
            Action::PreviousSentence => self.move_sentence(false),
            Action::NextParagraph => self.move_paragraph(true),
            Action::PreviousParagraph => self.move_paragraph(false),
            Action::Top => {
                self.reading.cursor = self.paragraphs().first().map_or(0, |p| p.start);
                self.reading.top = 0;
            }
            Action::Bottom => {
                if let Some(&row) = self.reading.layout.text_rows.last() {
                    self.reading.cursor = self.reading.layout.rows[row].range.start;
                }
            }
            Action::NextEntity | Action::PreviousEntity => {
                let forward = action == Action::NextEntity;
                let Some(members) = self.document().map(Document::mentions_now) else {
                    return;
                };
                let mut starts: Vec<usize> =
                    members.iter().map(|m| m.now.shape.range.start).collect();
                starts.dedup();
                self.jump_to(
                    Some(neighbour(&starts, self.reading.cursor, forward)),
                    forward,
                    "entity mention",
                );
                let cursor = self.reading.cursor;
                let here = members.iter().find(|m| m.now.shape.range.start == cursor);
                if let Some(member) = here {
                    let rejected = match member.now.status {
                        crate::annotate::schema::Status::Rejected => ", rejected",
                        _ => "",
                    };
                    let text = format!(
                        "{} ({}){rejected}",
                        member.entity,
                        member.now.label.to_uppercase()
                    );
                    self.set_current_item(Some(member.item.clone()));
                    self.info(text);
                }
            }
            Action::NextClaim | Action::PreviousClaim => {
                let forward = action == Action::NextClaim;
                let Some(claims) = self.document().map(Document::claims_now) else {
                    return;
                };
                let mut starts: Vec<usize> = claims
                    .iter()
                    .map(|(_, now)| super::sidebar::place(now))
                    .collect();
                starts.dedup();
                let target = neighbour(&starts, self.reading.cursor, forward);
                let jumped = target.is_ok();
                self.jump_to(Some(target), forward, "claim");
                if jumped {
                    let cursor = self.reading.cursor;
                    let here = claims
                        .iter()
                        .find(|(_, now)| super::sidebar::place(now) == cursor);
                    self.set_current_item(here.map(|(item, _)| item.clone()));
                    self.describe_claim_at_cursor();
                }
            }
            Action::FocusNextPane | Action::FocusPreviousPane => {
                self.focus = match self.focus {
                    Pane::Reading => Pane::Sidebar,
                    Pane::Sidebar => Pane::Reading,
                };
                self.relayout();
                self.sidebar_into_view();
            }
            Action::ToggleRemoved => {
                self.reading.show_removed = !self.reading.show_removed;
                self.reading.layout.clear();
                self.relayout();
                let count = self.document().map_or(0, |d| d.article.removed.len());
                self.info(match (self.reading.show_removed, count) {
                    (true, 1) => "showing 1 removed line".to_string(),
                    (true, _) => format!("showing {count} removed lines"),
                    (false, _) => "removed lines hidden".to_string(),
                });
            }
            Action::Activate => self.describe_cursor(),
            Action::Cancel => {
                self.reading.search.matches.clear();
                self.sidebar.entity = None;
                self.reading.selection = None;
                self.sidebar.merge_pending = None;
            }
            Action::NextArticle => self.next_article(true),
            Action::PrevArticle => self.next_article(false),
            Action::Library => self.open_library(),
            Action::StartLeft
            | Action::StartRight
            | Action::EndLeft
            | Action::EndRight
            | Action::StartLeftChar
            | Action::StartRightChar
            | Action::EndLeftChar
            | Action::EndRightChar
            | Action::SetCue
            | Action::SetSource => self.edit(action),
            Action::RenameEntity => self.start_rename(),
            Action::MergeEntity => self.merge_entity(),
            Action::SplitMention => self.split_mention(),
            Action::Teach => self.teach(),
            Action::MarkDone => self.mark_done(),
            Action::Accept => self.judge(Verdict::Accept),
            Action::Reject => self.judge(Verdict::Reject),
            Action::Undo => self.undo_or_redo(false),
            Action::Redo => self.undo_or_redo(true),
            Action::Review => self.start_review(),
            Action::Relabel => self.start_relabel(),
            Action::Negate => self.flip_negation(),
            Action::Note => self.start_note(),
            Action::Select => self.toggle_selection(),
            Action::TagEntity => self.start_tagging(TagKind::Entity),
            Action::TagClaim => self.start_tagging(TagKind::Claim),
            Action::DeleteBackward
            | Action::Skip
            | Action::Back
            | Action::ReviewFilter
            | Action::Sort
            | Action::ReverseSort => {}
        }
        self.scroll_into_view();
    }

    fn paragraphs(&self) -> &[Range<usize>] {
        self.document().map_or(&[], |d| &d.article.paragraphs)
    }

    /// The paragraph around byte `at`, else the line: where the items a key there can
    /// act on are.
    pub(super) fn paragraph_at(&self, at: usize) -> Range<usize> {
        let found = self
            .paragraphs()
            .iter()
            .find(|p| p.start <= at && at <= p.end);
        found.cloned().unwrap_or_else(|| {
            let text = self.text();
            let start = text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let end = text
                .get(at..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| at + i);
            start..end
        })
    }

    /// Says what is under the cursor: the claim and entity it is part of.
    fn describe_cursor(&mut self) {
        let Some(document) = self.document() else {
            return;
        };
        let at = self.reading.cursor..self.reading.cursor.saturating_add(1);
        let mut parts = Vec::new();
        for entity in document.entities_in(at.clone()) {
            parts.push(format!(
                "{} ({})",
                entity.entity,
                entity.label.to_uppercase()
            ));
        }
        for claim in document.claims_in(at) {
            let negated = if claim.negated { ", negated" } else { "" };
            parts.push(format!("claim: {}{negated}", claim.label));
        }
        if parts.is_empty() {
            self.info("nothing marked here".to_string());
        } else {
            self.info(parts.join(" · "));
        }
    }

    /// "claim 3 of 11: said, negated, accepted" for the claim the keys act on, when its
    /// cue (or content) starts at the cursor.
    pub(super) fn describe_claim_at_cursor(&mut self) {
        let Some(document) = self.document() else {
            return;
        };
        let claims = document.claims_now();
        let cursor = self.reading.cursor;
        let at_cursor = |(_, now): &&(
            crate::annotate::session::ItemRef,
            crate::annotate::session::ItemState,
        )| { super::sidebar::place(now) == cursor };
        let found = claims
            .iter()
            .position(|c| Some(&c.0) == self.reading.current_item.as_ref() && at_cursor(&c))
            .or_else(|| claims.iter().position(|c| at_cursor(&c)));
        let Some(number) = found else {
            return;
        };
        let (_, now) = &claims[number];
        let negated = document
            .annotations
            .store
            .sidecar
            .claims
            .iter()
            .any(|c| Some(&c.meta.id) == now.id.as_ref() && c.negated);
        let negated = if negated { ", negated" } else { "" };
        let status = now.status.in_words();
        let text = format!(
            "claim {} of {}: {}{negated}, {status}",
            number + 1,
            claims.len(),
            now.label
        );
        self.info(text);
    }

    /// `target`: `None` without a document, `Some(Err(empty))` when there is nothing
    /// further that way.
    fn jump_to(&mut self, target: Option<Result<usize, bool>>, forward: bool, what: &str) {
        match target {
            Some(Ok(start)) => {
                self.reading.cursor = start;
                self.after_jump();
            }
            Some(Err(true)) => self.info(format!("no {what} in this article")),
            Some(Err(false)) => self.info(format!(
                "no {what} {}",
                if forward { "below" } else { "above" }
            )),
            None => {}
        }
    }

    fn move_rows(&mut self, count: usize, down: bool, scroll: bool) {
        let text = self.text();
        let row = self.reading.layout.row_of(self.reading.cursor);
        let Some(current) = self.reading.layout.rows.get(row) else {
            return;
        };
        let column = self
            .reading
            .goal_column
            .unwrap_or_else(|| column_of(text, current.range.clone(), self.reading.cursor));
        let target = step(row, count, down).min(self.reading.layout.rows.len().saturating_sub(1));
        let Some(target) = self.reading.layout.nearest_text_row(target, down) else {
            return;
        };
        if target == row && !scroll {
            return;
        }
        let range = self.reading.layout.rows[target].range.clone();
        self.reading.cursor = offset_at_column(text, range, column);
        self.reading.goal_column = Some(column);
        if scroll {
            self.reading.top = step(self.reading.top, count, down).min(self.max_top());
        }
    }

    fn move_sentence(&mut self, forward: bool) {
        let cursor = self.reading.cursor;
        let text = self.text();
        let paragraphs = self.paragraphs();
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
            self.reading.cursor = target;
        }
    }

    fn move_paragraph(&mut self, forward: bool) {
        let cursor = self.reading.cursor;
        let paragraphs = self.paragraphs();
        let target = if forward {
            paragraphs.iter().find(|p| p.start > cursor)
        } else {
            paragraphs.iter().rev().find(|p| p.start < cursor)
        };
        if let Some(p) = target {
            self.reading.cursor = p.start;
        }
    }

    fn scroll_by(&mut self, count: usize, down: bool) {
        self.reading.top = step(self.reading.top, count, down).min(self.max_top());
        let row = self.reading.layout.row_of(self.reading.cursor);
        let page = self.page_rows();
        let inside = self.reading.top..self.reading.top + page;
        if !inside.contains(&row) {
            let want = if row < self.reading.top {
                self.reading.top
            } else {
                self.reading.top + page.saturating_sub(1)
            };
            if let Some(target) = self
                .reading
                .layout
                .nearest_text_row(want, row < self.reading.top)
                && let Some(r) = self.reading.layout.rows.get(target)
            {
                self.reading.cursor = r.range.start;
            }
        }
    }

    fn max_top(&self) -> usize {
        self.reading
            .layout
            .rows
            .len()
            .saturating_sub(self.page_rows())
    }

    /// After a jump, show the target a few rows below the top rather than at the edge.
    pub(super) fn after_jump(&mut self) {
        let row = self.reading.layout.row_of(self.reading.cursor);
        let page = self.page_rows();
        if row < self.reading.top || row >= self.reading.top + page {
            self.reading.top = row.saturating_sub(page / 3).min(self.max_top());
        }
    }

    fn scroll_into_view(&mut self) {
        let row = self.reading.layout.row_of(self.reading.cursor);
        let page = self.page_rows();
        if row < self.reading.top {
            self.reading.top = row;
        } else if row >= self.reading.top + page {
            self.reading.top = row + 1 - page;
        }
        self.reading.top = self.reading.top.min(
            self.max_top()
                .max(row.saturating_sub(page.saturating_sub(1))),
        );
    }

    pub(super) fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub(super) fn error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// How far down the article the cursor's row is, 0–100 (100 on the last row).
    pub fn percent(&self) -> usize {
        let last = self.reading.layout.rows.len().saturating_sub(1);
        if last == 0 {
            return 0;
        }
        self.reading
            .layout
            .row_of(self.reading.cursor)
            .saturating_mul(100)
            / last
    }
}

/// The first start after `cursor` (or the last before it) in sorted `starts`;
/// `Err(true)` when there are none at all, `Err(false)` when none that way.
fn neighbour(starts: &[usize], cursor: usize, forward: bool) -> Result<usize, bool> {
    let found = if forward {
        starts
            .get(starts.partition_point(|&s| s <= cursor))
            .copied()
    } else {
        starts
            .partition_point(|&s| s < cursor)
            .checked_sub(1)
            .and_then(|i| starts.get(i).copied())
    };
    found.ok_or(starts.is_empty())
}

/// Everything a claim covers: its content and its cue, which may lie outside it.
fn claim_span(claim: &ClaimSuggestion) -> Range<usize> {
    claim.content.start.min(claim.cue.start)..claim.content.end.max(claim.cue.end)
}

fn contains(rect: Rect, column: u16, row: u16) -> bool {
    column >= rect.x
        && row >= rect.y
        && column < rect.x.saturating_add(rect.width)
        && row < rect.y.saturating_add(rect.height)
}

fn step(value: usize, count: usize, down: bool) -> usize {
    if down {
        value.saturating_add(count)
    } else {
        value.saturating_sub(count)
    }
}

fn quoted(text: &str) -> String {
    format!("“{}”", super::view::display_safe(text))
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
