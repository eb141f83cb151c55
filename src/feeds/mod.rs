//! Getting news in: subscriptions (RSS, Atom, JSON Feed; OPML and newsboat imports),
//! fetching feeds and pages over HTTP, and storing each page's raw bytes with a fetch
//! record (`article::provenance`) so every article and export can say where it came from.
//! Uses `article` for the record and `annotate`'s atomic saves; nothing here knows the
//! terminal.

pub mod http;
pub mod library;
pub mod newsboat;
pub mod opml;
pub mod pages;
pub mod polite;
pub mod reading;
pub mod update;
pub mod versions;

pub use library::{FeedLibrary, LibraryError};
