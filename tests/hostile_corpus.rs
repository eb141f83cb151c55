//! The hostile corpus: articles and sidecars written to break copydesk, driven through
//! every command. Whatever comes in, copydesk must not die (no signal, no panic), must not
//! hang, must not let a control or bidi character reach the terminal, and must never
//! overwrite a sidecar it cannot read.
//!
//! Everything is generated here, so nothing hostile sits in the repository as a file.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::annotate::store::parse_sidecar;
use serde_json::{Value, json};

/// Long enough for a 1 MB word through detection in a debug build on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(180);

struct Ran {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs copydesk in `dir`, killing it if it outlives [`PATIENCE`] (a hang fails).
fn run(dir: &Path, args: &[&str]) -> Ran {
    let what = format!("copydesk {}", args.join(" "));
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("XDG_STATE_HOME", dir.join(".state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PATIENCE {
            child.kill().unwrap();
            panic!("{what}: still running after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let ran = Ran {
        what,
        code: status.code(),
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    };
    survived(&ran);
    ran
}

/// Exit status 101 is Rust's panic; no code at all, a signal.
fn survived(ran: &Ran) {
    let said = String::from_utf8_lossy(&ran.stderr);
    assert!(
        ran.code.is_some(),
        "{}: killed by a signal; {said}",
        ran.what
    );
    assert_ne!(ran.code, Some(101), "{}: panicked; {said}", ran.what);
    assert!(!said.contains("panicked"), "{}: {said}", ran.what);
    terminal_clean(&ran.what, "stderr", &ran.stderr);
}

/// What a terminal would act on rather than show: C0 and C1 controls other than line
/// feed and tab (ESC starts CSI, OSC 8 links and OSC 52 clipboard writes), and the bidi
/// controls that make text display in another order than it is read.
fn terminal_clean(what: &str, stream: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad = text.char_indices().find(|(_, c)| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    });
    if let Some((at, c)) = bad {
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        panic!(
            "{what}: {stream} carries U+{:04X} after {:?}",
            u32::from(c),
            &text[from..at]
        );
    }
}

/// Control, escape and bidi sequences a page could carry, each in prose around it.
fn escapes() -> String {
    [
        "The clerk \u{1b}[2J\u{1b}[Hcleared the screen.",
        "A link \u{1b}]8;;https://evil.example/\u{7}looks fine\u{1b}]8;;\u{7} here.",
        "The clipboard \u{1b}]52;c;cm0gLXJmIH4=\u{7}was written.",
        "A title \u{1b}]0;pwned\u{7} was set.",
        "Eight-bit \u{9b}31m CSI and \u{9d}OSC.",
        "Reversed \u{202e}txt.exe\u{202c} name and \u{2066}isolated\u{2069} text.",
        "Bell \u{7} backspace \u{8} vertical \u{b} form \u{c} delete \u{7f} done.",
        "Zero\u{200b}width\u{feff} and soft\u{ad}hyphen.",
    ]
    .join("\n\n")
}

/// The hostile articles, written into `dir`; their names.
fn hostile_articles(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| {
        std::fs::write(dir.join(name), bytes).unwrap();
        names.push(name.to_string());
    };
    put(
        "escapes.txt",
        format!("Officials said the port would close.\n\n{}\n", escapes()).into(),
    );
    put(
        "nul.txt",
        b"Mayor Ilse Varga\0 said\0\0 the fares would rise.\n\n\0\0\0\n".to_vec(),
    );
    let mut invalid = b"Prosecutors alleged \xff\xfe the firm \xc3\x28 paid bribes.\n\n".to_vec();
    invalid.extend_from_slice(b"\xed\xa0\x80 lone surrogate and \xf8\x88\x80\x80\x80 overlong.\n");
    put("invalid-utf8.txt", invalid);
    put(
        "cr-only.txt",
        b"Officials said the port would close.\r\rThe union denied it.\rA third line.\r".to_vec(),
    );
    put("one-word.txt", "w".repeat(1 << 20).into_bytes());
    let paragraphs: String = (0..50_000)
        .map(|i| format!("Paragraph {i}: the council said it would meet.\n\n"))
        .collect();
    put("many-paragraphs.txt", paragraphs.into_bytes());
    put(
        "hostile.html",
        format!(
            "<html><head><title>Title \u{1b}]52;c;eA==\u{7} | Site</title>\
             <meta name=\"author\" content=\"By \u{202e}Eve\u{1b}[31m\">\
             <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
             \"datePublished\":\"0001-01-01\",\"headline\":\"\u{1b}[2JHeadline\"}}</script>\
             <script>alert(1)</script></head><body><article><h1>Council \u{9b}votes</h1>\
             <p>{}</p><p>The council said it would meet on Monday.</p></article></body></html>",
            escapes().replace("\n\n", "</p><p>")
        )
        .into_bytes(),
    );
    let ids = [
        json!("../../escape"),
        json!("/etc/passwd"),
        json!("a/b\\c"),
        json!("CON"),
        json!("k".repeat(300)),
        json!("\u{1b}]8;;x\u{7}id"),
        json!(""),
        json!("dup"),
        json!("dup"),
        json!(7),
        json!(null),
        json!({"nested": true}),
    ];
    let corpus: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let text = format!("Record {i}: the minister \u{1b}[1mdenied\u{1b}[0m the report.");
            format!(
                "{}\n",
                json!({"id": id, "text": text, "title": format!("\u{202e}T{i}")})
            )
        })
        .collect();
    put("tricky-ids.jsonl", corpus.into_bytes());
    names
}

fn sidecar_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.copydesk.json"))
}

const READER_KEYS: &str = "j ] e a ] c x u C-r Tab j l Tab ? Esc G g g / the Enter n q";

/// A scratch folder, or with `COPYDESK_KEEP_HOSTILE=DIR` that folder, kept afterwards
/// so a failure can be looked at.
fn scratch(name: &str) -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("COPYDESK_KEEP_HOSTILE") {
        Some(keep) => {
            let dir = PathBuf::from(keep).join(name);
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir)
        }
        None => {
            let temp = tempfile::tempdir().unwrap();
            let dir = temp.path().to_path_buf();
            (Some(temp), dir)
        }
    }
}

#[test]
fn hostile_articles_through_every_command() {
    let (_temp, dir) = scratch("articles");
    let dir = dir.as_path();
    let names = hostile_articles(dir);
    for name in &names {
        let cleaned = run(dir, &["clean", name]);
        terminal_clean(&cleaned.what, "stdout", &cleaned.stdout);
        run(dir, &["clean", name, "--format", "json"]);
        run(dir, &["clean", name, "--no-clean"]);
        let detected = run(dir, &["detect", name]);
        if detected.code == Some(0) {
            let records: Vec<Value> = serde_json::Deserializer::from_slice(&detected.stdout)
                .into_iter()
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{}: output is not JSON: {e}", detected.what));
            assert!(!records.is_empty(), "{}", detected.what);
        }
        // The reader: every layer, on a screen that must show nothing raw.
        let screen = run(dir, &["render", name, "--keys", READER_KEYS]);
        terminal_clean(&screen.what, "screen", &screen.stdout);
        let narrow = run(
            dir,
            &["render", name, "--size", "12x5", "--keys", "j w w ] e"],
        );
        terminal_clean(&narrow.what, "screen", &narrow.stdout);
        run(dir, &["check", name]);
    }
    // Every record of the corpus opens in the reader.
    for record in 1..=12 {
        let spec = format!("tricky-ids.jsonl#{record}");
        let screen = run(dir, &["render", &spec, "--keys", "] e a q"]);
        terminal_clean(&screen.what, "screen", &screen.stdout);
    }
    let library = run(dir, &["render", ".", "--keys", "j j / e Enter"]);
    terminal_clean(&library.what, "screen", &library.stdout);
    // Detected items imported as suggestions, then every export and the scorers.
    let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
    let detections = run(dir, &[&["detect"][..], &all[..]].concat());
    std::fs::write(dir.join("detections.jsonl"), &detections.stdout).unwrap();
    run(
        dir,
        &[
            "import",
            "detections.jsonl",
            "--format",
            "detect",
            "--to",
            ".",
        ],
    );
    all.retain(|name| *name != "one-word.txt");
    for format in [
        "spacy",
        "prodigy",
        "docbin",
        "hf",
        "doccano",
        "labelstudio",
        "conll",
        "w3c",
        "csv",
    ] {
        let output = format!("out.{format}");
        let mut args = vec!["export", "--format", format, "--status", "suggested"];
        args.extend(["--include-partial", "-o", &output]);
        if format == "hf" {
            args.extend(["--labels", "PERSON,ORG,GPE"]);
        }
        args.extend(&all);
        run(dir, &args);
    }
    run(
        dir,
        &[
            &["export", "--format", "brat", "-o", "brat-out"][..],
            &all[..],
        ]
        .concat(),
    );
    run(dir, &[&["eval"][..], &all[..]].concat());
    run(dir, &[&["check"][..], &all[..]].concat());
}

/// A valid sidecar of a small article, made by importing one suggestion into it.
fn valid_sidecar(dir: &Path) -> Value {
    let text = "Mayor Ilse Varga said the fares would rise.\n";
    std::fs::write(dir.join("seed.txt"), text).unwrap();
    let record = json!({"text": text, "label": [[6, 16, "PERSON"]], "source": "seed.txt"});
    std::fs::write(dir.join("seed.jsonl"), format!("{record}\n")).unwrap();
    let imported = run(
        dir,
        &[
            "import",
            "seed.jsonl",
            "--format",
            "doccano",
            "--to",
            "seed.txt",
        ],
    );
    assert_eq!(
        imported.code,
        Some(0),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    serde_json::from_slice(&std::fs::read(sidecar_of(dir, "seed.txt")).unwrap()).unwrap()
}

/// Thirty-five ways a sidecar can be broken: not JSON at all, JSON of the wrong shape,
/// and the right shape with wrong contents.
fn broken_sidecars(valid: &Value) -> Vec<(&'static str, Vec<u8>)> {
    let bytes = serde_json::to_vec_pretty(valid).unwrap();
    let edit = |change: &dyn Fn(&mut Value)| {
        let mut value = valid.clone();
        change(&mut value);
        serde_json::to_vec_pretty(&value).unwrap()
    };
    let mention = |change: &dyn Fn(&mut Value)| edit(&|v| change(&mut v["mentions"][0]));
    let mut utf16 = vec![0xff, 0xfe];
    for unit in String::from_utf8_lossy(&bytes).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&bytes);
    let mut nul = bytes.clone();
    nul.insert(bytes.len() / 2, 0);
    let mut invalid = bytes.clone();
    let at = invalid.windows(6).position(|w| w == b"PERSON").unwrap();
    invalid[at + 2] = 0xff;
    vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t ".to_vec()),
        ("null", b"null".to_vec()),
        ("array", b"[]".to_vec()),
        ("number", b"42".to_vec()),
        ("string", b"\"sidecar\"".to_vec()),
        ("truncated-half", bytes[..bytes.len() / 2].to_vec()),
        ("truncated-last-byte", bytes[..bytes.len() - 2].to_vec()),
        ("trailing-garbage", [&bytes[..], b"}{"].concat()),
        ("invalid-utf8", invalid),
        ("utf16", utf16),
        ("bom", bom),
        ("nul-byte", nul),
        ("deep-nesting", "[".repeat(100_000).into_bytes()),
        (
            "future-schema",
            edit(&|v| v["schema"] = json!("copydesk/99")),
        ),
        (
            "no-schema",
            edit(&|v| drop(v.as_object_mut().unwrap().remove("schema"))),
        ),
        ("schema-number", edit(&|v| v["schema"] = json!(1))),
        (
            "no-article",
            edit(&|v| drop(v.as_object_mut().unwrap().remove("article"))),
        ),
        (
            "mentions-object",
            edit(&|v| v["mentions"] = json!({"a": 1})),
        ),
        (
            "start-string",
            mention(&|m| m["span"]["start"] = json!("6")),
        ),
        (
            "start-negative",
            mention(&|m| m["span"]["start"] = json!(-6)),
        ),
        (
            "start-huge",
            mention(&|m| m["span"]["start"] = json!(u64::MAX)),
        ),
        (
            "end-before-start",
            mention(&|m| {
                m["span"]["start"] = json!(16);
                m["span"]["end"] = json!(6);
            }),
        ),
        (
            "end-past-text",
            mention(&|m| m["span"]["end"] = json!(10_000)),
        ),
        ("status-unknown", mention(&|m| m["status"] = json!("maybe"))),
        (
            "quote-elsewhere",
            mention(&|m| m["span"]["exact"] = json!("fares")),
        ),
        (
            "label-escapes",
            mention(&|m| m["label"] = json!("\u{1b}]52;c;eA==\u{7}\u{202e}PER")),
        ),
        (
            "label-huge",
            mention(&|m| m["label"] = json!("L".repeat(10 << 20))),
        ),
        (
            "duplicate-ids",
            edit(&|v| {
                let first = v["mentions"][0].clone();
                v["mentions"].as_array_mut().unwrap().push(first);
            }),
        ),
        (
            "history-unknown-item",
            edit(&|v| {
                let mut entry = v["history"][0].clone();
                entry["item"] = json!("m-nonexistent");
                entry["id"] = json!("h-000000000000");
                v["history"].as_array_mut().unwrap().push(entry);
            }),
        ),
        (
            "history-garbage",
            edit(&|v| v["history"] = json!([1, "two", null])),
        ),
        (
            "text-changed",
            edit(&|v| v["article"]["sha256"] = json!("0".repeat(64))),
        ),
        (
            "another-article",
            edit(&|v| v["article"]["path"] = json!("other.txt")),
        ),
        (
            "annotator-escapes",
            edit(&|v| {
                v["annotators"] = json!([{"id": "\u{1b}[2J\u{202e}eve"}]);
            }),
        ),
        (
            "claim-source-missing",
            edit(&|v| {
                v["claims"] = json!([{"id": "c-1", "status": "manual", "label": "said",
                "origin": {"annotator": "x"}, "created": "2026-01-01T00:00:00.000Z",
                "updated": "2026-01-01T00:00:00.000Z",
                "content": {"start": 22, "end": 42, "exact": "the fares would rise"},
                "source": {"mention": "m-nonexistent"}}]);
            }),
        ),
    ]
}

#[test]
fn broken_sidecars_are_reported_and_never_overwritten() {
    let (_temp, dir) = scratch("sidecars");
    let dir = dir.as_path();
    let valid = valid_sidecar(dir);
    let text = std::fs::read_to_string(dir.join("seed.txt")).unwrap();
    let broken = broken_sidecars(&valid);
    assert_eq!(broken.len(), 35);
    for (kind, bytes) in broken {
        let name = format!("{kind}.txt");
        std::fs::write(dir.join(&name), &text).unwrap();
        let sidecar = sidecar_of(dir, &name);
        std::fs::write(&sidecar, &bytes).unwrap();
        let understood = parse_sidecar(&bytes).is_ok();
        let checked = run(dir, &["check", &name]);
        terminal_clean(&checked.what, "stdout", &checked.stdout);
        if !understood {
            assert_eq!(checked.code, Some(1), "{kind}: check must report it");
            let report = String::from_utf8_lossy(&checked.stdout);
            assert!(
                report.contains(&format!("{name}.copydesk.json")),
                "{kind}: {report}"
            );
        }
        // The reader, with keys that edit and save; an import; an export; the scorer.
        let screen = run(dir, &["render", &name, "--keys", "] e a ] e x t u q"]);
        terminal_clean(&screen.what, "screen", &screen.stdout);
        let record = json!({"text": text, "label": [[0, 5, "PERSON"]], "source": name});
        std::fs::write(dir.join("in.jsonl"), format!("{record}\n")).unwrap();
        run(
            dir,
            &["import", "in.jsonl", "--format", "doccano", "--to", &name],
        );
        let exported = run(
            dir,
            &["export", &name, "--format", "spacy", "--include-partial"],
        );
        terminal_clean(&exported.what, "stdout", &exported.stdout);
        run(dir, &["eval", &name]);
        let after = std::fs::read(&sidecar).unwrap();
        if understood {
            assert!(
                parse_sidecar(&after).is_ok(),
                "{kind}: left a sidecar that does not parse"
            );
        } else {
            assert!(
                after == bytes,
                "{kind}: a sidecar copydesk cannot read was overwritten"
            );
        }
        assert!(
            !std::fs::read_dir(dir).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".copydesk-save-")),
            "{kind}: a temporary file was left"
        );
    }
}
