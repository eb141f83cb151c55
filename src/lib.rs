//! copydesk: a terminal news reader and annotator.
//!
//! Layers, each using only the ones before it: `article` (load, clean, normalise),
//! `extract` (named entities from spaCy's small English model ported to Rust, sentences,
//! claim cues), `annotate` (sidecars: schema, anchoring, atomic saves, history), `feeds`
//! (subscriptions, fetching, stored pages with their provenance), and on top `tui`, the terminal reader (the only layer that knows ratatui).

pub mod annotate;
pub mod article;
pub mod evaluate;
pub mod extract;
pub mod feeds;
pub mod interchange;
pub mod parallel;
pub mod tui;

pub use article::normalize::terminal_safe;
