//! Entities an article mentions: the document-level layer over a mention detector.

pub mod linking;
