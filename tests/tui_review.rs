//! Review at speed: tagging a missed claim without leaving review, the next article
//! offered when one is done, and highlights that follow what a person changed. Articles
//! here are written for these tests.

mod reader_common;

use copydesk::annotate::schema::Status;
use copydesk::article::{Article, Metadata, SourceFormat};
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::{App, Document};
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::{Keymap, Mode};
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use reader_common::reader_on;

const BODY: [&str; 2] = [
    "The Northgate Harbour Board hired Dana Whitlock as its chief engineer on Monday.",
    "Dana Whitlock said the cranes were safe, but dock workers alleged that inspections were skipped.",
];

fn press(app: &mut App, width: u16, keys: &str) -> Buffer {
    let keys = KeyChord::parse_replay(keys).unwrap();
    reader::render_headless(app, width, 20, &keys)
}

fn status_line(buffer: &Buffer) -> String {
    let area = buffer.area;
    (area.left()..area.right())
        .map(|x| buffer[(x, area.bottom() - 1)].symbol().to_string())
        .collect()
}

/// The cells on screen showing `words` (the first place they appear), as (x, y).
fn cells_of(buffer: &Buffer, words: &str) -> Vec<(u16, u16)> {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let line: Vec<String> = (area.left()..area.right())
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        let joined: String = line.concat();
        if let Some(at) = joined.find(words) {
            let x = joined[..at].chars().count() as u16;
            return (x..x + words.chars().count() as u16)
                .map(|x| (x, y))
                .collect();
        }
    }
    panic!("{words:?} is not on screen");
}

fn article(source: &str, title: &str, body: &[&str]) -> Article {
    Article::assemble(
        source.to_string(),
        SourceFormat::Markdown,
        Metadata {
            title: Some(title.to_string()),
            ..Metadata::default()
        },
        body.iter().map(|p| p.to_string()).collect(),
    )
}

#[test]
fn a_missed_claim_is_tagged_without_leaving_review() {
    let mut app = reader_on("/nonexistent/review-tag.md", Some("Board"), &BODY);
    press(&mut app, 100, "R");
    assert_eq!(app.mode, Mode::Review);
    let start = app.desk.text().find("inspections were skipped").unwrap();
    app.reading.cursor = start;
    press(&mut app, 100, "v w w w T 1");
    assert_eq!(
        app.mode,
        Mode::Review,
        "the picker went back to the reading mode"
    );
    let claims = &app.desk.documents[0].annotations.store.sidecar.claims;
    let own: Vec<_> = claims
        .iter()
        .filter(|c| c.meta.status == Status::Manual)
        .collect();
    assert_eq!(own.len(), 1, "{claims:#?}");
    assert_eq!(own[0].content.exact, "inspections were skipped");
    // Its cue goes to it, not to the suggestion under review.
    app.reading.cursor = app.desk.text().find("alleged").unwrap();
    press(&mut app, 100, "c");
    let claims = &app.desk.documents[0].annotations.store.sidecar.claims;
    let own = claims
        .iter()
        .find(|c| c.meta.status == Status::Manual)
        .unwrap();
    assert_eq!(own.cue.as_ref().map(|c| c.exact.as_str()), Some("alleged"));
}

#[test]
fn when_an_article_is_all_decided_review_offers_the_next_one_and_goes_on_there() {
    let documents = vec![
        Document::new(article("/nonexistent/first.md", "First", &BODY[..1])),
        Document::new(article("/nonexistent/second.md", "Second", &BODY[1..])),
    ];
    let mut app = App::new(
        documents,
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    drop(reader::connect(&mut app, Lexicons::built_in()));
    press(&mut app, 100, "R");
    let total = app.desk.documents[0].annotations.suggestions.len();
    assert!(total > 0);
    let buffer = press(&mut app, 100, &vec!["a"; total].join(" "));
    let status = status_line(&buffer);
    assert!(status.contains("review the next article"), "{status}");
    press(&mut app, 100, "] a");
    assert_eq!(app.mode, Mode::Review);
    assert_eq!(
        app.desk.document().unwrap().article.source,
        "/nonexistent/second.md"
    );
    assert_eq!(
        app.desk.documents[app.desk.current]
            .annotations
            .progress()
            .0,
        0
    );
}

#[test]
fn a_boundary_edit_in_review_moves_the_highlight_with_it() {
    let mut app = reader_on("/nonexistent/review-edge.md", Some("Board"), &BODY);
    press(&mut app, 100, "R");
    // Step to the first mention of Dana Whitlock and take in the word after it.
    for _ in 0..10 {
        let words = app
            .review_target()
            .map(|s| app.desk.text()[s.range.clone()].to_string());
        if words.as_deref() == Some("Dana Whitlock") {
            break;
        }
        press(&mut app, 100, "n");
    }
    let buffer = press(&mut app, 100, "=");
    let reversed = |(x, y): (u16, u16)| buffer[(x, y)].modifier.contains(Modifier::REVERSED);
    let extended = cells_of(&buffer, "Dana Whitlock as");
    assert!(
        extended.iter().all(|&cell| reversed(cell)),
        "the highlight stayed on the old span"
    );
}

#[test]
fn a_mention_extended_onto_the_line_above_is_coloured_there() {
    let mut app = reader_on("/nonexistent/review-wrap.md", Some("Board"), &BODY);
    // At this width "Monday." starts a wrapped line and "on" ends the one above.
    let width = 22;
    press(&mut app, width, "R");
    for _ in 0..12 {
        let words = app
            .review_target()
            .map(|s| app.desk.text()[s.range.clone()].to_string());
        if words.as_deref() == Some("Monday") {
            break;
        }
        press(&mut app, width, "n");
    }
    let buffer = press(&mut app, width, "< Esc");
    let mention = &app.desk.documents[0].annotations.store.sidecar.mentions[0];
    assert_eq!(mention.span.exact, "on Monday");
    let on = cells_of(&buffer, "engineer on");
    let monday = cells_of(&buffer, "Monday.");
    assert!(
        on[0].1 < monday[0].1,
        "the mention does not start a wrapped line"
    );
    let date = app.theme.get("entity.date").fg;
    let (x, y) = on[on.len() - 1];
    assert_eq!(
        buffer[(x, y)].fg,
        date.unwrap(),
        "“on” is not drawn as part of the date"
    );
}

#[test]
fn relabelling_a_suggestion_to_the_label_it_has_accepts_it() {
    let mut app = reader_on("/nonexistent/review-same-label.md", Some("Board"), &BODY);
    press(&mut app, 100, "R");
    // The first suggestion here is an entity; its label's place in the picker.
    let label = app.review_target().unwrap().label().to_string();
    let at = copydesk::tui::annotating::ENTITY_LABELS
        .iter()
        .position(|l| *l == label)
        .unwrap();
    let digit = at + 1;
    assert!(digit <= 9, "{label} is not one digit away");
    press(&mut app, 100, &format!("l {digit}"));
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let statuses: Vec<Status> = sidecar
        .mentions
        .iter()
        .map(|m| m.meta.status)
        .chain(sidecar.claims.iter().map(|c| c.meta.status))
        .collect();
    assert_eq!(statuses, [Status::Accepted], "{sidecar:#?}");
}
