#![no_main]
//! `copydesk clean` on everything that is not HTML: scraped text dumps, Markdown, text
//! given as already clean, and JSON Lines corpora, read the way `load` reads them.

use copydesk::article::decode::decode;
use copydesk::article::load::{InputFormat, corpus_line, detect_format, read_single};
use copydesk::article::serialize::ArticleJson;
use copydesk::article::{Article, LoadOptions};
use libfuzzer_sys::fuzz_target;

fn print(article: &Article) {
    let _ = serde_json::to_vec(&ArticleJson::from(article));
}

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else {
        return;
    };
    let text = decoded.text.as_str();
    detect_format("fuzz", text);
    let cleaning = LoadOptions::default();
    let as_given = LoadOptions {
        clean: false,
        ..cleaning
    };
    for (format, options) in [
        (InputFormat::TextDump, cleaning),
        (InputFormat::Markdown, cleaning),
        (InputFormat::TextDump, as_given),
    ] {
        print(&read_single("fuzz", text, format, options));
    }
    for (i, line) in text.lines().enumerate() {
        if let Some(Ok(article)) = corpus_line("fuzz.jsonl", i + 1, line) {
            print(&article);
        }
    }
});
