//! The red team's findings, kept: inputs written to make copydesk write where it should
//! not, lose work, or die, each driven through the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;

const TEXT: &str = "Ada Lovelace wrote the notes in London.\n";
/// The victim's text differs, so only its path can lead an import to it.
const VICTIM: &str = "Grace Hopper found the moth in Harvard.\n";

fn copydesk_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the copydesk binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, for "nothing was written here".
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// One record naming `source`, in each import format that carries a path.
fn records(source: &str, text: &str) -> [(&'static str, &'static str, String); 3] {
    let spacy = json!({"text": text, "spans": [{"start": 0, "end": 12, "label": "PERSON"}],
        "meta": {"source": source}});
    let doccano = json!({"text": text, "label": [[0, 12, "PERSON"]], "source": source});
    let labelstudio = json!([{"data": {"text": text, "source": source},
        "annotations": [{"result": [{"id": "r1", "from_name": "label", "to_name": "text",
            "type": "labels", "value": {"start": 0, "end": 12, "labels": ["PERSON"]}}]}]}]);
    [
        ("spacy", "in.jsonl", format!("{spacy}\n")),
        ("doccano", "in.jsonl", format!("{doccano}\n")),
        ("labelstudio", "in.json", labelstudio.to_string()),
    ]
}

/// A newsroom folder the person works in, and a victim folder beside it holding an
/// article an import file can name by path.
struct Layout {
    _dir: tempfile::TempDir,
    work: PathBuf,
    outside: PathBuf,
}

fn layout() -> Layout {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(work.join("news")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(work.join("news/a.txt"), TEXT).unwrap();
    std::fs::write(outside.join("victim.txt"), VICTIM).unwrap();
    Layout {
        _dir: dir,
        work,
        outside,
    }
}

#[test]
fn import_never_writes_outside_the_folders_it_was_given() {
    let layout = layout();
    let victim = layout.outside.join("victim.txt");
    let tricks = [
        victim.to_string_lossy().into_owned(),
        "../../outside/victim.txt".to_string(),
        "../outside/victim.txt".to_string(),
    ];
    for source in &tricks {
        for (format, name, content) in records(source, VICTIM) {
            let file = layout.work.join("news").join(name);
            std::fs::write(&file, content).unwrap();
            for to in [vec!["--to", "news"], vec![]] {
                let mut args = vec!["import", file.to_str().unwrap(), "--format", format];
                args.extend(&to);
                let output = copydesk_in(&layout.work, &args);
                let said = stderr(&output);
                assert!(!output.status.success(), "{format} {source}: {said}");
                assert!(said.contains("outside"), "{format} {source}: {said}");
                assert!(said.contains("victim.txt.copydesk.json"), "{said}");
                assert_eq!(
                    files_under(&layout.outside),
                    vec![victim.clone()],
                    "{format} with source {source} and {to:?} wrote outside"
                );
            }
        }
    }
}

#[test]
fn import_follows_no_symlink_out_of_the_folder() {
    let layout = layout();
    let news = layout.work.join("news");
    std::fs::write(
        news.join("c.jsonl"),
        format!("{}\n", json!({"id": "k1", "text": TEXT})),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&layout.outside, news.join("c.jsonl.copydesk")).unwrap();
    #[cfg(not(unix))]
    {
        eprintln!("SKIPPED import_follows_no_symlink_out_of_the_folder: needs Unix symlinks");
        return;
    }
    let record = json!({"text": TEXT, "label": [[0, 12, "PERSON"]], "source": "c.jsonl#k1"});
    std::fs::write(news.join("in.jsonl"), format!("{record}\n")).unwrap();
    let output = copydesk_in(
        &layout.work,
        &[
            "import",
            "news/in.jsonl",
            "--format",
            "doccano",
            "--to",
            "news",
        ],
    );
    assert!(!output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("outside"), "{}", stderr(&output));
    assert_eq!(
        files_under(&layout.outside),
        vec![layout.outside.join("victim.txt")]
    );
}

#[test]
fn import_still_writes_the_articles_it_was_given() {
    let layout = layout();
    for (format, name, content) in records("a.txt", TEXT) {
        let file = layout.work.join("news").join(name);
        std::fs::write(&file, content).unwrap();
        for to in [vec!["--to", "news"], vec![]] {
            let sidecar = layout.work.join("news/a.txt.copydesk.json");
            let _ = std::fs::remove_file(&sidecar);
            let mut args = vec!["import", file.to_str().unwrap(), "--format", format];
            args.extend(&to);
            let output = copydesk_in(&layout.work, &args);
            assert!(
                output.status.success(),
                "{format} {to:?}: {}",
                stderr(&output)
            );
            let sidecar: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&sidecar).unwrap()).unwrap();
            assert_eq!(sidecar["mentions"].as_array().unwrap().len(), 1, "{format}");
        }
    }
}

/// Imports one doccano record into the corpus article `key` of `news/c.jsonl`.
fn import_into_corpus_record(layout: &Layout, key: &str) -> Output {
    let record = json!({"text": TEXT, "label": [[0, 12, "PERSON"]],
        "source": format!("c.jsonl#{key}")});
    let file = layout.work.join("news/in.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    copydesk_in(
        &layout.work,
        &[
            "import",
            "news/in.jsonl",
            "--format",
            "doccano",
            "--to",
            "news",
        ],
    )
}

/// The sidecars in `folder`, each with the article its contents say it belongs to.
fn sidecars_in(folder: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = files_under(folder)
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".copydesk.json"))
        .map(|path| {
            let sidecar: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                sidecar["article"]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn any_record_id_gets_a_sidecar_that_names_it() {
    let layout = layout();
    let long = "k".repeat(255);
    let longer = "x".repeat(4096);
    let keys = [long.as_str(), longer.as_str(), "Story", "story", "STORY"];
    let corpus: String = keys
        .iter()
        .map(|key| format!("{}\n", json!({"id": key, "text": TEXT})))
        .collect();
    std::fs::write(layout.work.join("news/c.jsonl"), corpus).unwrap();
    for key in keys {
        let output = import_into_corpus_record(&layout, key);
        assert!(
            output.status.success(),
            "{}: {}",
            key.len(),
            stderr(&output)
        );
    }
    let sidecars = sidecars_in(&layout.work.join("news/c.jsonl.copydesk"));
    let mut owners: Vec<String> = sidecars.iter().map(|(_, owner)| owner.clone()).collect();
    owners.sort();
    let mut expected: Vec<String> = keys.iter().map(|key| format!("../c.jsonl#{key}")).collect();
    expected.sort();
    assert_eq!(owners, expected, "each sidecar keeps its record's real id");
    // Names that a case-insensitive file system would take for one are not given.
    let mut folded: Vec<String> = sidecars
        .iter()
        .map(|(name, _)| name.to_lowercase())
        .collect();
    folded.dedup();
    assert_eq!(folded.len(), keys.len(), "{sidecars:?}");
    for (name, _) in &sidecars {
        assert!(name.len() <= 255, "{} bytes", name.len());
    }
    // Opening each again finds its own sidecar: importing twice adds nothing.
    for key in keys {
        let again = import_into_corpus_record(&layout, key);
        assert!(
            stderr(&again).contains("0 suggestions added"),
            "{}",
            stderr(&again)
        );
    }
}

#[test]
fn an_article_with_the_longest_file_name_gets_a_sidecar() {
    let layout = layout();
    let name = format!("{}.txt", "a".repeat(251));
    std::fs::write(layout.work.join("news").join(&name), TEXT).unwrap();
    let record = json!({"text": TEXT, "label": [[0, 12, "PERSON"]], "source": name});
    std::fs::write(layout.work.join("news/in.jsonl"), format!("{record}\n")).unwrap();
    let output = copydesk_in(
        &layout.work,
        &[
            "import",
            "news/in.jsonl",
            "--format",
            "doccano",
            "--to",
            "news",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let sidecars = sidecars_in(&layout.work.join("news"));
    assert_eq!(sidecars.len(), 1, "{sidecars:?}");
    assert_eq!(sidecars[0].1, name);
}

/// Temporary files a save left behind in `folder`.
fn leftovers(folder: &Path) -> Vec<PathBuf> {
    files_under(folder)
        .into_iter()
        .filter(|path| path.to_string_lossy().contains(".copydesk-save-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_reported_write_failure_not_a_death() {
    let layout = layout();
    let record = json!({"text": TEXT, "label": [[0, 12, "PERSON"], [32, 38, "GPE"]],
        "source": "a.txt"});
    std::fs::write(layout.work.join("news/in.jsonl"), format!("{record}\n")).unwrap();
    // `ulimit -f 1` allows files of up to 1 KiB; the sidecar is larger.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1 && exec {} import news/in.jsonl --format doccano --to news",
            env!("CARGO_BIN_EXE_copydesk")
        ))
        .current_dir(&layout.work)
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(output.status.signal(), None, "killed: {}", stderr(&output));
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("a.txt.copydesk.json"), "{said}");
    assert!(said.to_lowercase().contains("too large"), "{said}");
    assert_eq!(leftovers(&layout.work), Vec::<PathBuf>::new());
    assert!(!layout.work.join("news/a.txt.copydesk.json").exists());
}
