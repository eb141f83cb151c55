//! `--no-clean` promises offsets into the given text: every span `clean` and `detect`
//! print slices the file as decoded (a leading UTF-8 byte-order mark is the encoding's
//! signature, not text) to the span's own text, even where the file has carriage
//! returns, soft hyphens, no-break spaces and zero-width characters.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const BOM: &str = "\u{FEFF}";

/// A story typed with every character normalisation would have changed: CRLF line
/// ends, a soft hyphen inside a name and a word, no-break spaces between names, and
/// zero-width space, non-joiner, word joiner and a stray BOM after words.
const RAW: &str = "Ferry\u{00A0}service to return to Dunmore\r\n\
\r\n\
The Dun\u{00AD}more Harbour Trust said on Tuesday that the ferry would re\u{00AD}turn in May.\u{200B} \
Councillor Ines\u{00A0}Okafor denied that the timetable had been rushed.\r\n\
\r\n\
According to the trust, repairs to the pier will cost \u{00A3}2\u{00A0}million.\u{2060} \
Residents of Kirkwall\u{200C} reportedly welcomed the news.\u{FEFF}\r\n";

/// The same story with those characters taken out, as a plain text editor would show it.
fn plain() -> String {
    RAW.replace("\r\n", "\n").replace('\u{00A0}', " ").replace(
        ['\u{00AD}', '\u{200B}', '\u{200C}', '\u{2060}', '\u{FEFF}'],
        "",
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-no-clean-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(name: &str, text: &str) -> String {
    let path = scratch(name).join("story.txt");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs copydesk, which must succeed, and gives its standard output.
fn succeed(args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("the copydesk binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    output.stdout
}

fn run(args: &[&str]) -> Value {
    serde_json::from_slice(&succeed(args)).expect("JSON output")
}

fn slice(chars: &[char], span: &Value) -> String {
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    assert!(
        start <= end && end <= chars.len(),
        "{span} outside the text"
    );
    chars[start..end].iter().collect()
}

#[test]
fn clean_keeps_the_decoded_file_and_its_paragraphs_slice_it() {
    let path = write("clean", &format!("{BOM}{RAW}"));
    let article = run(&["clean", "--no-clean", "--format", "json", &path]);
    assert_eq!(article["text"].as_str(), Some(RAW), "the BOM alone goes");
    let chars: Vec<char> = RAW.chars().collect();
    assert_eq!(article["length"].as_u64(), Some(chars.len() as u64));
    let paragraphs: Vec<String> = article["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|span| slice(&chars, span))
        .collect();
    assert_eq!(paragraphs.len(), 3, "CRLF blank lines separate paragraphs");
    assert_eq!(paragraphs[0], "Ferry\u{00A0}service to return to Dunmore");
    assert!(paragraphs[1].starts_with("The Dun\u{00AD}more Harbour Trust"));
    assert!(paragraphs[2].ends_with("welcomed the news.\u{FEFF}"));
    assert_eq!(
        article["metadata"]["title"].as_str(),
        Some(paragraphs[0].as_str())
    );
}

#[test]
fn detect_spans_slice_the_decoded_file() {
    let path = write("detect", &format!("{BOM}{RAW}"));
    let record = run(&["detect", "--no-clean", &path]);
    assert_eq!(record["text"].as_str(), Some(RAW));
    let chars: Vec<char> = RAW.chars().collect();
    let entities = record["entities"].as_array().unwrap();
    let claims = record["claims"].as_array().unwrap();
    assert!(!entities.is_empty() && !claims.is_empty(), "{record}");
    for entity in entities {
        assert_eq!(slice(&chars, entity), entity["text"].as_str().unwrap());
    }
    for claim in claims {
        assert!(!slice(&chars, claim).trim().is_empty(), "{claim}");
        assert_eq!(
            slice(&chars, &claim["cue"]),
            claim["cue"]["text"].as_str().unwrap()
        );
        if !claim["source"].is_null() {
            assert_eq!(
                slice(&chars, &claim["source"]),
                claim["source"]["text"].as_str().unwrap()
            );
        }
    }
}

/// The sidecar of an article read with `--no-clean` is written against the same text:
/// every detected span goes in (none cuts a character, as one ending before a
/// zero-width non-joiner would), and `check --no-clean` finds each quote at its offsets.
#[test]
fn detected_spans_go_into_the_sidecar_of_the_same_text() {
    let path = write("sidecar", &format!("{BOM}{RAW}"));
    let detected = succeed(&["detect", "--no-clean", &path]);
    let record: Value = serde_json::from_slice(&detected).unwrap();
    let items =
        record["entities"].as_array().unwrap().len() + record["claims"].as_array().unwrap().len();
    let file = format!("{path}.detected.json");
    std::fs::write(&file, &detected).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "import",
            &file,
            "--format",
            "detect",
            "--no-clean",
            "--to",
            &path,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{items} suggestions added")),
        "{stderr}"
    );
    succeed(&["check", "--no-clean", &path]);
}

/// What the detector finds in the raw file is what it finds in the plain one: a soft
/// hyphen inside a name or a no-break space between names does not hide them.
#[test]
fn invisible_characters_do_not_change_what_is_detected() {
    let strip = |text: &str| {
        text.replace('\u{00A0}', " ").replace(
            ['\u{00AD}', '\u{200B}', '\u{200C}', '\u{2060}', '\u{FEFF}'],
            "",
        )
    };
    let found = |record: &Value| {
        let entities: Vec<(String, String)> = record["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let label = e["label"].as_str().unwrap().to_string();
                (label, strip(e["text"].as_str().unwrap()))
            })
            .collect();
        let claims: Vec<(String, String, Option<String>)> = record["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["label"].as_str().unwrap().to_string(),
                    strip(c["cue"]["text"].as_str().unwrap()),
                    c["source"]["text"].as_str().map(strip),
                )
            })
            .collect();
        (entities, claims)
    };
    let raw = run(&["detect", "--no-clean", &write("raw", RAW)]);
    let plain = run(&["detect", "--no-clean", &write("plain", &plain())]);
    let (raw_found, plain_found) = (found(&raw), found(&plain));
    for name in ["Okafor", "Dunmore"] {
        assert!(
            plain_found.0.iter().any(|(_, text)| text.contains(name)),
            "{name}: {plain_found:?}"
        );
    }
    assert_eq!(raw_found, plain_found);
    let covers_invisible = raw["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .any(|text| text.contains(['\u{00AD}', '\u{00A0}']));
    assert!(covers_invisible, "spans are the raw text's: {raw}");
}
