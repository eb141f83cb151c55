//! Finding the sidecars a command is pointed at, without loading articles: scoring
//! needs only what people and extractors recorded.

use std::path::{Path, PathBuf};

use crate::annotate::schema::Sidecar;
use crate::annotate::sidecar_path;
use crate::annotate::store::parse_sidecar;

pub const SUFFIX: &str = ".copydesk.json";

/// Sidecar files for each path: a sidecar itself; an article's sidecar (and a corpus's
/// folder of them); every sidecar under a folder. Sorted, no repeats.
pub fn find(paths: &[String]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        let p = Path::new(path);
        if p.is_dir() {
            walk(p, &mut found);
        } else if path.ends_with(SUFFIX) {
            found.push(p.to_path_buf());
        } else {
            let own = sidecar_path(path);
            if own.is_file() {
                found.push(own);
            }
            let corpus = PathBuf::from(format!("{path}.copydesk"));
            if corpus.is_dir() {
                walk(&corpus, &mut found);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.to_string_lossy().ends_with(SUFFIX) {
            found.push(path);
        }
    }
}

/// Reads a sidecar, or says in one line why it cannot be used.
pub fn read(path: &Path) -> Result<Sidecar, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
    parse_sidecar(&bytes).map_err(|problem| format!("{}: {problem}", path.display()))
}
