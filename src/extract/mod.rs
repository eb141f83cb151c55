//! Extraction: what an article mentions. Uses only `article` for its input
//! text; nothing here touches the terminal.

pub mod detect;
pub mod ner;
