//! Articles stored as JSON records by scrapers (news-please, newspaper, custom crawlers).
//!
//! Every scraper names its fields differently, so each field is looked up under the
//! aliases seen in the wild. A record's body may be plain text or HTML; HTML goes
//! through the HTML reader so both end up as the same paragraphs.

use serde_json::{Map, Value};

use super::html;
use super::model::{Cleaned, Metadata};
use super::normalize::{normalize, normalize_inline};
use super::{byline, date};

const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &[
    "text",
    "maintext",
    "articleBody",
    "article_body",
    "content",
    "body",
    "description",
];
const AUTHOR: &[&str] = &["author", "authors", "byline", "creator"];
const DATE: &[&str] = &[
    "date",
    "date_publish",
    "datePublished",
    "published_at",
    "publishedAt",
    "published",
    "pubDate",
    "date_published",
];
const URL: &[&str] = &["url", "link", "canonical_url"];
const SECTION: &[&str] = &["section", "articleSection", "category"];
const SITE: &[&str] = &["site", "source_domain", "publisher", "source", "site_name"];
const LANGUAGE: &[&str] = &["language", "lang", "inLanguage"];

/// Reads one JSON object into a cleaned article. `Err` names what is missing.
pub fn read_record(record: &Map<String, Value>) -> Result<Cleaned, String> {
    let body_raw = first_string(record, BODY).ok_or_else(|| {
        format!(
            "has no article text (looked for fields {})",
            BODY.join(", ")
        )
    })?;
    let mut cleaned = if looks_like_html(&body_raw) {
        Cleaned {
            body: html::fragment_paragraphs(&body_raw),
            ..Cleaned::default()
        }
    } else {
        plain_body(&body_raw)
    };
    let (date, date_raw, date_source) = record_date(record, &mut cleaned.warnings);
    cleaned.metadata = Metadata {
        title: first_string(record, TITLE).map(|t| normalize_inline(&t)),
        byline: authors(record),
        date,
        date_raw,
        date_source,
        section: first_string(record, SECTION).map(|s| normalize_inline(&s)),
        site: first_string(record, SITE).map(|s| normalize_inline(&s)),
        url: first_string(record, URL).map(|s| normalize_inline(&s)),
        language: first_string(record, LANGUAGE).map(|s| normalize_inline(&s)),
        ..Metadata::default()
    };
    Ok(cleaned)
}

/// The record's own identifier, used to address it inside a corpus (`corpus.jsonl#ID`).
pub fn record_id(record: &Map<String, Value>) -> Option<String> {
    match record.get("id")? {
        Value::String(id) => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// Paragraphs are blank-line separated when the text has blank lines; otherwise each
/// line is a paragraph (news-please's `maintext` uses single newlines).
fn plain_body(raw: &str) -> Cleaned {
    let text = normalize(raw);
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    let body = text
        .split(separator)
        .map(|paragraph| {
            paragraph
                .split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .map(|paragraph| paragraph.trim().to_string())
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    Cleaned {
        body,
        ..Cleaned::default()
    }
}

/// The record's date as (ISO, raw, source). Scrapers write the epoch or year 1 into an
/// empty date field; such a placeholder is refused with a warning rather than shown as
/// the publication date.
fn record_date(
    record: &Map<String, Value>,
    warnings: &mut Vec<String>,
) -> (Option<String>, Option<String>, Option<String>) {
    let Some((key, raw)) = first_field(record, DATE) else {
        return (None, None, None);
    };
    let (raw, source) = (normalize_inline(&raw), format!("field:{key}"));
    let iso = date::to_iso(&raw);
    if let Some(why) = iso
        .as_deref()
        .and_then(|iso| date::placeholder(iso, date::now()))
    {
        warnings.push(date::refused(&raw, &source, why));
        return (None, None, None);
    }
    (iso, Some(raw), Some(source))
}

fn first_string(record: &Map<String, Value>, aliases: &[&str]) -> Option<String> {
    first_field(record, aliases).map(|(_, value)| value)
}

/// The first of `aliases` the record has as a string, with its name.
fn first_field<'a>(record: &Map<String, Value>, aliases: &[&'a str]) -> Option<(&'a str, String)> {
    aliases
        .iter()
        .find_map(|key| Some((*key, string_of(record.get(*key)?)?)))
        .filter(|(_, s)| !s.trim().is_empty())
}

/// A string field, or the `name` of an object (`"publisher": {"name": "…"}`).
fn string_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(object) => object.get("name").and_then(Value::as_str).map(String::from),
        _ => None,
    }
}

fn authors(record: &Map<String, Value>) -> Vec<String> {
    let Some(value) = AUTHOR.iter().find_map(|key| record.get(*key)) else {
        return Vec::new();
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(string_of).collect(),
        other => string_of(other).into_iter().collect(),
    };
    names
        .iter()
        .flat_map(|name| byline::split_authors(&normalize_inline(name)))
        .collect()
}

fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["<p>", "<p ", "<div", "<br", "<html", "<article", "</p>"]
        .iter()
        .any(|tag| lower.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn aliases_are_recognised() {
        let cleaned = read_record(&record(
            r#"{"headline": "Port reopens", "maintext": "First line.\nSecond line.",
                "authors": ["By Ana Ruiz", {"name": "Tom Lee"}], "date_publish": "2025-06-02 08:00:00",
                "url": "https://example.org/port", "source_domain": "example.org"}"#,
        ))
        .unwrap();
        assert_eq!(cleaned.metadata.title.as_deref(), Some("Port reopens"));
        assert_eq!(cleaned.metadata.byline, ["Ana Ruiz", "Tom Lee"]);
        assert_eq!(
            cleaned.metadata.date.as_deref(),
            Some("2025-06-02T08:00:00")
        );
        assert_eq!(
            cleaned.metadata.date_raw.as_deref(),
            Some("2025-06-02 08:00:00")
        );
        assert_eq!(
            cleaned.metadata.date_source.as_deref(),
            Some("field:date_publish")
        );
        assert_eq!(cleaned.metadata.site.as_deref(), Some("example.org"));
        assert_eq!(cleaned.body, ["First line.", "Second line."]);
    }

    #[test]
    fn placeholder_dates_of_a_record_are_refused_with_a_warning() {
        for placeholder in ["1970-01-01T00:00:00Z", "0001-01-01", "2999-01-01"] {
            let cleaned = read_record(&record(&format!(
                r#"{{"title": "T", "text": "Body.", "published_at": "{placeholder}"}}"#
            )))
            .unwrap();
            let metadata = &cleaned.metadata;
            assert_eq!(
                (&metadata.date, &metadata.date_raw, &metadata.date_source),
                (&None, &None, &None),
                "{placeholder}"
            );
            assert_eq!(cleaned.warnings.len(), 1, "{:?}", cleaned.warnings);
            assert!(cleaned.warnings[0].contains(placeholder));
            assert!(cleaned.warnings[0].contains("published_at"));
        }
    }

    #[test]
    fn blank_line_paragraphs_rejoin_wrapped_lines() {
        let cleaned = read_record(&record(
            r#"{"title": "T", "text": "One wrapped\nparagraph.\n\nTwo."}"#,
        ))
        .unwrap();
        assert_eq!(cleaned.body, ["One wrapped paragraph.", "Two."]);
    }

    #[test]
    fn html_bodies_become_paragraphs() {
        let cleaned = read_record(&record(
            r#"{"title": "T", "articleBody": "<p>Alpha &amp; beta.</p><p>Gamma.</p>"}"#,
        ))
        .unwrap();
        assert_eq!(cleaned.body, ["Alpha & beta.", "Gamma."]);
    }

    #[test]
    fn a_record_without_text_is_an_error() {
        let error = read_record(&record(r#"{"title": "T"}"#)).unwrap_err();
        assert!(error.contains("no article text"));
    }
}
