//! Correcting the linker from the sidebar and the text: rename, merge, split. The article
//! is written for these tests.

mod reader_common;

use copydesk::annotate::schema::Status;
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::render::buffer_text;
use copydesk::tui::{self as reader};
use reader_common::reader_on;

const BODY: &str = "Dana Price, who leads the Eastbay Dockworkers Union, said on Monday that members had voted to strike. Price said the Eastbay Port Authority had ignored safety warnings. The EDU will meet port managers in Northgate on Friday, according to Mark Olsen, a union spokesman.";

fn app() -> App {
    reader_on(
        "/nonexistent/entities-test.md",
        Some("Dockers vote to strike"),
        &[BODY],
    )
}

fn screen(app: &mut App, keys: &str) -> String {
    let keys = KeyChord::parse_replay(keys).unwrap();
    buffer_text(&reader::render_headless(app, 100, 22, &keys))
}

fn sidebar(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once('│').map(|(_, right)| right.trim().to_string()))
        .collect()
}

#[test]
fn merging_two_entities_then_splitting_a_mention_off_again() {
    let mut app = app();
    let before = screen(&mut app, "Tab");
    assert!(sidebar(&before).contains(&"EDU ×1".to_string()), "{before}");
    // EDU is the third entity row; the union the fourth.
    let merged = screen(&mut app, "j j M j M");
    let rows = sidebar(&merged);
    assert!(
        rows.contains(&"Eastbay Dockworkers Union ×2".to_string()),
        "{merged}"
    );
    assert!(!rows.iter().any(|r| r.starts_with("EDU")), "{merged}");
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    assert_eq!(sidecar.entities.len(), 1);
    assert_eq!(sidecar.entities[0].name, "Eastbay Dockworkers Union");
    assert_eq!(sidecar.entities[0].mentions.len(), 2);
    // Holding mentions for an entity decides nothing about them.
    assert!(
        sidecar
            .mentions
            .iter()
            .all(|m| m.meta.status == Status::Suggested)
    );
    assert_eq!(app.desk.documents[0].annotations.progress().0, 0);

    let split = screen(&mut app, "Esc Tab / EDU Enter S");
    let rows = sidebar(&split);
    assert!(rows.contains(&"EDU ×1".to_string()), "{split}");
    assert!(
        rows.contains(&"Eastbay Dockworkers Union ×1".to_string()),
        "{split}"
    );
}

#[test]
fn renaming_an_entity_shows_the_new_name_and_undo_brings_the_old_one_back() {
    let mut app = app();
    let keys = "/ Northgate Enter E";
    let prompt = screen(&mut app, keys);
    assert!(
        prompt.lines().last().unwrap().contains("name: Northgate"),
        "{prompt}"
    );
    let erase = "Backspace ".repeat("Northgate".len());
    let renamed = screen(
        &mut app,
        &format!("{erase} H a r b o u r Space B o a r d Enter"),
    );
    assert!(
        sidebar(&renamed).contains(&"Harbour Board ×1".to_string()),
        "{renamed}"
    );
    let entity = &app.desk.documents[0].annotations.store.sidecar.entities[0];
    assert_eq!(entity.name, "Harbour Board");
    assert_eq!(entity.meta.status, Status::Edited);
    let undone = screen(&mut app, "u");
    assert!(
        sidebar(&undone).contains(&"Northgate ×1".to_string()),
        "{undone}"
    );
}
