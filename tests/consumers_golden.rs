//! Every exporter's output on the consumer fixture corpus (tests/fixtures/consumers,
//! written by scripts/consumers/make_fixture.py) is compared byte for byte with the
//! golden files in tests/fixtures/consumers/golden/, which are what
//! scripts/consumers/run fed to the real consumers (spaCy, seqeval, doccano, Label
//! Studio, brat's verifier, the W3C MUST checks). A change to an exporter that changes
//! its output shows here; after checking the new output against the consumers, rewrite
//! the golden files with `UPDATE_GOLDEN=1 cargo test --test consumers_golden`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS: &str = "tests/fixtures/consumers/articles";
const GOLDEN: &str = "tests/fixtures/consumers/golden";
const ALL_STATUSES: &str = "suggested,accepted,rejected,edited,manual";

/// The fixture's mention labels: hf numbers its tags by them.
const LABELS: &str = "PERSON,ORG,GPE,FAC,EVENT,DATE,TIME";

/// (format, file name of its golden output (a folder for brat), whether it can say an
/// item is suggested or rejected: the others refuse `--status` with those, exit 2)
const FORMATS: &[(&str, &str, bool)] = &[
    ("spacy", "spacy.jsonl", true),
    ("prodigy", "prodigy.jsonl", true),
    ("hf", "hf.jsonl", true),
    ("doccano", "doccano.jsonl", false),
    ("labelstudio", "labelstudio.json", false),
    ("conll", "conll.txt", false),
    ("w3c", "w3c.jsonl", true),
    ("csv", "csv.csv", true),
    ("brat", "brat", false),
];

/// Formats that can mark unreviewed text missing; `--include-partial` output is golden
/// too (`NAME.partial.EXT`). The others refuse it (exit 2).
const PARTIAL: &[&str] = &["spacy", "prodigy", "hf", "labelstudio", "w3c"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Runs `copydesk export` from the repository root (so paths inside the output are
/// the same relative paths as in the golden files) into `out`.
fn run_export(
    format: &str,
    statuses: Option<&str>,
    extra: &[&str],
    out: &Path,
) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command
        .current_dir(root())
        .args(["export", CORPUS, "--format", format, "--jobs", "1", "-o"])
        .arg(out)
        .args(extra);
    if format == "hf" {
        command.args(["--labels", LABELS]);
    }
    if let Some(statuses) = statuses {
        command.args(["--status", statuses]);
    }
    command.output().expect("run copydesk export")
}

fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut names: Vec<PathBuf> = fs::read_dir(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        names.sort();
        names
    } else {
        vec![path.to_path_buf()]
    }
}

/// Where two texts first differ: the line and column, and about 60 characters either
/// side of that place in both, for the message (the lines are long JSON).
fn first_difference(golden: &str, actual: &str) -> String {
    let golden_lines: Vec<&str> = golden.split('\n').collect();
    let actual_lines: Vec<&str> = actual.split('\n').collect();
    let at = golden_lines
        .iter()
        .zip(&actual_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(golden_lines.len().min(actual_lines.len()));
    let g = golden_lines.get(at).copied().unwrap_or("<no line>");
    let a = actual_lines.get(at).copied().unwrap_or("<no line>");
    let column = g.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    let window = |line: &str| -> String {
        let from = column.saturating_sub(60);
        let shown: String = line.chars().skip(from).take(120).collect();
        let more = line.chars().count() > from + 120;
        format!(
            "{}{}{}",
            if from > 0 { "…" } else { "" },
            shown.escape_debug(),
            if more { "…" } else { "" }
        )
    };
    format!(
        "first difference at line {}, column {} ({} lines golden, {} now)\n  golden: {}\n  now:    {}",
        at + 1,
        column + 1,
        golden_lines.len(),
        actual_lines.len(),
        window(g),
        window(a)
    )
}

fn check(format: &str, statuses: Option<&str>, name: &str) -> Option<String> {
    check_with(format, statuses, &[], name)
}

fn check_with(format: &str, statuses: Option<&str>, extra: &[&str], name: &str) -> Option<String> {
    let golden = root().join(GOLDEN).join(name);
    let scratch = std::env::temp_dir().join(format!(
        "copydesk-consumers-golden-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_file(&scratch);
    let output = run_export(format, statuses, extra, &scratch);
    assert!(
        output.status.success(),
        "copydesk export --format {format} {extra:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // W3C names the article by an absolute file:// URI, which depends on where the
    // repository is checked out; the golden files say $REPO there.
    if scratch.is_file() {
        let text = fs::read_to_string(&scratch).unwrap();
        let here = format!("file://{}", root().display());
        fs::write(&scratch, text.replace(&here, "file://$REPO")).unwrap();
    }
    let mut what = match statuses {
        Some(s) => format!("copydesk export --format {format} --status {s}"),
        None => format!("copydesk export --format {format}"),
    };
    for arg in extra {
        what.push(' ');
        what.push_str(arg);
    }
    if updating() {
        let _ = fs::remove_dir_all(&golden);
        let _ = fs::remove_file(&golden);
        if scratch.is_dir() {
            fs::create_dir_all(&golden).unwrap();
            for file in files(&scratch) {
                fs::copy(&file, golden.join(file.file_name().unwrap())).unwrap();
            }
        } else {
            fs::create_dir_all(golden.parent().unwrap()).unwrap();
            fs::copy(&scratch, &golden).unwrap();
        }
    }
    let mut problems = Vec::new();
    if format == "hf" {
        // the tag names, written beside the JSONL as OUT.labels.json
        let labels = scratch.with_extension("labels.json");
        let golden_labels = golden.with_extension("labels.json");
        if updating() {
            fs::copy(&labels, &golden_labels).unwrap();
        }
        if fs::read(&labels).ok() != fs::read(&golden_labels).ok() {
            problems.push(format!("{} differs", golden_labels.display()));
        }
        let _ = fs::remove_file(&labels);
    }
    let actual_files = files(&scratch);
    let golden_files = if golden.exists() {
        files(&golden)
    } else {
        Vec::new()
    };
    let names = |list: &[PathBuf]| -> Vec<String> {
        list.iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    if !golden.exists() {
        problems.push(format!("{} is missing", golden.display()));
    } else if scratch.is_dir() && names(&actual_files) != names(&golden_files) {
        problems.push(format!(
            "files differ: golden {:?}, now {:?}",
            names(&golden_files),
            names(&actual_files)
        ));
    } else {
        for (actual_file, golden_file) in actual_files.iter().zip(&golden_files) {
            let actual = fs::read(actual_file).unwrap();
            let expected = fs::read(golden_file).unwrap();
            if actual != expected {
                problems.push(format!(
                    "{} differs from {}:\n{}",
                    actual_file.file_name().unwrap().to_string_lossy(),
                    golden_file.display(),
                    first_difference(
                        &String::from_utf8_lossy(&expected),
                        &String::from_utf8_lossy(&actual)
                    )
                ));
            }
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_file(&scratch);
    if problems.is_empty() {
        None
    } else {
        Some(format!("{what} (golden {name}):\n{}", problems.join("\n")))
    }
}

#[test]
fn every_exporter_matches_its_golden_output_on_the_consumer_fixture() {
    let mut failures = Vec::new();
    let variant = |name: &str, tag: &str| match name.split_once('.') {
        Some((stem, ext)) => format!("{stem}.{tag}.{ext}"),
        None => format!("{name}.{tag}"),
    };
    for (format, name, says_status) in FORMATS {
        failures.extend(check(format, None, name));
        if *says_status {
            failures.extend(check(format, Some(ALL_STATUSES), &variant(name, "all")));
        } else {
            failures.extend(refused(format, Some(ALL_STATUSES), &[]));
        }
        if PARTIAL.contains(format) {
            failures.extend(check_with(
                format,
                None,
                &["--include-partial"],
                &variant(name, "partial"),
            ));
        } else {
            failures.extend(refused(format, None, &["--include-partial"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} export(s) differ from their golden files.\n\n{}\n\nIf the change is \
         intended, check the new output with scripts/consumers/run, then rewrite the \
         golden files with\n  UPDATE_GOLDEN=1 cargo test --test consumers_golden\nand \
         commit them with the change.",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A format that cannot say what is asked must refuse with exit 2 rather than write
/// suggestions, rejections or unreviewed text as gold.
fn refused(format: &str, statuses: Option<&str>, extra: &[&str]) -> Option<String> {
    let scratch = std::env::temp_dir().join(format!(
        "copydesk-consumers-golden-{}-refused-{format}",
        std::process::id()
    ));
    let output = run_export(format, statuses, extra, &scratch);
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_file(&scratch);
    if output.status.code() == Some(2) {
        None
    } else {
        Some(format!(
            "copydesk export --format {format} {statuses:?} {extra:?} should refuse (exit 2), exited {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
fn the_fixture_sidecars_are_valid_and_in_step_with_their_articles() {
    let mut articles: Vec<PathBuf> = fs::read_dir(root().join(CORPUS))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    articles.sort();
    assert_eq!(articles.len(), 4, "the fixture has four articles");
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("check")
        .args(&articles)
        .output()
        .expect("run copydesk check");
    assert!(
        output.status.success(),
        "copydesk check {CORPUS}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
