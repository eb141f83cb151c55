//! The annotation layer: sidecar files that hold a person's judgements about an article.
//! Knows about articles; never about the terminal.

pub mod also_suggested;
pub mod anchor;
pub mod atomic;
pub mod check;
pub mod completeness;
pub mod entities;
pub mod history;
pub mod ids;
pub mod items;
pub mod merge;
pub mod rescue;
pub mod reshape;
pub mod review;
pub mod schema;
pub mod session;
pub mod store;
pub mod teaching;

pub use store::{SaveError, SaveReport, Store, sidecar_path};
