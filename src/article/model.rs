//! The one shape every input format is turned into.
//!
//! Everything downstream (entities, claims, sidecars, the reader) points into
//! [`Article::text`], so that string is built once here and never changes
//! afterwards. Offsets are byte ranges inside the process; they are converted
//! to Unicode code points only when they leave it (see [`crate::article::serialize`]).

use std::ops::Range;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Which reader produced the article, so a person can tell why it looks the way it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    TextDump,
    Html,
    Json,
    Markdown,
    PlainText,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Vec<String>,
    /// ISO 8601 (`YYYY-MM-DD`, or a full timestamp when the source gives one).
    pub date: Option<String>,
    /// The date exactly as the source wrote it, so a wrong parse can be spotted.
    pub date_raw: Option<String>,
    /// Where the date was read, so a wrong one can be traced to the page's own mistake:
    /// `json-ld`, `json-ld:ClaimReview`, `meta:NAME` (the meta tag's name, e.g.
    /// `meta:article:published_time`), `time-element`, `text` (a text dump's header),
    /// `front-matter` (Markdown) or `field:NAME` (a JSON record's field).
    pub date_source: Option<String>,
    pub section: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// When copydesk fetched the page (RFC 3339), from its fetch record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// SHA-256 hex of the raw bytes as fetched, so a training example can be traced to
    /// the exact page it was made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_sha256: Option<String>,
    /// The feed whose item led to the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caption {
    pub text: String,
    /// The photo credit split off the end of the caption ("Jane Roe/AFP via Getty Images").
    pub credit: Option<String>,
}

/// Why the cleaner dropped a line. Shown to people reviewing the cleaner's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    Navigation,
    Dateline,
    Byline,
    RepeatedHeadline,
    Title,
    SectionLabel,
    Logo,
    Caption,
    Promotion,
    SharePrompt,
    CommentPrompt,
    LegalFooter,
    Advertisement,
    RelatedLinks,
    ReadingTime,
    Counter,
    Duplicate,
    OutsideBody,
    /// Page text neither extractor took for the article (menus, teasers, footers),
    /// listed so that nothing a reader could see on the page vanishes unaccounted.
    OutsideArticle,
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedLine {
    /// 1-based line number in the normalised source, when the source has lines.
    pub line: Option<usize>,
    pub text: String,
    pub reason: RemovalReason,
}

/// What a format reader hands back before the article text is assembled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub metadata: Metadata,
    pub captions: Vec<Caption>,
    /// Body paragraphs in reading order, without the title.
    pub body: Vec<String>,
    /// The 1-based source line each body paragraph starts on, for formats read line by
    /// line (empty for the others), so the reader can show removed lines in place.
    pub body_lines: Vec<usize>,
    pub removed: Vec<RemovedLine>,
    pub warnings: Vec<String>,
}

impl Cleaned {
    pub fn into_article(self, source: String, format: SourceFormat) -> Article {
        let lines_known = self.body_lines.len() == self.body.len();
        let kept_lines: Vec<usize> = self
            .body
            .iter()
            .zip(&self.body_lines)
            .filter(|(paragraph, _)| !paragraph.trim().is_empty())
            .map(|(_, &line)| line)
            .collect();
        let mut article = Article::assemble(source, format, self.metadata, self.body);
        if lines_known {
            let body_start = article.paragraphs.len() - kept_lines.len();
            for (slot, line) in article.paragraph_lines[body_start..]
                .iter_mut()
                .zip(kept_lines)
            {
                *slot = Some(line);
            }
        }
        article.captions = self.captions;
        article.removed = self.removed;
        article.warnings = self.warnings;
        article
    }
}

/// A cleaned article. Build it with [`Article::assemble`] so `text`, `paragraphs`
/// and `id` always agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// SHA-256 hex of `text`: the same text always gets the same id.
    pub id: String,
    /// Where it came from: a path, or `path#N` for line N of a JSONL corpus.
    pub source: String,
    pub format: SourceFormat,
    pub metadata: Metadata,
    pub captions: Vec<Caption>,
    /// Title, a blank line, then the body paragraphs separated by blank lines.
    pub text: String,
    /// Byte ranges of the title and each body paragraph inside `text`.
    pub paragraphs: Vec<Range<usize>>,
    /// For each of `paragraphs`, the 1-based source line it starts on, when known.
    pub paragraph_lines: Vec<Option<usize>>,
    pub removed: Vec<RemovedLine>,
    /// Things a person should know about how this article was read (a fallback
    /// decoding, a cleaning that was abandoned because it would remove too much).
    pub warnings: Vec<String>,
}

impl Article {
    /// Joins the title and body paragraphs into `text`, recording each paragraph's range.
    /// Empty paragraphs are skipped so ranges never collapse onto the separator.
    pub fn assemble(
        source: String,
        format: SourceFormat,
        metadata: Metadata,
        body: Vec<String>,
    ) -> Article {
        let mut text = String::new();
        let mut paragraphs = Vec::new();
        let title = metadata.title.iter().map(String::as_str);
        for paragraph in title.chain(body.iter().map(String::as_str)) {
            let paragraph = paragraph.trim();
            if paragraph.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(paragraph);
            paragraphs.push(start..text.len());
        }
        Article {
            id: sha256_hex(&text),
            source,
            format,
            metadata,
            captions: Vec::new(),
            text,
            paragraph_lines: vec![None; paragraphs.len()],
            paragraphs,
            removed: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// An article whose text is exactly the given text, so offsets a user already has
    /// keep pointing at the same characters. Paragraphs are the runs of non-blank lines
    /// (LF, CRLF or CR line ends), without the whitespace around them; a first paragraph
    /// that is one short line is taken as the title.
    pub fn from_clean_text(source: String, format: SourceFormat, text: String) -> Article {
        let mut paragraphs = Vec::new();
        let mut current: Option<Range<usize>> = None;
        for line in line_ranges(&text) {
            let content = &text[line.clone()];
            if content.trim().is_empty() {
                paragraphs.extend(current.take());
                continue;
            }
            let start = line.start + (content.len() - content.trim_start().len());
            let end = line.start + content.trim_end().len();
            current = Some(current.map_or(start..end, |range| range.start..end));
        }
        paragraphs.extend(current);
        let first = paragraphs.first().map(|range| &text[range.clone()]);
        let title = first
            .filter(|first| {
                paragraphs.len() > 1
                    && !first.contains(['\n', '\r'])
                    && first.chars().count() <= 200
            })
            .map(String::from);
        Article {
            id: sha256_hex(&text),
            source,
            format,
            metadata: Metadata {
                title,
                ..Metadata::default()
            },
            captions: Vec::new(),
            text,
            paragraph_lines: vec![None; paragraphs.len()],
            paragraphs,
            removed: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The body paragraphs, without the title.
    pub fn body_paragraphs(&self) -> impl Iterator<Item = &str> {
        let skip = usize::from(self.metadata.title.is_some());
        self.paragraphs
            .iter()
            .skip(skip)
            .map(|range| &self.text[range.clone()])
    }

    /// The body alone, paragraphs separated by blank lines: what extraction benchmarks score.
    pub fn body_text(&self) -> String {
        self.body_paragraphs().collect::<Vec<_>>().join("\n\n")
    }
}

/// Byte ranges of the lines of `text`, each without its LF, CRLF or lone CR.
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let start = from?;
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(found) => {
                let end = start + found;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                from = Some(end + 1 + usize::from(crlf));
                Some(start..end)
            }
            None => {
                from = None;
                Some(start..text.len())
            }
        }
    })
}

pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    Sha256::digest(bytes.as_ref())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assemble_puts_title_then_blank_line_then_paragraphs() {
        let metadata = Metadata {
            title: Some("Headline".into()),
            ..Metadata::default()
        };
        let article = Article::assemble(
            "x.txt".into(),
            SourceFormat::PlainText,
            metadata,
            vec!["First.".into(), "  ".into(), "Second.".into()],
        );
        assert_eq!(article.text, "Headline\n\nFirst.\n\nSecond.");
        let parts: Vec<&str> = article
            .paragraphs
            .iter()
            .map(|r| &article.text[r.clone()])
            .collect();
        assert_eq!(parts, ["Headline", "First.", "Second."]);
        assert_eq!(article.body_text(), "First.\n\nSecond.");
    }

    #[test]
    fn clean_text_keeps_every_character_where_it_was() {
        let text = "Title line\n\nFirst para\ncontinues.\n\n\nSecond.\n".to_string();
        let article = Article::from_clean_text("x".into(), SourceFormat::PlainText, text);
        assert_eq!(
            article.text,
            "Title line\n\nFirst para\ncontinues.\n\n\nSecond.\n"
        );
        let parts: Vec<&str> = article
            .paragraphs
            .iter()
            .map(|r| &article.text[r.clone()])
            .collect();
        assert_eq!(parts, ["Title line", "First para\ncontinues.", "Second."]);
        assert_eq!(article.metadata.title.as_deref(), Some("Title line"));
    }

    #[test]
    fn crlf_and_cr_line_ends_separate_paragraphs_outside_their_ranges() {
        let text =
            "Title\r\n\r\n  First\u{00A0}para\r\ngoes on. \r\n \r\nSecond.\rThird.\r\rFourth.\r\n";
        let article = Article::from_clean_text("x".into(), SourceFormat::PlainText, text.into());
        assert_eq!(article.text, text);
        let parts: Vec<&str> = article
            .paragraphs
            .iter()
            .map(|r| &article.text[r.clone()])
            .collect();
        assert_eq!(
            parts,
            [
                "Title",
                "First\u{00A0}para\r\ngoes on.",
                "Second.\rThird.",
                "Fourth."
            ]
        );
        assert_eq!(article.metadata.title.as_deref(), Some("Title"));
    }

    #[test]
    fn id_is_sha256_of_text() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
