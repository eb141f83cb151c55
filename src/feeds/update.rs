//! `copydesk update` and `copydesk fetch`: ask every feed for what is new (conditionally,
//! so an unchanged feed costs a 304), then fetch each new item's page once and store it
//! with its provenance. A feed or page that fails is reported with its reason and never
//! stops the others; what was stored before is never lost.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::http::{Answer, Client, Fetched, HttpOptions, Validators};
use super::library::{FeedLibrary, Item, LibraryError, web_url};
use super::pages::{PageStore, Stored};
use super::polite;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateOptions {
    pub http: HttpOptions,
    /// Requests in flight at once, over all hosts.
    pub workers: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Ask each host's `robots.txt` before fetching a page from it.
    pub robots: bool,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        UpdateOptions {
            http: HttpOptions::default(),
            workers: 8,
            per_host: 2,
            robots: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOutcome {
    NotModified,
    Read { new_items: usize },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageOutcome {
    Stored(Stored),
    Failed(String),
}

/// What happened, for the progress display and the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Feed {
        url: String,
        outcome: FeedOutcome,
    },
    Page {
        url: String,
        outcome: PageOutcome,
    },
    /// The pages to fetch are known: how many.
    PagesToFetch(usize),
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UpdateReport {
    pub feeds_failed: usize,
    pub feeds_unchanged: usize,
    pub new_items: usize,
    pub pages_stored: usize,
    pub pages_unchanged: usize,
    pub pages_failed: usize,
}

impl UpdateReport {
    fn count(&mut self, event: &Event) {
        match event {
            Event::Feed { outcome, .. } => match outcome {
                FeedOutcome::NotModified => self.feeds_unchanged += 1,
                FeedOutcome::Read { new_items } => self.new_items += new_items,
                FeedOutcome::Failed(_) => self.feeds_failed += 1,
            },
            Event::Page { outcome, .. } => match outcome {
                PageOutcome::Stored(Stored::Unchanged(_)) => self.pages_unchanged += 1,
                PageOutcome::Stored(_) => self.pages_stored += 1,
                PageOutcome::Failed(_) => self.pages_failed += 1,
            },
            Event::PagesToFetch(_) => {}
        }
    }

    pub fn any_failed(&self) -> bool {
        self.feeds_failed + self.pages_failed > 0
    }
}

/// Updates every feed in `library`, then fetches the pages of items not stored yet,
/// saving the feed list after each stage. `progress` hears of each feed and page as it
/// finishes.
pub fn update(
    library: &mut FeedLibrary,
    options: UpdateOptions,
    progress: &(dyn Fn(&Event) + Sync),
) -> Result<UpdateReport, LibraryError> {
    let client = Client::new(options.http);
    let mut report = UpdateReport::default();
    let feeds: Vec<(usize, String, Option<String>, Option<String>)> = library
        .state
        .feeds
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.url.clone(), f.etag.clone(), f.last_modified.clone()))
        .collect();
    let answers = polite::run(
        feeds,
        |(_, url, _, _)| host(url),
        options.workers,
        options.per_host,
        |(index, url, etag, last_modified)| {
            let validators = Validators {
                etag: etag.as_deref(),
                last_modified: last_modified.as_deref(),
            };
            (
                index,
                client
                    .get(&url, validators)
                    .and_then(|a| read_feed(&url, a)),
            )
        },
    );
    let checked = crate::annotate::ids::now();
    for (index, answer) in answers {
        let feed = &mut library.state.feeds[index];
        feed.checked = Some(checked.clone());
        let outcome = match answer {
            Ok(None) => {
                feed.problem = None;
                FeedOutcome::NotModified
            }
            Ok(Some((fetched, parsed))) => {
                feed.problem = None;
                feed.etag = fetched.etag;
                feed.last_modified = fetched.last_modified;
                if feed.title.is_none() {
                    feed.title = parsed.title.clone();
                }
                let feed_url = feed.url.clone();
                let (new_items, refused) = merge_items(library, &feed_url, parsed.items);
                for (url, problem) in refused {
                    let event = Event::Page {
                        url,
                        outcome: PageOutcome::Failed(problem),
                    };
                    report.count(&event);
                    progress(&event);
                }
                FeedOutcome::Read { new_items }
            }
            Err(problem) => {
                feed.problem = Some(problem.clone());
                FeedOutcome::Failed(problem)
            }
        };
        let event = Event::Feed {
            url: library.state.feeds[index].url.clone(),
            outcome,
        };
        report.count(&event);
        progress(&event);
    }
    library.save()?;

    let wanted: Vec<(usize, String, String)> = library
        .state
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.page.is_none())
        .filter_map(|(i, item)| {
            let link = item.link.as_ref()?;
            web_url(link).ok().map(|link| (i, link, item.feed.clone()))
        })
        .collect();
    progress(&Event::PagesToFetch(wanted.len()));
    let store = open_store(library)?;
    let robots = Robots::new(options.robots, &client);
    let outcomes = polite::run(
        wanted,
        |(_, link, _)| host(link),
        options.workers,
        options.per_host,
        |(index, link, feed)| {
            let outcome = fetch_page(&client, &robots, &store, &link, Some(&feed));
            let event = Event::Page {
                url: link,
                outcome: outcome.clone(),
            };
            progress(&event);
            (index, event, outcome)
        },
    );
    for (index, event, outcome) in outcomes {
        report.count(&event);
        let item = &mut library.state.items[index];
        match outcome {
            PageOutcome::Stored(stored) => {
                item.page = stored
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                item.problem = None;
            }
            PageOutcome::Failed(problem) => item.problem = Some(problem),
        }
    }
    library.save()?;
    Ok(report)
}

/// `copydesk fetch URL...`: single pages into the library's pages folder, each stored as
/// a new version when its bytes changed since the last fetch.
pub fn fetch_pages(
    library: &FeedLibrary,
    urls: &[String],
    options: UpdateOptions,
    progress: &(dyn Fn(&Event) + Sync),
) -> Result<UpdateReport, LibraryError> {
    let client = Client::new(options.http);
    let store = open_store(library)?;
    let robots = Robots::new(options.robots, &client);
    let mut report = UpdateReport::default();
    let events = polite::run(
        urls.to_vec(),
        |url| host(url),
        options.workers,
        options.per_host,
        |url| {
            let outcome = match web_url(&url) {
                Ok(link) => fetch_page(&client, &robots, &store, &link, None),
                Err(problem) => PageOutcome::Failed(problem.to_string()),
            };
            let event = Event::Page { url, outcome };
            progress(&event);
            event
        },
    );
    for event in &events {
        report.count(event);
    }
    Ok(report)
}

fn fetch_page(
    client: &Client,
    robots: &Robots,
    store: &Mutex<PageStore>,
    link: &str,
    feed: Option<&str>,
) -> PageOutcome {
    if !robots.allows(link) {
        return PageOutcome::Failed("robots.txt asks copydesk not to fetch it".to_string());
    }
    match client.get(link, Validators::default()) {
        Ok(Answer::Fetched(fetched)) => {
            let mut store = store.lock().expect("no fetch panics holding the store");
            match store.store(link, feed, &fetched) {
                Ok(stored) => PageOutcome::Stored(stored),
                Err(e) => PageOutcome::Failed(format!("cannot be stored: {e}")),
            }
        }
        Ok(Answer::NotModified) => {
            PageOutcome::Failed("the server answered 304 to a plain request".to_string())
        }
        Err(problem) => PageOutcome::Failed(problem),
    }
}

struct ParsedFeed {
    title: Option<String>,
    items: Vec<Item>,
}

/// The feed's items, or why the body is not a feed. `None` when it was not modified.
fn read_feed(url: &str, answer: Answer) -> Result<Option<(Fetched, ParsedFeed)>, String> {
    let Answer::Fetched(fetched) = answer else {
        return Ok(None);
    };
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(Some(fetched.url.as_str()))
        .build()
        .parse(fetched.body.as_slice())
        .map_err(|e| format!("not a feed: {e}"))?;
    let items = parsed
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.clone());
            let problem = link
                .as_deref()
                .and_then(|l| web_url(l).err())
                .map(|e| e.to_string());
            Item {
                feed: url.to_string(),
                id: entry.id,
                title: entry
                    .title
                    .map(|t| crate::terminal_safe(t.content.trim()).into_owned()),
                link,
                published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                page: None,
                read: false,
                problem,
            }
        })
        .collect();
    Ok(Some((
        fetched,
        ParsedFeed {
            title: parsed
                .title
                .map(|t| crate::terminal_safe(t.content.trim()).into_owned()),
            items,
        },
    )))
}

/// Adds the items not seen before: how many, and the links among them copydesk will
/// not fetch, with the reason.
fn merge_items(
    library: &mut FeedLibrary,
    feed: &str,
    items: Vec<Item>,
) -> (usize, Vec<(String, String)>) {
    let known: HashSet<String> = library.items_of(feed).map(|i| i.id.clone()).collect();
    let mut added = 0;
    let mut refused = Vec::new();
    for item in items {
        if !known.contains(&item.id) {
            if let (Some(link), Some(problem)) = (&item.link, &item.problem) {
                refused.push((crate::terminal_safe(link).into_owned(), problem.clone()));
            }
            library.state.items.push(item);
            added += 1;
        }
    }
    (added, refused)
}

fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| format!("{h}:{}", u.port().unwrap_or(0)))
        })
        .unwrap_or_default()
}

/// The library's pages folder, shared by the fetching threads.
fn open_store(library: &FeedLibrary) -> Result<Mutex<PageStore>, LibraryError> {
    let dir = library.articles_dir();
    match PageStore::open(&dir) {
        Ok(store) => Ok(Mutex::new(store)),
        Err(source) => Err(LibraryError::Save { path: dir, source }),
    }
}

/// Each host's `robots.txt`, asked for once per run and only when the person opted in.
/// A host without one (or whose file cannot be fetched) allows everything.
struct Robots<'a> {
    client: Option<&'a Client>,
    rules: Mutex<HashMap<String, Option<texting_robots::Robot>>>,
}

impl<'a> Robots<'a> {
    fn new(enabled: bool, client: &'a Client) -> Robots<'a> {
        Robots {
            client: enabled.then_some(client),
            rules: Mutex::new(HashMap::new()),
        }
    }

    fn allows(&self, link: &str) -> bool {
        let Some(client) = self.client else {
            return true;
        };
        let Ok(robots_url) = texting_robots::get_robots_url(link) else {
            return true;
        };
        let known = self
            .rules
            .lock()
            .expect("no fetch panics holding robots")
            .get(&robots_url)
            .map(|r| r.as_ref().map(|robot| robot.allowed(link)));
        if let Some(verdict) = known {
            return verdict.unwrap_or(true);
        }
        let robot = match client.get(&robots_url, Validators::default()) {
            Ok(Answer::Fetched(fetched)) => {
                texting_robots::Robot::new("copydesk", &fetched.body).ok()
            }
            _ => None,
        };
        let verdict = robot.as_ref().is_none_or(|r| r.allowed(link));
        self.rules
            .lock()
            .expect("no fetch panics holding robots")
            .insert(robots_url, robot);
        verdict
    }
}
