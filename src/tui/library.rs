//! The library: every article of the folders and corpora named, as a list to sort, filter
//! and open. Rows are listed at once from file names; each row's details (title, date,
//! counts, review progress) are read on the worker thread when the row is first seen, and
//! progress comes from the sidecars, so it survives restarts and teammates' pulls.

use crate::annotate::completeness::Layer;
use crate::article::collection::{Listed, Source};
use crate::article::{Article, LoadOptions};
use crate::extract::analysis::analyse_text;
use crate::extract::lexicons::Lexicons;

use super::action::Action;
use super::app::{App, Document};
use super::effect::{AfterOpen, Effect};
use super::feed_list::FeedList;
use super::keymap::Mode;
use super::review::ReviewCommand;

/// What the list shows about one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub title: String,
    pub date: Option<String>,
    /// Distinct entities, as the sidebar lists them.
    pub entities: usize,
    pub claims: usize,
    pub decided: usize,
    pub suggestions: usize,
    /// The layers a person finished reviewing (what export will write).
    pub complete: Vec<Layer>,
}

impl Details {
    pub fn of(document: &Document) -> Details {
        let article = &document.article;
        let mut entities: Vec<(&str, &str)> = document
            .entities
            .iter()
            .map(|e| (e.label.as_str(), e.entity.as_str()))
            .collect();
        entities.sort_unstable();
        entities.dedup();
        let (decided, suggestions) = document.annotations.progress();
        let complete = document.annotations.complete_layers(&article.id);
        Details {
            title: title_of(article),
            date: article.metadata.date.clone(),
            entities: entities.len(),
            claims: document.claims_now().len(),
            decided,
            suggestions,
            complete,
        }
    }

    /// Share of the suggestions decided; an article with none has nothing left to do.
    fn done(&self) -> f64 {
        match self.suggestions {
            0 => 1.0,
            total => self.decided as f64 / total as f64,
        }
    }
}

/// The title, else the start of the text, so no row is blank.
fn title_of(article: &Article) -> String {
    if let Some(title) = article.metadata.title.as_deref().filter(|t| !t.is_empty()) {
        return title.to_string();
    }
    let first_line = article.text.lines().find(|l| !l.trim().is_empty());
    first_line.unwrap_or("").chars().take(120).collect()
}

/// Reads one article and its sidecar and runs the extractors, the way the reader would
/// when opening it, so the progress shown here is the one the reader will show.
pub fn details_of(
    source: &Source,
    options: LoadOptions,
    lexicons: &Lexicons,
) -> Result<Details, String> {
    let article = source
        .load(options)
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("holds no articles")?;
    let analysis = analyse_text(&article.text, lexicons);
    let mut document = Document::new(article);
    document.set_entities(analysis.entities);
    document.set_claims(analysis.claims);
    Ok(Details::of(&document))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailState {
    Unknown,
    Requested,
    Known(Details),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub source: Source,
    pub name: String,
    pub details: DetailState,
    /// Index into `App::documents` once opened.
    pub document: Option<usize>,
    /// Where it comes in the listing: its file's place, then its place in that file.
    pub rank: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    File,
    Title,
    Date,
    Entities,
    Claims,
    Progress,
}

impl SortKey {
    const ALL: [SortKey; 6] = [
        SortKey::File,
        SortKey::Title,
        SortKey::Date,
        SortKey::Entities,
        SortKey::Claims,
        SortKey::Progress,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::File => "file",
            SortKey::Title => "title",
            SortKey::Date => "date",
            SortKey::Entities => "entities",
            SortKey::Claims => "claims",
            SortKey::Progress => "progress",
        }
    }

    fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|&k| k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

/// What a key in the list asks of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Stay,
    Open(usize),
    /// Enter with no row left by the filter.
    NoMatch,
    Filter,
    /// Back to the article, if one is open.
    Close,
    Help,
    Quit,
}

#[derive(Debug)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// Entry indices shown, filtered and sorted.
    pub order: Vec<usize>,
    /// Position in `order` of the highlighted row.
    pub selected: usize,
    pub top: usize,
    pub filter: String,
    pub sort: SortKey,
    pub descending: bool,
    pub options: LoadOptions,
    /// The feeds, when the library is a feed library (`copydesk news`).
    pub feeds: Option<FeedList>,
    /// Entries the list is narrowed to (one feed's items), in ascending order.
    pub scope: Option<Vec<usize>>,
}

impl Library {
    pub fn new(listed: Vec<Listed>, options: LoadOptions) -> Library {
        let entries = listed
            .into_iter()
            .enumerate()
            .map(|(rank, listed)| Entry {
                source: listed.source,
                name: listed.name,
                details: DetailState::Unknown,
                document: None,
                rank: (rank, 0),
            })
            .collect();
        let mut library = Library {
            entries,
            order: Vec::new(),
            selected: 0,
            top: 0,
            filter: String::new(),
            sort: SortKey::File,
            descending: false,
            options,
            feeds: None,
            scope: None,
        };
        library.refresh_order();
        library
    }

    /// Re-applies the filter and the sort, keeping the highlighted article if it is
    /// still shown.
    pub fn refresh_order(&mut self) {
        let keep = self.order.get(self.selected).copied();
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut order: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                self.scope
                    .as_ref()
                    .is_none_or(|scope| scope.binary_search(&i).is_ok())
            })
            .filter(|&i| words.is_empty() || self.matches(i, &words))
            .collect();
        // Lower-cased once per entry, not twice per comparison: details stream in while
        // the list is sorted by title, and each batch re-sorts up to 10,000 rows.
        let titles: Vec<String> = match self.sort {
            SortKey::Title => self
                .entries
                .iter()
                .map(|entry| match &entry.details {
                    DetailState::Known(details) => details.title.to_lowercase(),
                    _ => String::new(),
                })
                .collect(),
            _ => Vec::new(),
        };
        order.sort_by(|&a, &b| self.compare(a, b, &titles));
        self.order = order;
        self.selected = keep
            .and_then(|entry| self.order.iter().position(|&i| i == entry))
            .unwrap_or(0);
    }

    fn matches(&self, index: usize, words: &[String]) -> bool {
        let entry = &self.entries[index];
        let mut haystack = entry.name.to_lowercase();
        if let DetailState::Known(details) = &entry.details {
            haystack.push(' ');
            haystack.push_str(&details.title.to_lowercase());
            if let Some(date) = &details.date {
                haystack.push(' ');
                haystack.push_str(date);
            }
        }
        words.iter().all(|word| haystack.contains(word.as_str()))
    }

    /// Rows whose details are not known yet sort after the rest in both directions, so
    /// reversing never buries what has been read under what has not.
    /// `titles` holds each entry's lower-cased title when sorting by title.
    fn compare(&self, a: usize, b: usize, titles: &[String]) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let known = |i: usize| match &self.entries[i].details {
            DetailState::Known(details) => Some(details),
            _ => None,
        };
        let rank = |i: usize| self.entries[i].rank;
        let ordering = match self.sort {
            SortKey::File => Some(rank(a).cmp(&rank(b))),
            key => match (known(a), known(b)) {
                (Some(x), Some(y)) => Some(match key {
                    SortKey::Title => titles[a].cmp(&titles[b]),
                    SortKey::Date => x.date.cmp(&y.date),
                    SortKey::Entities => x.entities.cmp(&y.entities),
                    SortKey::Claims => x.claims.cmp(&y.claims),
                    _ => x.done().total_cmp(&y.done()),
                }),
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => None,
            },
        };
        match ordering {
            Some(o) if self.descending => o.reverse().then(a.cmp(&b)),
            Some(o) => o.then(a.cmp(&b)),
            None => a.cmp(&b),
        }
    }

    /// The list's own keys: moves, sorting, and leaving the filter; what the reader must
    /// do about the rest comes back as a [`Listing`].
    pub fn update(&mut self, action: Action, rows: usize) -> Listing {
        let last = self.order.len().saturating_sub(1);
        let selected = self.selected;
        self.selected = match action {
            Action::NextLine => (selected + 1).min(last),
            Action::PreviousLine => selected.saturating_sub(1),
            Action::HalfPageDown => (selected + rows / 2).min(last),
            Action::HalfPageUp => selected.saturating_sub(rows / 2),
            Action::PageDown => (selected + rows).min(last),
            Action::PageUp => selected.saturating_sub(rows),
            Action::Top => 0,
            Action::Bottom => last,
            _ => selected,
        };
        match action {
            Action::Quit => Listing::Quit,
            Action::Help => Listing::Help,
            Action::Activate => match self.selected_entry() {
                Some(entry) => Listing::Open(entry),
                None => Listing::NoMatch,
            },
            Action::Search => Listing::Filter,
            Action::Sort => {
                self.sort = self.sort.next();
                self.refresh_order();
                Listing::Stay
            }
            Action::ReverseSort => {
                self.descending = !self.descending;
                self.refresh_order();
                Listing::Stay
            }
            Action::Cancel if !self.filter.is_empty() => {
                self.filter.clear();
                self.refresh_order();
                Listing::Stay
            }
            Action::Cancel | Action::Library => Listing::Close,
            _ => Listing::Stay,
        }
    }

    /// The filter prompt's keys; `true` when it closes.
    pub fn update_filter(&mut self, action: Action) -> bool {
        match action {
            Action::Activate => true,
            Action::Cancel => {
                self.filter.clear();
                self.refresh_order();
                true
            }
            Action::DeleteBackward => {
                self.filter.pop();
                self.refresh_order();
                false
            }
            _ => false,
        }
    }

    pub fn type_in_filter(&mut self, c: char) {
        self.filter.push(c);
        self.refresh_order();
        self.selected = 0;
    }

    /// Keeps the chosen row among the `rows` shown.
    pub fn into_view(&mut self, rows: usize) {
        self.selected = self.selected.min(self.order.len().saturating_sub(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.order.len().saturating_sub(rows));
    }

    /// Adds entries after the ones listed (pages an update stored while reading).
    pub fn add(&mut self, listed: Vec<Listed>) {
        let first = self.entries.len();
        self.entries
            .extend(listed.into_iter().enumerate().map(|(at, listed)| Entry {
                source: listed.source,
                name: listed.name,
                details: DetailState::Unknown,
                document: None,
                rank: (first + at, 0),
            }));
        self.refresh_order();
    }

    pub fn selected_entry(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    /// The entry `step` rows after (or before) `entry` in the shown order, wrapping.
    fn neighbour(&self, entry: usize, forward: bool) -> Option<usize> {
        let count = self.order.len();
        if count == 0 {
            return None;
        }
        let at = self.order.iter().position(|&i| i == entry);
        let next = match (at, forward) {
            (None, _) => 0,
            (Some(at), true) => (at + 1) % count,
            (Some(at), false) => (at + count - 1) % count,
        };
        self.order.get(next).copied()
    }
}

impl App {
    /// Opens entry `entry` from a key: at once when it is in memory, else as an effect,
    /// since reading a file and its sidecar is disk work.
    pub(super) fn request_open(&mut self, entry: usize, then: AfterOpen) {
        let loaded = self
            .desk
            .library
            .entries
            .get(entry)
            .is_some_and(|e| e.document.is_some());
        match loaded {
            true => self.opened(entry, then),
            false => self.effects.push(Effect::Open { entry, then }),
        }
    }

    /// Opens the entry and goes on with what the key wanted.
    pub(super) fn opened(&mut self, entry: usize, then: AfterOpen) {
        self.open_entry(entry);
        if then == AfterOpen::Review {
            self.review(ReviewCommand::Opened);
        }
    }

    /// Shows library entry `entry`, reading it first if needed; a file that cannot be
    /// read stays in the list, marked, with the reason in the status bar.
    pub fn open_entry(&mut self, entry: usize) {
        let opened = match self.desk.open_entry(entry) {
            Ok(opened) => opened,
            Err(problem) => return self.error(problem),
        };
        self.show(opened.document);
        self.mode = Mode::Normal;
        if opened.fresh {
            let rescued = self.desk.take_in_rescues(opened.document);
            self.report_rescued(rescued);
            self.analyse_current_if_short();
        }
    }

    /// Short articles get their findings before the first frame shows them.
    pub fn analyse_current_if_short(&mut self) {
        let current = self.desk.current;
        if let Some(analysis) = self.desk.analyse_if_short(current) {
            self.set_analysis(current, analysis);
        }
    }

    pub fn next_article(&mut self, forward: bool) {
        let Some(entry) = self.desk.current_entry() else {
            return;
        };
        if self.desk.library.order.len() < 2 {
            self.info("this is the only article".to_string());
            return;
        }
        if let Some(next) = self.desk.library.neighbour(entry, forward) {
            self.request_open(next, AfterOpen::Read);
            if let Some(at) = self.desk.library.order.iter().position(|&i| i == next) {
                self.desk.library.selected = at;
                let count = self.desk.library.order.len();
                self.info(format!("article {} of {count}", at + 1));
            }
        }
    }

    pub fn open_library(&mut self) {
        self.desk.refresh_open_details();
        let current = self.desk.current_entry();
        if let Some(at) = self
            .desk
            .library
            .order
            .iter()
            .position(|&i| Some(i) == current)
        {
            self.desk.library.selected = at;
        }
        self.mode = Mode::Library;
        self.library_into_view();
    }

    pub fn on_library_screen(&self) -> bool {
        let library = |mode| matches!(mode, Mode::Library | Mode::Filter);
        library(self.mode) || (self.mode == Mode::Help && library(self.help.returns))
    }

    /// Rows of the list on screen: all but the header, the column titles and the status.
    pub fn library_rows(&self) -> usize {
        usize::from(self.height.saturating_sub(3)).max(1)
    }

    pub fn library_into_view(&mut self) {
        let rows = self.library_rows();
        self.desk.library.into_view(rows);
    }

    pub(super) fn update_library(&mut self, action: Action) {
        if self.on_feed_level() {
            return self.update_feeds(action);
        }
        if self.update_feed_items(action) {
            return self.library_into_view();
        }
        match self.desk.library.update(action, self.library_rows()) {
            Listing::Stay => {}
            Listing::Open(entry) => self.request_open(entry, AfterOpen::Read),
            Listing::NoMatch => self.error("no article matches the filter".to_string()),
            Listing::Filter => self.mode = Mode::Filter,
            Listing::Close if self.desk.document().is_some() => self.mode = Mode::Normal,
            Listing::Close => {}
            Listing::Help => self.open_help(),
            Listing::Quit => self.request_quit(),
        }
        self.library_into_view();
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        match action {
            Action::Quit => self.request_quit(),
            Action::NextLine | Action::PreviousLine => self.update_library(action),
            _ if self.desk.library.update_filter(action) => self.mode = Mode::Library,
            _ => {}
        }
        self.library_into_view();
    }

    pub(super) fn filter_input(&mut self, c: char) {
        self.desk.library.type_in_filter(c);
        self.library_into_view();
    }

    /// The work for the worker thread; the library's rows are wanted only while the
    /// list is on screen.
    pub fn take_jobs(&mut self) -> Vec<super::worker::Job> {
        let listing = matches!(self.mode, Mode::Library | Mode::Filter);
        self.desk.take_jobs(listing.then_some(self.height.into()))
    }

    /// Takes in what the worker finished. The list is re-sorted once for the lot, not once
    /// per row, since thousands of rows can arrive between two frames.
    pub fn apply(&mut self, finished: impl IntoIterator<Item = super::worker::Done>) {
        use super::worker::Done;
        let mut reorder = false;
        for done in finished {
            match done {
                Done::Analysis(index, analysis) => self.set_analysis(index, analysis),
                Done::Details(entry, result) => reorder |= self.desk.take_details(entry, result),
            }
        }
        let ordered =
            self.desk.library.sort == SortKey::File && self.desk.library.filter.is_empty();
        if reorder && !ordered {
            self.desk.library.refresh_order();
            self.library_into_view();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(title: &str, decided: usize, suggestions: usize) -> DetailState {
        DetailState::Known(Details {
            title: title.to_string(),
            date: None,
            entities: 0,
            claims: 0,
            decided,
            suggestions,
            complete: Vec::new(),
        })
    }

    fn library(rows: &[(&str, DetailState)]) -> Library {
        let listed = rows
            .iter()
            .map(|(name, _)| Listed {
                source: Source::File(name.to_string()),
                name: name.to_string(),
            })
            .collect();
        let mut library = Library::new(listed, LoadOptions::default());
        for (entry, (_, state)) in library.entries.iter_mut().zip(rows) {
            entry.details = state.clone();
        }
        library
    }

    fn shown(library: &Library) -> Vec<&str> {
        let names = library
            .order
            .iter()
            .map(|&i| library.entries[i].name.as_str());
        names.collect()
    }

    #[test]
    fn sorting_by_progress_puts_unread_rows_last_both_ways() {
        let mut library = library(&[
            ("a", details("Alpha", 5, 10)),
            ("b", DetailState::Unknown),
            ("c", details("Gamma", 1, 10)),
            ("d", details("Delta", 0, 0)),
        ]);
        library.sort = SortKey::Progress;
        library.refresh_order();
        assert_eq!(shown(&library), ["c", "a", "d", "b"]);
        library.descending = true;
        library.refresh_order();
        assert_eq!(shown(&library), ["d", "a", "c", "b"]);
    }

    #[test]
    fn the_filter_matches_every_word_in_name_or_title_and_keeps_the_highlight() {
        let mut library = library(&[
            ("port.txt", details("Crane cables corroded", 0, 1)),
            ("budget.txt", details("City budget vote", 0, 1)),
            ("port-2.txt", details("Harbour strike", 0, 1)),
        ]);
        library.selected = 2;
        library.filter = "PORT strike".to_string();
        library.refresh_order();
        assert_eq!(shown(&library), ["port-2.txt"]);
        assert_eq!(library.selected_entry(), Some(2));
        library.filter = "port".to_string();
        library.refresh_order();
        assert_eq!(shown(&library), ["port.txt", "port-2.txt"]);
        assert_eq!(library.selected_entry(), Some(2));
    }

    #[test]
    fn neighbours_follow_the_shown_order_and_wrap() {
        let mut library = library(&[
            ("a", details("Zulu", 0, 1)),
            ("b", details("Alpha", 0, 1)),
            ("c", details("Mike", 0, 1)),
        ]);
        library.sort = SortKey::Title;
        library.refresh_order();
        assert_eq!(library.neighbour(1, true), Some(2));
        assert_eq!(library.neighbour(0, true), Some(1));
        assert_eq!(library.neighbour(1, false), Some(0));
    }
}
