//! Annotations read from another tool's file, before they meet an article: offsets
//! already converted to code points into the record's own text (which may differ from
//! the article's), every span that could not be trusted left out and reported.

use super::document::Source;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForeignRecord {
    /// 1-based position in the file (line, task or file pair), for reports.
    pub number: usize,
    pub text: Option<String>,
    /// Where `text` starts in the article, in code points: a record may hold only the
    /// paragraphs around its items. Items' offsets are the article's.
    pub text_offset: usize,
    /// The article spec (`story.txt`, `wire.jsonl#7`) when the file records one.
    pub source: Option<String>,
    /// SHA-256 of the article text when the file records it.
    pub article_id: Option<String>,
    /// Who made these annotations, when the file says (Label Studio's `completed_by`).
    pub annotator: Option<String>,
    pub mentions: Vec<ForeignSpan>,
    pub claims: Vec<ForeignClaim>,
    /// Notes on spans: (start, end, text).
    pub notes: Vec<(usize, usize, String)>,
    /// Items that could not be read at all, phrased for the person.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForeignClaim {
    pub content: ForeignSpan,
    pub cue: Option<(usize, usize)>,
    pub negated: bool,
    pub source: Option<Source>,
    pub note: Option<String>,
}

impl ForeignClaim {
    /// The claim with its offsets moved from a record's text into the article's.
    pub fn shifted(self, by: usize) -> ForeignClaim {
        let shift = |(start, end): (usize, usize)| (start + by, end + by);
        ForeignClaim {
            content: ForeignSpan {
                start: self.content.start + by,
                end: self.content.end + by,
                label: self.content.label,
            },
            cue: self.cue.map(shift),
            source: self.source.map(|source| match source {
                Source::Span { start, end } => Source::Span {
                    start: start + by,
                    end: end + by,
                },
                text => text,
            }),
            ..self
        }
    }
}

/// Why a whole import file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads `text` as JSON Lines, each non-blank line through `record`; a line that does
/// not parse is a problem of that record, not of the file.
pub fn read_jsonl(
    text: &str,
    record: impl Fn(serde_json::Value, usize) -> ForeignRecord,
) -> Vec<ForeignRecord> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(
            |(i, line)| match serde_json::from_str::<serde_json::Value>(line) {
                Ok(value) => record(value, i + 1),
                Err(error) => ForeignRecord {
                    number: i + 1,
                    problems: vec![format!("is not valid JSON: {error}")],
                    ..ForeignRecord::default()
                },
            },
        )
        .collect()
}

/// A non-negative integer field of a JSON object.
pub fn offset(value: &serde_json::Value, key: &str) -> Option<usize> {
    value.get(key)?.as_u64().map(|n| n as usize)
}

pub fn string(value: &serde_json::Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(String::from)
}
