//! Cleaning speed. The bars: a 1 MB text dump in under 50 ms, and the 61-page HTML
//! dev set (../shared/extraction-dev/html) in under 2 s on one core.
//! Run with `cargo bench --bench clean`.

use std::path::Path;

use copydesk::article::normalize::normalize;
use copydesk::article::{html, text_dump};

fn main() {
    divan::main();
}

const MEGABYTE: usize = 1024 * 1024;

/// A 1 MB dump made of the bundled sample dumps, repeated.
fn one_megabyte_dump() -> String {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut pieces: Vec<String> = std::fs::read_dir(&samples)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    if pieces.is_empty() {
        pieces.push(std::fs::read_to_string(samples.join("press-briefing.md")).unwrap());
    }
    let mut dump = String::with_capacity(MEGABYTE + 4096);
    while dump.len() < MEGABYTE {
        for piece in &pieces {
            dump.push_str(piece);
            dump.push('\n');
        }
    }
    dump
}

#[divan::bench(sample_count = 20)]
fn text_dump_1mb(bencher: divan::Bencher) {
    let dump = one_megabyte_dump();
    bencher.bench(|| text_dump::clean(&normalize(divan::black_box(&dump))));
}

#[divan::bench(sample_count = 5)]
fn html_dev_set_61_pages(bencher: divan::Bencher) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/extraction-dev/html");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        eprintln!("skipping: {} not present", folder.display());
        return;
    };
    let pages: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .collect();
    bencher.bench(|| {
        for page in &pages {
            divan::black_box(html::extract(page));
        }
    });
}
