//! Exporting 10,000 annotated articles (generated: a JSONL corpus and its 10,000
//! sidecars) to spaCy JSONL. The bar: under 5 s, in constant memory.
//! Run with `cargo bench --bench export`. The corpus is kept in the temp folder
//! (`copydesk-bench-export/`), so peak memory can be measured on the same data:
//! `/usr/bin/time -v target/release/copydesk export $TMPDIR/copydesk-bench-export/wire.jsonl --format spacy -o /dev/null`.

use std::io::Write;

use copydesk::annotate::Store;
use copydesk::annotate::anchor::make_span;
use copydesk::annotate::schema::{Claim, ClaimSource, ItemMeta, Mention, Origin, Status};
use copydesk::annotate::store::{canonicalize, to_bytes};
use copydesk::article::LoadOptions;
use copydesk::article::load::corpus_line;
use copydesk::article::text_index::TextIndex;
use copydesk::interchange::Format;
use copydesk::interchange::document::Selection;
use copydesk::interchange::export::{ExportOptions, Sink, export};
use serde_json::Map;

const ARTICLES: usize = 10_000;

fn main() {
    divan::main();
}

const PEOPLE: &[&str] = &[
    "Priya Castellano",
    "Zoë Ortiz",
    "Tomasz Wróbel",
    "Amara Okafor",
    "Li Wei",
];
const PLACES: &[&str] = &[
    "Eastmouth",
    "Northwind",
    "東京",
    "Valley Cross",
    "São Paulo",
];
const GROUPS: &[&str] = &[
    "the harbour council",
    "the ferry union",
    "the Library Trust",
    "Northwind Transit",
];

fn paragraph(n: usize, k: usize) -> String {
    let person = PEOPLE[(n + k) % PEOPLE.len()];
    let place = PLACES[(n * 3 + k) % PLACES.len()];
    let group = GROUPS[(n + 2 * k) % GROUPS.len()];
    format!(
        "{person} said {group} would review the plan for {place} before the end of the month. \
         Officials in {place} reportedly expected a decision by Friday 👍, while {group} denied \
         that the budget of £{k}.{n} million had been cut. \"We will keep the crossing open,\" {person} said."
    )
}

fn meta(status: Status) -> ItemMeta {
    ItemMeta {
        id: String::new(),
        status,
        origin: Origin::Extractor {
            extractor: "bench".into(),
            version: "1".into(),
        },
        created: "2026-11-26T06:00:00.000Z".into(),
        updated: "2026-11-26T06:00:00.000Z".into(),
        orphaned: false,
    }
}

/// The corpus and its sidecars, written once and reused across runs.
fn corpus() -> String {
    let dir = std::env::temp_dir().join("copydesk-bench-export");
    let corpus = dir.join("wire.jsonl");
    let done = dir.join("complete");
    let path = corpus.to_string_lossy().into_owned();
    if done.exists() {
        return path;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("wire.jsonl.copydesk")).unwrap();
    let mut lines = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
    for n in 0..ARTICLES {
        let body: Vec<String> = (0..8).map(|k| paragraph(n, k)).collect();
        let record = serde_json::json!({"id": format!("g{n}"), "title": format!("Harbour story {n}"), "text": body.join("\n\n")});
        writeln!(lines, "{record}").unwrap();
    }
    lines.flush().unwrap();
    drop(lines);
    let text = std::fs::read_to_string(&corpus).unwrap();
    for (i, line) in text.lines().enumerate() {
        let article = corpus_line(&path, i + 1, line).unwrap().unwrap();
        annotate(&article);
    }
    std::fs::write(done, b"").unwrap();
    path
}

/// Every person and place mention, and every "said"/"denied" claim with its cue,
/// written straight to the sidecar (an atomic save per file would measure the disk).
fn annotate(article: &copydesk::article::Article) {
    let index = TextIndex::new(&article.text);
    let mut store = Store::open(article);
    let chars = |byte: usize| index.char_of(byte);
    let mut mentions = Vec::new();
    for (names, label) in [(PEOPLE, "PERSON"), (PLACES, "GPE")] {
        for name in names {
            for (at, found) in article.text.match_indices(name) {
                let span = make_span(&index, chars(at)..chars(at + found.len())).unwrap();
                mentions.push(Mention {
                    meta: meta(Status::Accepted),
                    span,
                    label: label.into(),
                    confidence: None,
                    extra: Map::new(),
                });
            }
        }
    }
    for (i, mention) in mentions.iter_mut().enumerate() {
        mention.meta.id = format!("m-{i:06}");
    }
    let mut claims = Vec::new();
    for (cue_word, label) in [(" said ", "said"), (" denied ", "denied")] {
        for (at, _) in article.text.match_indices(cue_word) {
            let cue = chars(at + 1)..chars(at + cue_word.len() - 1);
            let end = article.text[at..]
                .find('.')
                .map_or(article.text.len(), |e| at + e);
            let content = cue.end + 1..chars(end);
            if content.is_empty() {
                continue;
            }
            let source = mentions
                .iter()
                .rev()
                .find(|m| m.span.end < cue.start)
                .map(|m| ClaimSource::Mention(m.meta.id.clone()));
            claims.push(Claim {
                meta: ItemMeta {
                    id: format!("c-{:06}", claims.len()),
                    ..meta(Status::Manual)
                },
                content: make_span(&index, content).unwrap(),
                cue: make_span(&index, cue),
                label: label.into(),
                negated: false,
                source,
                note: None,
                extra: Map::new(),
            });
        }
    }
    let sidecar = store.sidecar_mut();
    sidecar.mentions = mentions;
    sidecar.claims = claims;
    canonicalize(sidecar);
    std::fs::write(store.path(), to_bytes(&store.sidecar)).unwrap();
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn spacy_10k_articles(bencher: divan::Bencher) {
    let corpus = corpus();
    let options = ExportOptions {
        format: Format::Spacy,
        selection: Selection::default(),
        load: LoadOptions::default(),
        jobs: None,
        // The corpus's sidecars carry no review marks: every article goes out, as
        // per-span records, the more expensive of the two shapes.
        include_partial: true,
    };
    bencher.bench(|| {
        let mut out = std::io::sink();
        let report = export(
            std::slice::from_ref(&corpus),
            &options,
            Sink::Stream(&mut out),
        )
        .unwrap();
        assert_eq!(report.articles, ARTICLES);
        assert!(report.problems.is_empty(), "{:?}", &report.problems[..1]);
    });
}
