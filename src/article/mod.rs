//! The first layer: reading files in any supported format into one [`Article`].
//! Nothing here knows about the terminal, extraction or sidecars.

pub mod byline;
pub mod collection;
pub mod date;
pub mod decode;
pub mod explain;
pub mod html;
pub mod json_record;
pub mod load;
pub mod markdown;
pub mod model;
pub mod normalize;
pub mod provenance;
pub mod serialize;
pub mod text_dump;
pub mod text_index;

pub use load::{LoadError, LoadOptions, Loaded, load};
pub use model::{Article, Caption, Cleaned, Metadata, RemovalReason, RemovedLine, SourceFormat};
