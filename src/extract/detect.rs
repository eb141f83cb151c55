//! The JSON record `copydesk detect` prints for one article: its metadata,
//! its text and the entities found in it, offsets in Unicode code points.

use serde::Serialize;

use crate::article::model::{Article, Metadata, SourceFormat};
use crate::article::offsets::CodePointCursor;

use super::ner;

#[derive(Debug, Serialize)]
pub struct ArticleRef<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub format: SourceFormat,
    pub metadata: &'a Metadata,
}

#[derive(Debug, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: &'static str,
    /// The canonical name of the entity this mention belongs to. Until
    /// document-level linking exists, every mention is its own entity.
    pub entity: String,
}

#[derive(Debug, Serialize)]
pub struct Detection<'a> {
    pub article: ArticleRef<'a>,
    pub text: &'a str,
    pub entities: Vec<Mention>,
    /// Filled by the claims extractor, which does not exist yet.
    pub claims: Vec<serde_json::Value>,
}

/// Runs the entity detector over `article.text`.
pub fn detect_article(article: &Article) -> Detection<'_> {
    let text = &article.text;
    let mut cursor = CodePointCursor::new(text);
    let entities = ner::detect(text)
        .into_iter()
        .map(|e| {
            let mention = text[e.start..e.end].to_string();
            Mention {
                start: cursor.to_code_points(e.start),
                end: cursor.to_code_points(e.end),
                entity: mention.clone(),
                text: mention,
                label: e.label,
            }
        })
        .collect();
    Detection {
        article: ArticleRef {
            id: &article.id,
            source: &article.source,
            format: article.format,
            metadata: &article.metadata,
        },
        text,
        entities,
        claims: Vec::new(),
    }
}
