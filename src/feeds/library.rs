//! The feed library on disk: `feeds.json` (the subscriptions, their HTTP validators and
//! every item seen, with its read state and stored page) and `articles/` (the fetched
//! pages, each with its fetch record). Plain files a person can read, back up and put
//! in git; a `feeds.json` copydesk cannot understand is reported and never overwritten.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::annotate::atomic::write_atomically;

pub const SCHEMA: &str = "copydesk-feeds/1";
const STATE_FILE: &str = "feeds.json";
const ARTICLES: &str = "articles";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    pub schema: String,
    #[serde(default)]
    pub feeds: Vec<Feed>,
    #[serde(default)]
    pub items: Vec<Item>,
}

impl Default for FeedState {
    fn default() -> Self {
        FeedState {
            schema: SCHEMA.to_string(),
            feeds: Vec::new(),
            items: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    pub url: String,
    /// The person's own name for the feed (newsboat's `~"title"`), else the feed's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Validators from the last full answer, sent back so an unchanged feed costs a 304.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When it was last asked for (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
    /// What went wrong the last time, in words; cleared by the next success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl Feed {
    pub fn new(url: String) -> Feed {
        Feed {
            url,
            title: None,
            tags: Vec::new(),
            etag: None,
            last_modified: None,
            checked: None,
            problem: None,
        }
    }

    pub fn name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.url)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The feed's URL.
    pub feed: String,
    /// The feed's own id for the item (its guid), or one feed-rs derives from it.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The stored page's file name inside `articles/`, once fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default)]
    pub read: bool,
    /// Why the page is not stored (a refused link, the last failed fetch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: cannot be read: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{path}: not a copydesk feed list ({problem}); left as it is")]
    NotOurs { path: PathBuf, problem: String },
    #[error("{path}: cannot be saved: {source}")]
    Save { path: PathBuf, source: io::Error },
    #[error("{url}: {problem}")]
    BadUrl { url: String, problem: String },
    #[error("{0}: already subscribed")]
    Duplicate(String),
    #[error("{0}: no such feed (see `copydesk feeds list`)")]
    NoSuchFeed(String),
}

/// A library folder and what its `feeds.json` holds.
#[derive(Debug)]
pub struct FeedLibrary {
    pub root: PathBuf,
    pub state: FeedState,
}

impl FeedLibrary {
    /// Opens the library at `root`; a folder without `feeds.json` is an empty library.
    pub fn open(root: &Path) -> Result<FeedLibrary, LibraryError> {
        let path = root.join(STATE_FILE);
        let state = match std::fs::read_to_string(&path) {
            Ok(text) => parse_state(&path, &text)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => FeedState::default(),
            Err(source) => return Err(LibraryError::Unreadable { path, source }),
        };
        Ok(FeedLibrary {
            root: root.to_path_buf(),
            state,
        })
    }

    /// The folder the fetched pages are stored in (and the reader opens).
    pub fn articles_dir(&self) -> PathBuf {
        self.root.join(ARTICLES)
    }

    pub fn save(&self) -> Result<(), LibraryError> {
        let path = self.root.join(STATE_FILE);
        let save = |source| LibraryError::Save {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.root).map_err(save)?;
        let mut json = serde_json::to_vec_pretty(&self.state).expect("the feed state serialises");
        json.push(b'\n');
        write_atomically(&path, &json).map_err(save)
    }

    /// Subscribes to `url` (http or https only).
    pub fn add(
        &mut self,
        url: &str,
        title: Option<String>,
        tags: Vec<String>,
    ) -> Result<(), LibraryError> {
        let url = web_url(url)?;
        if self.state.feeds.iter().any(|f| f.url == url) {
            return Err(LibraryError::Duplicate(url));
        }
        let mut feed = Feed::new(url);
        feed.title = title;
        feed.tags = tags;
        self.state.feeds.push(feed);
        Ok(())
    }

    /// Unsubscribes the feed named by its URL or its number in `feeds list`. Its items
    /// leave the list; the pages already stored, and their annotations, stay on disk.
    pub fn remove(&mut self, which: &str) -> Result<Feed, LibraryError> {
        let index = match which.parse::<usize>() {
            Ok(number) if (1..=self.state.feeds.len()).contains(&number) => number - 1,
            _ => self
                .state
                .feeds
                .iter()
                .position(|f| f.url == which)
                .ok_or_else(|| LibraryError::NoSuchFeed(which.to_string()))?,
        };
        let feed = self.state.feeds.remove(index);
        self.state.items.retain(|item| item.feed != feed.url);
        Ok(feed)
    }

    pub fn items_of<'a>(&'a self, feed: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.state
            .items
            .iter()
            .filter(move |item| item.feed == feed)
    }
}

fn parse_state(path: &Path, text: &str) -> Result<FeedState, LibraryError> {
    let not_ours = |problem: String| LibraryError::NotOurs {
        path: path.to_path_buf(),
        problem,
    };
    let state: FeedState = serde_json::from_str(text).map_err(|e| not_ours(e.to_string()))?;
    if state.schema != SCHEMA {
        return Err(not_ours(format!(
            "schema {:?}, this copydesk reads {SCHEMA:?}",
            state.schema
        )));
    }
    Ok(state)
}

/// `raw` as an absolute http(s) URL, or why copydesk will not fetch it.
pub fn web_url(raw: &str) -> Result<String, LibraryError> {
    let bad = |problem: &str| LibraryError::BadUrl {
        url: crate::terminal_safe(raw).into_owned(),
        problem: problem.to_string(),
    };
    let url = url::Url::parse(raw.trim()).map_err(|e| bad(&format!("not a URL ({e})")))?;
    match url.scheme() {
        "http" | "https" => Ok(url.to_string()),
        other => Err(bad(&format!(
            "a {other}: link; copydesk fetches only http and https"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_round_trips_and_an_empty_folder_is_an_empty_library() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = FeedLibrary::open(dir.path()).unwrap();
        assert!(library.state.feeds.is_empty());
        library
            .add("https://example.test/feed.xml", None, vec!["local".into()])
            .unwrap();
        library.save().unwrap();
        let again = FeedLibrary::open(dir.path()).unwrap();
        assert_eq!(again.state, library.state);
    }

    #[test]
    fn a_feed_list_that_is_not_ours_is_an_error_and_stays_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.json");
        std::fs::write(&path, "[1, 2").unwrap();
        let problem = FeedLibrary::open(dir.path()).unwrap_err().to_string();
        assert!(
            problem.contains("feeds.json: not a copydesk feed list"),
            "{problem}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[1, 2");
    }

    #[test]
    fn only_web_links_are_subscribed_and_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = FeedLibrary::open(dir.path()).unwrap();
        for hostile in ["file:///etc/passwd", "javascript:alert(1)", "not a url"] {
            assert!(matches!(
                library.add(hostile, None, vec![]),
                Err(LibraryError::BadUrl { .. })
            ));
        }
        library.add("http://example.test/a", None, vec![]).unwrap();
        assert!(matches!(
            library.add("http://example.test/a", None, vec![]),
            Err(LibraryError::Duplicate(_))
        ));
    }

    #[test]
    fn removing_by_number_or_url_drops_the_items_but_not_the_pages() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = FeedLibrary::open(dir.path()).unwrap();
        library.add("http://example.test/a", None, vec![]).unwrap();
        library.add("http://example.test/b", None, vec![]).unwrap();
        library.state.items.push(Item {
            feed: "http://example.test/a".into(),
            id: "1".into(),
            title: None,
            link: None,
            published: None,
            page: Some("a.html".into()),
            read: false,
            problem: None,
        });
        assert_eq!(library.remove("1").unwrap().url, "http://example.test/a");
        assert!(library.state.items.is_empty());
        assert!(matches!(
            library.remove("http://example.test/zzz"),
            Err(LibraryError::NoSuchFeed(_))
        ));
        assert_eq!(
            library.remove("http://example.test/b").unwrap().url,
            "http://example.test/b"
        );
    }
}
