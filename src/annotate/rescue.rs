//! Decisions that could not be saved where they belong (a read-only folder, a full disk,
//! a file-size limit) are not lost when the reader quits: they go to a rescue file in the
//! user's state folder (`$XDG_STATE_HOME/copydesk/rescue`, by default
//! `~/.local/state/copydesk/rescue`), named on exit. `copydesk
//! check` lists the rescues waiting for an article, `check --merge-rescued` and the
//! reader merge them back by item id, as a sidecar changed on disk is merged.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomically;
use super::ids::now;
use super::merge::merge_from_disk;
use super::schema::Sidecar;
use super::store::{Store, canonicalize, parse_sidecar};
use crate::article::Article;
use crate::article::model::sha256_hex;

/// What a rescue file holds: the whole sidecar as it was in memory, and where it should
/// have gone.
#[derive(Debug, Serialize, Deserialize)]
struct RescueFile {
    copydesk_rescue: u32,
    /// The sidecar's path, absolute.
    sidecar: PathBuf,
    written: String,
    /// Why it could not be saved there.
    reason: String,
    content: serde_json::Value,
}

/// A rescue waiting to be merged back.
#[derive(Debug)]
pub struct Rescue {
    pub file: PathBuf,
    pub written: String,
    pub reason: String,
    sidecar: Sidecar,
}

#[derive(Debug, thiserror::Error)]
pub enum RescueError {
    #[error("{}: {source}", file.display())]
    Write { file: PathBuf, source: io::Error },
    #[error("{}: the rescued decisions are for another version of the text; kept there", file.display())]
    OtherText { file: PathBuf },
    #[error("{}: {reason}", store.display())]
    ReadOnly { store: PathBuf, reason: String },
    #[error("{}: not saved: {reason}; the rescue is kept", store.display())]
    Save { store: PathBuf, reason: String },
}

/// The folder rescue files go in.
#[derive(Debug, Clone)]
pub struct RescueFolder(PathBuf);

impl RescueFolder {
    /// The user's: the XDG state folder on Linux, the local data folder elsewhere (the
    /// `directories` crate knows no state folder there).
    pub fn user() -> Option<RescueFolder> {
        let dirs = directories::ProjectDirs::from("", "", "copydesk")?;
        let base = dirs.state_dir().unwrap_or(dirs.data_local_dir());
        Some(RescueFolder(base.join("rescue")))
    }

    pub fn at(path: PathBuf) -> RescueFolder {
        RescueFolder(path)
    }

    /// Writes `store`'s sidecar to a new rescue file and returns its path.
    pub fn write(&self, store: &Store, reason: &str) -> Result<PathBuf, RescueError> {
        let sidecar = absolute(store.path());
        let written = now();
        let stamp: String = written.chars().filter(char::is_ascii_digit).collect();
        let file = self.0.join(format!("{}-{stamp}.json", key_of(&sidecar)));
        let record = RescueFile {
            copydesk_rescue: 1,
            sidecar,
            written,
            reason: reason.to_string(),
            content: serde_json::to_value(&*store.sidecar).unwrap_or_default(),
        };
        let write = || -> io::Result<()> {
            std::fs::create_dir_all(&self.0)?;
            let bytes = serde_json::to_vec_pretty(&record).map_err(io::Error::other)?;
            write_atomically(&file, &bytes)
        };
        write().map_err(|source| RescueError::Write {
            file: file.clone(),
            source,
        })?;
        Ok(file)
    }

    /// The rescues waiting for the sidecar at `sidecar_path`, oldest first. A rescue
    /// file that cannot be read is left where it is and not listed.
    pub fn rescues_for(&self, sidecar_path: &Path) -> Vec<Rescue> {
        let Ok(entries) = std::fs::read_dir(&self.0) else {
            return Vec::new();
        };
        let sidecar = absolute(sidecar_path);
        let prefix = format!("{}-", key_of(&sidecar));
        let mut found: Vec<Rescue> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
            .filter_map(|entry| read_rescue(&entry.path(), &sidecar))
            .collect();
        found.sort_by(|a, b| a.written.cmp(&b.written));
        found
    }
}

fn read_rescue(file: &Path, sidecar: &Path) -> Option<Rescue> {
    let bytes = std::fs::read(file).ok()?;
    let record: RescueFile = serde_json::from_slice(&bytes).ok()?;
    if record.sidecar != sidecar {
        return None;
    }
    let content = serde_json::to_vec(&record.content).ok()?;
    Some(Rescue {
        file: file.to_path_buf(),
        written: record.written,
        reason: record.reason,
        sidecar: parse_sidecar(&content).ok()?,
    })
}

/// Merges a rescue into `store` in memory, by item id (the later change to an item wins,
/// two equally recent ones are both kept), and says what it merged. The caller saves
/// the store and only then removes the rescue file ([`discard`]).
pub fn take_in(store: &mut Store, rescue: &Rescue) -> Result<Vec<String>, RescueError> {
    if let Some(reason) = store.read_only_reason() {
        return Err(RescueError::ReadOnly {
            store: store.path().to_path_buf(),
            reason: reason.to_string(),
        });
    }
    if rescue.sidecar.article.sha256 != store.sidecar.article.sha256 {
        return Err(RescueError::OtherText {
            file: rescue.file.clone(),
        });
    }
    let sidecar = store.sidecar_mut();
    let merged = merge_from_disk(sidecar, rescue.sidecar.clone());
    canonicalize(sidecar);
    Ok(merged)
}

/// Merges every rescue waiting for the sidecar at `sidecar_path` of `article`, saves
/// it, and only then removes the rescue files; returns what was merged from which file.
pub fn merge_back(
    folder: &RescueFolder,
    article: &Article,
    sidecar_path: &Path,
) -> Result<Vec<(PathBuf, Vec<String>)>, RescueError> {
    let rescues = folder.rescues_for(sidecar_path);
    if rescues.is_empty() {
        return Ok(Vec::new());
    }
    let mut store = Store::open_at(sidecar_path.to_path_buf(), article);
    let mut merged = Vec::new();
    for rescue in &rescues {
        merged.push((rescue.file.clone(), take_in(&mut store, rescue)?));
    }
    store.save().map_err(|error| RescueError::Save {
        store: sidecar_path.to_path_buf(),
        reason: error.to_string(),
    })?;
    for rescue in &rescues {
        discard(rescue).map_err(|source| RescueError::Write {
            file: rescue.file.clone(),
            source,
        })?;
    }
    Ok(merged)
}

/// Removes a rescue once what it held is saved where it belongs.
pub fn discard(rescue: &Rescue) -> io::Result<()> {
    std::fs::remove_file(&rescue.file)
}

fn key_of(sidecar: &Path) -> String {
    sha256_hex(sidecar.to_string_lossy().as_bytes())[..16].to_string()
}

/// The sidecar's path from the root, its folder's symlinks resolved where the folder
/// exists, so the reader and `check` started from different folders find one rescue.
fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(folder), Some(name)) => std::fs::canonicalize(folder)
            .map(|folder| folder.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::make_span;
    use crate::annotate::schema::{ItemMeta, Mention, Origin, Status};
    use crate::article::text_index::TextIndex;
    use crate::article::{Article, SourceFormat};

    const TEXT: &str = "Ada Lovelace wrote the notes in London.";

    fn mention(index: &TextIndex, range: std::ops::Range<usize>) -> Mention {
        Mention {
            meta: ItemMeta {
                id: String::new(),
                status: Status::Manual,
                origin: Origin::Annotator {
                    annotator: "ana".into(),
                },
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span: make_span(index, range).unwrap(),
            label: "PERSON".into(),
            confidence: None,
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn decisions_rescued_on_quit_merge_back_and_the_rescue_goes() {
        let state = tempfile::tempdir().unwrap();
        let folder = RescueFolder::at(state.path().join("rescue"));
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a.txt").to_string_lossy().into_owned();
        std::fs::write(&source, TEXT).unwrap();
        let article =
            Article::from_clean_text(source.clone(), SourceFormat::PlainText, TEXT.into());
        let index = TextIndex::new(TEXT);
        // On disk: one decision. In memory, not saved: that one and another.
        let mut store = Store::open(&article);
        store.insert(mention(&index, 0..12), "ana");
        store.save().unwrap();
        store.insert(mention(&index, 32..38), "ana");
        let file = folder.write(&store, "Read-only file system").unwrap();
        assert!(file.starts_with(state.path().join("rescue")), "{file:?}");
        let mut reopened = Store::open(&article);
        assert_eq!(reopened.sidecar.mentions.len(), 1);
        let rescues = folder.rescues_for(reopened.path());
        assert_eq!(rescues.len(), 1);
        assert_eq!(rescues[0].reason, "Read-only file system");
        let merged = take_in(&mut reopened, &rescues[0]).unwrap();
        assert!(!merged.is_empty());
        assert_eq!(reopened.sidecar.mentions.len(), 2);
        reopened.save().unwrap();
        discard(&rescues[0]).unwrap();
        assert!(folder.rescues_for(reopened.path()).is_empty());
        assert_eq!(Store::open(&article).sidecar.mentions.len(), 2);
    }
}
