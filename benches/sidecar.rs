//! Loading and saving a sidecar with 5,000 annotations (the bar: each under 20 ms), and
//! undoing and redoing one of them (the bar: under 2 ms, the store and the reader's
//! decisions brought up to date). Run with `cargo bench --bench sidecar`.

use std::path::PathBuf;

use copydesk::annotate::anchor::make_span;
use copydesk::annotate::review::{Decisions, Suggestion, SuggestionKind, Verdict, decide};
use copydesk::annotate::schema::{ItemMeta, Mention, Origin, Status};
use copydesk::annotate::{Store, sidecar_path};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use serde_json::Map;

const ANNOTATIONS: usize = 5000;

fn main() {
    divan::main();
}

fn fixture() -> (PathBuf, Article) {
    let dir = std::env::temp_dir().join(format!("copydesk-bench-sidecar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sentence =
        "Officials in 東京 said the envoy 👍🏽 met Zoë Ortiz on Tuesday to discuss the plan. ";
    let text = sentence.repeat(ANNOTATIONS / 2);
    let path = dir.join("long.txt");
    std::fs::write(&path, &text).unwrap();
    let article = Article::from_clean_text(
        path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        text,
    );
    let index = TextIndex::new(&article.text);
    let mut store = Store::open(&article);
    let sentence_len = sentence.chars().count();
    for i in 0..ANNOTATIONS {
        let start = (i / 2) * sentence_len + if i % 2 == 0 { 13 } else { 39 };
        let mention = Mention {
            meta: ItemMeta {
                id: format!("m-{i:06}"),
                status: Status::Suggested,
                origin: Origin::Extractor {
                    extractor: "bench".into(),
                    version: "1".into(),
                },
                created: "2026-11-26T06:00:00.000Z".into(),
                updated: "2026-11-26T06:00:00.000Z".into(),
                orphaned: false,
            },
            span: make_span(&index, start..start + 2).unwrap(),
            label: "GPE".into(),
            confidence: Some(0.9),
            extra: Map::new(),
        };
        store.sidecar_mut().mentions.push(mention);
    }
    store.save().unwrap();
    (dir, article)
}

#[divan::bench]
fn load_5000(bencher: divan::Bencher) {
    let (_dir, article) = fixture();
    bencher.bench(|| Store::open(divan::black_box(&article)));
}

#[divan::bench]
fn save_5000(bencher: divan::Bencher) {
    let (_dir, article) = fixture();
    let mut store = Store::open(&article);
    assert!(sidecar_path(&article.source).exists());
    bencher.bench_local(|| store.save().unwrap());
}

/// 5,000 suggestions decided one by one, as a person reviewing would, so each is a
/// logged step undo can take back.
fn decided() -> (PathBuf, Article, Store, Decisions) {
    let (dir, article) = fixture();
    let mut store = Store::open(&article);
    let index = TextIndex::new(&article.text);
    let mentions = std::mem::take(&mut store.sidecar_mut().mentions);
    let mut decisions = Decisions::default();
    for (turn, mention) in mentions.iter().enumerate() {
        let suggestion = Suggestion {
            range: index
                .bytes_of(mention.span.start..mention.span.end)
                .unwrap(),
            kind: SuggestionKind::Entity {
                label: mention.label.clone(),
            },
        };
        let verdict = if turn % 3 == 0 {
            Verdict::Reject
        } else {
            Verdict::Accept
        };
        decide(
            &mut store,
            &mut decisions,
            &index,
            &suggestion,
            verdict,
            "ana",
        )
        .unwrap();
    }
    (dir, article, store, decisions)
}

/// An undo press in the reader, short of drawing: the store reverts the latest step and
/// the decisions follow.
#[divan::bench(sample_count = 100, sample_size = 10)]
fn undo_with_5000_annotations(bencher: divan::Bencher) {
    let (_dir, article, mut store, mut decisions) = decided();
    let index = TextIndex::new(&article.text);
    bencher.bench_local(|| {
        let undone = store.undo("ana").unwrap();
        decisions.refresh_items(&store, &index, &undone.touched);
    });
}

#[divan::bench(sample_count = 100, sample_size = 10)]
fn redo_with_5000_annotations(bencher: divan::Bencher) {
    let (_dir, article, mut store, mut decisions) = decided();
    let index = TextIndex::new(&article.text);
    for _ in 0..ANNOTATIONS / 2 {
        let undone = store.undo("ana").unwrap();
        decisions.refresh_items(&store, &index, &undone.touched);
    }
    bencher.bench_local(|| {
        let redone = store.redo("ana").unwrap();
        decisions.refresh_items(&store, &index, &redone.touched);
    });
}
