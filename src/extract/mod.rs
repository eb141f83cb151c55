//! The extraction layer: what an article mentions and claims. Knows about articles;
//! never about sidecars or the terminal.

pub mod analysis;
pub mod claims;
pub mod detect_json;
pub mod entities;
pub mod lexicons;
pub mod ner;
pub mod sentences;
pub mod visible;
pub mod words;
