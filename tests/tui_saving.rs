//! Saving off the UI thread: the app hands a copy of the sidecar to the saver and goes on;
//! decisions made while a save is under way are written by the next one, and a teammate's
//! change found on disk is merged in and announced, never overwritten.

use std::time::{Duration, Instant};

use copydesk::article::LoadOptions;
use copydesk::article::collection::list;
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::Keymap;
use copydesk::tui::library::Library;
use copydesk::tui::saver::{SaveJob, Saved};
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};

const ARTICLE: &str = "---\ndate: 2025-10-14\n---\n\n# Harbour board delays crane repairs\n\nThe Eastbay Port Authority postponed repairs to two cranes on Monday, officials said.\n\nUnion leaders in Northgate alleged that inspections had been skipped since March.\n";

fn app_on(path: &std::path::Path, annotator: &str) -> App {
    let (listed, _) = list(
        &[path.to_string_lossy().into_owned()],
        LoadOptions::default(),
    );
    let mut app = App::with_library(
        Library::new(listed, LoadOptions::default()),
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.annotator = annotator.to_string();
    drop(reader::connect(&mut app, Lexicons::built_in()));
    app.set_size(100, 30);
    app
}

fn press(app: &mut App, keys: &str) {
    for key in KeyChord::parse_replay(keys).unwrap() {
        app.handle_key(key);
    }
}

/// What the saver thread does with a job, done here so the test decides when.
fn write(job: SaveJob) -> Saved {
    Saved {
        document: job.document,
        generation: job.generation,
        result: job.pending.write(),
    }
}

fn later(seconds: u64) -> Instant {
    Instant::now() + Duration::from_secs(seconds)
}

#[test]
fn a_decision_made_while_a_save_is_under_way_is_written_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut app = app_on(&path, "ana");
    press(&mut app, "R a");
    let mut jobs = app.take_saves(later(1));
    assert_eq!(jobs.len(), 1);
    // The second decision comes while the first save is on the saver thread.
    press(&mut app, "a");
    assert!(app.take_saves(later(1)).is_empty(), "saves never overlap");
    app.saved(vec![write(jobs.remove(0))]);
    assert_eq!(app.save_state(), Some("unsaved"));
    let jobs = app.take_saves(later(2));
    assert_eq!(jobs.len(), 1);
    app.saved(jobs.into_iter().map(write).collect());
    assert_eq!(app.save_state(), Some("saved"));

    let reopened = app_on(&path, "ana");
    assert_eq!(reopened.documents[0].annotations.progress().0, 2);
}

#[test]
fn a_teammates_change_on_disk_is_merged_into_the_save_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut mine = app_on(&path, "ana");
    press(&mut mine, "R a");
    let saved = mine.take_saves(later(1)).into_iter().map(write).collect();
    mine.saved(saved);

    // A teammate opens the saved sidecar, rejects the next suggestion, and saves.
    let mut theirs = app_on(&path, "ben");
    press(&mut theirs, "G [ e x");
    theirs.save_all();

    press(&mut mine, "R a");
    let saved = mine.take_saves(later(1)).into_iter().map(write).collect();
    mine.saved(saved);
    let message = mine.message.clone().unwrap();
    assert!(message.text.contains("merged"), "{message:?}");
    assert_eq!(mine.documents[0].annotations.progress().0, 3);
    let on_disk = app_on(&path, "ana");
    assert_eq!(on_disk.documents[0].annotations.progress().0, 3);
}
