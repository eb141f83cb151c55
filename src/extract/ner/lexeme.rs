//! The four token attributes the model reads -- NORM, PREFIX, SUFFIX, SHAPE --
//! computed exactly as spaCy's lexeme getters do, and their string ids.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::data::TokenizerData;
use super::hash::murmur64a;

/// Norm tables and the symbol table, which spaCy consults before hashing.
pub struct Lexicon {
    lexeme_norm: HashMap<u64, String>,
    base_norms: HashMap<String, String>,
    symbols: HashMap<String, u64>,
}

/// spaCy's `hash_string`: MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn hash_string(s: &str) -> u64 {
    murmur64a(s.as_bytes(), 1)
}

fn letter_class() -> &'static regex::Regex {
    static CLASS: OnceLock<regex::Regex> = OnceLock::new();
    CLASS.get_or_init(|| regex::Regex::new(r"^\p{L}$").expect("static pattern"))
}

fn digit_class() -> &'static regex::Regex {
    static CLASS: OnceLock<regex::Regex> = OnceLock::new();
    CLASS.get_or_init(|| {
        regex::Regex::new(
            r"^[\p{Nd}\u{b2}\u{b3}\u{b9}\u{2070}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}]$",
        )
        .expect("static pattern")
    })
}

fn char_str(c: char, buf: &mut [u8; 4]) -> &str {
    c.encode_utf8(buf)
}

/// Python's `str.isalpha` for one character (general category L*).
fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let mut buf = [0; 4];
    letter_class().is_match(char_str(c, &mut buf))
}

/// Python's `str.isdigit` for one character (decimal and digit numerals).
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let mut buf = [0; 4];
    digit_class().is_match(char_str(c, &mut buf))
}

/// spaCy's `word_shape`: letters become x/X, digits d, runs capped at four.
pub fn word_shape(text: &str) -> String {
    if text.chars().count() >= 100 {
        return "LONG".to_string();
    }
    let mut shape = String::new();
    let mut last = None;
    let mut seq = 0;
    for c in text.chars() {
        let shape_char = if is_alpha(c) {
            if c.is_uppercase() { 'X' } else { 'x' }
        } else if is_digit(c) {
            'd'
        } else {
            c
        };
        if Some(shape_char) == last {
            seq += 1;
        } else {
            seq = 0;
            last = Some(shape_char);
        }
        if seq < 4 {
            shape.push(shape_char);
        }
    }
    shape
}

impl Lexicon {
    pub(crate) fn new(data: &TokenizerData) -> Lexicon {
        Lexicon {
            lexeme_norm: data
                .lexeme_norm
                .iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, v.clone())))
                .collect(),
            base_norms: data.base_norms.clone(),
            symbols: data.symbols.clone(),
        }
    }

    /// spaCy's `StringStore.add`: reserved symbols keep their small ids.
    pub fn id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        match self.symbols.get(s) {
            Some(&id) => id,
            None => hash_string(s),
        }
    }

    /// The lexeme norm: the model's `lexeme_norm` table, then spaCy's
    /// BASE_NORMS, then Python's `str.lower`.
    pub fn norm(&self, text: &str) -> u64 {
        if let Some(n) = self.lexeme_norm.get(&self.id(text)) {
            return self.id(n);
        }
        if let Some(n) = self.base_norms.get(text) {
            return self.id(n);
        }
        self.id(&text.to_lowercase())
    }

    /// The four feature ids of one token text: NORM (unless a special case set
    /// it), PREFIX (first character), SUFFIX (last three), SHAPE.
    pub fn features(&self, text: &str, special_norm: Option<u64>) -> [u64; 4] {
        let norm = special_norm.unwrap_or_else(|| self.norm(text));
        let prefix_end = text.char_indices().nth(1).map_or(text.len(), |(i, _)| i);
        let suffix_start = text.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        [
            norm,
            self.id(&text[..prefix_end]),
            self.id(&text[suffix_start..]),
            self.id(&word_shape(text)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_spacy() {
        assert_eq!(hash_string("hello"), 5983625672228268878);
        assert_eq!(hash_string("Müller"), 17756770188198780212);
        assert_eq!(hash_string("abcdefghij"), 17029599333975756408);
    }

    #[test]
    fn shapes_match_spacy() {
        assert_eq!(word_shape("Müller"), "Xxxxx");
        assert_eq!(word_shape("U.S."), "X.X.");
        assert_eq!(word_shape("$1,000.50"), "$d,ddd.dd");
        assert_eq!(word_shape("東京"), "xx");
    }
}
