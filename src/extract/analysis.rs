//! One article through every extractor: the entity detector with its linker, and the
//! claim cues. `copydesk detect` and the reader call the same function, so what the
//! command prints is what the reader suggests.

use std::ops::Range;

use super::claims::{ClaimSuggestion, detect_claims};
use super::entities::detect_entities;
use super::entities::linking::Linked;
use super::lexicons::Lexicons;

/// A detected mention and the name of the entity it was linked to. Byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    pub range: Range<usize>,
    pub label: String,
    /// The entity's name as shown: the linker's, unless a person renamed, merged or split.
    pub entity: String,
    /// The linker's name for it.
    pub linked: String,
}

/// What the extractors found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub entities: Vec<EntityMention>,
    pub claims: Vec<ClaimSuggestion>,
}

/// Runs the entity detector and the claim cues over `text`.
pub fn analyse_text(text: &str, lexicons: &Lexicons) -> Analysis {
    Analysis {
        entities: entity_mentions(&detect_entities(text, &lexicons.entities)),
        claims: detect_claims(text, &lexicons.claims),
    }
}

/// Each of the linker's mentions with the name of its entity.
pub fn entity_mentions(linked: &Linked) -> Vec<EntityMention> {
    linked
        .mentions
        .iter()
        .map(|mention| {
            let name = &linked.entities[mention.entity].name;
            EntityMention {
                range: mention.range.clone(),
                label: mention.label.clone(),
                entity: name.clone(),
                linked: name.clone(),
            }
        })
        .collect()
}
