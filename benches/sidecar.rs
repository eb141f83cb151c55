//! Loading and saving a sidecar with 5,000 annotations (the bar: each under 20 ms).
//! Run with `cargo bench --bench sidecar`.

use std::path::PathBuf;

use copydesk::annotate::anchor::make_span;
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
