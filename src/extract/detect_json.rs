//! The JSON that `copydesk detect` prints for one article. Offsets leave the process
//! here, so this is where byte ranges become code points.

use serde::Serialize;

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
    pub fn new(article: &'a Article, claims: &[ClaimSuggestion]) -> Self {
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
                            entity: None,
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
            entities: Vec::new(),
            claims,
        }
    }
}
