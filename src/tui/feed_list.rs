//! The reader as a feed reader: the library screen opens on the feeds, with unread
//! counts; Enter lists a feed's items (the library's own list, narrowed to that feed);
//! Enter on an item reads it and marks it read. Read marks are written into
//! `feeds.json` as effects; `r` runs an update on its own thread, and everything else
//! works on what is stored, offline.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use crate::annotate::store::sidecar_path;
use crate::article::collection::{Listed, Source};
use crate::feeds::library::{FeedLibrary, Item};
use crate::feeds::reading::ReadMark;
use crate::feeds::update::{UpdateOptions, UpdateReport, update};

use super::action::Action;

/// What the feed screen shows: the feeds, or one feed's items in the library's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedLevel {
    Feeds,
    Items(usize),
}

/// The feed layer's state: the library as last read from disk, and which item each
/// library entry is.
#[derive(Debug)]
pub struct FeedList {
    pub library: FeedLibrary,
    /// For each library entry, its item's place in `library.state.items`.
    pub item_of_entry: Vec<Option<usize>>,
    /// Whether an entry had a sidecar beside its page when it was listed.
    pub annotated: Vec<bool>,
    pub level: FeedLevel,
    /// The highlighted feed on the feed level.
    pub selected: usize,
    pub top: usize,
    /// Every read mark set in this session, written again after an update so an update
    /// that saved over them does not take them back.
    pub marked: Vec<ReadMark>,
    /// The update running on its own thread, if any.
    pub reloading: Option<Receiver<Result<UpdateReport, String>>>,
}

/// What a key on the feed level asks of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedKey {
    Stay,
    /// List this feed's items.
    Enter(usize),
    Marked(Vec<ReadMark>),
    Reload,
    Help,
    Quit,
    /// Back to the article, if one is open.
    Close,
    Say(String),
}

impl FeedList {
    /// The library's listing of every stored page (by feed, newest first within one),
    /// and the feed layer that knows which item each row is.
    pub fn list(library: FeedLibrary) -> (Vec<Listed>, FeedList) {
        let mut stored = library.stored_items();
        {
            let order = newest_first(&library);
            stored.sort_by_key(|(at, _)| order(*at));
        }
        let items = &library.state.items;
        let listed = stored
            .iter()
            .map(|(at, path)| Listed {
                name: source_name(&library, &items[*at]),
                source: Source::File(path.display().to_string()),
            })
            .collect();
        let annotated = stored
            .iter()
            .map(|(_, path)| sidecar_path(&path.display().to_string()).is_file())
            .collect();
        let item_of_entry = stored.iter().map(|(at, _)| Some(*at)).collect();
        let list = FeedList {
            library,
            item_of_entry,
            annotated,
            level: FeedLevel::Feeds,
            selected: 0,
            top: 0,
            marked: Vec::new(),
            reloading: None,
        };
        (listed, list)
    }

    pub fn item(&self, entry: usize) -> Option<&Item> {
        let at = (*self.item_of_entry.get(entry)?)?;
        self.library.state.items.get(at)
    }

    fn item_mut(&mut self, entry: usize) -> Option<&mut Item> {
        let at = (*self.item_of_entry.get(entry)?)?;
        self.library.state.items.get_mut(at)
    }

    /// The library entries of feed `feed`, in listing order.
    pub fn entries_of(&self, feed: usize) -> Vec<usize> {
        let Some(url) = self.library.state.feeds.get(feed).map(|f| f.url.as_str()) else {
            return Vec::new();
        };
        (0..self.item_of_entry.len())
            .filter(|&entry| self.item(entry).is_some_and(|item| item.feed == url))
            .collect()
    }

    /// Sets entries' read state; the marks that changed, to write.
    pub fn set_read(&mut self, entries: &[usize], read: bool) -> Vec<ReadMark> {
        let mut marks = Vec::new();
        for &entry in entries {
            if let Some(item) = self.item_mut(entry).filter(|item| item.read != read) {
                item.read = read;
                marks.push(ReadMark::of(item));
            }
        }
        self.marked.extend(marks.iter().cloned());
        marks
    }

    /// The feed level's keys.
    pub fn update(&mut self, action: Action, rows: usize) -> FeedKey {
        let last = self.library.state.feeds.len().saturating_sub(1);
        let selected = self.selected;
        self.selected = match action {
            Action::NextLine => (selected + 1).min(last),
            Action::PreviousLine => selected.saturating_sub(1),
            Action::HalfPageDown | Action::PageDown => (selected + rows / 2).min(last),
            Action::HalfPageUp | Action::PageUp => selected.saturating_sub(rows / 2),
            Action::Top => 0,
            Action::Bottom => last,
            _ => selected,
        };
        let feed = self.library.state.feeds.get(self.selected);
        match action {
            Action::Activate if feed.is_some() => FeedKey::Enter(self.selected),
            Action::Activate => FeedKey::Say("no feeds yet: copydesk feeds add URL".to_string()),
            Action::MarkAllRead => {
                let entries = self.entries_of(self.selected);
                FeedKey::Marked(self.set_read(&entries, true))
            }
            Action::Reload => FeedKey::Reload,
            Action::OpenUrl => FeedKey::Say("open a feed's item to open its page".to_string()),
            Action::Help => FeedKey::Help,
            Action::Quit => FeedKey::Quit,
            Action::Cancel | Action::Library => FeedKey::Close,
            _ => FeedKey::Stay,
        }
    }

    pub fn into_view(&mut self, rows: usize) {
        let count = self.library.state.feeds.len();
        self.selected = self.selected.min(count.saturating_sub(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
    }

    /// Starts `copydesk update` on the library on its own thread, unless one runs.
    pub fn start_reload(&mut self) -> bool {
        if self.reloading.is_some() {
            return false;
        }
        let root = self.library.root.clone();
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let outcome = FeedLibrary::open(&root)
                .and_then(|mut library| update(&mut library, UpdateOptions::default(), &|_| {}))
                .map_err(|e| e.to_string());
            let _ = send.send(outcome);
        });
        self.reloading = Some(receive);
        true
    }

    /// The update's outcome once it is finished.
    pub fn reload_finished(&mut self) -> Option<Result<UpdateReport, String>> {
        let outcome = self.reloading.as_ref()?.try_recv().ok()?;
        self.reloading = None;
        Some(outcome)
    }

    /// Takes in the library as the update left it, with this session's read marks on
    /// it; the stored pages no entry shows yet, to add to the list.
    pub fn take_in(&mut self, mut library: FeedLibrary) -> Vec<Listed> {
        library.apply_read(&self.marked);
        let place: HashMap<(&str, &str), usize> = library
            .state
            .items
            .iter()
            .enumerate()
            .map(|(at, item)| ((item.feed.as_str(), item.id.as_str()), at))
            .collect();
        let item_of_entry: Vec<Option<usize>> = (0..self.item_of_entry.len())
            .map(|entry| {
                let item = self.item(entry)?;
                place.get(&(item.feed.as_str(), item.id.as_str())).copied()
            })
            .collect();
        let shown: HashSet<usize> = item_of_entry.iter().flatten().copied().collect();
        let mut added = Vec::new();
        for (at, path) in library.stored_items() {
            if shown.contains(&at) {
                continue;
            }
            let path = path.display().to_string();
            let listed = Listed {
                name: source_name(&library, &library.state.items[at]),
                source: Source::File(path.clone()),
            };
            added.push((listed, at, sidecar_path(&path).is_file()));
        }
        self.item_of_entry = item_of_entry;
        self.library = library;
        added
            .into_iter()
            .map(|(listed, at, annotated)| {
                self.item_of_entry.push(Some(at));
                self.annotated.push(annotated);
                listed
            })
            .collect()
    }

    /// Where each entry comes in the listing: by feed, newest first within one, so
    /// pages an update adds take their place among the others.
    pub fn ranks(&self) -> Vec<(usize, usize)> {
        let order = newest_first(&self.library);
        let mut entries: Vec<(usize, usize)> = self
            .item_of_entry
            .iter()
            .enumerate()
            .filter_map(|(entry, at)| Some((entry, (*at)?)))
            .collect();
        entries.sort_by_key(|&(_, at)| order(at));
        let mut ranks = vec![(usize::MAX, 0); self.item_of_entry.len()];
        for (rank, (entry, _)) in entries.into_iter().enumerate() {
            ranks[entry] = (rank, 0);
        }
        ranks
    }

    pub fn root(&self) -> PathBuf {
        self.library.root.clone()
    }
}

/// Sort key of item `at`: its feed's place in the subscriptions, then newest first.
fn newest_first<'a>(
    library: &'a FeedLibrary,
) -> impl Fn(usize) -> (usize, Reverse<Option<&'a str>>, usize) + 'a {
    let feed_rank: HashMap<&str, usize> = library
        .state
        .feeds
        .iter()
        .enumerate()
        .map(|(at, feed)| (feed.url.as_str(), at))
        .collect();
    let items = &library.state.items;
    move |at| {
        let item = &items[at];
        let feed = feed_rank
            .get(item.feed.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (feed, Reverse(item.published.as_deref()), at)
    }
}

/// The feed an item came from, as the list names its source.
fn source_name(library: &FeedLibrary, item: &Item) -> String {
    library
        .state
        .feeds
        .iter()
        .find(|feed| feed.url == item.feed)
        .map_or_else(|| item.feed.clone(), |feed| feed.name().to_string())
}
