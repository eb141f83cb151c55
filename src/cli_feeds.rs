//! `copydesk feeds`, `copydesk update` and `copydesk fetch` on the command line: which
//! library, how progress is shown, and the summary. The work is in `copydesk::feeds`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Args, Subcommand};
use copydesk::article::LoadOptions;
use copydesk::feeds::http::HttpOptions;
use copydesk::feeds::library::FeedLibrary;
use copydesk::feeds::pages::Stored;
use copydesk::feeds::update::{
    Event, FeedOutcome, PageOutcome, UpdateOptions, UpdateReport, fetch_pages, update,
};
use copydesk::feeds::{newsboat, opml};
use copydesk::terminal_safe;
use copydesk::tui::feed_list::FeedList;
use copydesk::tui::library::Library;

use crate::{BAD_INPUT, OutputFormat, parse_size};

#[derive(Args)]
pub struct LibraryArg {
    /// The feed library: `feeds.json` and the fetched pages in `articles/` (default:
    /// copydesk's folder in the XDG data directory).
    #[arg(long, value_name = "DIR")]
    library: Option<PathBuf>,
}

#[derive(Args)]
pub struct FetchArgs {
    /// Ask each site's robots.txt first and skip what it disallows.
    #[arg(long)]
    robots: bool,
    /// Give up on one request after this many seconds (connecting, redirects and body).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Refuse a feed or page larger than this (after decompression; K, M, G accepted).
    #[arg(long, value_name = "BYTES", value_parser = parse_size, default_value = "16M")]
    max_size: u64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    jobs: usize,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 2)]
    per_host: usize,
}

impl FetchArgs {
    fn options(&self) -> UpdateOptions {
        UpdateOptions {
            http: HttpOptions {
                timeout: Duration::from_secs(self.timeout.max(1)),
                max_bytes: self.max_size,
                ..HttpOptions::default()
            },
            workers: self.jobs.max(1),
            per_host: self.per_host.max(1),
            robots: self.robots,
        }
    }
}

#[derive(Subcommand)]
pub enum FeedsCommand {
    /// Subscribe to feeds (RSS, Atom or JSON Feed URLs).
    Add {
        #[arg(required = true)]
        urls: Vec<String>,
        /// A tag for every feed added; repeat for more.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Your own name for the feed (one URL only).
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// The subscriptions, numbered, with item and unread counts and the last problem.
    List {
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// Unsubscribe (by URL or number); pages already fetched stay.
    Remove {
        feed: String,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// Subscribe to the feeds of an OPML file or a newsboat `urls` file, tags kept.
    Import {
        file: PathBuf,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// Write the subscriptions as OPML.
    Export {
        /// Output file; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        library: LibraryArg,
    },
}

fn library_root(arg: &LibraryArg) -> Result<PathBuf, String> {
    if let Some(dir) = &arg.library {
        return Ok(dir.clone());
    }
    directories::ProjectDirs::from("", "", "copydesk")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| "no home folder to keep the library in; pass --library DIR".to_string())
}

fn open(arg: &LibraryArg) -> Result<FeedLibrary, String> {
    let root = library_root(arg)?;
    FeedLibrary::open(&root).map_err(|e| e.to_string())
}

/// The reader's library for `copydesk news`: every stored page, by feed.
pub fn feed_reading(arg: &LibraryArg, options: LoadOptions) -> Result<Library, String> {
    let (listed, feeds) = FeedList::list(open(arg)?);
    let mut library = Library::new(listed, options);
    library.feeds = Some(feeds);
    Ok(library)
}

fn fail(problem: impl std::fmt::Display) -> ExitCode {
    eprintln!("copydesk: {}", terminal_safe(&problem.to_string()));
    ExitCode::from(BAD_INPUT)
}

pub fn feeds(command: FeedsCommand) -> ExitCode {
    match run_feeds(command) {
        Ok(code) => code,
        Err(problem) => fail(problem),
    }
}

fn run_feeds(command: FeedsCommand) -> Result<ExitCode, String> {
    match command {
        FeedsCommand::Add {
            urls,
            tags,
            title,
            library,
        } => {
            if title.is_some() && urls.len() > 1 {
                return Err("--title names one feed; give one URL with it".to_string());
            }
            let mut library = open(&library)?;
            for url in &urls {
                library
                    .add(url, title.clone(), tags.clone())
                    .map_err(|e| e.to_string())?;
            }
            library.save().map_err(|e| e.to_string())?;
            eprintln!(
                "copydesk: {} feed(s) added; `copydesk update` fetches them",
                urls.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::List { format, library } => {
            let library = open(&library)?;
            list(&library, format == OutputFormat::Json);
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Remove { feed, library } => {
            let mut library = open(&library)?;
            let removed = library.remove(&feed).map_err(|e| e.to_string())?;
            library.save().map_err(|e| e.to_string())?;
            eprintln!(
                "copydesk: unsubscribed from {}; its fetched pages stay in {}",
                terminal_safe(removed.name()),
                library.articles_dir().display()
            );
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Import { file, library } => import(&file, &library),
        FeedsCommand::Export { output, library } => {
            let library = open(&library)?;
            let document = opml::write(&library.state.feeds);
            match output {
                Some(path) => std::fs::write(&path, document)
                    .map_err(|e| format!("{}: cannot be written: {e}", path.display()))?,
                None => print!("{document}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn import(file: &PathBuf, library: &LibraryArg) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("{}: cannot be read: {e}", file.display()))?;
    let (feeds, notes) = if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        let feeds = opml::read(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        (feeds, Vec::new())
    } else {
        newsboat::read(&text)
    };
    for note in notes {
        eprintln!("copydesk: {}: {note}", file.display());
    }
    let mut library = open(library)?;
    let (mut added, mut known, mut refused) = (0, 0, 0);
    for feed in feeds {
        match library.add(&feed.url, feed.title, feed.tags) {
            Ok(()) => added += 1,
            Err(copydesk::feeds::LibraryError::Duplicate(_)) => known += 1,
            Err(problem) => {
                refused += 1;
                eprintln!(
                    "copydesk: {}: {}",
                    file.display(),
                    terminal_safe(&problem.to_string())
                );
            }
        }
    }
    library.save().map_err(|e| e.to_string())?;
    eprintln!("copydesk: {added} feed(s) added, {known} already subscribed, {refused} refused");
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn list(library: &FeedLibrary, json: bool) {
    let rows: Vec<serde_json::Value> = library
        .state
        .feeds
        .iter()
        .map(|feed| {
            let items: Vec<_> = library.items_of(&feed.url).collect();
            serde_json::json!({
                "url": feed.url,
                "title": feed.title,
                "tags": feed.tags,
                "items": items.len(),
                "unread": items.iter().filter(|i| !i.read).count(),
                "stored": items.iter().filter(|i| i.page.is_some()).count(),
                "checked": feed.checked,
                "problem": feed.problem,
            })
        })
        .collect();
    if json {
        println!("{}", serde_json::Value::Array(rows));
        return;
    }
    for (number, (feed, row)) in library.state.feeds.iter().zip(&rows).enumerate() {
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", feed.tags.join(", "))
        };
        println!(
            "{:>3}  {}  {} items, {} unread{}",
            number + 1,
            terminal_safe(feed.name()),
            row["items"],
            row["unread"],
            terminal_safe(&tags)
        );
        if feed.title.is_some() {
            println!("     {}", terminal_safe(&feed.url));
        }
        if let Some(problem) = &feed.problem {
            println!("     last time: {}", terminal_safe(problem));
        }
    }
}

pub fn run_update(library: &LibraryArg, fetch: &FetchArgs) -> ExitCode {
    let mut library = match open(library) {
        Ok(library) => library,
        Err(problem) => return fail(problem),
    };
    if library.state.feeds.is_empty() {
        return fail("no feeds yet; add one with `copydesk feeds add URL`");
    }
    let progress = Progress::new();
    let result = update(&mut library, fetch.options(), &|event| progress.show(event));
    progress.finish();
    summarise(result, &library)
}

pub fn run_fetch(urls: &[String], library: &LibraryArg, fetch: &FetchArgs) -> ExitCode {
    let library = match open(library) {
        Ok(library) => library,
        Err(problem) => return fail(problem),
    };
    let progress = Progress::new();
    let result = fetch_pages(&library, urls, fetch.options(), &|event| {
        progress.show(event)
    });
    progress.finish();
    summarise(result, &library)
}

fn summarise(
    result: Result<UpdateReport, copydesk::feeds::LibraryError>,
    library: &FeedLibrary,
) -> ExitCode {
    let report = match result {
        Ok(report) => report,
        Err(problem) => return fail(problem),
    };
    eprintln!(
        "copydesk: {} new item(s); {} page(s) stored, {} unchanged, {} failed; {} feed(s) unchanged, {} failed. Read them: copydesk news --library {}",
        report.new_items,
        report.pages_stored,
        report.pages_unchanged,
        report.pages_failed,
        report.feeds_unchanged,
        report.feeds_failed,
        library.root.display()
    );
    if report.any_failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per feed and per page on a pipe or in a log; on a terminal, failures as
/// lines and everything else as one counter line rewritten in place.
struct Progress {
    terminal: bool,
    counts: Mutex<(usize, usize)>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            counts: Mutex::new((0, 0)),
        }
    }

    fn show(&self, event: &Event) {
        let mut counts = self.counts.lock().expect("no progress line panics");
        let line = match event {
            Event::PagesToFetch(total) => {
                *counts = (0, *total);
                None
            }
            Event::Feed { url, outcome } => Some(match outcome {
                FeedOutcome::NotModified => (false, format!("feed {url}: not modified")),
                FeedOutcome::Read { new_items } => {
                    (false, format!("feed {url}: {new_items} new item(s)"))
                }
                FeedOutcome::Failed(problem) => (true, format!("feed {url}: {problem}")),
            }),
            Event::Page { url, outcome } => {
                counts.0 += 1;
                Some(match outcome {
                    PageOutcome::Stored(Stored::New(path)) => {
                        (false, format!("page {url}: stored as {}", path.display()))
                    }
                    PageOutcome::Stored(Stored::NewVersion { path, previous }) => (
                        false,
                        format!(
                            "page {url}: changed; new version {} (the earlier {} is kept)",
                            path.display(),
                            previous.display()
                        ),
                    ),
                    PageOutcome::Stored(Stored::Unchanged(path)) => {
                        (false, format!("page {url}: unchanged ({})", path.display()))
                    }
                    PageOutcome::Failed(problem) => (true, format!("page {url}: {problem}")),
                })
            }
        };
        let mut err = std::io::stderr().lock();
        let Some((failure, line)) = line else {
            return;
        };
        let line = terminal_safe(&line);
        if !self.terminal {
            let _ = writeln!(err, "{line}");
        } else if failure {
            let _ = writeln!(err, "\r\x1b[2K{line}");
        } else {
            let (done, total) = *counts;
            let _ = write!(err, "\r\x1b[2Kfetching pages {done}/{total}");
        }
    }

    fn finish(&self) {
        if self.terminal {
            let _ = writeln!(std::io::stderr());
        }
    }
}
