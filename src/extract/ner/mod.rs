//! Named entities: a pure-Rust port of spaCy's `en_core_web_sm` 3.8.0 NER
//! (Explosion AI, MIT licence), built in so that detection works offline.
//!
//! `tokenizer` reproduces spaCy's English tokenizer, `lexeme` the token
//! attributes the model reads, `model` the network and greedy decoder. Offsets
//! are byte ranges into the text given; callers convert them as they need.

mod affix;
mod data;
pub mod hash;
pub mod lexeme;
pub mod model;
pub mod tokenizer;

use std::sync::OnceLock;

use lexeme::Lexicon;
use model::Model;
use tokenizer::{Token, Tokenizer, is_space};

/// One entity mention: a byte range of the text and its OntoNotes label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
}

/// The tokenizer, lexicon and model, loaded once from the embedded data.
pub struct Ner {
    tokenizer: Tokenizer,
    lexicon: Lexicon,
    model: Model,
}

fn loaded() -> &'static Ner {
    static LOADED: OnceLock<Ner> = OnceLock::new();
    LOADED.get_or_init(|| {
        let data = data::tokenizer_data();
        let lexicon = Lexicon::new(&data);
        let tokenizer = Tokenizer::new(&data, &lexicon);
        let model = Model::load(data::WEIGHTS_BIN).expect("data/ner/weights.bin is valid");
        Ner {
            tokenizer,
            lexicon,
            model,
        }
    })
}

/// The shared tokenizer, for callers that need spaCy's tokens.
pub fn tokenizer() -> &'static Tokenizer {
    &loaded().tokenizer
}

/// Tokenizes `text` as spaCy's English tokenizer does.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenizer().tokenize(text)
}

/// Finds the named entities in `text`, in order, as spaCy's NER would.
pub fn detect(text: &str) -> Vec<Entity> {
    let ner = loaded();
    let tokens = ner.tokenizer.tokenize(text);
    let feats: Vec<[u64; 4]> = tokens
        .iter()
        .map(|t| ner.lexicon.features(&text[t.start..t.end], t.norm))
        .collect();
    let spaces: Vec<bool> = tokens
        .iter()
        .map(|t| text[t.start..t.end].chars().all(is_space))
        .collect();
    ner.model
        .predict(&feats, &spaces)
        .into_iter()
        .map(|s| Entity {
            start: tokens[s.start].start,
            end: tokens[s.end - 1].end,
            label: ner.model.labels[s.label].as_str(),
        })
        .collect()
}
