//! The JSON that `copydesk detect` prints for one article. Offsets leave the process
//! here, so this is where byte ranges become code points.

use std::ops::Range;

use serde::Serialize;

use super::analysis::EntityMention;
use super::claims::ClaimSuggestion;
use crate::article::text_index::TextIndex;
use crate::article::{Article, Metadata};

#[derive(Debug, Serialize)]
pub struct DetectJson<'a> {
    pub article: ArticleInfo<'a>,
    pub text: &'a str,
    pub entities: Vec<EntityJson>,
    pub claims: Vec<ClaimJson>,
}

#[derive(Debug, Serialize)]
pub struct ArticleInfo<'a> {
    pub id: &'a str,
    pub source: &'a str,
    #[serde(flatten)]
    pub metadata: &'a Metadata,
}

#[derive(Debug, Serialize)]
pub struct EntityJson {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: String,
    pub entity: String,
}

#[derive(Debug, Serialize)]
pub struct ClaimJson {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub negated: bool,
    pub cue: SpanJson,
    pub source: Option<SourceJson>,
}

#[derive(Debug, Serialize)]
pub struct SpanJson {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct SourceJson {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The canonical name of the entity whose mention covers the source, when one does.
    pub entity: Option<String>,
}

impl<'a> DetectJson<'a> {
    pub fn new(
        article: &'a Article,
        entities: &[EntityMention],
        claims: &[ClaimSuggestion],
    ) -> Self {
        let text = article.text.as_str();
        let index = TextIndex::new(text);
        let code_points = |range: &std::ops::Range<usize>| {
            let chars = index.chars_of(range.clone());
            (chars.start, chars.end)
        };
        let span = |range: &std::ops::Range<usize>| {
            let (start, end) = code_points(range);
            SpanJson {
                start,
                end,
                text: text[range.clone()].to_string(),
            }
        };
        let claims = claims
            .iter()
            .map(|claim| {
                let (start, end) = code_points(&claim.content);
                ClaimJson {
                    start,
                    end,
                    label: claim.label.clone(),
                    negated: claim.negated,
                    cue: span(&claim.cue),
                    source: claim.source.as_ref().map(|source| {
                        let entity = entity_covering(entities, source, text);
                        let SpanJson { start, end, text } = span(source);
                        SourceJson {
                            start,
                            end,
                            text,
                            entity,
                        }
                    }),
                }
            })
            .collect();
        DetectJson {
            article: ArticleInfo {
                id: &article.id,
                source: &article.source,
                metadata: &article.metadata,
            },
            text,
            entities: entities
                .iter()
                .map(|mention| {
                    let (start, end) = code_points(&mention.range);
                    EntityJson {
                        start,
                        end,
                        text: text[mention.range.clone()].to_string(),
                        label: mention.label.clone(),
                        entity: mention.linked.clone(),
                    }
                })
                .collect(),
            claims,
        }
    }
}

/// Labels of entities that can speak or publish: a claim's source is linked only to one
/// of these ("the letter signed by seven" is not the number seven).
const SPEAKER_LABELS: &[&str] = &["PERSON", "ORG", "GPE", "NORP"];

/// The entity of the speaker mention that a claim's source ends with, unless the words
/// before it attach it to another head: "Special Envoy Steve Witkoff" and "former
/// president Barack Obama" are those people, while "a group representing counties in
/// California" is not California and "the head of the IMF" is not the IMF.
fn entity_covering(
    entities: &[EntityMention],
    source: &Range<usize>,
    text: &str,
) -> Option<String> {
    let mention = entities
        .iter()
        .filter(|mention| SPEAKER_LABELS.contains(&mention.label.as_str()))
        .find(|mention| mention.range.start < source.end && source.end <= mention.range.end)?;
    let before = text.get(source.start..mention.range.start.max(source.start))?;
    let attaches_elsewhere = before.split_whitespace().any(|word| {
        let word = word.to_lowercase();
        matches!(
            word.as_str(),
            "of" | "in" | "at" | "for" | "from" | "by" | "with" | "on" | "to" | "behind"
        ) || (word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed")))
    });
    (!attaches_elsewhere).then(|| mention.linked.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analysis::entity_mentions;
    use crate::extract::entities::linking::{Aliases, RawMention, link};

    fn source_entity(text: &str, mentions: &[(&str, &str)], source: &str) -> Option<String> {
        let raw: Vec<RawMention> = mentions
            .iter()
            .map(|(name, label)| {
                let start = text.find(name).unwrap();
                RawMention {
                    range: start..start + name.len(),
                    label: label.to_string(),
                }
            })
            .collect();
        let linked = link(text, &raw, &Aliases::built_in());
        let start = text.find(source).unwrap();
        entity_covering(
            &entity_mentions(&linked),
            &(start..start + source.len()),
            text,
        )
    }

    #[test]
    fn a_source_links_to_the_speaker_at_its_head() {
        let text = "Special Envoy Steve Witkoff spoke.";
        let people = [("Steve Witkoff", "PERSON")];
        assert_eq!(
            source_entity(text, &people, "Special Envoy Steve Witkoff").as_deref(),
            Some("Steve Witkoff")
        );
        let text = "A group representing counties in California said so.";
        let place = [("California", "GPE")];
        let group = "A group representing counties in California";
        assert_eq!(source_entity(text, &place, group), None);
        let text = "Then former president Barack Obama spoke.";
        let obama = [("Barack Obama", "PERSON")];
        let source = "former president Barack Obama";
        assert_eq!(
            source_entity(text, &obama, source).as_deref(),
            Some("Barack Obama")
        );
        let text = "The letter signed by seven doctors says so.";
        let number = [("seven", "CARDINAL")];
        assert_eq!(
            source_entity(text, &number, "The letter signed by seven"),
            None
        );
    }
}
