//! The command line as a user meets it: exit statuses and one-line errors naming the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("the copydesk binary runs")
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// One line on stderr, naming the file, and exit status 2.
fn assert_bad_input(output: &Output, path: &str, problem: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.contains(path), "{stderr:?} should name {path}");
    assert!(
        stderr.contains(problem),
        "{stderr:?} should say {problem:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_file() {
    let output = copydesk(&["clean", "no/such/article.txt"]);
    assert_bad_input(&output, "no/such/article.txt", "no such file");
}

#[test]
fn directory_where_a_file_is_needed() {
    let dir = scratch_dir("dir");
    let path = dir.to_string_lossy().into_owned();
    assert_bad_input(&copydesk(&["clean", &path]), &path, "is a directory");
}

#[test]
fn binary_file() {
    let dir = scratch_dir("binary");
    let path = write(&dir, "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    assert_bad_input(&copydesk(&["clean", &path]), &path, "binary");
}

#[test]
fn empty_file() {
    let dir = scratch_dir("empty");
    let path = write(&dir, "empty.txt", b"  \n\n");
    assert_bad_input(&copydesk(&["clean", &path]), &path, "is empty");
}

#[test]
fn file_over_the_size_limit_is_refused_unless_allowed() {
    let dir = scratch_dir("size");
    let path = write(
        &dir,
        "long.txt",
        "A long article about the harbour.\n".repeat(64).as_bytes(),
    );
    assert_bad_input(
        &copydesk(&["clean", &path, "--max-size", "1K"]),
        &path,
        "--max-size",
    );
    let allowed = copydesk(&["clean", &path, "--max-size", "1M"]);
    assert_eq!(allowed.status.code(), Some(0));
}

#[test]
fn windows_1252_text_is_read_with_a_warning() {
    let dir = scratch_dir("cp1252");
    let path = write(
        &dir,
        "latin.txt",
        b"Caf\xE9 owners \x93welcome\x94 the plan.\n",
    );
    let output = copydesk(&["clean", &path, "--no-clean"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Café owners “welcome” the plan."));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Windows-1252"));
}

#[test]
fn a_bad_jsonl_line_is_named_and_the_others_still_load() {
    let dir = scratch_dir("jsonl");
    let corpus = "{\"title\": \"One\", \"text\": \"First body.\"}\n{\"title\": broken\n{\"title\": \"Three\", \"text\": \"Third body.\"}\n";
    let path = write(&dir, "corpus.jsonl", corpus.as_bytes());
    let output = copydesk(&["clean", &path, "--format", "json"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().count(),
        2,
        "two articles as JSON Lines: {stdout}"
    );
    assert!(
        stdout.contains(&format!("{path}#3")),
        "records without an id are keyed by line"
    );
    assert_bad_input(&output, &path, "line 2");
}

#[test]
fn records_are_addressed_by_line_or_id() {
    let dir = scratch_dir("address");
    let corpus = "{\"id\": \"a1\", \"title\": \"One\", \"text\": \"First body.\"}\n{\"id\": \"b2\", \"title\": \"Two\", \"text\": \"Second body.\"}\n";
    let path = write(&dir, "corpus.jsonl", corpus.as_bytes());
    let by_line = copydesk(&["clean", &format!("{path}#2")]);
    assert!(String::from_utf8_lossy(&by_line.stdout).contains("Second body."));
    let by_id = copydesk(&["clean", &format!("{path}#a1")]);
    let stdout = String::from_utf8_lossy(&by_id.stdout);
    assert!(stdout.contains("First body.") && !stdout.contains("Second body."));
    let missing = copydesk(&["clean", &format!("{path}#zz")]);
    assert_bad_input(&missing, &path, "no article at line zz or with id \"zz\"");
}

#[test]
fn control_characters_in_a_file_name_never_reach_the_terminal() {
    let output = copydesk(&["clean", "missing-\u{1b}[31m-red.txt"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("\\u{1b}[31m"));
}

#[test]
fn json_output_counts_offsets_in_code_points() {
    let dir = scratch_dir("offsets");
    let path = write(
        &dir,
        "emoji.txt",
        "Zoë 👍🏽 wins\n\nThe café in 東京 opened.\n".as_bytes(),
    );
    let output = copydesk(&["clean", &path, "--no-clean", "--format", "json"]);
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = article["text"].as_str().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let second = &article["paragraphs"][1];
    let start = second["start"].as_u64().unwrap() as usize;
    let end = second["end"].as_u64().unwrap() as usize;
    assert_eq!(
        chars[start..end].iter().collect::<String>(),
        "The café in 東京 opened."
    );
    assert_eq!(article["length"].as_u64().unwrap() as usize, chars.len());
}

#[test]
fn help_and_version_work() {
    assert!(copydesk(&["--help"]).status.success());
    let version = copydesk(&["--version"]);
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn check_lists_each_problem_on_its_own_line_and_exits_1() {
    let dir = scratch_dir("check");
    let article = write(
        &dir,
        "story.md",
        "# Port reopens\n\nAna Ruiz said the port reopened.\n".as_bytes(),
    );
    let clean = copydesk(&["check", &article]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "no sidecar yet is not a problem"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&copydesk(&["clean", &article, "--format", "json"]).stdout).unwrap();
    let sidecar = serde_json::json!({
        "schema": "copydesk/1",
        "article": {"path": "story.md", "sha256": json["id"], "length": json["length"]},
        "mentions": [
            {"id": "m-1", "status": "accepted", "origin": {"annotator": "ana"}, "created": "2026-01-01T00:00:00.000Z",
             "updated": "2026-01-01T00:00:00.000Z", "span": {"start": 14, "end": 22, "exact": "Ana Ruiz"}, "label": "PERSON"},
            {"id": "m-1", "status": "accepted", "origin": {"annotator": "ana"}, "created": "2026-01-01T00:00:00.000Z",
             "updated": "2026-01-01T00:00:00.000Z", "span": {"start": 14, "end": 22, "exact": "Bob Ruiz"}, "label": "PERSON"},
            {"id": "m-3", "status": "accepted", "origin": {"annotator": "ana"}, "created": "2026-01-01T00:00:00.000Z",
             "updated": "2026-01-01T00:00:00.000Z", "span": {"start": 14, "end": 999, "exact": "x"}, "label": "PERSON"}
        ]
    });
    let sidecar_path = format!("{article}.copydesk.json");
    std::fs::write(&sidecar_path, serde_json::to_vec_pretty(&sidecar).unwrap()).unwrap();
    let output = copydesk(&["check", &article]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines.iter().all(|line| line.starts_with(&sidecar_path)));
    assert!(stdout.contains("used more than once"));
    assert!(stdout.contains("quotes \"Bob Ruiz\""));
    assert!(stdout.contains("outside the text"));
    let by_sidecar = copydesk(&["check", &sidecar_path]);
    assert_eq!(by_sidecar.status.code(), Some(1));
}

#[test]
fn detect_prints_entities_with_code_point_offsets() {
    let dir = scratch_dir("detect");
    let path = write(
        &dir,
        "story.txt",
        "Zoë Müller met Dr. Ana Pérez of the World Health Organization on Jan. 5.\n".as_bytes(),
    );
    let output = copydesk(&["detect", "--no-clean", &path]);
    assert!(output.status.success());
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = record["text"].as_str().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let entities = record["entities"].as_array().unwrap();
    assert!(
        entities
            .iter()
            .any(|e| e["label"] == "PERSON" && e["text"] == "Zoë Müller")
    );
    for e in entities {
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let span: String = chars[start..end].iter().collect();
        assert_eq!(span, e["text"].as_str().unwrap());
    }
    assert_eq!(record["claims"], serde_json::json!([]));
    let lines = copydesk(&["detect", "--no-clean", "--format", "jsonl", &path, &path]);
    assert!(lines.status.success());
    assert_eq!(String::from_utf8(lines.stdout).unwrap().lines().count(), 2);
}

/// `entities.json` in the config directory adds always-entities and drops
/// never-entities; a broken one is named in a warning and detection still runs.
#[test]
fn detect_applies_the_users_entity_lexicon() {
    let dir = scratch_dir("entity-lexicon");
    let config = dir.join("config");
    std::fs::create_dir_all(config.join("copydesk")).unwrap();
    let path = write(
        &dir,
        "story.txt",
        b"Zoe Muller of Southvale Water spoke to the Courier in Leeds on Monday.\n",
    );
    let lexicon = config.join("copydesk/entities.json");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["detect", "--no-clean", &path])
            .env("XDG_CONFIG_HOME", &config)
            .output()
            .unwrap()
    };
    let entities = |output: &Output| -> Vec<(String, String)> {
        let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        record["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["text"].as_str().unwrap().into(),
                    e["label"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    std::fs::write(
        &lexicon,
        r#"{"always": [{"text": "Southvale Water", "label": "ORG"}], "never": ["Leeds"]}"#,
    )
    .unwrap();
    let found = entities(&run());
    assert!(
        found.contains(&("Southvale Water".into(), "ORG".into())),
        "{found:?}"
    );
    assert!(!found.iter().any(|(text, _)| text == "Leeds"), "{found:?}");
    std::fs::write(&lexicon, "{not json").unwrap();
    let output = run();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("entities.json") && stderr.contains("ignored"),
        "{stderr}"
    );
    assert!(entities(&output).iter().any(|(text, _)| text == "Leeds"));
}

#[test]
fn offsets_are_declared_for_doccano_and_refused_for_formats_with_one_unit() {
    let dir = scratch_dir("offsets");
    let article = write(&dir, "story.txt", "Zoë 👍🏽 met Ortiz.".as_bytes());
    let file = write(&dir, "in.json", b"[]");
    for (command, format, unit) in [
        ("import", "labelstudio", "UTF-16 code units"),
        ("import", "spacy", "code points"),
        ("export", "brat", "code points"),
        ("export", "conll", "no offsets"),
    ] {
        let target = if command == "import" { &file } else { &article };
        let output = copydesk(&[
            command,
            target,
            "--format",
            format,
            "--offsets",
            "codepoint",
        ]);
        assert_bad_input(&output, format, "--offsets applies to doccano only");
        assert!(String::from_utf8_lossy(&output.stderr).contains(unit));
    }
    let record = "{\"text\": \"Zoë 👍🏽 met Ortiz.\", \"label\": [[12, 17, \"PERSON\"]]}\n";
    let doccano = write(&dir, "in.jsonl", record.as_bytes());
    let output = copydesk(&[
        "import",
        &doccano,
        "--format",
        "doccano",
        "--to",
        &article,
        "--offsets",
        "utf16",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("1 suggestions added"), "{stderr}");
}

#[test]
fn clean_explain_says_where_every_line_went() {
    let dir = scratch_dir("explain");
    let path = write(
        &dir,
        "pier.txt",
        b"Home\nNews\nSport\nWeather\n\nPier opening slips to spring\n\nBy Sam Lee\n\n\
          The harbour board said on Tuesday that the new pier would open in the spring, a year late.\n",
    );
    let output = copydesk(&["clean", "--explain", &path]);
    assert!(output.status.success(), "{output:?}");
    let shown = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<Vec<&str>> = shown
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| line.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["1", "navigation"],
            ["2", "navigation"],
            ["3", "navigation"],
            ["4", "section_label"],
            ["6", "title"],
            ["8", "byline"],
            ["10", "body"],
        ]
    );
}
