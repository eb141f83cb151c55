//! Finishing an article in the reader, and what export makes of it: a mark is made when
//! every suggestion is decided or when the person marks the article done, it goes when
//! an undo brings a suggestion back, and only a finished article becomes training data.

use copydesk::annotate::schema::ReviewHow;
use copydesk::article::LoadOptions;
use copydesk::article::collection::list;
use copydesk::extract::lexicons::Lexicons;
use copydesk::interchange::Format;
use copydesk::interchange::document::Selection;
use copydesk::interchange::export::{ExportOptions, Sink, export};
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::Keymap;
use copydesk::tui::library::Library;
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};
use serde_json::Value;

const ARTICLE: &str = "---\ndate: 2025-10-14\n---\n\n# Harbour board delays crane repairs\n\nThe Eastbay Port Authority postponed repairs to two cranes on Monday, officials said.\n\nUnion leaders in Northgate alleged that inspections had been skipped since March.\n";

fn app_on(path: &std::path::Path) -> App {
    let (listed, _) = list(
        &[path.to_string_lossy().into_owned()],
        LoadOptions::default(),
    );
    let mut app = App::with_library(
        Library::new(listed, LoadOptions::default()),
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.desk.annotator = "ana".to_string();
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

fn exported(path: &std::path::Path) -> Vec<Value> {
    let options = ExportOptions {
        format: Format::Spacy,
        selection: Selection::default(),
        load: LoadOptions::default(),
        jobs: Some(1),
        include_partial: false,
        offsets: Default::default(),
    };
    let mut out = Vec::new();
    export(
        &[path.to_string_lossy().into_owned()],
        &options,
        Sink::Stream(&mut out),
    )
    .unwrap();
    String::from_utf8_lossy(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn deciding_every_suggestion_finishes_the_article_and_an_undo_unfinishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut app = app_on(&path);
    let total = app.desk.documents[0].annotations.suggestions.len();
    assert!(
        total > 2,
        "the detector finds the article's entities and claims"
    );
    press(&mut app, "R");
    for _ in 0..total - 1 {
        press(&mut app, "a");
    }
    assert_ne!(
        app.desk.review_completeness().as_deref(),
        Some("fully reviewed"),
        "one suggestion is left"
    );
    app.save_all();
    assert!(
        exported(&path).is_empty(),
        "a half-reviewed article went out"
    );
    press(&mut app, "a");
    assert_eq!(
        app.desk.review_completeness().as_deref(),
        Some("fully reviewed")
    );
    let reviewed = &app.desk.documents[0].annotations.store.sidecar.reviewed;
    assert_eq!(reviewed.entities.as_ref().unwrap().how, ReviewHow::Decided);
    app.save_all();
    let records = exported(&path);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["answer"], "accept");
    assert_eq!(records[0]["spans"].as_array().unwrap().len(), total);

    press(&mut app, "Esc u");
    assert_ne!(
        app.desk.review_completeness().as_deref(),
        Some("fully reviewed")
    );
    app.save_all();
    assert!(
        exported(&path).is_empty(),
        "the undone decision left a stale mark"
    );
}

#[test]
fn marking_done_asks_first_then_rejects_what_is_left_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harbour.md");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut app = app_on(&path);
    let total = app.desk.documents[0].annotations.suggestions.len();
    press(&mut app, "R a Esc");
    press(&mut app, "D");
    assert_eq!(
        app.desk.review_completeness(),
        None,
        "the first press only asks"
    );
    let asked = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(asked.contains("D again rejects"), "{asked}");
    press(&mut app, "D");
    assert_eq!(
        app.desk.review_completeness().as_deref(),
        Some("fully reviewed")
    );
    let annotations = &app.desk.documents[0].annotations;
    assert_eq!(annotations.progress(), (total, total));
    let mark = annotations.store.sidecar.reviewed.claims.as_ref().unwrap();
    assert_eq!((mark.how, mark.by.as_str()), (ReviewHow::Marked, "ana"));
    app.save_all();
    let records = exported(&path);
    let answers: Vec<&str> = records
        .iter()
        .filter_map(|r| r["answer"].as_str())
        .collect();
    assert_eq!(answers.iter().filter(|&&a| a == "accept").count(), 1);
    assert_eq!(
        answers.iter().filter(|&&a| a == "reject").count(),
        0,
        "rejected items stay home unless --status asks for them"
    );
    assert_eq!(records[0]["spans"].as_array().unwrap().len(), 1);

    press(&mut app, "u");
    let annotations = &app.desk.documents[0].annotations;
    assert_eq!(
        annotations.progress(),
        (1, total),
        "one undo took every rejection back"
    );
    assert!(
        annotations
            .complete_layers(&app.desk.documents[0].article.id)
            .is_empty()
    );
}
