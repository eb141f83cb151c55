//! The first layer: reading files in any supported format into one [`Article`].
//! Nothing here knows about the terminal, extraction or sidecars.

pub mod html;
pub mod model;
pub mod normalize;
pub mod text_dump;

pub use model::{Article, Caption, Cleaned, Metadata, RemovalReason, RemovedLine, SourceFormat};
