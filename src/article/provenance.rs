//! Where a fetched page came from, recorded beside its raw bytes (`PAGE.fetch.json`) by
//! `copydesk fetch` and `copydesk update`. The article layer reads it so that the cleaned
//! article, the reader and every export can say which URL, which fetch and which exact
//! bytes a training example was made from.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The schema word of a provenance record; a record with another one is not ours.
pub const SCHEMA: &str = "copydesk-fetch/1";

/// What ends a provenance record's file name, after the page's own name.
pub const SUFFIX: &str = ".fetch.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub schema: String,
    /// The URL asked for (a feed item's link, or the one given to `copydesk fetch`).
    pub requested: String,
    /// The URL the page was served from, after redirects.
    pub url: String,
    /// The feed whose item pointed here, when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    /// RFC 3339, UTC.
    pub fetched: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// SHA-256 hex of the bytes stored beside this record, as they came off the wire
    /// (after content decoding, before any character decoding).
    pub raw_sha256: String,
    pub bytes: u64,
    /// The copydesk (and so the cleaner) that fetched it.
    pub copydesk: String,
    /// The stored file this page is a newer version of, when the URL was fetched before
    /// and came back different: the earlier file, maybe annotated, is kept as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// The record that belongs beside `page`.
pub fn record_path(page: &Path) -> PathBuf {
    let mut name = page.as_os_str().to_owned();
    name.push(SUFFIX);
    PathBuf::from(name)
}

/// The provenance of the page at `path`, when it was fetched by copydesk. A record that
/// is missing is `Ok(None)`; one that cannot be read or is not ours is an error in words,
/// so a damaged record is reported rather than silently dropped from the exports.
pub fn read_for(path: &Path) -> Result<Option<Provenance>, String> {
    let record = record_path(path);
    let text = match std::fs::read_to_string(&record) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: cannot be read: {e}", record.display())),
    };
    let provenance: Provenance = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a copydesk fetch record: {e}", record.display()))?;
    if provenance.schema != SCHEMA {
        return Err(format!(
            "{}: schema is {:?}, this copydesk reads {SCHEMA:?}",
            record.display(),
            provenance.schema
        ));
    }
    Ok(Some(provenance))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Provenance {
        Provenance {
            schema: SCHEMA.to_string(),
            requested: "http://example.test/a".to_string(),
            url: "http://example.test/story/a".to_string(),
            feed: Some("http://example.test/feed.xml".to_string()),
            fetched: "2026-12-06T10:00:00.000Z".to_string(),
            status: 200,
            content_type: Some("text/html; charset=utf-8".to_string()),
            etag: None,
            last_modified: None,
            raw_sha256: "ab".repeat(32),
            bytes: 10,
            copydesk: "0.1.0".to_string(),
            previous: None,
        }
    }

    #[test]
    fn a_record_beside_a_page_is_read_back_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        assert_eq!(read_for(&page), Ok(None));
        std::fs::write(
            record_path(&page),
            serde_json::to_string(&record()).unwrap(),
        )
        .unwrap();
        assert_eq!(read_for(&page), Ok(Some(record())));
        assert!(record_path(&page).ends_with("a.html.fetch.json"));
    }

    #[test]
    fn a_damaged_or_foreign_record_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        std::fs::write(record_path(&page), "{\"schema\": 3").unwrap();
        let problem = read_for(&page).unwrap_err();
        assert!(problem.contains("a.html.fetch.json: not a copydesk fetch record"));
        let mut other = record();
        other.schema = "something/9".to_string();
        std::fs::write(record_path(&page), serde_json::to_string(&other).unwrap()).unwrap();
        assert!(
            read_for(&page)
                .unwrap_err()
                .contains("schema is \"something/9\"")
        );
    }
}
