//! The reader's state as plain data. Keys become actions through the keymap
//! ([`App::handle_key`]), [`App::update`] applies an action, and `render` only reads.
//! Nothing here touches a terminal, so every screen can be produced in a test.

use crate::extract::analysis::{Analysis, EntityMention};
use crate::extract::claims::ClaimSuggestion;

use crate::article::LoadOptions;
use crate::article::collection::{Listed, Source};

use super::action::Action;
use super::annotation::{Command, Confirming};
use super::changes_view::{change_lines, text_width};
use super::desk::Desk;
pub use super::document::Document;
use super::effect::Effect;
use super::help::{HelpOutcome, HelpPage, HelpState};
use super::key::{KeyChord, sequence_to_string};
use super::keymap::{Keymap, Lookup, Mode};
use super::library::Library;
use super::picker::Picker;
pub use super::prompt::Prompt;
use super::reading::search::Typed;
use super::reading::{Handled, Page, step};
use super::review::ReviewCommand;
use super::sidebar::SidebarRow;
use super::theme::Theme;
use super::view::Layout;
use super::wrap::offset_at_column;
use crate::annotate::review::TagKind;
use crate::annotate::review::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Reading,
    Sidebar,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    pub fn info(text: String) -> Message {
        Message { text, error: false }
    }

    pub fn error(text: String) -> Message {
        Message { text, error: true }
    }
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
    /// The articles, the library and the extractors: what every layer reads.
    pub desk: Desk,
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
    /// Commands waiting for the same key again.
    pub(super) confirming: Confirming,
    /// The review layer's state.
    pub review: super::review::ReviewState,
    /// What is being typed at the bottom: a claim's note, an entity's name.
    pub prompt: Option<Prompt>,
    pub picker: Option<Picker>,
    /// Disk work the action being applied asks for; `update` hands it to the shell.
    pub(super) effects: Vec<Effect>,
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
        app.desk.documents = documents;
        app.show(0);
        app.mode = Mode::Normal;
        app
    }

    /// The reader on a library: a single article opens at once, several show the list.
    pub fn with_library(library: Library, keymap: Keymap, theme: Theme) -> App {
        let mut app = App {
            desk: Desk::new(library),
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
            confirming: Confirming::default(),
            review: super::review::ReviewState::default(),
            prompt: None,
            picker: None,
            effects: Vec::new(),
        };
        match app.desk.library.entries.len() {
            1 if app.desk.library.feeds.is_none() => app.open_entry(0),
            _ => app.mode = Mode::Library,
        }
        app
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
        self.desk.current = index.min(self.desk.documents.len().saturating_sub(1));
        self.reading.cursor = self
            .desk
            .document()
            .and_then(|d| d.article.paragraphs.first())
            .map_or(0, |p| p.start);
        self.reading.top = 0;
        self.reading.goal_column = None;
        self.reading.search.forget();
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
        let Some(document) = self.desk.documents.get(self.desk.current) else {
            return;
        };
        if self.reading.layout.blocks.is_empty() {
            self.reading.layout = Layout::new(&document.article, self.reading.show_removed, width);
        } else if self.reading.layout.width != width {
            self.reading.layout.wrap(&document.article.text, width);
        }
        self.reading.scroll_into_view(self.page_rows());
    }

    /// Claims arrived (from the background worker or a synchronous run).
    pub fn set_claims(&mut self, index: usize, claims: Vec<ClaimSuggestion>) {
        if let Some(document) = self.desk.documents.get_mut(index) {
            document.set_claims(claims);
        }
        if index == self.desk.current {
            self.rebuild_sidebar();
        }
    }

    pub fn set_entities(&mut self, index: usize, entities: Vec<EntityMention>) {
        if let Some(document) = self.desk.documents.get_mut(index) {
            document.set_entities(entities);
        }
        if index == self.desk.current {
            self.rebuild_sidebar();
        }
    }

    pub fn set_analysis(&mut self, index: usize, analysis: Analysis) {
        if let Some(document) = self.desk.documents.get_mut(index) {
            document.set_entities(analysis.entities);
            document.set_claims(analysis.claims);
        }
        if index == self.desk.current {
            self.rebuild_sidebar();
            self.review(ReviewCommand::Analysed);
        }
    }

    /// Looks the key up in the current mode's keymap, with any pending prefix; returns
    /// the disk work it asks for, which the shell runs ([`App::run_effects`]).
    #[must_use = "the shell runs the effects a key asks for"]
    pub fn handle_key(&mut self, key: KeyChord) -> Vec<Effect> {
        self.take_key(key);
        std::mem::take(&mut self.effects)
    }

    fn take_key(&mut self, key: KeyChord) {
        self.pending.push(key);
        match self.keymap.lookup(self.mode, &self.pending) {
            Lookup::Action(action) => {
                self.pending.clear();
                self.dispatch(action);
            }
            Lookup::Pending => {}
            Lookup::Unbound => {
                let keys = std::mem::take(&mut self.pending);
                let typed = match key.key {
                    _ if keys.len() > 1 || key.ctrl || key.alt => None,
                    super::key::Key::Char(c) => Some(c),
                    super::key::Key::Space => Some(' '),
                    _ => None,
                };
                match typed {
                    Some(c) => self.type_char(c),
                    None if keys.len() > 1 => {
                        self.info(format!("{} is not bound", sequence_to_string(&keys)));
                    }
                    None => {}
                }
            }
        }
    }

    /// A character no key is bound to goes to the layer that takes typing, if any.
    fn type_char(&mut self, c: char) {
        match self.mode {
            Mode::Note => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.text_mut().push(c);
                }
            }
            Mode::Filter => self.filter_input(c),
            Mode::Picker => self.picker_input(c),
            Mode::Search => self.reading.search.input.push(c),
            Mode::Normal | Mode::Review | Mode::Library | Mode::Help => {}
        }
    }

    #[must_use = "the shell runs the effects a click asks for"]
    pub fn handle_mouse(&mut self, input: MouseInput) -> Vec<Effect> {
        self.take_mouse(input);
        std::mem::take(&mut self.effects)
    }

    fn take_mouse(&mut self, input: MouseInput) {
        let areas = self.areas();
        match input {
            MouseInput::ScrollUp { column, row } | MouseInput::ScrollDown { column, row } => {
                let down = matches!(input, MouseInput::ScrollDown { .. });
                if self.mode == Mode::Help {
                    let page = self.help_page();
                    self.help.scroll(3, down, page);
                } else if areas.sidebar.is_some_and(|r| contains(r, column, row)) {
                    self.sidebar.top = step(self.sidebar.top, 3, down)
                        .min(self.sidebar.rows.len().saturating_sub(1));
                } else {
                    let rows = self.page_rows();
                    self.reading.scroll_by(3, down, rows);
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
                        self.reading.cursor = offset_at_column(self.desk.text(), range, x);
                        self.reading.goal_column = None;
                    }
                }
            }
        }
    }

    /// Applies `action` to the layer that has the keys. Nothing here reads or writes a
    /// file: opening an article and teaching the lexicon come back as effects.
    #[must_use = "the shell runs the effects an action asks for"]
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.dispatch(action);
        std::mem::take(&mut self.effects)
    }

    fn dispatch(&mut self, action: Action) {
        self.message = None;
        self.confirming.forget_unless(action);
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
        self.help = HelpState::opened_from(self.mode);
        self.mode = Mode::Help;
    }

    fn help_page(&self) -> HelpPage {
        HelpPage {
            lines: match &self.help.changes {
                Some(page) => change_lines(page, text_width(self.width)).len(),
                None => super::render::help_lines(&self.keymap).len(),
            },
            visible: usize::from(self.height.saturating_sub(4)),
            rows: self.page_rows(),
        }
    }

    fn update_help(&mut self, action: Action) {
        match self.help.update(action, self.help_page()) {
            HelpOutcome::Stay => {}
            HelpOutcome::Close(mode) => self.mode = mode,
            HelpOutcome::Quit => self.request_quit(),
        }
    }

    fn update_search(&mut self, action: Action) {
        if action == Action::Quit {
            return self.request_quit();
        }
        let rows = self.page_rows();
        let text = self.desk.text();
        if let Typed::Closed(said) = self.reading.update_search(action, text, rows) {
            self.mode = Mode::Normal;
            self.message = said;
        }
    }

    pub(super) fn sidebar_into_view(&mut self) {
        let height = self
            .areas()
            .sidebar
            .map_or(1, |r| usize::from(r.height).max(1));
        self.sidebar.into_view(height);
    }

    /// Review mode: verdicts move on to the next undecided suggestion; reading keys
    /// still move around the text.
    fn update_review(&mut self, action: Action) {
        match action {
            Action::Accept => self.annotate(Command::Judge(Verdict::Accept)),
            Action::Reject => self.annotate(Command::Judge(Verdict::Reject)),
            Action::Skip => self.review(ReviewCommand::Step {
                forward: true,
                pending_only: false,
            }),
            Action::Relabel => self.annotate(Command::StartRelabel),
            Action::Negate => self.annotate(Command::FlipNegation),
            Action::Note => self.annotate(Command::StartNote),
            Action::ReviewFilter => self.review(ReviewCommand::CycleFilter),
            Action::Back => self.review(ReviewCommand::Step {
                forward: false,
                pending_only: false,
            }),
            Action::Undo => self.annotate(Command::Undo),
            Action::Redo => self.annotate(Command::Redo),
            Action::Cancel | Action::Review => self.review(ReviewCommand::Stop),
            Action::NextArticle => self.review(ReviewCommand::NextArticle),
            Action::Quit => self.request_quit(),
            other => self.update_reading(other),
        }
    }

    pub(super) fn update_reading(&mut self, action: Action) {
        let page = Page {
            text: self.desk.text(),
            paragraphs: self.desk.paragraphs(),
            rows: self.page_rows(),
        };
        if let Handled::Yes(said) = self.reading.update(action, page) {
            self.message = said;
            return;
        }
        self.reading.goal_column = None;
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.open_help(),
            Action::Search => {
                self.mode = Mode::Search;
                self.reading.search.input.clear();
            }
            Action::ExpandSelection => self.expand_selection(),
            Action::NextEntity | Action::PreviousEntity => {
                let forward = action == Action::NextEntity;
                let Some(members) = self.desk.document().map(Document::mentions_now) else {
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
                    self.reading.make_current(Some(member.item.clone()));
                    self.info(text);
                }
            }
            Action::NextClaim | Action::PreviousClaim => {
                let forward = action == Action::NextClaim;
                let Some(claims) = self.desk.document().map(Document::claims_now) else {
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
                    self.reading
                        .make_current(here.map(|(item, _)| item.clone()));
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
                let count = self.desk.document().map_or(0, |d| d.article.removed.len());
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
            }
            Action::NextArticle => self.next_article(true),
            Action::PrevArticle => self.next_article(false),
            Action::Library => self.open_library(),
            Action::OpenUrl => self.open_article_url(),
            Action::ShowChanges => self.effects.push(Effect::ShowChanges),
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
            Action::RenameEntity => self.annotate(Command::StartRename),
            Action::MergeEntity => self.annotate(Command::Merge),
            Action::SplitMention => self.annotate(Command::Split),
            Action::Teach => self.annotate(Command::Teach),
            Action::MarkDone => self.annotate(Command::MarkDone),
            Action::Accept => self.annotate(Command::Judge(Verdict::Accept)),
            Action::Reject => self.annotate(Command::Judge(Verdict::Reject)),
            Action::Undo => self.annotate(Command::Undo),
            Action::Redo => self.annotate(Command::Redo),
            Action::Review => self.review(ReviewCommand::Start),
            Action::Relabel => self.annotate(Command::StartRelabel),
            Action::Negate => self.annotate(Command::FlipNegation),
            Action::Note => self.annotate(Command::StartNote),
            Action::Select => self.toggle_selection(),
            Action::TagEntity => self.annotate(Command::Tag(TagKind::Entity)),
            Action::TagClaim => self.annotate(Command::Tag(TagKind::Claim)),
            Action::DeleteBackward
            | Action::Skip
            | Action::Back
            | Action::ReviewFilter
            | Action::Sort
            | Action::ReverseSort
            | Action::ToggleRead
            | Action::MarkAllRead
            | Action::Reload => {}
            Action::SearchNext
            | Action::SearchPrevious
            | Action::NextLine
            | Action::PreviousLine
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::NextChar
            | Action::PreviousChar
            | Action::NextWord
            | Action::PreviousWord
            | Action::NextSentence
            | Action::PreviousSentence
            | Action::NextParagraph
            | Action::PreviousParagraph
            | Action::Top
            | Action::Bottom => unreachable!("the text layer handles {action:?}"),
        }
        self.reading.scroll_into_view(self.page_rows());
    }

    /// Says what is under the cursor: the claim and entity it is part of.
    fn describe_cursor(&mut self) {
        let Some(document) = self.desk.document() else {
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
        let Some(document) = self.desk.document() else {
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
                self.reading.after_jump(self.page_rows());
            }
            Some(Err(true)) => self.info(format!("no {what} in this article")),
            Some(Err(false)) => self.info(format!(
                "no {what} {}",
                if forward { "below" } else { "above" }
            )),
            None => {}
        }
    }

    pub(super) fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub(super) fn error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
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

fn contains(rect: Rect, column: u16, row: u16) -> bool {
    column >= rect.x
        && row >= rect.y
        && column < rect.x.saturating_add(rect.width)
        && row < rect.y.saturating_add(rect.height)
}
