//! Which item a key acts on: the one the person is looking at, never a rejected
//! suggestion that happens to overlap it. Articles here are written for these tests.

mod reader_common;

use copydesk::annotate::schema::{Claim, ClaimSource, Status};
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::{self as reader};
use reader_common::reader_on;

const BODY: &str = "Mayor Ana Ruiz said the port would close next year.";

fn app() -> App {
    reader_on(
        "/nonexistent/targets-test.md",
        Some("Port to close"),
        &[BODY],
    )
}

fn keys(app: &mut App, keys: &str) {
    let keys = KeyChord::parse_replay(keys).unwrap();
    reader::render_headless(app, 90, 12, &keys);
}

fn claims(app: &App) -> Vec<Claim> {
    app.desk.documents[0]
        .annotations
        .store
        .sidecar
        .claims
        .clone()
}

fn manual_claim(app: &App) -> Claim {
    let found = claims(app)
        .into_iter()
        .find(|c| c.meta.status == Status::Manual);
    found.unwrap_or_else(|| panic!("no manual claim in {:#?}", claims(app)))
}

fn rejected_claim(app: &App) -> Claim {
    let found = claims(app)
        .into_iter()
        .find(|c| c.meta.status == Status::Rejected);
    found.unwrap_or_else(|| panic!("no rejected claim in {:#?}", claims(app)))
}

/// Rejects the detector's claim on "said", then tags "the port would close" as a claim
/// of the person's own, which the rejected suggestion's content overlaps.
fn reject_and_tag(app: &mut App) {
    keys(app, "/ said Enter x");
    assert_eq!(rejected_claim(app).cue.unwrap().exact, "said");
    keys(app, "/ the Space port Enter v w w w w T 1");
    assert_eq!(manual_claim(app).content.exact, "the port would close");
}

#[test]
fn the_cue_goes_to_the_claim_just_tagged_not_to_an_overlapping_rejected_suggestion() {
    let mut app = app();
    reject_and_tag(&mut app);
    let rejected_before = rejected_claim(&app);
    // "said" lies outside the tagged content but inside the rejected suggestion.
    keys(&mut app, "/ said Enter c");
    let manual = manual_claim(&app);
    assert_eq!(manual.cue.map(|c| c.exact).as_deref(), Some("said"));
    assert_eq!(
        rejected_claim(&app),
        rejected_before,
        "the rejected suggestion was changed"
    );
}

#[test]
fn the_source_goes_to_the_claim_just_tagged_and_nothing_else_changes() {
    let mut app = app();
    reject_and_tag(&mut app);
    keys(&mut app, "/ said Enter c s");
    let manual = manual_claim(&app);
    let mentions = &app.desk.documents[0].annotations.store.sidecar.mentions;
    let source = match manual.source {
        Some(ClaimSource::Mention(id)) => mentions
            .iter()
            .find(|m| m.meta.id == id)
            .map(|m| m.span.exact.clone()),
        Some(ClaimSource::Span(span)) => Some(span.exact),
        other => panic!(
            "no source on the tagged claim: {other:?}; said {:?}; suggestions {:#?}",
            app.message, app.desk.documents[0].annotations.suggestions
        ),
    };
    assert_eq!(source.as_deref(), Some("Ana Ruiz"));
    assert_eq!(rejected_claim(&app).meta.status, Status::Rejected);
    assert_eq!(claims(&app).len(), 2, "no claim was added or lost");
}

#[test]
fn a_rejected_claim_is_not_revived_by_relabelling_negating_or_moving_it() {
    let mut app = app();
    keys(&mut app, "/ said Enter x");
    let before = rejected_claim(&app);
    keys(&mut app, "/ said Enter l 2 ! =");
    assert_eq!(rejected_claim(&app), before);
    let message = app.message.clone().map(|m| m.text).unwrap_or_default();
    assert!(message.contains("rejected"), "said nothing: {message:?}");
    // Accepting it, which names it, brings it back.
    keys(&mut app, "a");
    let claims = claims(&app);
    assert_eq!(claims[0].meta.status, Status::Accepted);
}

#[test]
fn undo_says_what_it_took_back_and_goes_there() {
    let mut app = app();
    keys(&mut app, "/ said Enter x g g");
    assert_eq!(app.reading.cursor, 0);
    keys(&mut app, "u");
    assert!(claims(&app).is_empty());
    let message = app.message.clone().map(|m| m.text).unwrap_or_default();
    assert!(message.contains("undone"), "{message}");
    assert!(message.contains("said"), "names the claim: {message}");
    assert!(message.contains("to review again"), "{message}");
    assert_eq!(
        &app.desk.text()[app.reading.cursor..app.reading.cursor + 4],
        "said",
        "did not go there"
    );
    keys(&mut app, "g g C-r");
    assert_eq!(rejected_claim(&app).cue.unwrap().exact, "said");
    let message = app.message.clone().map(|m| m.text).unwrap_or_default();
    assert!(
        message.contains("redone") && message.contains("now rejected"),
        "{message}"
    );
}
