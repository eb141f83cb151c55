//! The annotation layer on its own: given what is on screen (an `Aim`) it acts on the
//! item that aim names and answers with what the reader should do next, without ever
//! seeing the reader. Articles here are written for these tests.

mod reader_common;

use copydesk::annotate::review::{TagKind, Verdict};
use copydesk::annotate::schema::Status;
use copydesk::tui::annotation::{Aim, Annotator, Command, Confirming, Opened, Reply};
use copydesk::tui::app::{App, Pane};
use copydesk::tui::keymap::Mode;
use copydesk::tui::sidebar::SidebarRow;
use reader_common::reader_on;

const BODY: &str = "Mayor Ana Ruiz said the port would close next year. \
    The harbour board denied that any jobs would go.";

fn app() -> App {
    reader_on("/nonexistent/layer-test.md", Some("Port to close"), &[BODY])
}

/// Where `words` are in the article's text (which starts with its title).
fn at(app: &App, words: &str) -> usize {
    app.desk.text().find(words).unwrap()
}

fn aim(mode: Mode, focus: Pane, cursor: usize) -> Aim {
    Aim {
        mode,
        focus,
        cursor,
        current_item: None,
        current_item_cursor: cursor,
        reviewed: None,
        sidebar_row: None,
        selection: None,
    }
}

fn run(app: &mut App, aim: Aim, command: Command) -> Reply {
    let mut confirming = Confirming::default();
    Annotator::new(&mut app.desk, &mut confirming, &app.keymap, aim).run(command)
}

/// Claims in the sidecar as (cue, status).
fn claim_statuses(app: &App) -> Vec<(String, Status)> {
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let claims = sidecar.claims.iter();
    claims
        .map(|c| {
            (
                c.cue.as_ref().map_or("", |s| &s.exact).to_string(),
                c.meta.status,
            )
        })
        .collect()
}

/// The sidebar row of the claim whose cue is `cue`, and its index.
fn claim_row(app: &App, cue: &str) -> (usize, SidebarRow) {
    let document = &app.desk.documents[0];
    let (item, _) = document
        .claims_now()
        .into_iter()
        .find(|(_, now)| {
            now.shape
                .cue
                .as_ref()
                .and_then(|r| app.desk.text().get(r.clone()))
                == Some(cue)
        })
        .unwrap_or_else(|| panic!("no claim on “{cue}” in {:?}", document.claims_now()));
    let index = app
        .sidebar
        .rows
        .iter()
        .position(|row| *row == SidebarRow::Claim(item.clone()))
        .expect("the claim has a sidebar row");
    (index, SidebarRow::Claim(item))
}

#[test]
fn with_the_sidebar_focused_a_verdict_takes_the_chosen_row_not_the_claim_under_the_cursor() {
    let mut app = app();
    let row = claim_row(&app, "denied");
    let mut aim = aim(Mode::Normal, Pane::Sidebar, at(&app, "said"));
    aim.sidebar_row = Some(row.clone());
    let reply = run(&mut app, aim, Command::Judge(Verdict::Reject));
    assert_eq!(
        claim_statuses(&app),
        vec![("denied".to_string(), Status::Rejected)],
        "only the chosen claim is decided: {:?}",
        reply.message
    );
    let SidebarRow::Claim(item) = row.1 else {
        unreachable!()
    };
    assert_eq!(reply.current_item, Some(Some(item)));
    assert!(reply.stale, "the sidebar is told its rows changed");
    assert!(!reply.review_next, "outside review nothing moves on");
}

#[test]
fn in_review_a_verdict_takes_the_suggestion_under_review_and_asks_for_the_next() {
    let mut app = app();
    let next_year = at(&app, "next year");
    let suggestions = &app.desk.documents[0].annotations.suggestions;
    let reviewed = suggestions
        .iter()
        .position(|s| s.range.start == next_year)
        .unwrap_or_else(|| panic!("“next year” is not suggested: {suggestions:?}"));
    // The cursor is elsewhere: in review the verdict names the suggestion under review.
    let mut aim = aim(Mode::Review, Pane::Reading, at(&app, "harbour"));
    aim.reviewed = Some(reviewed);
    let reply = run(&mut app, aim, Command::Judge(Verdict::Accept));
    assert!(reply.review_next);
    let document = &app.desk.documents[0];
    let now = document
        .annotations
        .decided(&document.annotations.suggestions[reviewed]);
    assert_eq!(now.map(|d| d.status), Some(Status::Accepted));
}

#[test]
fn tagging_opens_the_picker_on_the_selection_and_changes_nothing_yet() {
    let mut app = app();
    let start = at(&app, "the port");
    let end = at(&app, " next year");
    let mut aim = aim(Mode::Normal, Pane::Reading, end);
    aim.selection = Some(start..end);
    let before = claim_statuses(&app);
    let reply = run(&mut app, aim, Command::Tag(TagKind::Claim));
    let Some(Opened::Picker(picker)) = reply.opened else {
        panic!("no picker opened: {:?}", reply.message);
    };
    assert_eq!(&app.desk.text()[picker.range], "the port would close");
    assert_eq!(claim_statuses(&app), before);
}
