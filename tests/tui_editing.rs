//! Correcting boundaries, cues and sources from the keyboard, and how a claim's cue,
//! content and source are drawn. Articles here are written for these tests.

mod reader_common;

use copydesk::annotate::review::SuggestionKind;
use copydesk::annotate::schema::{ClaimSource, Status};
use copydesk::extract::analysis::analyse_text;
use copydesk::tui::app::App;
use copydesk::tui::key::KeyChord;
use copydesk::tui::render::buffer_text;
use copydesk::tui::{self as reader};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use reader_common::reader_on;

const BODY: &str = "Union leader Dana Price said on Monday that the cranes at Eastbay Port had failed two inspections.";

fn app() -> App {
    reader_on(
        "/nonexistent/editing-test.md",
        Some("Cranes failed inspections, union says"),
        &[BODY],
    )
}

fn screen(app: &mut App, keys: &str) -> Buffer {
    let keys = KeyChord::parse_replay(keys).unwrap();
    reader::render_headless(app, 70, 8, &keys)
}

/// The cell showing the first occurrence of `needle` on screen.
fn cell<'a>(buf: &'a Buffer, needle: &str) -> &'a ratatui::buffer::Cell {
    let text = buffer_text(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}"));
    let x = line[..line.find(needle).unwrap()].chars().count();
    &buf[(x as u16, y as u16)]
}

#[test]
fn an_entity_boundary_moves_by_words_and_characters_and_is_recorded_as_edited() {
    let mut app = app();
    // The cursor on "Eastbay", its end a word right: "Eastbay Port".
    screen(&mut app, "/ Eastbay Enter");
    let text = app.desk.documents[0].article.text.clone();
    let mentions = &app.desk.documents[0].entities;
    let eastbay = mentions
        .iter()
        .find(|m| text[m.range.clone()].starts_with("Eastbay"))
        .unwrap()
        .range
        .clone();
    let before = text[eastbay.clone()].to_string();
    screen(&mut app, "= A--");
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let mention = sidecar
        .mentions
        .iter()
        .find(|m| m.span.exact.starts_with("Eastbay"))
        .unwrap();
    assert_eq!(mention.meta.status, Status::Edited);
    let expected = text[eastbay.start..]
        .split_inclusive(' ')
        .take(before.split(' ').count() + 1)
        .collect::<String>();
    let expected = &expected.trim_end()[..expected.trim_end().len() - 1];
    assert_eq!(mention.span.exact, expected);
    // The history keeps what the extractor said, one entry per step.
    let first = sidecar.history[0].after.as_deref().unwrap();
    assert_eq!(first["span"]["exact"], before.as_str());
    assert_eq!(sidecar.history.len(), 3);
    // One undo takes the whole correction back (the word and the character moves were
    // two actions): the first undoes the character, the second the word and the accept.
    screen(&mut app, "u u");
    let annotations = &app.desk.documents[0].annotations;
    assert_eq!(annotations.progress().0, 0, "undecided again");
}

#[test]
fn a_claims_cue_content_and_source_are_drawn_distinctly() {
    let mut app = app();
    // Tag the sentence as a claim of my own, then give it a cue and a source.
    screen(&mut app, "} T s a i d Enter / said Enter c / Dana Enter s");
    let claim = app.desk.documents[0]
        .annotations
        .store
        .sidecar
        .claims
        .iter()
        .find(|c| c.meta.status == Status::Manual)
        .unwrap()
        .clone();
    assert_eq!(claim.cue.unwrap().exact, "said");
    let Some(ClaimSource::Mention(id)) = claim.source else {
        panic!(
            "the source is the mention under the cursor: {:?}",
            claim.source
        );
    };
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let mention = sidecar.mentions.iter().find(|m| m.meta.id == id).unwrap();
    assert_eq!(mention.span.exact, "Dana Price");
    assert_eq!(mention.meta.status, Status::Accepted);

    let buf = screen(&mut app, "Esc g g");
    let cue = cell(&buf, "said on");
    assert_eq!(cue.fg, Color::LightRed);
    assert!(cue.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED));
    let source = cell(&buf, "Dana");
    assert_eq!(source.bg, Color::Indexed(17));
    assert!(source.modifier.contains(Modifier::ITALIC));
    let content = cell(&buf, "cranes");
    assert!(content.modifier.contains(Modifier::UNDERLINED));
    assert!(!content.modifier.contains(Modifier::ITALIC));
    insta::assert_snapshot!("claim_cue_content_source", format!("{buf:?}"));
}

#[test]
fn without_a_mention_under_the_cursor_the_source_is_the_nearest_named_subject() {
    let mut app = app();
    // In review, on the detector's claim in the body: "s" takes the person before the
    // cue.
    screen(&mut app, "} ] c R");
    let review = app.review_target().cloned().unwrap();
    let SuggestionKind::Claim { cue, .. } = &review.kind else {
        panic!("{review:?}");
    };
    assert_eq!(&app.desk.documents[0].article.text[cue.clone()], "said");
    screen(&mut app, "s");
    let claim = &app.desk.documents[0].annotations.store.sidecar.claims[0];
    assert_eq!(claim.meta.status, Status::Edited);
    let Some(ClaimSource::Mention(id)) = &claim.source else {
        panic!("{:?}", claim.source);
    };
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let mention = sidecar.mentions.iter().find(|m| &m.meta.id == id).unwrap();
    assert_eq!(mention.span.exact, "Dana Price");
}

#[test]
fn a_selection_grows_by_characters_and_expands_to_the_quote_sentence_and_paragraph() {
    let body =
        "The mayor spoke first. She said \u{201c}the bridge will reopen in May\u{201d} and left.";
    let paragraphs = [body, "A second paragraph."];
    let mut app = reader_on("/nonexistent/selection-test.md", None, &paragraphs);
    let selected = |app: &App| {
        let range = app.selection_range().unwrap();
        app.desk.documents[0].article.text[range].to_string()
    };
    screen(&mut app, "/ bridge Enter v Right Right");
    assert_eq!(selected(&app), "br");
    screen(&mut app, "Esc / bridge Enter V");
    assert_eq!(selected(&app), "bridge");
    screen(&mut app, "V");
    assert_eq!(selected(&app), "the bridge will reopen in May");
    screen(&mut app, "V");
    assert!(selected(&app).starts_with("She said"), "{}", selected(&app));
    screen(&mut app, "V");
    assert_eq!(selected(&app), body);
}

#[test]
fn teaching_writes_entities_json_and_the_next_analysis_uses_it() {
    let config = tempfile::tempdir().unwrap();
    let mut app = app();
    app.desk.config_dir = Some(config.path().to_path_buf());
    // The detector calls "Eastbay Port" a FAC: teach it; reject "Monday" and teach that.
    let text = buffer_text(&screen(&mut app, "/ Eastbay Enter +"));
    assert!(text.contains("will always be found"), "{text}");
    let text = buffer_text(&screen(&mut app, "/ Monday Enter x +"));
    assert!(text.contains("will not be suggested again"), "{text}");
    let file = std::fs::read_to_string(config.path().join("entities.json")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(file["always"][0]["text"], "Eastbay Port");
    assert_eq!(file["never"][0]["text"], "Monday");
    let lexicons = app.desk.lexicons.clone().unwrap();
    let analysis = analyse_text("Crews met on Monday at Eastbay Port.", &lexicons);
    let found: Vec<&str> = analysis
        .entities
        .iter()
        .map(|e| e.entity.as_str())
        .collect();
    assert!(found.contains(&"Eastbay Port"), "{found:?}");
    assert!(!found.contains(&"Monday"), "{found:?}");
}

#[test]
fn a_key_only_asks_for_disk_work_and_the_shell_does_it() {
    let config = tempfile::tempdir().unwrap();
    let mut app = app();
    app.desk.config_dir = Some(config.path().to_path_buf());
    screen(&mut app, "/ Eastbay Enter");
    let effects = app.handle_key(copydesk::tui::key::KeyChord::parse("+").unwrap());
    let file = config.path().join("entities.json");
    assert!(!file.exists(), "update wrote to disk itself");
    assert_eq!(effects.len(), 1, "{effects:?}");
    assert!(app.run_effects(effects));
    assert!(file.exists());
}

#[test]
fn a_selected_source_is_a_span_of_the_text_and_drawn_as_the_source() {
    let mut app = app();
    screen(
        &mut app,
        "} T s a i d Enter / said Enter c / Monday Enter v Right Right Right Right Right Right s",
    );
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let claim = sidecar
        .claims
        .iter()
        .find(|c| c.meta.status == Status::Manual)
        .unwrap();
    let Some(ClaimSource::Span(span)) = &claim.source else {
        panic!("a selection is a span source: {:?}", claim.source);
    };
    assert_eq!(span.exact, "Monday");
    let buf = screen(&mut app, "Esc g g");
    let source = cell(&buf, "Monday");
    assert!(source.modifier.contains(Modifier::ITALIC), "{source:?}");
}
