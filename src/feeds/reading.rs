//! Read state, as the reader keeps it: which items are unread, which pages are stored to
//! open, and writing read marks into `feeds.json` without losing what an update running
//! in another terminal wrote there meanwhile.

use std::path::{Path, PathBuf};

use super::library::{FeedLibrary, Item, LibraryError};
use super::pages::PageStore;

/// One read mark to write: the item's feed URL, its id, and whether it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadMark {
    pub feed: String,
    pub id: String,
    pub read: bool,
}

impl ReadMark {
    pub fn of(item: &Item) -> ReadMark {
        ReadMark {
            feed: item.feed.clone(),
            id: item.id.clone(),
            read: item.read,
        }
    }
}

impl FeedLibrary {
    /// Unread items of `feed` whose page is stored (what the reader can open).
    pub fn unread(&self, feed: &str) -> usize {
        self.items_of(feed)
            .filter(|item| !item.read && item.page.is_some())
            .count()
    }

    /// Items with a page on disk, by their place in `state.items`, with the path of the
    /// page's newest version (`copydesk fetch` of an item's link stores a new one when
    /// the page changed; the reader opens that and can show what changed).
    pub fn stored_items(&self) -> Vec<(usize, PathBuf)> {
        let dir = self.articles_dir();
        let store = PageStore::open(&dir).ok();
        self.state
            .items
            .iter()
            .enumerate()
            .filter_map(|(at, item)| {
                let first = dir.join(item.page.as_deref()?);
                let newest = store
                    .as_ref()
                    .zip(item.link.as_deref())
                    .and_then(|(store, link)| store.latest(link))
                    .map(Path::to_path_buf);
                let path = newest
                    .filter(|p| p.is_file())
                    .or_else(|| first.is_file().then_some(first))?;
                Some((at, path))
            })
            .collect()
    }

    /// Sets the marks on the items they name; says how many changed.
    pub fn apply_read(&mut self, marks: &[ReadMark]) -> usize {
        let mut changed = 0;
        for mark in marks {
            let item = self
                .state
                .items
                .iter_mut()
                .find(|item| item.feed == mark.feed && item.id == mark.id);
            if let Some(item) = item.filter(|item| item.read != mark.read) {
                item.read = mark.read;
                changed += 1;
            }
        }
        changed
    }
}

/// Writes `marks` into the library at `root` as it is on disk now, so items an update
/// added since the reader opened it stay. A `feeds.json` copydesk cannot read is left
/// alone and reported.
pub fn record_read(root: &Path, marks: &[ReadMark]) -> Result<(), LibraryError> {
    let mut library = FeedLibrary::open(root)?;
    if library.apply_read(marks) > 0 {
        library.save()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(feed: &str, id: &str, page: Option<&str>) -> Item {
        Item {
            feed: feed.to_string(),
            id: id.to_string(),
            title: None,
            link: None,
            published: None,
            page: page.map(str::to_string),
            read: false,
            problem: None,
        }
    }

    #[test]
    fn read_marks_join_what_an_update_wrote_since() {
        let dir = tempfile::tempdir().unwrap();
        let mut opened = FeedLibrary::open(dir.path()).unwrap();
        opened
            .add("https://example.org/feed", None, vec![])
            .unwrap();
        let feed = "https://example.org/feed";
        opened.state.items.push(item(feed, "a", Some("a.html")));
        opened.save().unwrap();
        // An update elsewhere adds an item after the reader opened the library.
        let mut updated = FeedLibrary::open(dir.path()).unwrap();
        updated.state.items.push(item(feed, "b", Some("b.html")));
        updated.save().unwrap();

        let mark = ReadMark {
            feed: feed.to_string(),
            id: "a".to_string(),
            read: true,
        };
        record_read(dir.path(), &[mark]).unwrap();
        let now = FeedLibrary::open(dir.path()).unwrap();
        let read: Vec<(&str, bool)> = now
            .state
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.read))
            .collect();
        assert_eq!(read, [("a", true), ("b", false)]);
        assert_eq!(now.unread(feed), 1);
    }

    #[test]
    fn a_feed_list_we_cannot_read_is_not_overwritten_by_a_read_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.json");
        std::fs::write(&path, "{ not json").unwrap();
        let mark = ReadMark {
            feed: "f".to_string(),
            id: "a".to_string(),
            read: true,
        };
        let error = record_read(dir.path(), &[mark]).unwrap_err();
        assert!(error.to_string().contains("feeds.json"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
    }
}
