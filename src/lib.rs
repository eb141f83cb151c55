//! copydesk: a terminal news reader and annotator.
//!
//! Layers, each using only the ones before it: `article` (load, clean, normalise).

pub mod article;

pub use article::normalize::terminal_safe;
