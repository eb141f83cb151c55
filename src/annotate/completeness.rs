//! Whether a person finished reviewing a layer of an article. Export relies on it:
//! text in a layer nobody finished could hide entities or claims no one tagged, so only
//! a complete layer may say "everything else is not an entity / not a claim".

use std::fmt;

use super::schema::{ReviewHow, ReviewMark, Reviewed, Sidecar, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Entities,
    Claims,
}

impl Layer {
    pub const ALL: [Layer; 2] = [Layer::Entities, Layer::Claims];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Entities => "entities",
            Layer::Claims => "claims",
        }
    }
}

/// Why a layer is not complete, phrased for the export summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Incomplete {
    /// Nobody decided every suggestion or marked the layer done.
    NotReviewed,
    /// Suggestions in the sidecar (imported, or held by the reader) wait for a decision.
    Undecided,
    /// The mark was made on a text the article no longer has.
    TextChanged,
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Incomplete::NotReviewed => f.write_str("not fully reviewed"),
            Incomplete::Undecided => f.write_str("has undecided suggestions"),
            Incomplete::TextChanged => f.write_str("text changed since it was reviewed"),
        }
    }
}

pub fn mark(reviewed: &Reviewed, layer: Layer) -> Option<&ReviewMark> {
    match layer {
        Layer::Entities => reviewed.entities.as_ref(),
        Layer::Claims => reviewed.claims.as_ref(),
    }
}

pub fn mark_mut(reviewed: &mut Reviewed, layer: Layer) -> &mut Option<ReviewMark> {
    match layer {
        Layer::Entities => &mut reviewed.entities,
        Layer::Claims => &mut reviewed.claims,
    }
}

/// Whether a person's mark on `layer` was made on this very text.
pub fn marked_for(reviewed: &Reviewed, layer: Layer, text_sha256: &str) -> bool {
    mark(reviewed, layer).is_some_and(|m| m.sha256 == text_sha256)
}

/// Suggestions of `layer` in the sidecar nobody has decided on.
pub fn undecided(sidecar: &Sidecar, layer: Layer) -> usize {
    let waiting = |status: Status, orphaned: bool| status == Status::Suggested && !orphaned;
    match layer {
        Layer::Entities => sidecar
            .mentions
            .iter()
            .filter(|m| waiting(m.meta.status, m.meta.orphaned))
            .count(),
        Layer::Claims => sidecar
            .claims
            .iter()
            .filter(|c| waiting(c.meta.status, c.meta.orphaned))
            .count(),
    }
}

/// Complete when a person's mark is there for this very text and no suggestion in the
/// sidecar is still waiting. Undecided suggestions win over the mark: an import after
/// the review brings new work.
pub fn check(sidecar: &Sidecar, layer: Layer, text_sha256: &str) -> Result<(), Incomplete> {
    let marked = mark(&sidecar.reviewed, layer).is_some();
    match undecided(sidecar, layer) {
        0 if marked_for(&sidecar.reviewed, layer, text_sha256) => Ok(()),
        0 if marked => Err(Incomplete::TextChanged),
        0 => Err(Incomplete::NotReviewed),
        _ => Err(Incomplete::Undecided),
    }
}

/// Takes the other side's marks where we have none, and the later one where both do.
pub fn merge(ours: &mut Reviewed, theirs: Reviewed) {
    for layer in Layer::ALL {
        let theirs = mark(&theirs, layer).cloned();
        let ours = mark_mut(ours, layer);
        if let Some(theirs) = theirs
            && ours.as_ref().is_none_or(|o| o.at < theirs.at)
        {
            *ours = Some(theirs);
        }
    }
}

pub fn new_mark(by: &str, how: ReviewHow, text_sha256: &str) -> ReviewMark {
    ReviewMark {
        by: by.to_string(),
        at: super::ids::now(),
        how,
        sha256: text_sha256.to_string(),
        extra: serde_json::Map::new(),
    }
}
