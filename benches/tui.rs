//! Reader speed. The bars (issue 6): a frame of a 10 MB article costs no more than 2× a
//! frame of a 10 KB article; a key press to a finished frame is under 2 ms on the 10 MB
//! article; its first frame comes within 300 ms of start (claims are found off the UI
//! thread, so they are not part of that figure and are benchmarked apart).
//! Run with `cargo bench --bench tui`.

use std::sync::OnceLock;

use copydesk::article::{Article, Metadata, SourceFormat};
use copydesk::extract::claims::detect_claims;
use copydesk::extract::claims::lexicon::Lexicon;
use copydesk::tui::app::{App, Document};
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::Keymap;
use copydesk::tui::render::draw;
use copydesk::tui::theme::Theme;
use divan::Bencher;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [10_000, 10_000_000];
const SCREEN: Rect = Rect {
    x: 0,
    y: 0,
    width: 120,
    height: 40,
};

/// An article of about `bytes`, with claim cues in every paragraph so frames have
/// highlights to draw.
fn article(bytes: usize) -> Article {
    let mut body = Vec::new();
    let mut total = 0;
    let mut n = 0usize;
    while total < bytes {
        let paragraph = format!(
            "Paragraph {n}: the council said on Tuesday that the harbour works would cost {n} million, \
             according to figures released to the committee. Critics alleged that the contract \
             had been awarded without a tender, which the contractor denied. Officials reportedly \
             considered a second bid, but the mayor's office declined to confirm the details."
        );
        total += paragraph.len() + 2;
        body.push(paragraph);
        n += 1;
    }
    Article::assemble(
        "bench.txt".to_string(),
        SourceFormat::PlainText,
        Metadata {
            title: Some("A long article for timing".to_string()),
            ..Metadata::default()
        },
        body,
    )
}

fn articles() -> &'static [Article; 2] {
    static ARTICLES: OnceLock<[Article; 2]> = OnceLock::new();
    ARTICLES.get_or_init(|| SIZES.map(article))
}

fn index(bytes: usize) -> usize {
    SIZES.iter().position(|&s| s == bytes).unwrap_or(0)
}

/// A reader on `article` with its claims, sized to the screen.
fn reader_on(article: Article) -> App {
    let claims = detect_claims(&article.text, &Lexicon::built_in());
    let mut app = App::new(
        vec![Document::new(article)],
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.set_claims(0, claims);
    app.set_size(SCREEN.width, SCREEN.height);
    app
}

/// A reader on the article with its claims, the cursor in the middle of the text.
fn app(bytes: usize) -> App {
    let mut app = reader_on(articles()[index(bytes)].clone());
    let effects = app.handle_key(KeyChord::parse("G").unwrap());
    app.run_effects(effects);
    for _ in 0..(app.reading.layout.rows.len() / 2 / 18) {
        let effects = app.handle_key(KeyChord::parse("C-u").unwrap());
        app.run_effects(effects);
    }
    app
}

#[divan::bench(args = SIZES, sample_count = 50)]
fn frame(bencher: Bencher, bytes: usize) {
    let app = app(bytes);
    bencher.bench_local(|| {
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        buf
    });
}

#[divan::bench(args = SIZES, sample_count = 50)]
fn key_to_frame(bencher: Bencher, bytes: usize) {
    let mut app = app(bytes);
    let keys = [KeyChord::parse("j").unwrap(), KeyChord::parse("k").unwrap()];
    let mut turn = 0usize;
    bencher.bench_local(|| {
        turn = turn.wrapping_add(1);
        let effects = app.handle_key(keys[turn % 2]);
        app.run_effects(effects);
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        buf
    });
}

/// From a loaded article to the first frame: wrapping, layout, sidebar, drawing.
#[divan::bench(args = SIZES, sample_count = 10)]
fn first_frame(bencher: Bencher, bytes: usize) {
    bencher
        .with_inputs(|| articles()[index(bytes)].clone())
        .bench_local_values(|article| {
            let mut app = App::new(
                vec![Document::new(article)],
                Keymap::built_in("default").unwrap(),
                Theme::built_in("dark").unwrap(),
            );
            app.set_size(SCREEN.width, SCREEN.height);
            let mut buf = Buffer::empty(SCREEN);
            draw(&app, SCREEN, &mut buf);
            buf
        });
}

/// Claim detection, which runs on a worker thread for long articles.
#[divan::bench(args = SIZES, sample_count = 3)]
fn claims_off_thread(bencher: Bencher, bytes: usize) {
    let article = &articles()[index(bytes)];
    let lexicon = Lexicon::built_in();
    bencher.bench_local(|| detect_claims(&article.text, &lexicon));
}

/// A reader on a long article in review mode with 5,000 decisions made.
fn reviewed_app() -> App {
    let mut app = reader_on(article(400_000));
    let key = |name: &str| KeyChord::parse(name).unwrap();
    let effects = app.handle_key(key("R"));
    app.run_effects(effects);
    for turn in 0..5_000 {
        let effects = app.handle_key(key(if turn % 3 == 0 { "x" } else { "a" }));
        app.run_effects(effects);
    }
    let annotations = &app.desk.documents[0].annotations;
    assert_eq!(
        annotations.progress().0,
        5_000,
        "5,000 decisions to start from"
    );
    app
}

/// Issue 7's bar: a verdict to a finished frame in under 2 ms with 5,000 annotations in
/// the article. Decisions are made in review mode, each moving to the next suggestion;
/// saving happens outside the frame (on the saver thread, handed over after drawing).
#[divan::bench(sample_count = 100)]
fn verdict_to_frame_with_5000_annotations(bencher: Bencher) {
    let mut app = reviewed_app();
    let key = |name: &str| KeyChord::parse(name).unwrap();
    bencher.bench_local(|| {
        let effects = app.handle_key(key("a"));
        app.run_effects(effects);
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        buf
    });
}

/// The same verdict to the frame after it, where the sidebar's groups and counts have
/// caught up (the terminal loop rebuilds them right after the first frame).
#[divan::bench(sample_count = 100)]
fn verdict_to_sidebar_frame_with_5000_annotations(bencher: Bencher) {
    let mut app = reviewed_app();
    let key = |name: &str| KeyChord::parse(name).unwrap();
    bencher.bench_local(|| {
        let effects = app.handle_key(key("a"));
        app.run_effects(effects);
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        app.refresh_sidebar();
        draw(&app, SCREEN, &mut buf);
        buf
    });
}

/// Tagging the word under the cursor as an entity (the picker opened, the first label
/// picked) with 5,000 decisions in the article, to the next frame.
#[divan::bench(sample_count = 100)]
fn tag_to_frame_with_5000_annotations(bencher: Bencher) {
    let mut app = reviewed_app();
    let key = |name: &str| KeyChord::parse(name).unwrap();
    let effects = app.handle_key(key("Esc"));
    app.run_effects(effects);
    let effects = app.handle_key(key("t"));
    app.run_effects(effects);
    bencher.bench_local(|| {
        let effects = app.handle_key(key("Enter"));
        app.run_effects(effects);
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        let effects = app.handle_key(key("t"));
        app.run_effects(effects);
        buf
    });
    let manual = &app.desk.documents[0].annotations.decisions.manual;
    assert!(!manual.is_empty(), "the tags were recorded");
}

/// Issue 15's bar: undo and redo with 5,000 decisions in the article, to the frame, in
/// under 2 ms: the session takes back one step and brings only the items it touched up
/// to date, then the sidebar is rebuilt.
#[divan::bench(sample_count = 50)]
fn undo_to_frame_with_5000_annotations(bencher: Bencher) {
    let mut app = reviewed_app();
    let key = |name: &str| KeyChord::parse(name).unwrap();
    let mut redo = false;
    bencher.bench_local(|| {
        let effects = app.handle_key(key(if redo { "C-r" } else { "u" }));
        app.run_effects(effects);
        redo = !redo;
        let mut buf = Buffer::empty(SCREEN);
        draw(&app, SCREEN, &mut buf);
        buf
    });
}

/// The part of a save left on the UI thread, between frames: handing the sidecar (5,000
/// decisions and their history) to the saver thread, which copies it and does the disk
/// work. The sidecar is shared, so this is a reference count.
#[divan::bench(sample_count = 100)]
fn save_handoff_with_5000_annotations(bencher: Bencher) {
    let app = reviewed_app();
    let store = &app.desk.documents[0].annotations.store;
    bencher.bench_local(|| store.begin_save().unwrap());
}
