//! The sidecar store's promises: nothing a person did is ever lost or clobbered.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use copydesk::annotate::anchor::make_span;
use copydesk::annotate::schema::{
    Claim, ClaimSource, Entity, ItemMeta, Mention, Note, Origin, Status,
};
use copydesk::annotate::store::{parse_sidecar, to_bytes};
use copydesk::annotate::{SaveError, Store, sidecar_path};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use serde_json::Map;

const TEXT: &str = "Zoë Ortiz met 東京 officials 👍🏽\n\nThe café e\u{301} owner said the deal was \"fair\". Ortiz later denied it.";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-sidecar-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn article_in(dir: &Path, text: &str) -> Article {
    let path = dir.join("story.txt");
    std::fs::write(&path, text).unwrap();
    Article::from_clean_text(
        path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        text.to_string(),
    )
}

fn meta() -> ItemMeta {
    ItemMeta {
        id: String::new(),
        status: Status::Suggested,
        origin: Origin::Extractor {
            extractor: "test".into(),
            version: "1".into(),
        },
        created: String::new(),
        updated: String::new(),
        orphaned: false,
    }
}

fn chars_of(text: &str, quote: &str) -> std::ops::Range<usize> {
    let start = text[..text.find(quote).unwrap()].chars().count();
    start..start + quote.chars().count()
}

fn mention(article: &Article, quote: &str, label: &str) -> Mention {
    let index = TextIndex::new(&article.text);
    Mention {
        meta: meta(),
        span: make_span(&index, chars_of(&article.text, quote)).unwrap(),
        label: label.into(),
        confidence: Some(0.875),
        extra: Map::new(),
    }
}

/// A store holding one item of every kind.
fn populated(article: &Article) -> Store {
    let mut store = Store::open(article);
    let zoe = store.insert(mention(article, "Zoë Ortiz", "PERSON"), "ana");
    let ortiz = store.insert(mention(article, "Ortiz later", "PERSON"), "ana");
    store.insert(mention(article, "東京", "GPE"), "ana");
    store.insert(
        Entity {
            meta: meta(),
            name: "Zoë Ortiz".into(),
            label: "PERSON".into(),
            mentions: vec![zoe, ortiz.clone()],
            extra: Map::new(),
        },
        "ana",
    );
    let index = TextIndex::new(&article.text);
    store.insert(
        Claim {
            meta: meta(),
            content: make_span(&index, chars_of(&article.text, "the deal was \"fair\"")).unwrap(),
            cue: make_span(&index, chars_of(&article.text, "said")),
            label: "said".into(),
            negated: false,
            source: Some(ClaimSource::Text("The café owner".into())),
            note: Some("check 👍🏽".into()),
            extra: Map::new(),
        },
        "ana",
    );
    store.insert(
        Claim {
            meta: meta(),
            content: make_span(&index, chars_of(&article.text, "it")).unwrap(),
            cue: make_span(&index, chars_of(&article.text, "denied")),
            label: "denied".into(),
            negated: false,
            source: Some(ClaimSource::Mention(ortiz)),
            note: None,
            extra: Map::new(),
        },
        "ana",
    );
    store.insert(
        Note {
            meta: meta(),
            span: make_span(&index, chars_of(&article.text, "e\u{301}")).unwrap(),
            text: "stray accent in the source".into(),
            extra: Map::new(),
        },
        "ana",
    );
    store
}

#[test]
fn load_save_load_is_the_identity_byte_for_byte() {
    let dir = scratch("roundtrip");
    let article = article_in(&dir, TEXT);
    let mut store = populated(&article);
    store.save().unwrap();
    let path = sidecar_path(&article.source);
    let first = std::fs::read(&path).unwrap();
    // Add unknown fields at several depths, as a newer tool or a script might.
    let mut value: serde_json::Value = serde_json::from_slice(&first).unwrap();
    value["x_reviewed_by"] = "desk".into();
    value["mentions"][0]["x_link"] = "https://example.org/q1".into();
    value["claims"][0]["content"]["x_kind"] = "quote".into();
    let mut with_unknown = serde_json::to_vec_pretty(&value).unwrap();
    with_unknown.push(b'\n');
    std::fs::write(&path, &with_unknown).unwrap();

    let mut reopened = Store::open(&article);
    assert!(reopened.read_only_reason().is_none());
    reopened.save().unwrap();
    let saved = std::fs::read(&path).unwrap();
    let again = Store::open(&article);
    assert_eq!(again.sidecar, reopened.sidecar);
    assert_eq!(to_bytes(&again.sidecar), saved, "saving is deterministic");
    let text = String::from_utf8(saved).unwrap();
    assert!(text.contains("\"x_reviewed_by\": \"desk\""));
    assert!(text.contains("\"x_link\""));
    assert!(text.contains("\"x_kind\": \"quote\""));
    assert!(text.ends_with("}\n") && text.contains("\n  \"schema\""));
}

#[test]
fn saved_spans_count_code_points_and_quote_the_text() {
    let dir = scratch("offsets");
    let article = article_in(&dir, TEXT);
    populated(&article).save().unwrap();
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sidecar_path(&article.source)).unwrap()).unwrap();
    let chars: Vec<char> = TEXT.chars().collect();
    let mut spans = 0;
    for mention in value["mentions"].as_array().unwrap() {
        let span = &mention["span"];
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[start..end].iter().collect::<String>(),
            span["exact"].as_str().unwrap()
        );
        spans += 1;
    }
    assert_eq!(spans, 3);
    assert_eq!(
        value["article"]["length"].as_u64().unwrap() as usize,
        chars.len()
    );
}

#[test]
fn a_truncated_sidecar_is_never_overwritten() {
    let dir = scratch("truncated");
    let article = article_in(&dir, TEXT);
    populated(&article).save().unwrap();
    let path = sidecar_path(&article.source);
    let full = std::fs::read(&path).unwrap();
    let truncated = &full[..full.len() / 2];
    std::fs::write(&path, truncated).unwrap();
    let mut store = Store::open(&article);
    let reason = store.read_only_reason().unwrap().to_string();
    assert!(reason.contains("line") && reason.contains(':'), "{reason}");
    assert!(matches!(store.save(), Err(SaveError::ReadOnly(_))));
    assert_eq!(std::fs::read(&path).unwrap(), truncated);
}

#[test]
fn empty_and_invalid_sidecars_open_read_only() {
    let dir = scratch("invalid");
    let article = article_in(&dir, TEXT);
    let path = sidecar_path(&article.source);
    for (content, expected) in [
        ("", "is empty"),
        ("{\"schema\": \"copydesk/1\",,}", "line 1:"),
        ("[1, 2, 3]", "not valid JSON"),
        ("{\"name\": \"something else\"}", "not a copydesk sidecar"),
    ] {
        std::fs::write(&path, content).unwrap();
        let mut store = Store::open(&article);
        let reason = store.read_only_reason().unwrap_or_default().to_string();
        assert!(reason.contains(expected), "{content:?}: {reason}");
        assert!(store.save().is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
    }
}

#[test]
fn a_sidecar_from_a_newer_schema_is_read_only() {
    let dir = scratch("newer");
    let article = article_in(&dir, TEXT);
    populated(&article).save().unwrap();
    let path = sidecar_path(&article.source);
    let newer = std::fs::read_to_string(&path)
        .unwrap()
        .replace("copydesk/1", "copydesk/2");
    std::fs::write(&path, &newer).unwrap();
    let mut store = Store::open(&article);
    assert!(store.read_only_reason().unwrap().contains("newer copydesk"));
    assert!(store.save().is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
}

#[test]
fn the_sidecar_of_another_article_is_not_touched() {
    let dir = scratch("another");
    let article = article_in(&dir, TEXT);
    populated(&article).save().unwrap();
    let other_path = dir.join("other.txt");
    std::fs::write(&other_path, "A different story.").unwrap();
    let other = Article::from_clean_text(
        other_path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        "A different story.".into(),
    );
    let copied = sidecar_path(&other.source);
    std::fs::copy(sidecar_path(&article.source), &copied).unwrap();
    let before = std::fs::read(&copied).unwrap();
    let mut store = Store::open(&other);
    assert!(
        store
            .read_only_reason()
            .unwrap()
            .contains("another article")
    );
    assert!(store.save().is_err());
    assert_eq!(std::fs::read(&copied).unwrap(), before);
}

/// A writer that fails half-way, as a full disk does.
fn fail_half_way(file: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    file.write_all(&bytes[..bytes.len() / 2])?;
    Err(io::Error::new(
        io::ErrorKind::StorageFull,
        "No space left on device",
    ))
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_work_in_memory() {
    let dir = scratch("diskfull");
    let article = article_in(&dir, TEXT);
    let mut store = populated(&article);
    store.save().unwrap();
    let path = sidecar_path(&article.source);
    let before = std::fs::read(&path).unwrap();
    store.insert(mention(&article, "café", "FAC"), "ana");
    let error = store.save_with(fail_half_way).unwrap_err();
    assert!(error.to_string().contains("No space left"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "old sidecar intact");
    assert_eq!(store.sidecar.mentions.len(), 4, "work kept in memory");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary file removed");
    store.save().unwrap();
    assert_eq!(
        Store::open(&article).sidecar.mentions.len(),
        4,
        "retry succeeds"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_reports_the_error_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("readonly");
    let article = article_in(&dir, TEXT);
    let mut store = populated(&article);
    store.save().unwrap();
    let path = sidecar_path(&article.source);
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        // Root ignores directory permissions; the disk-full test covers the same path.
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipping: running as root, so a read-only directory is still writable");
        return;
    }
    store.insert(mention(&article, "café", "FAC"), "ana");
    let error = store.save().unwrap_err();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(error.to_string().contains("ermission denied"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(store.sidecar.mentions.len(), 4);
}

#[cfg(unix)]
#[test]
fn a_symlinked_sidecar_is_followed_and_stays_a_link() {
    let dir = scratch("symlink");
    let article = article_in(&dir, TEXT);
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let target = shared.join("story.json");
    let mut store = populated(&article);
    store.save().unwrap();
    let link = sidecar_path(&article.source);
    std::fs::rename(&link, &target).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut store = Store::open(&article);
    store.insert(mention(&article, "café", "FAC"), "ana");
    store.save().unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        parse_sidecar(&std::fs::read(&target).unwrap())
            .unwrap()
            .mentions
            .len(),
        4
    );
}

#[test]
fn edited_articles_keep_move_and_orphan_spans() {
    let dir = scratch("reanchor");
    let article = article_in(&dir, TEXT);
    populated(&article).save().unwrap();
    let edited_text = format!(
        "UPDATE: {}",
        TEXT.replace("東京", "Kyoto")
            .replace("Zoë Ortiz", "Zoe Ortiz")
    );
    let edited = article_in(&dir, &edited_text);
    let mut store = Store::open(&edited);
    assert!(store.read_only_reason().is_none());
    assert!(
        store.notices.iter().any(|n| n.contains("changed")),
        "{:?}",
        store.notices
    );
    let index = TextIndex::new(&edited.text);
    let find = |label: &str, exact: &str| {
        store
            .sidecar
            .mentions
            .iter()
            .find(|m| m.label == label && (m.span.exact == exact))
            .cloned()
    };
    // Moved by the inserted prefix, still exact.
    let later = find("PERSON", "Ortiz later").expect("moved mention");
    assert_eq!(
        index.slice(later.span.start..later.span.end),
        Some("Ortiz later")
    );
    // Lightly edited: found fuzzily.
    let zoe = find("PERSON", "Zoe Ortiz").expect("fuzzy mention");
    assert!(!zoe.meta.orphaned);
    // Destroyed: kept as an orphan.
    let tokyo = store
        .sidecar
        .mentions
        .iter()
        .find(|m| m.label == "GPE")
        .unwrap();
    assert!(tokyo.meta.orphaned);
    assert_eq!(store.orphans().len(), 1);
    store.save().unwrap();
    let saved = Store::open(&edited);
    assert_eq!(
        saved.sidecar.mentions.len(),
        3,
        "the orphan is kept in the file"
    );
    assert_eq!(saved.sidecar.article.sha256, edited.id);
}

#[test]
fn a_sidecar_changed_on_disk_is_merged_not_clobbered() {
    let dir = scratch("merge");
    let article = article_in(&dir, TEXT);
    let mut first = populated(&article);
    first.save().unwrap();
    let mut second = Store::open(&article);
    let shared_id = second.sidecar.mentions[0].meta.id.clone();
    second.insert(mention(&article, "café", "FAC"), "ben");
    std::thread::sleep(std::time::Duration::from_millis(5));
    second.update::<Mention>(&shared_id, "ben", |m| m.meta.status = Status::Accepted);
    second.save().unwrap();
    // `first` still holds the old state and adds its own mention.
    first.insert(mention(&article, "owner", "PERSON"), "ana");
    let report = first.save().unwrap();
    assert!(!report.merged.is_empty());
    let merged = Store::open(&article);
    assert_eq!(merged.sidecar.mentions.len(), 5, "both new mentions kept");
    let shared = merged
        .sidecar
        .mentions
        .iter()
        .find(|m| m.meta.id == shared_id)
        .unwrap();
    assert_eq!(
        shared.meta.status,
        Status::Accepted,
        "the later update wins"
    );
    assert!(merged.sidecar.history.iter().any(|h| h.by == "ben"));
    assert!(merged.sidecar.history.iter().any(|h| h.by == "ana"));
}

#[test]
fn undo_and_redo_work_across_sessions() {
    let dir = scratch("undo");
    let article = article_in(&dir, TEXT);
    let mut store = populated(&article);
    let id = store.sidecar.mentions[0].meta.id.clone();
    store.update::<Mention>(&id, "ana", |m| m.label = "ORG".into());
    store.save().unwrap();

    let mut reopened = Store::open(&article);
    let undone = reopened.undo("ana").unwrap();
    assert_eq!(undone.item, id);
    let labels =
        [&undone.before, &undone.after].map(|state| state.as_ref().unwrap()["label"].clone());
    assert_eq!(labels, ["ORG", "PERSON"], "what it was and is again");
    let label = |store: &Store| {
        store
            .sidecar
            .mentions
            .iter()
            .find(|m| m.meta.id == id)
            .unwrap()
            .label
            .clone()
    };
    assert_eq!(label(&reopened), "PERSON");
    reopened.save().unwrap();

    let mut third = Store::open(&article);
    third.redo("ana").unwrap();
    assert_eq!(label(&third), "ORG");
    third.undo("ana").unwrap();
    third.undo("ana").unwrap();
    assert_eq!(
        third.sidecar.notes.len(),
        0,
        "the note insertion was undone too"
    );
    let who: Vec<&str> = third
        .sidecar
        .history
        .iter()
        .map(|h| h.by.as_str())
        .collect();
    assert!(who.iter().all(|by| *by == "ana"));
}

#[test]
fn corpus_articles_get_one_sidecar_each_in_a_folder_beside_the_corpus() {
    use copydesk::article::{LoadOptions, load};
    let dir = scratch("corpus");
    let corpus = dir.join("wire.jsonl");
    std::fs::write(
        &corpus,
        "{\"id\": \"a-1\", \"title\": \"One\", \"text\": \"Ana Ruiz spoke.\"}\n{\"title\": \"Two\", \"text\": \"Tom Lee wrote.\"}\n",
    )
    .unwrap();
    let loaded = load(corpus.to_str().unwrap(), LoadOptions::default()).unwrap();
    let folder = dir.join("wire.jsonl.copydesk");
    for (article, key) in loaded.articles.iter().zip(["a-1", "2"]) {
        let mut store = Store::open(article);
        let quote = article
            .text
            .split("\n\n")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        store.insert(mention(article, quote, "PERSON"), "ana");
        store.save().unwrap();
        assert_eq!(store.path(), folder.join(format!("{key}.copydesk.json")));
    }
    let reloaded = load(&format!("{}#a-1", corpus.display()), LoadOptions::default()).unwrap();
    let store = Store::open(&reloaded.articles[0]);
    assert!(store.read_only_reason().is_none());
    assert_eq!(store.sidecar.mentions[0].span.exact, "Ana");
    assert_eq!(store.sidecar.article.path, "../wire.jsonl#a-1");
}

/// Read as given (`--no-clean`), a CRLF file keeps its carriage returns, so a sidecar's
/// code points count into the file itself.
#[test]
fn spans_into_a_crlf_source_count_code_points_of_the_given_text() {
    use copydesk::article::{LoadOptions, load};
    let dir = scratch("crlf");
    let path = dir.join("crlf.txt");
    let given = "Zoë 👍🏽 wins\r\n\r\nThe café in 東京 e\u{301} opened.\r\n";
    std::fs::write(&path, given).unwrap();
    let options = LoadOptions {
        clean: false,
        ..LoadOptions::default()
    };
    let article = load(path.to_str().unwrap(), options)
        .unwrap()
        .articles
        .remove(0);
    assert_eq!(article.text, given);
    let mut store = Store::open(&article);
    store.insert(mention(&article, "東京", "GPE"), "ana");
    store.save().unwrap();
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
    let span = &saved["mentions"][0]["span"];
    // "Zoë 👍🏽 wins" is 11 code points, "\r\n\r\n" 4, "The café in " 12.
    assert_eq!(
        (span["start"].as_u64(), span["end"].as_u64()),
        (Some(27), Some(29))
    );
    let chars: Vec<char> = given.chars().collect();
    assert_eq!(chars[27..29].iter().collect::<String>(), "東京");
}

#[test]
fn one_step_is_undone_and_redone_whole_across_sessions() {
    let dir = scratch("steps");
    let article = article_in(&dir, TEXT);
    let mut store = populated(&article);
    let before = store.sidecar.mentions.len();
    let id = store.in_one_step(|store| {
        let id = store.insert(mention(&article, "café", "FAC"), "ana");
        store.update::<Mention>(&id, "ana", |m| m.label = "ORG".into());
        id
    });
    store.save().unwrap();

    let mut reopened = Store::open(&article);
    let undone = reopened.undo("ana").unwrap();
    assert_eq!(undone.item, id);
    assert_eq!(undone.entries, 2);
    assert_eq!(undone.before.unwrap()["label"], "ORG");
    assert!(undone.after.is_none(), "the inserted mention is gone");
    assert_eq!(
        reopened.sidecar.mentions.len(),
        before,
        "insert and edit both undone"
    );
    reopened.redo("ana").unwrap();
    let redone = reopened.sidecar.mentions.iter().find(|m| m.meta.id == id);
    assert_eq!(redone.map(|m| m.label.as_str()), Some("ORG"), "both redone");
    reopened.undo("ana").unwrap();
    assert_eq!(reopened.sidecar.mentions.len(), before);
    // Changes made outside a step stay one entry each: the note inserted last goes
    // alone, and the claims stay.
    reopened.undo("ana").unwrap();
    assert!(reopened.sidecar.notes.is_empty());
    assert_eq!(reopened.sidecar.claims.len(), 2);
}
