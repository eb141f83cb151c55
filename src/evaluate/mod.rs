//! Numbers about annotations: how good an extractor's suggestions were against what
//! people decided (`copydesk eval`), and how far two annotators agree (`copydesk agree`).
//! Reads sidecars only; never writes them.

pub mod agree;
pub mod eval;
pub mod score;
pub mod sidecars;
