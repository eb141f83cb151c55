//! The library as a person meets it: a folder of articles (written for these tests) as a
//! list, with details filled in, progress read back from sidecars, filtering, sorting,
//! and moving between articles without going back.

use copydesk::article::LoadOptions;
use copydesk::article::collection::list;
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::{Keymap, Mode};
use copydesk::tui::library::Library;
use copydesk::tui::render::buffer_text;
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};

const HARBOUR: &str = "---\ndate: 2025-10-14\n---\n\n# Harbour board delays crane repairs\n\nThe Eastbay Port Authority postponed repairs to two cranes on Monday, officials said.\n\nUnion leaders alleged that inspections had been skipped since March.\n";
const COUNCIL: &str = "---\ndate: 2025-11-02\n---\n\n# Council votes to keep the night bus\n\nThe Northgate city council voted on Tuesday to keep the night bus running until 2027.\n\nMayor Ines Alvarez said the service was used by nurses and cleaners.\n";
const LIBRARY: &str = "---\ndate: 2025-09-30\n---\n\n# Saltmarsh library opens a reading room\n\nThe Saltmarsh library opened a reading room for students on Friday.\n";
const WIRE: &str = concat!(
    r#"{"id": "w1", "title": "Ferry crews return to work", "date": "2025-12-01", "text": "Ferry crews in Northgate returned to work on Monday, the union said."}"#,
    "\n",
    r#"{"id": "w2", "title": "Airport denies runway closure", "date": "2025-12-03", "text": "Northgate Airport denied on Wednesday that its main runway would close."}"#,
    "\n"
);

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("harbour.md", HARBOUR),
        ("council.md", COUNCIL),
        ("library.md", LIBRARY),
        ("wire.jsonl", WIRE),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn app_on(dir: &std::path::Path) -> App {
    let (listed, problems) = list(
        &[dir.to_string_lossy().into_owned()],
        LoadOptions::default(),
    );
    assert!(problems.is_empty());
    let library = Library::new(listed, LoadOptions::default());
    let mut app = App::with_library(
        library,
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.desk.annotator = "tester".to_string();
    drop(reader::connect(&mut app, Lexicons::built_in()));
    app
}

fn screen(app: &mut App, width: u16, height: u16, keys: &str) -> String {
    let keys = KeyChord::parse_replay(keys).unwrap();
    buffer_text(&reader::render_headless(app, width, height, &keys))
}

#[test]
fn the_library_lists_every_article_with_its_details() {
    let dir = folder();
    let mut app = app_on(dir.path());
    assert_eq!(app.mode, Mode::Library);
    insta::assert_snapshot!("library_100x12", screen(&mut app, 100, 12, ""));
    insta::assert_snapshot!("library_50x10", screen(&mut app, 50, 10, ""));
}

#[test]
fn typing_filters_and_enter_opens_then_the_library_comes_back_on_the_same_row() {
    let dir = folder();
    let mut app = app_on(dir.path());
    let text = screen(&mut app, 100, 12, "/ n i g h t");
    assert!(text.contains("1 shown"), "{text}");
    assert!(text.contains("Council votes"), "{text}");
    assert!(!text.contains("Harbour board"), "{text}");
    let text = screen(&mut app, 100, 12, "Enter Enter");
    assert_eq!(app.mode, Mode::Normal);
    assert!(text.contains("Mayor Ines Alvarez"), "{text}");
    let text = screen(&mut app, 100, 12, "L");
    assert_eq!(app.mode, Mode::Library);
    let row = text.lines().find(|l| l.contains("Council votes")).unwrap();
    assert!(row.starts_with('▸'), "{text}");
}

#[test]
fn next_article_follows_the_sorted_order_without_going_back() {
    let dir = folder();
    let mut app = app_on(dir.path());
    // Sorted by date: library (09-30), harbour (10-14), council (11-02), w1, w2.
    let text = screen(&mut app, 100, 12, "s s g g Enter");
    assert!(text.contains("Saltmarsh library opens"), "{text}");
    let text = screen(&mut app, 100, 12, "] a");
    assert!(text.contains("Harbour board delays"), "{text}");
    assert!(text.lines().last().unwrap().contains("2/5"), "{text}");
    let text = screen(&mut app, 100, 12, "[ a [ a");
    assert!(text.contains("Airport denies"), "{text}");
}

#[test]
fn progress_comes_from_the_sidecars_so_it_survives_a_restart() {
    let dir = folder();
    let mut app = app_on(dir.path());
    let before = screen(&mut app, 100, 12, "");
    let row = before
        .lines()
        .find(|l| l.contains("Harbour board"))
        .unwrap();
    assert!(row.contains(" 0/"), "{before}");
    // Open the harbour article and accept its first suggestion in review mode.
    screen(&mut app, 100, 12, "/ h a r b o u r Enter Enter R a Esc");
    app.save_all();
    assert!(dir.path().join("harbour.md.copydesk.json").exists());

    let mut reopened = app_on(dir.path());
    let after = screen(&mut reopened, 100, 12, "");
    let row = after.lines().find(|l| l.contains("Harbour board")).unwrap();
    assert!(row.contains(" 1/"), "{after}");
    // Sorting by progress puts the untouched articles first.
    let sorted = screen(&mut reopened, 100, 12, "s s s s s");
    let rows: Vec<&str> = sorted.lines().skip(2).take(5).collect();
    assert!(rows[4].contains("Harbour board"), "{sorted}");
}

#[test]
fn an_unreadable_file_is_a_row_with_its_reason_and_control_characters_never_reach_the_screen() {
    let dir = folder();
    std::fs::write(dir.path().join("empty.txt"), "   \n").unwrap();
    std::fs::write(dir.path().join("evil\u{1b}[31m.md"), "# Red\n\nText.\n").unwrap();
    let mut app = app_on(dir.path());
    let text = screen(&mut app, 100, 14, "");
    assert!(text.contains("is empty"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    // Opening the empty file keeps the library and says why.
    let text = screen(&mut app, 100, 14, "/ e m p t y Enter Enter");
    assert_eq!(app.mode, Mode::Library);
    assert!(text.lines().last().unwrap().contains("is empty"), "{text}");
}

#[test]
fn a_file_that_turns_out_to_be_a_corpus_gets_a_row_per_record_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.dat"), WIRE).unwrap();
    std::fs::write(dir.path().join("b.md"), LIBRARY).unwrap();
    let mut app = app_on(dir.path());
    let text = screen(&mut app, 100, 12, "Enter L");
    let rows: Vec<&str> = text.lines().skip(2).take(3).collect();
    assert!(rows[0].contains("Ferry crews return"), "{text}");
    assert!(rows[1].contains("Airport denies"), "{text}");
    assert!(rows[2].contains("Saltmarsh library"), "{text}");
}

/// The claims column counts the person's own claims too, as the sidebar does: an
/// article where a person tagged the one claim the detector missed is not listed with 0.
#[test]
fn a_claim_the_person_tagged_counts_in_the_library() {
    let dir = folder();
    let mut app = app_on(dir.path());
    let claims_of = |text: &str| -> String {
        let row = text
            .lines()
            .find(|l| l.contains("Saltmarsh library"))
            .unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        let at = cells.iter().position(|c| *c == "2025-09-30").unwrap();
        cells[at + 2].to_string()
    };
    let before = screen(&mut app, 100, 12, "");
    assert_eq!(claims_of(&before), "0", "{before}");
    screen(
        &mut app,
        100,
        12,
        "/ s a l t Enter Enter / r e a d i n g Enter v } T 7",
    );
    let after = screen(&mut app, 100, 12, "L");
    assert_eq!(claims_of(&after), "1", "{after}");
}
