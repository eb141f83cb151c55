//! Library speed. The bar (issue 7): a folder of 10,000 articles lists in under a second,
//! that is from the folder's name to the list's first frame; each row's details are
//! filled in afterwards on the worker thread, so they are not part of that figure.
//! `details_of_one_article` times one row's details, for what filling them in costs.
//! Run with `cargo bench --bench library`.

use std::sync::OnceLock;

use copydesk::article::LoadOptions;
use copydesk::article::collection::list;
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::App;
use copydesk::tui::keymap::Keymap;
use copydesk::tui::library::{Library, details_of};
use copydesk::tui::render::draw;
use copydesk::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

const ARTICLES: usize = 10_000;
const SCREEN: Rect = Rect {
    x: 0,
    y: 0,
    width: 120,
    height: 40,
};

/// A folder of 10,000 short Markdown articles, written once per run.
fn folder() -> &'static tempfile::TempDir {
    static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for n in 0..ARTICLES {
            let text = format!(
                "---\ndate: 2025-10-{:02}\n---\n\n# Harbour report number {n}\n\n\
                 The council said on Tuesday that harbour works would cost {n} million, \
                 according to figures released to the committee. Critics alleged that the \
                 contract had been awarded without a tender, which the contractor denied.\n",
                n % 28 + 1
            );
            let path = dir.path().join(format!("article-{n:05}.md"));
            std::fs::write(path, text).expect("an article written");
        }
        dir
    })
}

#[divan::bench(sample_count = 20)]
fn list_10000_articles_to_first_frame() -> Buffer {
    let path = folder().path().to_string_lossy().into_owned();
    let (listed, _) = list(&[path], LoadOptions::default());
    assert_eq!(listed.len(), ARTICLES);
    let library = Library::new(listed, LoadOptions::default());
    let mut app = App::with_library(
        library,
        Keymap::built_in("default").expect("the default keymap"),
        Theme::built_in("dark").expect("the dark theme"),
    );
    app.set_size(SCREEN.width, SCREEN.height);
    let mut buffer = Buffer::empty(SCREEN);
    draw(&app, SCREEN, &mut buffer);
    buffer
}

#[divan::bench(sample_count = 20)]
fn details_of_one_article(bencher: divan::Bencher) {
    let path = folder().path().to_string_lossy().into_owned();
    let (listed, _) = list(&[path], LoadOptions::default());
    let lexicons = Lexicons::built_in();
    bencher.bench(|| details_of(&listed[0].source, LoadOptions::default(), &lexicons));
}
