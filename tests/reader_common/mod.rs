//! A reader on an article written in a test, with the real extractors attached, shared
//! by the reader tests that annotate.

use copydesk::article::{Article, Metadata, SourceFormat};
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::{App, Document};
use copydesk::tui::keymap::Keymap;
use copydesk::tui::theme::Theme;
use copydesk::tui::{self as reader};

/// The reader on one article made of `paragraphs` (with `title`, if any), as the
/// annotator "tester", its entities and claims found.
pub fn reader_on(source: &str, title: Option<&str>, paragraphs: &[&str]) -> App {
    let article = Article::assemble(
        source.to_string(),
        SourceFormat::Markdown,
        Metadata {
            title: title.map(String::from),
            ..Metadata::default()
        },
        paragraphs.iter().map(|p| p.to_string()).collect(),
    );
    let mut app = App::new(
        vec![Document::new(article)],
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    app.desk.annotator = "tester".to_string();
    drop(reader::connect(&mut app, Lexicons::built_in()));
    app
}
