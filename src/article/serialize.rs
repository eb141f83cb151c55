//! The JSON form of an article, as `copydesk clean --format json` prints it.
//! Offsets leave the process here, so this is where bytes become code points.

use serde::Serialize;

use super::model::{Article, Caption, Metadata, RemovedLine, SourceFormat};
use super::text_index::TextIndex;

#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub format: SourceFormat,
    pub metadata: &'a Metadata,
    pub captions: &'a [Caption],
    pub text: &'a str,
    /// Length of `text` in code points.
    pub length: usize,
    pub paragraphs: Vec<Span>,
    pub removed: &'a [RemovedLine],
    pub warnings: &'a [String],
}

/// A range of `text` in Unicode code points, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(article: &'a Article) -> Self {
        let index = TextIndex::new(&article.text);
        let paragraphs = article
            .paragraphs
            .iter()
            .map(|range| {
                let chars = index.chars_of(range.clone());
                Span {
                    start: chars.start,
                    end: chars.end,
                }
            })
            .collect();
        ArticleJson {
            id: &article.id,
            source: &article.source,
            format: article.format,
            metadata: &article.metadata,
            captions: &article.captions,
            text: &article.text,
            length: index.len_chars(),
            paragraphs,
            removed: &article.removed,
            warnings: &article.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_offsets_are_code_points() {
        let metadata = Metadata {
            title: Some("Zoë 👍".into()),
            ..Metadata::default()
        };
        let article = Article::assemble(
            "x".into(),
            SourceFormat::PlainText,
            metadata,
            vec!["東京.".into()],
        );
        let json = ArticleJson::from(&article);
        assert_eq!(
            json.paragraphs,
            [Span { start: 0, end: 5 }, Span { start: 7, end: 10 }]
        );
        assert_eq!(json.length, 10);
    }
}
