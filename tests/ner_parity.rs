//! Parity with spaCy 3.8.18 + en_core_web_sm 3.8.0 on the fixture corpus
//! (texts written for this project; spaCy's output saved by
//! tools/make_ner_fixtures.py), so that CI checks the port without Python.

use copydesk::extract::ner::{detect, tokenize};
use serde_json::Value;

const TEXTS: &str = include_str!("fixtures/ner/texts.json");
const EXPECTED: &str = include_str!("fixtures/ner/expected.json");

/// Byte offset of every code point index (plus the end) of `text`.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

struct Tally {
    matched: usize,
    spacy: usize,
    ours: usize,
}

impl Tally {
    /// Matches over the larger of the two counts, so that both missing and
    /// extra items count against parity.
    fn ratio(&self) -> f64 {
        let denom = self.spacy.max(self.ours);
        if denom == 0 {
            1.0
        } else {
            self.matched as f64 / denom as f64
        }
    }
}

fn count<T: PartialEq>(spacy: &[T], ours: &[T], tally: &mut Tally) {
    tally.spacy += spacy.len();
    tally.ours += ours.len();
    tally.matched += spacy.iter().filter(|s| ours.contains(s)).count();
}

#[test]
fn tokens_and_entities_match_spacy() {
    let texts: Value = serde_json::from_str(TEXTS).unwrap();
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let docs = expected["docs"].as_array().unwrap();
    let texts = texts.as_array().unwrap();
    assert_eq!(
        texts.len(),
        docs.len(),
        "expected.json is stale: rerun tools/make_ner_fixtures.py"
    );
    let mut tokens = Tally {
        matched: 0,
        spacy: 0,
        ours: 0,
    };
    let mut ents = Tally {
        matched: 0,
        spacy: 0,
        ours: 0,
    };
    let mut words = 0;
    for (record, doc) in texts.iter().zip(docs) {
        assert_eq!(record["id"], doc["id"]);
        let text = record["text"].as_str().unwrap();
        words += text.split_whitespace().count();
        let at = byte_offsets(text);
        let pos = |v: &Value| at[v.as_u64().unwrap() as usize];
        let want_tokens: Vec<(usize, usize)> = doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (pos(&t[0]), pos(&t[1])))
            .collect();
        let got_tokens: Vec<(usize, usize)> =
            tokenize(text).iter().map(|t| (t.start, t.end)).collect();
        count(&want_tokens, &got_tokens, &mut tokens);
        let want_ents: Vec<(usize, usize, String)> = doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (pos(&e[0]), pos(&e[1]), e[2].as_str().unwrap().to_string()))
            .collect();
        let got_ents: Vec<(usize, usize, String)> = detect(text)
            .into_iter()
            .map(|e| (e.start, e.end, e.label.to_string()))
            .collect();
        for missing in want_ents.iter().filter(|e| !got_ents.contains(e)) {
            eprintln!(
                "{}: spaCy only {:?} {:?}",
                doc["id"],
                &text[missing.0..missing.1],
                missing.2
            );
        }
        for extra in got_ents.iter().filter(|e| !want_ents.contains(e)) {
            eprintln!(
                "{}: port only {:?} {:?}",
                doc["id"],
                &text[extra.0..extra.1],
                extra.2
            );
        }
        count(&want_ents, &got_ents, &mut ents);
    }
    println!(
        "{} texts, {words} words; token parity {:.4}% ({}/{} spaCy, {} ours); entity parity {:.4}% ({}/{} spaCy, {} ours)",
        texts.len(),
        100.0 * tokens.ratio(),
        tokens.matched,
        tokens.spacy,
        tokens.ours,
        100.0 * ents.ratio(),
        ents.matched,
        ents.spacy,
        ents.ours,
    );
    assert!(
        texts.len() >= 50 && words >= 20_000,
        "the corpus is too small"
    );
    assert!(tokens.ratio() >= 0.999, "token parity below 99.9%");
    assert!(ents.ratio() >= 0.99, "entity parity below 99%");
}
