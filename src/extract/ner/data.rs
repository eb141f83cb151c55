//! The converted model files, embedded so that the detector works offline and
//! with nothing to install (see `tools/convert_spacy_ner.py` for their format).

use std::collections::HashMap;

use serde::Deserialize;

pub(crate) const TOKENIZER_JSON: &str = include_str!("../../../data/ner/tokenizer.json");
pub(crate) const WEIGHTS_BIN: &[u8] = include_bytes!("../../../data/ner/weights.bin");

/// `data/ner/tokenizer.json`.
#[derive(Deserialize)]
pub(crate) struct TokenizerData {
    pub prefix: String,
    pub suffix: String,
    pub infix: String,
    pub url: String,
    pub specials: HashMap<String, Vec<(String, Option<String>)>>,
    pub matcher: HashMap<String, Vec<String>>,
    /// spaCy string id (decimal) of a word → its norm.
    pub lexeme_norm: HashMap<String, String>,
    pub base_norms: HashMap<String, String>,
    pub symbols: HashMap<String, u64>,
}

pub(crate) fn tokenizer_data() -> TokenizerData {
    serde_json::from_str(TOKENIZER_JSON).expect("data/ner/tokenizer.json is valid")
}
