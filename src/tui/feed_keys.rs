//! What the feed layer's keys do to the reader: listing a feed's items in the library,
//! read marks (written as effects), the page's web address, and the update thread.

use std::path::Path;

use crate::feeds::library::FeedLibrary;
use crate::feeds::reading::ReadMark;
use crate::feeds::versions::changes_since_previous;

use super::action::Action;
use super::app::App;
use super::changes_view::ChangesPage;
use super::effect::Effect;
use super::feed_list::{FeedKey, FeedLevel};
use super::help::HelpState;
use super::keymap::Mode;

impl App {
    /// Whether the library screen shows the feeds themselves rather than articles.
    pub fn on_feed_level(&self) -> bool {
        let feeds = self.desk.library.feeds.as_ref();
        feeds.is_some_and(|feeds| feeds.level == FeedLevel::Feeds)
    }

    pub(super) fn update_feeds(&mut self, action: Action) {
        let rows = self.library_rows();
        let Some(feeds) = &mut self.desk.library.feeds else {
            return;
        };
        let key = feeds.update(action, rows);
        feeds.into_view(rows);
        match key {
            FeedKey::Stay => {}
            FeedKey::Enter(feed) => self.enter_feed(feed),
            FeedKey::Marked(marks) => self.record_read(marks),
            FeedKey::Reload => self.effects.push(Effect::Reload),
            FeedKey::Help => self.open_help(),
            FeedKey::Quit => self.request_quit(),
            FeedKey::Close if self.desk.document().is_some() => self.mode = Mode::Normal,
            FeedKey::Close => {}
            FeedKey::Say(text) => self.info(text),
        }
    }

    /// Lists feed `feed`'s items, the first unread one highlighted.
    fn enter_feed(&mut self, feed: usize) {
        let library = &mut self.desk.library;
        let Some(feeds) = &mut library.feeds else {
            return;
        };
        feeds.level = FeedLevel::Items(feed);
        let entries = feeds.entries_of(feed);
        let first_unread = entries
            .iter()
            .copied()
            .find(|&entry| feeds.item(entry).is_some_and(|item| !item.read));
        library.scope = Some(entries);
        library.filter.clear();
        library.top = 0;
        library.refresh_order();
        library.selected = first_unread
            .and_then(|entry| library.order.iter().position(|&i| i == entry))
            .unwrap_or(0);
        self.library_into_view();
    }

    /// The item list's own keys, taken before the library's; `true` when one was. Enter
    /// marks the item read and lets the library open it.
    pub(super) fn update_feed_items(&mut self, action: Action) -> bool {
        let library = &mut self.desk.library;
        let chosen = library.selected_entry();
        let Some(feeds) = &mut library.feeds else {
            return false;
        };
        let marks = match action {
            Action::Cancel if library.filter.is_empty() => {
                feeds.level = FeedLevel::Feeds;
                library.scope = None;
                library.refresh_order();
                return true;
            }
            Action::Activate => {
                let marks = feeds.set_read(chosen.as_slice(), true);
                self.record_read(marks);
                return false;
            }
            Action::ToggleRead => {
                let read = chosen
                    .and_then(|entry| feeds.item(entry))
                    .is_some_and(|item| item.read);
                feeds.set_read(chosen.as_slice(), !read)
            }
            Action::MarkAllRead => {
                let shown = library.order.clone();
                feeds.set_read(&shown, true)
            }
            Action::OpenUrl => {
                let link = chosen.and_then(|entry| feeds.item(entry)?.link.clone());
                match link {
                    Some(url) => self.effects.push(Effect::OpenUrl(url)),
                    None => self.info("this item has no link".to_string()),
                }
                return true;
            }
            Action::Reload => {
                self.effects.push(Effect::Reload);
                return true;
            }
            _ => return false,
        };
        self.record_read(marks);
        true
    }

    /// The open article's web page, in the browser.
    pub(super) fn open_article_url(&mut self) {
        let url = self
            .desk
            .document()
            .and_then(|document| document.article.metadata.url.clone());
        match url {
            Some(url) => self.effects.push(Effect::OpenUrl(url)),
            None => self.info("this article has no web address (it was not fetched)".to_string()),
        }
    }

    /// Opens the overlay of what changed since the open page's previous version.
    pub(super) fn show_changes(&mut self) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let article = &document.article;
        let page = Path::new(&article.source);
        match changes_since_previous(page, article, self.desk.library.options) {
            Ok(None) => self.info("this page has one version: nothing to compare".to_string()),
            Ok(Some((previous, changes))) => {
                let previous = previous
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.help = HelpState::opened_from(self.mode);
                self.help.changes = Some(ChangesPage { previous, changes });
                self.mode = Mode::Help;
            }
            Err(problem) => self.error(problem),
        }
    }

    fn record_read(&mut self, marks: Vec<ReadMark>) {
        let Some(feeds) = &self.desk.library.feeds else {
            return;
        };
        let count = marks.len();
        if count > 0 {
            let root = feeds.root();
            self.effects.push(Effect::RecordRead { root, marks });
        }
    }

    /// Takes in a finished update: the library as it left it, the new pages added to the
    /// list, this session's read marks written again. `true` when one finished.
    pub fn poll_feeds(&mut self) -> bool {
        let library = &mut self.desk.library;
        let Some(feeds) = &mut library.feeds else {
            return false;
        };
        let Some(outcome) = feeds.reload_finished() else {
            return false;
        };
        let report = match outcome {
            Ok(report) => report,
            Err(problem) => {
                self.error(format!("update failed, nothing stored is lost: {problem}"));
                return true;
            }
        };
        let reopened = match FeedLibrary::open(&feeds.root()) {
            Ok(reopened) => reopened,
            Err(problem) => {
                self.error(problem.to_string());
                return true;
            }
        };
        let added = feeds.take_in(reopened);
        let marks = feeds.marked.clone();
        if let FeedLevel::Items(feed) = feeds.level {
            library.scope = Some(feeds.entries_of(feed));
        }
        library.add(added);
        let ranks = feeds_ranks(library);
        for (entry, rank) in library.entries.iter_mut().zip(ranks) {
            entry.rank = rank;
        }
        library.refresh_order();
        self.record_read(marks);
        let failed = report.feeds_failed + report.pages_failed;
        let text = format!(
            "updated: {} new items, {} pages stored{}",
            report.new_items,
            report.pages_stored,
            match failed {
                0 => String::new(),
                n => format!(", {n} failed (copydesk feeds list says why)"),
            }
        );
        match failed {
            0 => self.info(text),
            _ => self.error(text),
        }
        true
    }
}

fn feeds_ranks(library: &super::library::Library) -> Vec<(usize, usize)> {
    library
        .feeds
        .as_ref()
        .map_or_else(Vec::new, |feeds| feeds.ranks())
}
