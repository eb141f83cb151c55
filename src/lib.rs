//! copydesk: a terminal news reader and annotator.
//!
//! Layers, each using only the ones before it: `article` (load, clean, normalise),
//! `annotate` (sidecars: schema, anchoring, atomic saves, history), `extract`
//! (named entities, from spaCy's small English model ported to Rust).

pub mod annotate;
pub mod article;
pub mod extract;

pub use article::normalize::terminal_safe;
