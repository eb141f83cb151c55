//! The JSON that `copydesk detect` prints for one article. Offsets leave the process
//! here, so this is where byte ranges become code points.

use serde::Serialize;

use super::claims::ClaimSuggestion;
use super::entities::linking::Linked;
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
    pub fn new(article: &'a Article, linked: &Linked, claims: &[ClaimSuggestion]) -> Self {
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
                        let SpanJson { start, end, text } = span(source);
                        SourceJson {
                            start,
                            end,
                            text,
                            entity: entity_covering(linked, source),
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
            entities: linked
                .mentions
                .iter()
                .map(|mention| {
                    let (start, end) = code_points(&mention.range);
                    EntityJson {
                        start,
                        end,
                        text: text[mention.range.clone()].to_string(),
                        label: mention.label.clone(),
                        entity: linked.entities[mention.entity].name.clone(),
                    }
                })
                .collect(),
            claims,
        }
    }
}

/// The entity of the mention that best covers a claim's source: the one overlapping it
/// most ("Special Envoy Steve Witkoff" is covered by the mention "Steve Witkoff").
fn entity_covering(linked: &Linked, source: &std::ops::Range<usize>) -> Option<String> {
    linked
        .mentions
        .iter()
        .filter(|mention| mention.range.start < source.end && source.start < mention.range.end)
        .max_by_key(|mention| {
            mention.range.end.min(source.end) - mention.range.start.max(source.start)
        })
        .map(|mention| linked.entities[mention.entity].name.clone())
}
