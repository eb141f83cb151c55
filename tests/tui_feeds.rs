//! The reader as a feed reader, as a person meets it: a feed library on disk (feeds and
//! pages written for these tests) opens on the feeds with unread counts; Enter lists a
//! feed's items newest first with unread and annotated marks; reading an item marks it
//! read in `feeds.json`; `N` and `A` change read state; Esc goes back to the feeds.

use std::path::Path;

use copydesk::article::LoadOptions;
use copydesk::extract::lexicons::Lexicons;
use copydesk::feeds::FeedLibrary;
use copydesk::tui::app::App;
use copydesk::tui::feed_list::FeedList;
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::{Keymap, Mode};
use copydesk::tui::library::Library;
use copydesk::tui::render::buffer_text;
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};

const GAZETTE: &str = "http://127.0.0.1:9/gazette.xml";
const COURIER: &str = "http://127.0.0.1:9/courier.xml";

fn page(title: &str, body: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
}

/// Two feeds: the Gazette with two stored items (one of them read) and one whose page
/// failed, the Courier with one stored item.
fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let pages = [
        (
            "crane.html",
            "Crane cables found corroded",
            "Inspectors found corroded cables on the harbour crane on Monday, the port authority said.",
        ),
        (
            "ferry.html",
            "Ferry leaves earlier",
            "The island ferry will leave twenty minutes earlier from next week, the operator announced.",
        ),
        (
            "tram.html",
            "Tram line extended",
            "The tram line will reach the hospital by spring, Mayor Ines Alvarez said on Tuesday.",
        ),
    ];
    for (file, title, body) in pages {
        std::fs::write(articles.join(file), page(title, body)).unwrap();
    }
    let item = |feed: &str, id: &str, title: &str, date: &str, page: Option<&str>, read: bool| {
        serde_json::json!({
            "feed": feed, "id": id, "title": title, "published": date,
            "link": format!("http://127.0.0.1:9/{id}.html"),
            "page": page, "read": read,
        })
    };
    let state = serde_json::json!({
        "schema": "copydesk-feeds/1",
        "feeds": [
            {"url": GAZETTE, "title": "Harbour Gazette"},
            {"url": COURIER, "title": "Northwind Courier"},
        ],
        "items": [
            item(GAZETTE, "crane", "Crane cables found corroded", "2026-12-01T09:00:00Z", Some("crane.html"), false),
            item(GAZETTE, "ferry", "Ferry leaves earlier", "2026-12-02T09:00:00Z", Some("ferry.html"), true),
            item(GAZETTE, "gone", "A page that failed", "2026-12-03T09:00:00Z", None, false),
            item(COURIER, "tram", "Tram line extended", "2026-11-30T09:00:00Z", Some("tram.html"), false),
        ],
    });
    std::fs::write(
        dir.path().join("feeds.json"),
        serde_json::to_string_pretty(&state).unwrap(),
    )
    .unwrap();
    dir
}

fn app_on(root: &Path) -> App {
    let (listed, feeds) = FeedList::list(FeedLibrary::open(root).unwrap());
    let mut library = Library::new(listed, LoadOptions::default());
    library.feeds = Some(feeds);
    let mut app = App::with_library(
        library,
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.desk.annotator = "tester".to_string();
    drop(reader::connect(&mut app, Lexicons::built_in()));
    app
}

fn screen(app: &mut App, keys: &str) -> String {
    let keys = KeyChord::parse_replay(keys).unwrap();
    buffer_text(&reader::render_headless(app, 110, 16, &keys))
}

fn line_with<'a>(screen: &'a str, words: &str) -> &'a str {
    let found = screen.lines().find(|line| line.contains(words));
    found.unwrap_or_else(|| panic!("no line with {words:?} in\n{screen}"))
}

/// Read state of each item on disk, by id.
fn read_on_disk(root: &Path) -> Vec<(String, bool)> {
    let library = FeedLibrary::open(root).unwrap();
    let items = library.state.items.iter();
    items.map(|item| (item.id.clone(), item.read)).collect()
}

#[test]
fn the_feed_view_counts_unread_stored_items_per_feed() {
    let dir = library_dir();
    let mut app = app_on(dir.path());
    let shown = screen(&mut app, "");
    assert_eq!(app.mode, Mode::Library);
    assert!(shown.contains("Feeds · 2 · 2 unread"), "{shown}");
    let gazette = line_with(&shown, "Harbour Gazette");
    assert!(gazette.contains("● Harbour Gazette"), "{gazette}");
    assert!(
        gazette.contains("1 unread") && gazette.contains("2 stored"),
        "{gazette}"
    );
    assert!(line_with(&shown, "Northwind Courier").contains("1 unread"));
}

#[test]
fn a_feeds_items_come_newest_first_with_unread_marks_and_reading_one_marks_it_read() {
    let dir = library_dir();
    let mut app = app_on(dir.path());
    let items = screen(&mut app, "Enter");
    assert!(
        items.contains("Harbour Gazette · 2 items · 1 unread"),
        "{items}"
    );
    let ferry = items.find("Ferry leaves earlier").unwrap();
    let crane = items.find("Crane cables found corroded").unwrap();
    assert!(ferry < crane, "newest first:\n{items}");
    assert!(
        !items.contains("Tram line"),
        "another feed's item listed:\n{items}"
    );
    assert!(line_with(&items, "Crane cables").contains("●"), "{items}");
    assert!(!line_with(&items, "Ferry leaves").contains("●"), "{items}");
    assert!(line_with(&items, "Crane cables").contains("Harbour Gazette"));

    // The first unread item is highlighted: Enter reads it.
    let article = screen(&mut app, "Enter");
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        article.contains("Inspectors found corroded cables"),
        "{article}"
    );
    let read = read_on_disk(dir.path());
    assert!(read.contains(&("crane".to_string(), true)), "{read:?}");
    assert!(read.contains(&("tram".to_string(), false)), "{read:?}");

    let back = screen(&mut app, "L");
    assert!(back.contains("0 unread"), "{back}");
    assert!(!line_with(&back, "Crane cables").contains("●"), "{back}");
    let feeds = screen(&mut app, "Esc");
    assert!(feeds.contains("Feeds · 2 · 1 unread"), "{feeds}");
}

#[test]
fn n_marks_an_item_unread_again_and_a_marks_a_whole_feed_read_on_disk() {
    let dir = library_dir();
    let mut app = app_on(dir.path());
    screen(&mut app, "Enter g g N");
    let read = read_on_disk(dir.path());
    assert!(read.contains(&("ferry".to_string(), false)), "{read:?}");
    let feeds = screen(&mut app, "Esc j A");
    assert!(
        line_with(&feeds, "Northwind Courier").contains("0 unread"),
        "{feeds}"
    );
    let read = read_on_disk(dir.path());
    assert!(read.contains(&("tram".to_string(), true)), "{read:?}");
    assert!(read.contains(&("crane".to_string(), false)), "{read:?}");
}

#[test]
fn an_item_with_a_decision_shows_as_annotated_in_its_feed() {
    let dir = library_dir();
    let mut app = app_on(dir.path());
    let items = screen(&mut app, "Enter");
    assert!(!line_with(&items, "Crane cables").contains("✎"), "{items}");
    // Read the crane item, accept its first suggestion (the review walk), back to the list.
    screen(&mut app, "Enter R a Esc");
    app.save_all();
    let items = screen(&mut app, "L");
    assert!(line_with(&items, "Crane cables").contains("✎"), "{items}");
    // Listed again from disk, the sidecar says so too.
    let mut again = app_on(dir.path());
    let items = screen(&mut again, "Enter");
    assert!(line_with(&items, "Crane cables").contains("✎"), "{items}");
}

#[test]
fn a_page_stored_without_its_fetch_record_has_no_web_address_to_open() {
    let dir = library_dir();
    let mut app = app_on(dir.path());
    let shown = screen(&mut app, "Enter Enter o");
    assert!(shown.contains("this article has no web address"), "{shown}");
}

/// A fetch record as `copydesk update` writes it, for a page of the fixture.
fn record(root: &Path, file: &str, link: &str, previous: Option<&str>) {
    let path = root.join("articles").join(file);
    let bytes = std::fs::read(&path).unwrap();
    let record = serde_json::json!({
        "schema": "copydesk-fetch/1",
        "requested": link,
        "url": link,
        "fetched": if previous.is_some() { "2026-12-02T10:00:00Z" } else { "2026-12-01T10:00:00Z" },
        "status": 200,
        "raw_sha256": format!("{:x}", bytes.len()),
        "bytes": bytes.len(),
        "copydesk": "test",
        "previous": previous,
    });
    let mut name = path.into_os_string();
    name.push(".fetch.json");
    std::fs::write(name, serde_json::to_string(&record).unwrap()).unwrap();
}

#[test]
fn a_page_fetched_again_opens_at_its_newest_version_and_h_shows_what_changed() {
    let dir = library_dir();
    let link = "http://127.0.0.1:9/crane.html";
    record(dir.path(), "crane.html", link, None);
    let newer = page(
        "Crane cables found corroded",
        "Inspectors found corroded cables on the harbour crane on Monday, the port authority said.</p><p>The port authority denied on Tuesday that the crane had been unsafe.",
    );
    std::fs::write(dir.path().join("articles/crane.v2.html"), newer).unwrap();
    record(dir.path(), "crane.v2.html", link, Some("crane.html"));

    let mut app = app_on(dir.path());
    let items = screen(&mut app, "Enter");
    assert!(
        line_with(&items, "Crane cables").contains("Crane cables found corroded (v2)"),
        "{items}"
    );
    let article = screen(&mut app, "Enter");
    assert!(
        article.contains("denied on Tuesday"),
        "not the newest version:\n{article}"
    );
    let changes = screen(&mut app, "H");
    assert_eq!(app.mode, Mode::Help);
    assert!(changes.contains("Changed since crane.html"), "{changes}");
    assert!(
        changes.contains("+ The port authority denied on Tuesday"),
        "{changes}"
    );
    assert!(changes.contains("… 2 paragraphs as before"), "{changes}");
    assert!(changes.contains("closes the changes"), "{changes}");
    let closed = screen(&mut app, "Esc");
    assert_eq!(app.mode, Mode::Normal);
    assert!(!closed.contains("Changed since"), "{closed}");
    // The first version has nothing before it.
    let mut app = app_on(dir.path());
    let items = screen(&mut app, "Enter");
    assert!(
        items
            .lines()
            .nth(2)
            .unwrap()
            .contains("Ferry leaves earlier"),
        "{items}"
    );
    let said = screen(&mut app, "Enter H");
    assert!(said.contains("island ferry"), "{said}");
    assert!(said.contains("this page has one version"), "{said}");
}
