//! One article's sidecar: where it lives, loading it without ever losing a byte of
//! someone's work, and saving it atomically and deterministically.
//!
//! The rules: a sidecar we cannot fully understand (does not parse, newer schema,
//! belongs to another article) is opened read-only and never written. A sidecar that
//! changed on disk since we read it is merged, not clobbered. A failed save leaves the
//! old file as it was and the in-memory state as it is, so the user can retry.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_json::Map;

use super::anchor::{Placement, place};
use super::atomic::write_atomically_with;
use super::history::Replay;
use super::items::Item;
use super::merge::merge_from_disk;
use super::schema::{
    ArticleRef, Claim, Entity, Mention, Note, SCHEMA, SCHEMA_FAMILY, SCHEMA_VERSION, Sidecar,
};
use crate::article::Article;
use crate::article::model::sha256_hex;
use crate::article::text_index::TextIndex;

const SIDECAR_SUFFIX: &str = ".copydesk.json";
const CORPUS_FOLDER_SUFFIX: &str = ".copydesk";

/// Where an article's sidecar lives. A file `dir/a.txt` has `dir/a.txt.copydesk.json`
/// (the full name, so `a.txt` and `a.html` never share one). An article inside a corpus,
/// `dir/c.jsonl#KEY`, has `dir/c.jsonl.copydesk/KEY.copydesk.json`: a folder of ordinary
/// sidecars, so each article saves, merges and diffs on its own. A name the file system
/// could not hold or could confuse with another gets a hashed one ([`file_stem_for`]);
/// the sidecar itself records the real article path and key.
pub fn sidecar_path(article_source: &str) -> PathBuf {
    match article_source.rsplit_once('#') {
        Some((corpus, key)) if !Path::new(article_source).exists() => {
            let folder = Path::new(&format!("{corpus}{CORPUS_FOLDER_SUFFIX}")).to_path_buf();
            let named = folder.join(sidecar_name(&file_stem_for(key)));
            match legacy_key_name(key) {
                Some(legacy) if !named.exists() && exactly_named(&folder, &legacy) => {
                    folder.join(legacy)
                }
                _ => named,
            }
        }
        _ => match Path::new(article_source).file_name() {
            Some(name) if name.len() + SIDECAR_SUFFIX.len() > NAME_MAX => {
                let name = sidecar_name(&name.to_string_lossy());
                Path::new(article_source).with_file_name(name)
            }
            _ => PathBuf::from(format!("{article_source}{SIDECAR_SUFFIX}")),
        },
    }
}

/// The longest file name most file systems hold, in bytes.
const NAME_MAX: usize = 255;

/// `STEM.copydesk.json`, or, when that is too long a name, the stem's start and a hash
/// of the whole stem, so two long names that share their start still differ.
fn sidecar_name(stem: &str) -> String {
    if stem.len() + SIDECAR_SUFFIX.len() <= NAME_MAX {
        return format!("{stem}{SIDECAR_SUFFIX}");
    }
    let mut start = 100;
    while !stem.is_char_boundary(start) {
        start -= 1;
    }
    format!(
        "{}-{}{SIDECAR_SUFFIX}",
        &stem[..start],
        &sha256_hex(stem)[..16]
    )
}

/// Keys come from corpus records, so anything may be in them. A key of lower-case
/// letters, digits, `-`, `_` and `.` is its own file name; one with capitals becomes the
/// lower-cased key and a hash, since a case-insensitive file system (macOS, Windows)
/// would take `Story` and `story` for one file; anything else (a `/`, a leading dot, a
/// device name like `con`) becomes `id-` and a hash.
fn file_stem_for(key: &str) -> String {
    let hash = || sha256_hex(key);
    if !plain_key(&key.to_ascii_lowercase()) {
        format!("id-{}", &hash()[..16])
    } else if key.bytes().any(|b| b.is_ascii_uppercase()) {
        format!("{}-{}", key.to_ascii_lowercase(), &hash()[..8])
    } else {
        key.to_string()
    }
}

fn plain_key(key: &str) -> bool {
    const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let device = key.split('.').next().is_some_and(|stem| {
        DEVICES.contains(&stem)
            || (stem.len() == 4
                && (stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.as_bytes()[3].is_ascii_digit())
    });
    !key.is_empty()
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
        && !key.starts_with('.')
        && !key.ends_with('.')
        && !device
}

/// Sidecars made before keys with capitals were hashed are named by the key as it is;
/// such a sidecar is still found.
fn legacy_key_name(key: &str) -> Option<String> {
    let old_safe = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !key.starts_with('.')
        && key.bytes().any(|b| b.is_ascii_uppercase());
    old_safe.then(|| format!("{key}{SIDECAR_SUFFIX}"))
}

/// Whether `folder` holds a file of exactly this name: on a case-insensitive file system
/// `exists` would also answer for another key's sidecar.
fn exactly_named(folder: &Path, name: &str) -> bool {
    folder.join(name).exists()
        && std::fs::read_dir(folder).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|entry| entry.file_name() == name)
        })
}

/// The article's path as the sidecar records it: relative to the sidecar's folder.
fn article_path_from_sidecar(article_source: &str) -> String {
    match article_source.rsplit_once('#') {
        Some((corpus, key)) if !Path::new(article_source).exists() => {
            format!("../{}#{key}", file_name(corpus))
        }
        _ => file_name(article_source),
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || path.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[derive(Debug)]
pub enum SaveError {
    /// The sidecar is open read-only; the reason says why.
    ReadOnly(String),
    /// Someone else's version on disk could not be read, so it was left alone.
    ConflictUnreadable(String),
    Io(io::Error),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::ReadOnly(reason) => write!(f, "not saved: read-only ({reason})"),
            SaveError::ConflictUnreadable(reason) => {
                write!(
                    f,
                    "not saved: the file changed on disk and {reason}; it was left as it is"
                )
            }
            SaveError::Io(error) => write!(
                f,
                "not saved: {error}; your work is kept in memory, try again"
            ),
        }
    }
}

impl std::error::Error for SaveError {}

/// What a successful save did beyond writing.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// One line per kind of merge decision, when the file had changed on disk.
    pub merged: Vec<String>,
}

#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    /// Shared with a save under way, so handing it to the saver thread copies nothing;
    /// change it through [`Store::sidecar_mut`] (or the store's own changes), which keep
    /// what undo knows of its log in step.
    pub sidecar: Arc<Sidecar>,
    read_only: Option<String>,
    /// The file as we last read or wrote it, to notice when someone else changed it.
    on_disk: Option<DiskState>,
    /// What happened when the sidecar was opened (re-anchoring, read-only reasons).
    pub notices: Vec<String>,
    /// The step the changes being made now belong to (see [`Store::in_one_step`]).
    pub(super) step: Option<String>,
    /// The undo and redo stacks, derived from the log when first needed and kept up as
    /// changes are logged.
    pub(super) replay: OnceLock<Replay>,
}

/// Just enough of a sidecar to decide whether we may read the rest.
#[derive(Deserialize)]
struct SchemaProbe {
    schema: Option<serde_json::Value>,
}

impl Store {
    /// Opens the sidecar beside `article`, or starts an empty one. Never fails: anything
    /// wrong is reported in `notices` and, where the file must not be touched, makes the
    /// store read-only.
    pub fn open(article: &Article) -> Store {
        Store::open_at(sidecar_path(&article.source), article)
    }

    pub fn open_at(path: PathBuf, article: &Article) -> Store {
        let mut store = Store {
            sidecar: Arc::new(empty_sidecar(article)),
            path,
            read_only: None,
            on_disk: None,
            notices: Vec::new(),
            step: None,
            replay: OnceLock::new(),
        };
        let bytes = match std::fs::read(&store.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return store,
            Err(error) => {
                store.make_read_only(format!("cannot be read: {error}"));
                return store;
            }
        };
        store.on_disk = DiskState::read(&store.path, &bytes);
        match parse_sidecar(&bytes) {
            Ok(sidecar) => store.sidecar = Arc::new(sidecar),
            Err(problem) => {
                store.make_read_only(problem);
                return store;
            }
        }
        let expected_path = article_path_from_sidecar(&article.source);
        if store.sidecar.article.path != expected_path {
            let problem = format!(
                "belongs to another article ({}), not {expected_path}",
                store.sidecar.article.path
            );
            store.make_read_only(problem);
            return store;
        }
        if store.sidecar.article.sha256 != article.id {
            store.reanchor(article);
        }
        store
    }

    /// The sidecar to change. A copy is made only if a save still holds the old one.
    /// Anything may change, the log included, so undo derives its stacks again when next
    /// needed.
    pub fn sidecar_mut(&mut self) -> &mut Sidecar {
        self.replay = OnceLock::new();
        Arc::make_mut(&mut self.sidecar)
    }

    /// The sidecar to change by logging the change as it is made, or without touching
    /// the log: what undo knows of the log stays valid.
    pub(super) fn sidecar_mut_logged(&mut self) -> &mut Sidecar {
        Arc::make_mut(&mut self.sidecar)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the sidecar cannot be written, if it cannot.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Ids of items whose spans could not be placed in the current text.
    pub fn orphans(&self) -> Vec<&str> {
        fn of<T: Item>(sidecar: &Sidecar) -> impl Iterator<Item = &str> {
            T::list(sidecar)
                .iter()
                .filter(|item| item.meta().orphaned)
                .map(|item| item.meta().id.as_str())
        }
        of::<Mention>(&self.sidecar)
            .chain(of::<Claim>(&self.sidecar))
            .chain(of::<Note>(&self.sidecar))
            .collect()
    }

    fn make_read_only(&mut self, problem: String) {
        self.notices.push(format!(
            "{}: {problem}; opened read-only and it will not be written",
            self.path.display()
        ));
        self.read_only = Some(problem);
    }

    /// The article text changed since the sidecar was written: place every span again.
    fn reanchor(&mut self, article: &Article) {
        let index = TextIndex::new(&article.text);
        let mut moved = 0;
        let mut orphaned = 0;
        let mut count = |item_spans: Vec<&mut super::schema::Span>| -> bool {
            let mut lost = false;
            for span in item_spans {
                match place(&index, span) {
                    Placement::Unchanged => {}
                    Placement::Moved(new_span) => {
                        *span = new_span;
                        moved += 1;
                    }
                    Placement::Orphaned => lost = true,
                }
            }
            if lost {
                orphaned += 1;
            }
            lost
        };
        let sidecar = Arc::make_mut(&mut self.sidecar);
        for mention in &mut sidecar.mentions {
            mention.meta.orphaned = count(mention.spans_mut());
        }
        for claim in &mut sidecar.claims {
            claim.meta.orphaned = count(claim.spans_mut());
        }
        for note in &mut sidecar.notes {
            note.meta.orphaned = count(note.spans_mut());
        }
        self.notices.push(format!(
            "{}: the article text changed since it was annotated; {moved} spans moved, {orphaned} items orphaned (kept, not dropped)",
            self.path.display()
        ));
        let reference = &mut self.sidecar_mut().article;
        reference.sha256 = article.id.clone();
        reference.length = index.len_chars();
        reference.title = article.metadata.title.clone();
    }

    /// Saves atomically. If the file changed on disk since we read it, the two versions
    /// are merged by item id first.
    pub fn save(&mut self) -> Result<SaveReport, SaveError> {
        self.save_with(|file, bytes| file.write_all(bytes))
    }

    /// As [`Store::save`], with the bytes written by `write` (tests use it to fail half-way).
    pub fn save_with(
        &mut self,
        write: impl FnOnce(&mut dyn io::Write, &[u8]) -> io::Result<()>,
    ) -> Result<SaveReport, SaveError> {
        let outcome = self.begin_save()?.write_with(write)?;
        Ok(self.finish_save(outcome))
    }

    /// Takes what a save needs, so the disk work ([`PendingSave::write`]) can run on
    /// another thread while this store goes on changing.
    pub fn begin_save(&self) -> Result<PendingSave, SaveError> {
        if let Some(reason) = &self.read_only {
            return Err(SaveError::ReadOnly(reason.clone()));
        }
        Ok(PendingSave {
            path: self.path.clone(),
            sidecar: Arc::clone(&self.sidecar),
            known: self.on_disk.clone(),
        })
    }

    /// Takes in a finished write: what we now know of the file, and whatever someone
    /// else had written there, merged into this store by item id as it was into the file.
    pub fn finish_save(&mut self, outcome: SaveOutcome) -> SaveReport {
        if let Some(theirs) = outcome.theirs {
            merge_from_disk(self.sidecar_mut(), theirs);
            canonicalize(self.sidecar_mut());
        }
        self.on_disk = outcome.on_disk;
        outcome.report
    }
}

/// A save on its way to disk: the sidecar as it was when the save began.
#[derive(Debug)]
pub struct PendingSave {
    path: PathBuf,
    sidecar: Arc<Sidecar>,
    known: Option<DiskState>,
}

/// What writing a [`PendingSave`] found and did, for [`Store::finish_save`].
#[derive(Debug)]
pub struct SaveOutcome {
    theirs: Option<Sidecar>,
    on_disk: Option<DiskState>,
    report: SaveReport,
}

impl PendingSave {
    /// Writes atomically. If the file changed on disk since the store last read or
    /// wrote it, the two versions are merged by item id first.
    pub fn write(self) -> Result<SaveOutcome, SaveError> {
        self.write_with(|file, bytes| file.write_all(bytes))
    }

    fn write_with(
        mut self,
        write: impl FnOnce(&mut dyn io::Write, &[u8]) -> io::Result<()>,
    ) -> Result<SaveOutcome, SaveError> {
        // The copy of the shared sidecar is made here, on the saver's thread, first thing,
        // so the store it came from is soon free to change without copying.
        Arc::make_mut(&mut self.sidecar);
        let mut report = SaveReport::default();
        let theirs = self.changed_on_disk()?;
        let sidecar = Arc::make_mut(&mut self.sidecar);
        if let Some(theirs) = &theirs {
            report.merged = merge_from_disk(sidecar, theirs.clone());
        }
        canonicalize(sidecar);
        let bytes = to_bytes(sidecar);
        if let Some(folder) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(SaveError::Io)?;
        }
        write_atomically_with(&self.path, &bytes, write).map_err(SaveError::Io)?;
        Ok(SaveOutcome {
            theirs,
            on_disk: DiskState::read(&self.path, &bytes),
            report,
        })
    }

    /// The version on disk, if someone else wrote it since the store last read or wrote
    /// the file.
    fn changed_on_disk(&self) -> Result<Option<Sidecar>, SaveError> {
        let metadata = match std::fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(SaveError::Io(error)),
        };
        let Some(known) = &self.known else {
            let bytes = std::fs::read(&self.path).map_err(SaveError::Io)?;
            return parse_sidecar(&bytes)
                .map(Some)
                .map_err(SaveError::ConflictUnreadable);
        };
        if known.same_file_as(&metadata) {
            return Ok(None);
        }
        let bytes = std::fs::read(&self.path).map_err(SaveError::Io)?;
        if sha256_hex(&bytes) == known.digest {
            return Ok(None);
        }
        parse_sidecar(&bytes)
            .map(Some)
            .map_err(SaveError::ConflictUnreadable)
    }
}

/// What we know of the sidecar file as we last saw it. Size, modification time and inode
/// answer "unchanged?" without reading the file on every save; the digest settles it
/// when they differ (a `touch`, a copy of the same content).
#[derive(Debug, Clone)]
struct DiskState {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    digest: String,
}

impl DiskState {
    fn read(path: &Path, bytes: &[u8]) -> Option<DiskState> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(DiskState {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode: inode(&metadata),
            digest: sha256_hex(bytes),
        })
    }

    fn same_file_as(&self, metadata: &std::fs::Metadata) -> bool {
        self.len == metadata.len()
            && self.modified == metadata.modified().ok()
            && self.inode == inode(metadata)
    }
}

#[cfg(unix)]
fn inode(metadata: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(metadata)
}

#[cfg(not(unix))]
fn inode(_metadata: &std::fs::Metadata) -> u64 {
    0
}

/// Parses sidecar bytes, or says in one phrase why they cannot be used.
pub fn parse_sidecar(bytes: &[u8]) -> Result<Sidecar, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("is empty".to_string());
    }
    let probe: SchemaProbe = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "is not valid JSON at line {}:{} ({e})",
            e.line(),
            e.column()
        )
    })?;
    let schema = probe
        .schema
        .as_ref()
        .and_then(|s| s.as_str())
        .unwrap_or_default();
    let Some(version) = schema.strip_prefix(SCHEMA_FAMILY) else {
        return Err("is not a copydesk sidecar (no \"schema\": \"copydesk/1\")".to_string());
    };
    match version.parse::<u32>() {
        Ok(v) if v == SCHEMA_VERSION => {}
        Ok(v) if v > SCHEMA_VERSION => {
            return Err(format!(
                "was written by a newer copydesk (schema {schema}; this one reads {SCHEMA}); update copydesk to edit it"
            ));
        }
        _ => return Err(format!("has an unknown schema {schema:?}")),
    }
    serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "does not match schema {SCHEMA} at line {}:{} ({e})",
            e.line(),
            e.column()
        )
    })
}

/// The bytes a sidecar is saved as: 2-space indented JSON with a trailing newline.
pub fn to_bytes(sidecar: &Sidecar) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(sidecar).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Sorts items by position (then id), so the same annotations always save the same way.
pub fn canonicalize(sidecar: &mut Sidecar) {
    fn by_position<T: Item>(items: &mut [T]) {
        items.sort_by(|a, b| {
            let key = |item: &T| item.spans().first().map(|span| (span.start, span.end));
            key(a)
                .cmp(&key(b))
                .then_with(|| a.meta().id.cmp(&b.meta().id))
        });
    }
    by_position(&mut sidecar.mentions);
    by_position(&mut sidecar.claims);
    by_position(&mut sidecar.notes);
    let positions: std::collections::HashMap<&str, usize> = sidecar
        .mentions
        .iter()
        .enumerate()
        .map(|(position, mention)| (mention.meta.id.as_str(), position))
        .collect();
    let first_mention = |entity: &Entity| {
        entity
            .mentions
            .iter()
            .filter_map(|id| positions.get(id.as_str()).copied())
            .min()
    };
    let mut keyed: Vec<(Option<usize>, Entity)> = sidecar
        .entities
        .drain(..)
        .map(|entity| (first_mention(&entity), entity))
        .collect();
    keyed
        .sort_by(|(a_pos, a), (b_pos, b)| a_pos.cmp(b_pos).then_with(|| a.meta.id.cmp(&b.meta.id)));
    sidecar.entities = keyed.into_iter().map(|(_, entity)| entity).collect();
    sidecar.annotators.sort_by(|a, b| a.id.cmp(&b.id));
}

fn empty_sidecar(article: &Article) -> Sidecar {
    Sidecar {
        schema: SCHEMA.to_string(),
        article: ArticleRef {
            path: article_path_from_sidecar(&article.source),
            sha256: article.id.clone(),
            length: article.text.chars().count(),
            title: article.metadata.title.clone(),
            extra: Map::new(),
        },
        annotators: Vec::new(),
        mentions: Vec::new(),
        entities: Vec::new(),
        claims: Vec::new(),
        notes: Vec::new(),
        history: Vec::new(),
        reviewed: Default::default(),
        extra: Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_named_by_the_old_rule_for_a_key_with_capitals_is_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("c.jsonl");
        let folder = dir.path().join("c.jsonl.copydesk");
        std::fs::create_dir_all(&folder).unwrap();
        let source = format!("{}#Story", corpus.display());
        assert!(
            sidecar_path(&source)
                .ends_with(format!("story-{}.copydesk.json", &sha256_hex("Story")[..8]))
        );
        std::fs::write(folder.join("Story.copydesk.json"), "{}").unwrap();
        assert_eq!(sidecar_path(&source), folder.join("Story.copydesk.json"));
    }

    #[test]
    fn sidecar_paths_sit_beside_articles_and_corpora() {
        assert_eq!(
            sidecar_path("news/a.txt"),
            PathBuf::from("news/a.txt.copydesk.json")
        );
        assert_eq!(
            sidecar_path("news/c.jsonl#wd-101"),
            PathBuf::from("news/c.jsonl.copydesk/wd-101.copydesk.json")
        );
        let odd = sidecar_path("c.jsonl#../../etc/passwd");
        assert!(odd.to_string_lossy().starts_with("c.jsonl.copydesk/id-"));
        for device in ["con", "NUL.txt", "com1", "lpt9.x", "a."] {
            let path = sidecar_path(&format!("c.jsonl#{device}"));
            assert!(
                path.to_string_lossy().contains("/id-"),
                "{device}: {path:?}"
            );
        }
        assert_eq!(
            sidecar_path("c.jsonl#Story"),
            PathBuf::from(format!(
                "c.jsonl.copydesk/story-{}.copydesk.json",
                &sha256_hex("Story")[..8]
            ))
        );
        assert_eq!(article_path_from_sidecar("news/c.jsonl#7"), "../c.jsonl#7");
    }
}
