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
    app.desk.annotator = annotator.to_string();
    drop(reader::connect(&mut app, Lexicons::built_in()));
    app.set_size(100, 30);
    app
}

fn press(app: &mut App, keys: &str) {
    for key in KeyChord::parse_replay(keys).unwrap() {
        let effects = app.handle_key(key);
        app.run_effects(effects);
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

/// The terminal loop's side of saving: the jobs for the saver thread, and what went
/// wrong said on the status bar.
fn take_saves(app: &mut App, now: Instant) -> Vec<SaveJob> {
    let (jobs, report) = app.desk.take_saves(now);
    app.report_saves(report);
    jobs
}

fn finish_saves(app: &mut App, saved: Vec<Saved>) {
    let report = app.desk.finish_saves(saved);
    app.report_saves(report);
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
    let mut jobs = take_saves(&mut app, later(1));
    assert_eq!(jobs.len(), 1);
    // The second decision comes while the first save is on the saver thread.
    press(&mut app, "a");
    assert!(
        take_saves(&mut app, later(1)).is_empty(),
        "saves never overlap"
    );
    finish_saves(&mut app, vec![write(jobs.remove(0))]);
    assert_eq!(app.desk.save_state(), Some("unsaved"));
    let jobs = take_saves(&mut app, later(2));
    assert_eq!(jobs.len(), 1);
    finish_saves(&mut app, jobs.into_iter().map(write).collect());
    assert_eq!(app.desk.save_state(), Some("saved"));

    let reopened = app_on(&path, "ana");
    assert_eq!(reopened.desk.documents[0].annotations.progress().0, 2);
}

#[test]
fn a_teammates_change_on_disk_is_merged_into_the_save_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut mine = app_on(&path, "ana");
    press(&mut mine, "R a");
    let saved = take_saves(&mut mine, later(1))
        .into_iter()
        .map(write)
        .collect();
    finish_saves(&mut mine, saved);

    // A teammate opens the saved sidecar, rejects the next suggestion, and saves.
    let mut theirs = app_on(&path, "ben");
    press(&mut theirs, "G [ e x");
    theirs.save_all();

    press(&mut mine, "R a");
    let saved = take_saves(&mut mine, later(1))
        .into_iter()
        .map(write)
        .collect();
    finish_saves(&mut mine, saved);
    let message = mine.message.clone().unwrap();
    assert!(message.text.contains("merged"), "{message:?}");
    assert_eq!(mine.desk.documents[0].annotations.progress().0, 3);
    let on_disk = app_on(&path, "ana");
    assert_eq!(on_disk.desk.documents[0].annotations.progress().0, 3);
}

/// A save fails when a folder stands where the sidecar goes (renaming onto it fails even
/// for root, who can write into a read-only folder).
fn block_saving(app: &App) -> std::path::PathBuf {
    let sidecar = app.desk.documents[0].annotations.store.path().to_path_buf();
    let _ = std::fs::remove_file(&sidecar);
    std::fs::create_dir(&sidecar).unwrap();
    sidecar
}

#[test]
fn quitting_with_decisions_that_failed_to_save_asks_first_and_keeps_them_in_a_rescue_file() {
    let dir = tempfile::tempdir().unwrap();
    let rescue = copydesk::annotate::rescue::RescueFolder::at(dir.path().join("rescue"));
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut app = app_on(&path, "ana");
    app.set_rescue_folder(Some(rescue.clone()));
    let sidecar = block_saving(&app);
    press(&mut app, "R a");
    let saved = take_saves(&mut app, later(1))
        .into_iter()
        .map(write)
        .collect();
    finish_saves(&mut app, saved);
    assert_eq!(app.desk.save_state(), Some("save failed"));

    press(&mut app, "q");
    assert!(!app.should_quit, "the first q only warns");
    let warning = app.message.clone().unwrap();
    assert!(
        warning.error && warning.text.starts_with("q again"),
        "{warning:?}"
    );
    // Found in tmux: the retry half a second later failed again and its message hid the
    // warning, so the person never learned that q again would leave.
    let retried = take_saves(&mut app, later(3))
        .into_iter()
        .map(write)
        .collect();
    finish_saves(&mut app, retried);
    assert_eq!(
        app.message,
        Some(warning),
        "a failed retry keeps the warning"
    );
    press(&mut app, "q");
    assert!(app.should_quit);
    app.should_quit = false;
    press(&mut app, "j q");
    assert!(!app.should_quit, "another key in between asks again");
    press(&mut app, "q");
    assert!(app.should_quit);

    app.save_all();
    let told = app.desk.rescue_unsaved();
    assert_eq!(told.len(), 1, "{told:?}");
    let files = rescue.rescues_for(&sidecar);
    assert_eq!(files.len(), 1);
    assert!(
        told[0].contains(&files[0].file.display().to_string()),
        "{told:?}"
    );

    std::fs::remove_dir(&sidecar).unwrap();
    let mut reopened = app_on(&path, "ana");
    reopened.set_rescue_folder(Some(rescue.clone()));
    assert_eq!(reopened.desk.documents[0].annotations.progress().0, 1);
    assert_eq!(reopened.desk.save_state(), Some("unsaved"));
    reopened.save_all();
    assert_eq!(reopened.desk.save_state(), Some("saved"));
    assert!(
        rescue.rescues_for(&sidecar).is_empty(),
        "saved, so the rescue is gone"
    );
    let on_disk = app_on(&path, "ana");
    assert_eq!(on_disk.desk.documents[0].annotations.progress().0, 1);
}

#[test]
fn quitting_with_every_decision_saved_never_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut app = app_on(&path, "ana");
    press(&mut app, "R a q");
    assert!(
        app.should_quit,
        "an unsaved decision is saved on the way out"
    );
    app.save_all();
    assert!(app.desk.rescue_unsaved().is_empty());
}
