//! One article through every extractor: the entity detector with its linker, and the
//! claim cues. `copydesk detect` and the reader call the same function, so what the
//! command prints is what the reader suggests.

use std::ops::Range;

use super::claims::{ClaimSuggestion, detect_claims};
use super::entities::detect_entities;
use super::entities::linking::Linked;
use super::lexicons::Lexicons;
use super::visible::Visible;

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

/// Runs the entity detector and the claim cues over `text` as a person sees it (see
/// [`Visible`]); the ranges are `text`'s.
pub fn analyse_text(text: &str, lexicons: &Lexicons) -> Analysis {
    let visible = Visible::new(text);
    let seen = visible.text();
    let mut entities = entity_mentions(&detect_entities(seen, &lexicons.entities));
    let mut claims = detect_claims(seen, &lexicons.claims);
    for mention in &mut entities {
        mention.range = visible.raw_range(&mention.range);
    }
    for claim in &mut claims {
        claim.content = visible.raw_range(&claim.content);
        claim.cue = visible.raw_range(&claim.cue);
        claim.source = claim
            .source
            .as_ref()
            .map(|source| visible.raw_range(source));
    }
    Analysis { entities, claims }
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

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    static LEXICONS: LazyLock<Lexicons> = LazyLock::new(Lexicons::built_in);

    /// Text as `--no-clean` gives it: names and cues with invisible characters anywhere.
    fn raw_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Ines",
            "Okafor",
            "Dun",
            "more",
            "Harbour",
            "Trust",
            "said",
            "denied",
            "reportedly",
            "according to",
            "the",
            "ferry",
            " ",
            " ",
            ".",
            "\u{00AD}",
            "\u{00A0}",
            "\u{200B}",
            "\u{200C}",
            "\u{200D}",
            "\u{2060}",
            "\u{FEFF}",
            "\r\n",
            "\r",
            "\n",
            "\u{202E}",
            "東",
            "👍🏽",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_range_found_in_raw_text_is_inside_it(text in raw_text()) {
            let analysis = analyse_text(&text, &LEXICONS);
            let ranges = analysis.entities.iter().map(|m| m.range.clone()).chain(
                analysis.claims.iter().flat_map(|c| {
                    [Some(c.content.clone()), Some(c.cue.clone()), c.source.clone()]
                        .into_iter()
                        .flatten()
                }),
            );
            for range in ranges {
                prop_assert!(text.get(range.clone()).is_some(), "{range:?} in {text:?}");
            }
        }
    }
}
