//! Fetched pages on disk: the raw bytes as they came off the wire, named for the URL
//! (`harbour.test-news-council-vote.html`), with the fetch record beside them. A URL
//! fetched again with different bytes becomes a new file (`….v2.html`) whose record
//! names the one before: the earlier page, and the annotations made on it, are never
//! overwritten.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::annotate::atomic::write_atomically;
use crate::article::model::sha256_hex;
use crate::article::provenance::{self, Provenance, SCHEMA};

use super::http::Fetched;

const LONGEST_STEM: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    New(PathBuf),
    /// Same bytes as the latest stored version: nothing written.
    Unchanged(PathBuf),
    /// Different bytes: a new file beside the earlier one.
    NewVersion {
        path: PathBuf,
        previous: PathBuf,
    },
}

impl Stored {
    pub fn path(&self) -> &Path {
        match self {
            Stored::New(path) | Stored::Unchanged(path) => path,
            Stored::NewVersion { path, .. } => path,
        }
    }
}

/// The pages folder, with every stored page's record, found by the URL it was asked for.
pub struct PageStore {
    dir: PathBuf,
    latest: HashMap<String, (PathBuf, Provenance)>,
}

impl PageStore {
    /// Reads the fetch records in `dir` (created when missing). Records that cannot be
    /// read are left alone and their pages never replaced, since their name stays taken.
    pub fn open(dir: &Path) -> io::Result<PageStore> {
        std::fs::create_dir_all(dir)?;
        let mut latest: HashMap<String, (PathBuf, Provenance)> = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let record = entry?.path();
            let Some(page) = record
                .to_str()
                .and_then(|name| name.strip_suffix(provenance::SUFFIX))
                .map(PathBuf::from)
            else {
                continue;
            };
            let Ok(Some(provenance)) = provenance::read_for(&page) else {
                continue;
            };
            let newer = latest
                .get(&provenance.requested)
                .is_none_or(|(_, known)| known.fetched < provenance.fetched);
            if newer {
                latest.insert(provenance.requested.clone(), (page, provenance));
            }
        }
        Ok(PageStore {
            dir: dir.to_path_buf(),
            latest,
        })
    }

    /// The latest stored version of `requested`, if any.
    pub fn latest(&self, requested: &str) -> Option<&Path> {
        self.latest.get(requested).map(|(path, _)| path.as_path())
    }

    /// Stores `fetched` (asked for as `requested`, from `feed`) unless the latest version
    /// has the same bytes.
    pub fn store(
        &mut self,
        requested: &str,
        feed: Option<&str>,
        fetched: &Fetched,
    ) -> io::Result<Stored> {
        let raw_sha256 = sha256_hex(&fetched.body);
        let previous = self.latest.get(requested).cloned();
        if let Some((path, known)) = &previous
            && known.raw_sha256 == raw_sha256
        {
            return Ok(Stored::Unchanged(path.clone()));
        }
        let path = self.free_name(requested, &fetched.url, fetched.content_type.as_deref());
        let record = Provenance {
            schema: SCHEMA.to_string(),
            requested: requested.to_string(),
            url: fetched.url.clone(),
            feed: feed.map(str::to_string),
            fetched: crate::annotate::ids::now(),
            status: fetched.status,
            content_type: fetched.content_type.clone(),
            etag: fetched.etag.clone(),
            last_modified: fetched.last_modified.clone(),
            raw_sha256,
            bytes: fetched.body.len() as u64,
            copydesk: env!("CARGO_PKG_VERSION").to_string(),
            previous: previous.as_ref().and_then(|(path, _)| file_name(path)),
        };
        write_atomically(&path, &fetched.body)?;
        let mut json = serde_json::to_vec_pretty(&record).expect("a fetch record serialises");
        json.push(b'\n');
        write_atomically(&provenance::record_path(&path), &json)?;
        self.latest
            .insert(requested.to_string(), (path.clone(), record));
        Ok(match previous {
            Some((previous, _)) => Stored::NewVersion { path, previous },
            None => Stored::New(path),
        })
    }

    /// A file name for a new page: the URL's host and path as a slug, then `.v2`, `.v3`…
    /// until neither the page nor its record exists.
    fn free_name(&self, requested: &str, url: &str, content_type: Option<&str>) -> PathBuf {
        let extension = extension_for(content_type, url);
        let stem = slug(requested);
        (1..)
            .map(|version| match version {
                1 => self.dir.join(format!("{stem}.{extension}")),
                n => self.dir.join(format!("{stem}.v{n}.{extension}")),
            })
            .find(|path| !path.exists() && !provenance::record_path(path).exists())
            .expect("some version number is free")
    }
}

/// The version number in a stored page's name, as [`PageStore`] names versions
/// (`….v3.html` is 3; the first has none).
pub fn version_number(page: &Path) -> u32 {
    let stem = page
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let number = stem.rsplit_once(".v").and_then(|(_, n)| n.parse().ok());
    number.unwrap_or(1)
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// `https://harbour.test/news/council-vote?id=3` → `harbour.test-news-council-vote-id-3`:
/// ASCII letters, digits, dots and dashes only, so the name is safe on every disk.
fn slug(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    // The page's own extension would sit before the one the store adds: `story.html.html`.
    let without_scheme = [".html", ".htm", ".shtml", ".xhtml"]
        .iter()
        .find_map(|ext| without_scheme.strip_suffix(ext))
        .unwrap_or(without_scheme);
    let mut slug = String::new();
    for c in without_scheme.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches(|c| c == '-' || c == '.');
    let mut slug: String = slug.chars().take(LONGEST_STEM).collect();
    if slug.is_empty() {
        slug = "page".to_string();
    }
    if slug.len() < without_scheme.len().min(LONGEST_STEM) / 2 || slug.len() == LONGEST_STEM {
        slug.push('-');
        slug.push_str(&sha256_hex(url)[..8]);
    }
    slug
}

/// The extension the article loader reads the page by.
fn extension_for(content_type: Option<&str>, url: &str) -> &'static str {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match mime.as_str() {
        "text/plain" => "txt",
        "text/markdown" => "md",
        "application/json" => "json",
        "" if url.ends_with(".txt") => "txt",
        _ => "html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Fetched {
        Fetched {
            url: "https://harbour.test/news/council-vote".into(),
            status: 200,
            content_type: Some("text/html; charset=utf-8".into()),
            etag: None,
            last_modified: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_page_fetched_again_with_new_bytes_is_a_new_version_and_the_old_stays() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        let url = "https://harbour.test/news/council-vote";
        let first = store.store(url, None, &page("<p>one</p>")).unwrap();
        let Stored::New(first) = first else {
            panic!("{first:?}")
        };
        assert!(first.ends_with("harbour.test-news-council-vote.html"));
        assert_eq!(
            store.store(url, None, &page("<p>one</p>")).unwrap(),
            Stored::Unchanged(first.clone())
        );
        let second = store.store(url, None, &page("<p>two</p>")).unwrap();
        assert_eq!(
            second,
            Stored::NewVersion {
                path: dir.path().join("harbour.test-news-council-vote.v2.html"),
                previous: first.clone(),
            }
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "<p>one</p>");
        let record = provenance::read_for(second.path()).unwrap().unwrap();
        assert_eq!(
            record.previous.as_deref(),
            Some("harbour.test-news-council-vote.html")
        );
        assert_eq!(record.raw_sha256, sha256_hex("<p>two</p>"));
        let reopened = PageStore::open(dir.path()).unwrap();
        assert_eq!(reopened.latest(url), Some(second.path()));
    }

    #[test]
    fn names_are_safe_slugs_and_long_or_odd_urls_get_a_hash() {
        assert_eq!(slug("https://a.test/x/y?z=1"), "a.test-x-y-z-1");
        assert_eq!(slug("http://a.test/news/story1.html"), "a.test-news-story1");
        assert_eq!(
            slug("http://a.test/index.php?id=4"),
            "a.test-index.php-id-4"
        );
        let long = format!("https://a.test/{}", "word-".repeat(40));
        let name = slug(&long);
        assert!(name.len() <= LONGEST_STEM + 9, "{name}");
        assert_ne!(name, slug(&format!("{long}more")));
        assert!(
            slug("https://例え.test/記事").ends_with(&sha256_hex("https://例え.test/記事")[..8])
        );
    }
}
