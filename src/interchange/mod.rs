//! Training sets out, pre-annotations in: the formats other annotation and NLP tools
//! speak (spaCy/Prodigy and DocBin, Hugging Face, doccano, brat, Label Studio, CoNLL,
//! W3C Web Annotation, CSV), one file per format. Offsets leave and enter in Unicode
//! code points, except where the consumer counts otherwise (Label Studio's UTF-16 code
//! units, doccano's UTF-16 units or graphemes), converted in [`offsets`] only.
//!
//! Every writer counts what its format cannot hold ([`Losses`]), so an export never
//! drops a relation or an attribute without saying how many.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod detect;
pub mod docbin;
pub mod doccano;
pub mod document;
pub mod export;
pub mod foreign;
pub mod hf;
pub mod import;
pub mod labelstudio;
pub mod offsets;
pub mod provenance;
pub mod spacy;
pub mod tokens;
pub mod w3c;
pub mod write_roots;

use std::collections::BTreeMap;
use std::fmt;

/// The formats `copydesk export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Spacy,
    Docbin,
    Hf(hf::Scheme),
    Doccano,
    Brat,
    LabelStudio,
    Conll,
    W3c,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Spacy => "spacy",
            Format::Docbin => "docbin",
            Format::Hf(_) => "hf",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::LabelStudio => "labelstudio",
            Format::Conll => "conll",
            Format::W3c => "w3c",
            Format::Csv => "csv",
        }
    }

    /// Whether the format can mark text as not yet reviewed (missing), so an article a
    /// person has not finished can go out without its unreviewed text read as negative.
    pub fn says_missing(self) -> bool {
        match self {
            Format::Spacy | Format::Docbin | Format::Hf(_) | Format::LabelStudio | Format::W3c => {
                true
            }
            Format::Doccano | Format::Brat | Format::Conll | Format::Csv => false,
        }
    }

    /// Whether the format can say an item is not gold (rejected, or only suggested):
    /// the others would turn every item they are given into a positive example.
    pub fn says_status(self) -> bool {
        match self {
            Format::Spacy | Format::Docbin | Format::Hf(_) | Format::W3c | Format::Csv => true,
            Format::Doccano | Format::Brat | Format::Conll | Format::LabelStudio => false,
        }
    }
}

/// What an export could not express, by kind, with counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Losses(BTreeMap<&'static str, usize>);

impl Losses {
    pub fn add(&mut self, what: &'static str, count: usize) {
        if count > 0 {
            *self.0.entry(what).or_default() += count;
        }
    }

    pub fn absorb(&mut self, other: Losses) {
        for (what, count) in other.0 {
            self.add(what, count);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn count(&self, what: &str) -> usize {
        self.0.get(what).copied().unwrap_or(0)
    }
}

impl fmt::Display for Losses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(what, count)| format!("{count} {what}"))
            .collect();
        f.write_str(&parts.join(", "))
    }
}
