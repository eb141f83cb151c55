//! Sidecar schema v1 (`"schema": "copydesk/1"`), documented with a full example in
//! `docs/sidecar-schema.md`.
//!
//! Every struct keeps the fields it does not know in `extra`, so a sidecar written by a
//! newer copydesk minor version, or edited by a script, loses nothing when we save it.
//! Field order here is the order on disk: keep it stable so git diffs stay small.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const SCHEMA: &str = "copydesk/1";
pub const SCHEMA_FAMILY: &str = "copydesk/";
pub const SCHEMA_VERSION: u32 = 1;

type Extra = Map<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    pub schema: String,
    pub article: ArticleRef,
    #[serde(default)]
    pub annotators: Vec<Annotator>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Which layers a person finished reviewing: what export may treat as complete.
    #[serde(default, skip_serializing_if = "Reviewed::is_empty")]
    pub reviewed: Reviewed,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Review completeness per layer. Without a mark, text nobody has finished reviewing
/// could hide entities or claims no one tagged, so it must never become negative
/// training data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reviewed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<ReviewMark>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<ReviewMark>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Reviewed {
    pub fn is_empty(&self) -> bool {
        self.entities.is_none() && self.claims.is_none() && self.extra.is_empty()
    }
}

/// A person's statement that a layer of the article is fully reviewed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewMark {
    pub by: String,
    /// RFC 3339 UTC.
    pub at: String,
    /// How it became complete: every suggestion decided, or marked done by hand.
    pub how: ReviewHow,
    /// SHA-256 of the text reviewed: a corrected article needs reviewing again.
    pub sha256: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewHow {
    Decided,
    Marked,
}

/// Which article the annotations belong to, and the text they were made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// Relative to the sidecar's folder; `FILE#ID` for an article inside a corpus.
    pub path: String,
    /// SHA-256 hex of the cleaned text the offsets point into.
    pub sha256: String,
    /// Length of that text in code points.
    pub length: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotator {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A range of the article text in code points (end exclusive) with a W3C
/// TextQuoteSelector-style anchor, so it can be found again after the text changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Suggested,
    Accepted,
    Rejected,
    Edited,
    Manual,
}

impl Status {
    /// The status as a person says it, in the reader and its messages.
    pub fn in_words(self) -> &'static str {
        match self {
            Status::Suggested => "to review",
            Status::Accepted => "accepted",
            Status::Edited => "edited",
            Status::Rejected => "rejected",
            Status::Manual => "yours",
        }
    }

    /// A person's decision that the item is right: training data and eval's gold.
    /// Suggestions nobody decided are not, and rejected ones are wrong.
    pub fn is_gold(self) -> bool {
        matches!(self, Status::Accepted | Status::Edited | Status::Manual)
    }
}

/// Who made an item: an extractor (name and version) or a person (annotator id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Origin {
    Extractor { extractor: String, version: String },
    Annotator { annotator: String },
}

/// What every item carries: identity, decision state, provenance and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemMeta {
    pub id: String,
    pub status: Status,
    pub origin: Origin,
    /// RFC 3339 UTC timestamps.
    pub created: String,
    pub updated: String,
    /// Set when re-anchoring could not place the item's spans in the current text.
    /// Orphans are kept and listed, never dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub span: Span,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A cluster of mentions that refer to one real-world entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub name: String,
    pub label: String,
    /// Mention ids.
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub content: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    pub label: String,
    #[serde(default)]
    pub negated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ClaimSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A claim's source: a mention in the text; a span of the text that is no mention (a
/// selection, or a tool's source region), anchored like any span so it follows edits
/// and survives a round trip as a span; or free text when it is not in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimSource {
    Mention(String),
    Span(Span),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    #[serde(flatten)]
    pub meta: ItemMeta,
    pub span: Span,
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One decision in the append-only log: who changed which item, when, from what to what.
/// `before` is null for a creation and `after` is null for a deletion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: String,
    pub at: String,
    pub by: String,
    pub kind: ItemKind,
    pub item: String,
    /// Shared, so copying a long history for the saver thread copies no JSON.
    pub before: Option<Arc<Value>>,
    pub after: Option<Arc<Value>>,
    /// The entry this one reverses, for undo and redo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<String>,
    /// Shared by the entries one action of a person made (a relabel is an accept and an
    /// edit), so undo and redo take them back together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Mention,
    Entity,
    Claim,
    Note,
}
