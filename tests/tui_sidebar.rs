//! The sidebar is the article's truth: it groups entities by the label a person decided,
//! lists their own items, marks what they rejected, and its keys act on the row chosen
//! there, never on the item under the text cursor. Articles here are written for these
//! tests.

mod reader_common;

use copydesk::annotate::schema::{Claim, Mention, Status};
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::sidebar::SidebarRow;
use copydesk::tui::{self as reader};
use reader_common::reader_on;

const BODY: [&str; 3] = [
    "The Northgate Harbour Board hired Dana Whitlock as its chief engineer on Monday.",
    "Dana Whitlock said the cranes were safe, but dock workers alleged that inspections were skipped.",
    "The Harbour Board denied the claims. Councillor Ravi Menon reportedly asked Dana Whitlock to resign.",
];

fn app_at(source: &str) -> App {
    reader_on(source, Some("Harbour board hires engineer"), &BODY)
}

fn keys(app: &mut App, keys: &str) -> String {
    let keys = KeyChord::parse_replay(keys).unwrap();
    let buffer = reader::render_headless(app, 120, 30, &keys);
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let line: String = (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line + "\n"
        })
        .collect()
}

fn mentions(app: &App) -> Vec<Mention> {
    app.desk.documents[0]
        .annotations
        .store
        .sidecar
        .mentions
        .clone()
}

fn claims(app: &App) -> Vec<Claim> {
    app.desk.documents[0]
        .annotations
        .store
        .sidecar
        .claims
        .clone()
}

fn entity_rows(app: &App) -> Vec<(String, String, usize, usize)> {
    app.sidebar
        .rows
        .iter()
        .filter_map(|row| match row {
            SidebarRow::Entity {
                label,
                entity,
                count,
                rejected,
            } => Some((label.clone(), entity.clone(), *count, *rejected)),
            _ => None,
        })
        .collect()
}

/// Moves the sidebar selection to the entity row named `entity`.
fn choose(app: &mut App, entity: &str) {
    let row = app
        .sidebar
        .rows
        .iter()
        .position(|row| matches!(row, SidebarRow::Entity { entity: e, .. } if e == entity))
        .unwrap_or_else(|| panic!("no row for {entity}: {:#?}", app.sidebar.rows));
    app.sidebar.selected = Some(row);
}

#[test]
fn l_in_the_sidebar_relabels_every_mention_of_the_chosen_entity_and_nothing_under_the_cursor() {
    let mut app = app_at("/nonexistent/sidebar-relabel.md");
    // The text cursor sits on a claim cue: the old reader relabelled that claim.
    keys(&mut app, "/ denied Enter Tab");
    choose(&mut app, "Dana Whitlock");
    keys(&mut app, "l 2");
    let changed = mentions(&app);
    assert_eq!(changed.len(), 3, "{changed:#?}");
    for mention in &changed {
        assert_eq!(mention.span.exact, "Dana Whitlock");
        assert_eq!(mention.label, "ORG");
        assert_eq!(mention.meta.status, Status::Edited);
    }
    assert!(
        claims(&app).is_empty(),
        "a claim was touched: {:#?}",
        claims(&app)
    );
    let rows = entity_rows(&app);
    let whitlock: Vec<_> = rows.iter().filter(|r| r.1 == "Dana Whitlock").collect();
    assert_eq!(
        whitlock,
        [&("ORG".to_string(), "Dana Whitlock".to_string(), 3, 0)]
    );
    // One undo takes the whole relabel back.
    keys(&mut app, "u");
    assert!(mentions(&app).is_empty(), "{:#?}", mentions(&app));
    let rows = entity_rows(&app);
    assert!(
        rows.contains(&("PERSON".into(), "Dana Whitlock".into(), 3, 0)),
        "{rows:?}"
    );
}

#[test]
fn x_in_the_sidebar_rejects_every_mention_after_saying_how_many_and_the_row_shows_it() {
    let mut app = app_at("/nonexistent/sidebar-reject.md");
    keys(&mut app, "Tab");
    choose(&mut app, "Dana Whitlock");
    let screen = keys(&mut app, "x");
    assert!(
        screen.contains("x again to reject 3 mentions of Dana Whitlock"),
        "{screen}"
    );
    assert!(mentions(&app).is_empty());
    let screen = keys(&mut app, "x");
    let rejected = mentions(&app);
    assert_eq!(rejected.len(), 3, "{screen}");
    assert_eq!(rejected.len(), 3);
    assert!(rejected.iter().all(|m| m.meta.status == Status::Rejected));
    let rows = entity_rows(&app);
    assert!(
        rows.contains(&("PERSON".into(), "Dana Whitlock".into(), 0, 3)),
        "{rows:?}"
    );
    assert!(screen.contains("Dana Whitlock ✗ rejected"), "{screen}");
    assert!(
        screen.contains("3 rejected"),
        "the heading counts by status:\n{screen}"
    );
}

#[test]
fn after_reopening_the_sidebar_groups_are_the_decided_labels_with_the_persons_own_items() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("board.md");
    let source = source.to_str().unwrap();
    let mut app = app_at(source);
    keys(&mut app, "Tab");
    choose(&mut app, "Councillor Ravi Menon");
    keys(&mut app, "l 2 Tab");
    // A mention the detector missed, and a claim of the person's own.
    keys(&mut app, "g g / chief Space engineer Enter v w w t 1");
    keys(&mut app, "g g / the Space cranes Enter v w w w w T 1");
    app.save_all();
    assert!(app.desk.documents[0].annotations.save_error.is_none());
    let sidecar = app.desk.documents[0].annotations.store.sidecar.clone();
    let reopened = app_at(source);
    let rows = entity_rows(&reopened);
    let mut expected: Vec<(String, String)> = sidecar
        .mentions
        .iter()
        .filter(|m| m.meta.status != Status::Rejected)
        .map(|m| (m.label.clone(), m.span.exact.clone()))
        .collect();
    expected.sort();
    expected.dedup();
    for (label, words) in &expected {
        assert!(
            rows.iter().any(|(l, e, _, _)| l == label && e == words),
            "{label} {words} missing from {rows:#?}"
        );
    }
    assert!(
        rows.contains(&("ORG".into(), "Councillor Ravi Menon".into(), 1, 0)),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("PERSON".into(), "chief engineer".into(), 1, 0)),
        "{rows:?}"
    );
    let own_claim = reopened.sidebar.rows.iter().any(|row| {
        matches!(
            row,
            SidebarRow::Claim(copydesk::annotate::session::ItemRef::Manual(_))
        )
    });
    assert!(
        own_claim,
        "the person's claim is not listed: {:#?}",
        reopened.sidebar.rows
    );
}

#[test]
fn a_claim_of_ones_own_is_reached_by_bracket_c_and_takes_a_negation_and_a_note() {
    let mut app = app_at("/nonexistent/sidebar-own-claim.md");
    keys(&mut app, "/ the Space cranes Enter v w w w w T 1");
    let own = claims(&app);
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].content.exact, "the cranes were safe");
    // From the top, ] c stops at each claim in turn, the person's own among them.
    keys(&mut app, "g g");
    let own_start = app.desk.text().find("the cranes").unwrap();
    let mut reached = false;
    for _ in 0..6 {
        keys(&mut app, "] c");
        if app.reading.cursor == own_start {
            reached = true;
            break;
        }
    }
    assert!(reached, "] c never stopped at the person's own claim");
    keys(
        &mut app,
        "! # checked Space with Space the Space board Enter",
    );
    let claim = &claims(&app)[0];
    assert!(claim.negated, "{claim:#?}");
    assert_eq!(claim.note.as_deref(), Some("checked with the board"));
    assert_eq!(claim.meta.status, Status::Manual);
}

#[test]
fn the_review_bar_names_the_label_and_status_before_any_counter() {
    let mut app = app_at("/nonexistent/sidebar-review-bar.md");
    let screen = keys(&mut app, "R");
    let status = screen.lines().last().unwrap().to_string();
    let label = app.review_target().unwrap().label().to_string();
    let named = status.find(&format!(" {label} ")).expect(&status);
    let state = status.find("to review").expect(&status);
    let counter = status.find("decided").expect(&status);
    assert!(named < counter && state < counter, "{status}");
    let screen = keys(&mut app, "l 1 p");
    let status = screen.lines().last().unwrap().to_string();
    assert!(
        status.contains(&format!("PERSON (was {label})")),
        "{status}"
    );
    assert!(status.contains("edited"), "{status}");
}

#[test]
fn a_merge_across_labels_leaves_one_row_under_the_kept_label() {
    let mut app = app_at("/nonexistent/sidebar-merge.md");
    keys(&mut app, "Tab");
    let rows = entity_rows(&app);
    assert!(
        rows.contains(&("NORP".into(), "Harbour".into(), 1, 0)),
        "{rows:?}"
    );
    choose(&mut app, "Harbour");
    keys(&mut app, "M");
    choose(&mut app, "Harbour Board");
    let screen = keys(&mut app, "M");
    assert!(screen.contains("merged into Harbour Board"), "{screen}");
    let rows = entity_rows(&app);
    let board: Vec<_> = rows.iter().filter(|r| r.1 == "Harbour Board").collect();
    assert_eq!(
        board,
        [&("ORG".to_string(), "Harbour Board".to_string(), 2, 0)],
        "{rows:?}"
    );
    assert!(!rows.iter().any(|r| r.1 == "Harbour"), "{rows:?}");
    assert!(
        mentions(&app).iter().all(|m| m.label == "ORG"),
        "{:#?}",
        mentions(&app)
    );
}
