//! Detection speed on a 1 MB article, the whole of what `copydesk detect` does per
//! article, with and without the claim cues. Issue 5's bar: claims add less than 20%
//! to detect (compare `detect_1mb` with `detect_1mb_entities_only`).
//! Run with `cargo bench --bench detect`.

use std::path::Path;

use copydesk::article::{Article, SourceFormat};
use copydesk::extract::analysis::{analyse_text, entity_mentions};
use copydesk::extract::claims::detect_claims;
use copydesk::extract::claims::lexicon::Lexicon;
use copydesk::extract::detect_json::DetectJson;
use copydesk::extract::entities::detect_entities;
use copydesk::extract::entities::user_lexicon::UserLexicon;
use copydesk::extract::lexicons::Lexicons;

fn main() {
    divan::main();
}

/// About 1 MB of news paragraphs: the NER fixture texts (written for this project),
/// repeated.
fn one_megabyte_article() -> Article {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ner/texts.json");
    let texts: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures).unwrap()).unwrap();
    let mut body = Vec::new();
    let mut size = 0;
    while size < 1_000_000 {
        for text in &texts {
            let paragraph = text["text"].as_str().unwrap().replace('\n', " ");
            size += paragraph.len() + 2;
            body.push(paragraph);
        }
    }
    Article::from_clean_text("bench".into(), SourceFormat::PlainText, body.join("\n\n"))
}

#[divan::bench(sample_count = 5)]
fn detect_1mb(bencher: divan::Bencher) {
    let article = one_megabyte_article();
    let lexicons = Lexicons::built_in();
    bencher.bench(|| {
        let analysis = analyse_text(&article.text, &lexicons);
        serde_json::to_string(&DetectJson::new(
            &article,
            &analysis.entities,
            &analysis.claims,
        ))
        .unwrap()
    });
}

#[divan::bench(sample_count = 5)]
fn detect_1mb_entities_only(bencher: divan::Bencher) {
    let article = one_megabyte_article();
    bencher.bench(|| {
        let entities = entity_mentions(&detect_entities(&article.text, &UserLexicon::default()));
        serde_json::to_string(&DetectJson::new(&article, &entities, &[])).unwrap()
    });
}

#[divan::bench(sample_count = 10)]
fn claims_1mb(bencher: divan::Bencher) {
    let article = one_megabyte_article();
    let lexicon = Lexicon::built_in();
    bencher.bench(|| detect_claims(divan::black_box(&article.text), &lexicon));
}
