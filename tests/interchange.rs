//! Export and import: round trips, losses that match the warnings, and each format's
//! shape checked the way its consumer reads it.

use std::path::{Path, PathBuf};

use copydesk::annotate::anchor::make_span;
use copydesk::annotate::schema::{
    Claim, ClaimSource, Entity, ItemMeta, Mention, Note, Origin, Status,
};
use copydesk::annotate::{Store, sidecar_path};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, LoadOptions, load};
use copydesk::interchange::document::Selection;
use copydesk::interchange::export::{ExportOptions, ExportReport, Sink, export};
use copydesk::interchange::import::{ImportFormat, ImportOptions, ImportReport, import};
use copydesk::interchange::{Format, Losses};
use serde_json::{Map, Value};

mod review_common;
use review_common::{accept_everything, comparable, mark_reviewed};

const ARTICLE: &str = "Ferry fares rise 👍🏽 in Eastmouth\n\nZoë Ortiz of the Harbour Trust said the fares would rise by a fifth. The ferry union denied that crossings would be cut.\nOrtiz did not confirm the date.\n\nOfficials in 東京 reportedly watched 🇯🇵 the vote.";

/// The text exactly as written, so the fixture's offsets are the file's.
fn raw() -> LoadOptions {
    LoadOptions {
        clean: false,
        ..LoadOptions::default()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "copydesk-interchange-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn article_in(dir: &Path) -> (String, Article) {
    let path = dir.join("ferry.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    let path = path.to_string_lossy().into_owned();
    let article = load(&path, raw()).unwrap().articles.remove(0);
    (path, article)
}

fn meta(status: Status) -> ItemMeta {
    ItemMeta {
        id: String::new(),
        status,
        origin: Origin::Extractor {
            extractor: "copydesk-ner".into(),
            version: "0.1.0".into(),
        },
        created: String::new(),
        updated: String::new(),
        orphaned: false,
    }
}

/// Code point range of the `nth` occurrence of `needle`.
fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// Annotates the article: 4 decided mentions (two overlapping), 1 rejected and 1
/// suggested (neither exported by default), 3 decided claims (2 with cues, 1 negated,
/// 1 source mention, 1 free-text source, 1 note), a note, and an entity cluster.
fn annotate(article: &Article) {
    let text = &article.text;
    let index = TextIndex::new(text);
    let span = |needle: &str| make_span(&index, find(text, needle)).unwrap();
    let mut store = Store::open(article);
    let mention = |needle: &str, label: &str, status| Mention {
        meta: meta(status),
        span: span(needle),
        label: label.into(),
        confidence: None,
        extra: Map::new(),
    };
    let ortiz = store.insert(mention("Zoë Ortiz", "PERSON", Status::Accepted), "ana");
    store.insert(
        mention("Zoë Ortiz of the Harbour Trust", "PERSON", Status::Manual),
        "ana",
    );
    let trust = store.insert(mention("Harbour Trust", "ORG", Status::Edited), "ana");
    store.insert(mention("東京", "GPE", Status::Accepted), "ana");
    store.insert(mention("Eastmouth", "PERSON", Status::Rejected), "ana");
    let claim = |content: &str, cue: Option<&str>, label: &str| Claim {
        meta: meta(Status::Accepted),
        content: span(content),
        cue: cue.map(span),
        label: label.into(),
        negated: false,
        source: None,
        note: None,
        extra: Map::new(),
    };
    store.insert(
        Claim {
            source: Some(ClaimSource::Mention(ortiz.clone())),
            note: Some("checked with the trust".into()),
            ..claim("the fares would rise by a fifth", Some("said"), "said")
        },
        "ana",
    );
    store.insert(
        Claim {
            source: Some(ClaimSource::Text("The ferry union".into())),
            ..claim("that crossings would be cut", Some("denied"), "denied")
        },
        "ana",
    );
    store.insert(
        Claim {
            negated: true,
            meta: meta(Status::Manual),
            ..claim("the date.\n\nOfficials", None, "confirmed")
        },
        "ana",
    );
    store.insert(
        Note {
            meta: meta(Status::Manual),
            span: span("a fifth"),
            text: "trust says 20%".into(),
            extra: Map::new(),
        },
        "ana",
    );
    store.insert(
        Entity {
            meta: meta(Status::Accepted),
            name: "Zoë Ortiz".into(),
            label: "PERSON".into(),
            mentions: vec![ortiz],
            extra: Map::new(),
        },
        "ana",
    );
    let _ = trust;
    mark_reviewed(&mut store, article);
    store.save().unwrap();
}

/// An imported suggestion nobody has decided on yet: the article is half reviewed.
fn add_suggestion(article: &Article) {
    let index = TextIndex::new(&article.text);
    let mut store = Store::open(article);
    let officials = Mention {
        meta: meta(Status::Suggested),
        span: make_span(&index, find(&article.text, "Officials")).unwrap(),
        label: "NORP".into(),
        confidence: None,
        extra: Map::new(),
    };
    store.insert(officials, "ana");
    store.save().unwrap();
}

fn options(format: Format, statuses: Vec<Status>) -> ExportOptions {
    ExportOptions {
        format,
        selection: Selection {
            statuses,
            ..Selection::default()
        },
        load: raw(),
        jobs: Some(2),
        include_partial: false,
        offsets: Default::default(),
    }
}

fn export_bytes(
    paths: &[String],
    format: Format,
    statuses: Vec<Status>,
) -> (Vec<u8>, ExportReport) {
    let mut out = Vec::new();
    let report = export(paths, &options(format, statuses), Sink::Stream(&mut out)).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    (out, report)
}

fn decided() -> Vec<Status> {
    Selection::default().statuses
}

fn import_into(file: &Path, format: ImportFormat, article: &str) -> ImportReport {
    let options = ImportOptions {
        format,
        origin: ("outside".into(), "1".into()),
        articles: vec![article.to_string()],
        load: raw(),
        offsets: Default::default(),
    };
    import(&file.to_string_lossy(), &options).unwrap()
}

/// Exports the annotated fixture, imports it into a fresh copy of the article, exports
/// the imported suggestions: the two exports must be byte-identical.
fn round_trip(format: Format, import_format: ImportFormat, name: &str) -> (Vec<u8>, ImportReport) {
    let dir = scratch(name);
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (first, report) = export_bytes(std::slice::from_ref(&path), format, decided());
    assert_eq!(report.articles, 1);
    let file = dir.join("export.out");
    std::fs::write(&file, &first).unwrap();
    // The same article with its annotations gone: only what the file holds comes back.
    std::fs::remove_file(sidecar_path(&path)).unwrap();
    let imported = import_into(&file, import_format, &path);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    accept_everything(&path, raw());
    let (second, _) = export_bytes(&[path], format, decided());
    assert_eq!(
        String::from_utf8_lossy(&comparable(format, &first)),
        String::from_utf8_lossy(&comparable(format, &second))
    );
    (first, imported)
}

#[test]
fn spacy_round_trip_is_identical_and_keeps_claim_details() {
    let (bytes, imported) = round_trip(Format::Spacy, ImportFormat::Spacy, "spacy");
    // 4 mentions + 3 claims; the rejected and suggested mentions stay home.
    assert_eq!(imported.added, 7);
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    let claims = record["meta"]["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3);
    assert_eq!(claims.iter().filter(|c| c["negated"] == true).count(), 1);
    assert_eq!(claims.iter().filter(|c| c.get("cue").is_some()).count(), 2);
    let labels: Vec<&str> = record["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"CLAIM_said") && labels.contains(&"ORG"));
    assert!(!labels.contains(&"NORP"), "a suggestion was exported");
}

#[test]
fn spacy_tokens_rebuild_the_text_and_spans_sit_on_token_edges() {
    let dir = scratch("spacy-tokens");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (bytes, _) = export_bytes(&[path], Format::Spacy, decided());
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    let text = record["text"].as_str().unwrap();
    let tokens = record["tokens"].as_array().unwrap();
    let mut rebuilt = String::new();
    for token in tokens {
        rebuilt.push_str(token["text"].as_str().unwrap());
        if token["ws"] == true {
            rebuilt.push(' ');
        }
    }
    assert_eq!(rebuilt, text);
    let texts: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert!(
        texts.contains(&"👍🏽") && texts.contains(&"🇯🇵"),
        "a grapheme was split: {texts:?}"
    );
    let chars: Vec<char> = text.chars().collect();
    for span in record["spans"].as_array().unwrap() {
        let (start, end) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        let first = &tokens[span["token_start"].as_u64().unwrap() as usize];
        let last = &tokens[span["token_end"].as_u64().unwrap() as usize];
        assert_eq!(first["start"].as_u64(), Some(start), "{span}");
        assert_eq!(last["end"].as_u64(), Some(end), "{span}");
        let covered: String = chars[start as usize..end as usize].iter().collect();
        assert!(!covered.is_empty());
    }
}

#[test]
fn doccano_round_trip_is_identical_and_loses_exactly_what_it_warns() {
    let (bytes, _) = round_trip(Format::Doccano, ImportFormat::Doccano, "doccano");
    // The documented shape: {"text": …, "label": [[start, end, "LABEL"], …]}.
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(record["text"].is_string());
    for label in record["label"].as_array().unwrap() {
        let parts = label.as_array().unwrap();
        assert!(parts[0].is_u64() && parts[1].is_u64() && parts[2].is_string());
    }
    let dir = scratch("doccano-loss");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (_, report) = export_bytes(&[path], Format::Doccano, decided());
    let mut expected = Losses::default();
    expected.add("claim cues", 2);
    expected.add("claim negations", 1);
    expected.add("claim sources", 2);
    expected.add("claim notes", 1);
    expected.add("notes", 1);
    expected.add("entity clusters (coreference)", 1);
    assert_eq!(report.losses, expected);
    // What came back through doccano is the original minus exactly those.
    let fresh = scratch("doccano-loss-fresh");
    let (fresh_path, fresh_article) = article_in(&fresh);
    let (doccano, _) = export_bytes(
        &[dir.join("ferry.txt").to_string_lossy().into()],
        Format::Doccano,
        decided(),
    );
    std::fs::write(fresh.join("in.jsonl"), doccano).unwrap();
    import_into(&fresh.join("in.jsonl"), ImportFormat::Doccano, &fresh_path);
    let back = Store::open(&fresh_article).sidecar;
    assert_eq!(back.mentions.len(), 4);
    assert_eq!(back.claims.len(), 3);
    assert_eq!(
        back.claims.iter().filter(|c| c.cue.is_some()).count(),
        2 - 2
    );
    assert_eq!(back.claims.iter().filter(|c| c.negated).count(), 1 - 1);
    assert_eq!(back.notes.len(), 1 - 1);
}

#[test]
fn label_studio_round_trip_is_identical_and_counts_utf16_units() {
    let (bytes, imported) = round_trip(Format::LabelStudio, ImportFormat::LabelStudio, "ls");
    assert_eq!(imported.added, 7);
    let tasks: Value = serde_json::from_slice(&bytes).unwrap();
    let task = &tasks[0];
    let text = task["data"]["text"].as_str().unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let results = task["annotations"][0]["result"].as_array().unwrap();
    let mut checked = 0;
    for result in results.iter().filter(|r| r["type"] == "labels") {
        let value = &result["value"];
        let (start, end) = (
            value["start"].as_u64().unwrap() as usize,
            value["end"].as_u64().unwrap() as usize,
        );
        // What JavaScript's text.slice(start, end) gives, as Label Studio shows it.
        let shown = String::from_utf16(&utf16[start..end]).unwrap();
        assert_eq!(shown, value["text"].as_str().unwrap());
        checked += 1;
    }
    assert!(checked >= 7);
    // 東京 comes after 👍🏽 (4 UTF-16 units, 2 code points): its offset differs by 2.
    let tokyo = results
        .iter()
        .find(|r| r["value"]["text"] == "東京")
        .unwrap();
    let code_points = find(text, "東京").start as u64;
    assert_eq!(tokyo["value"]["start"].as_u64(), Some(code_points + 2));
}

#[test]
fn brat_round_trip_is_identical_and_every_t_line_quotes_its_text() {
    let dir = scratch("brat");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let out = dir.join("brat");
    let report = export(
        std::slice::from_ref(&path),
        &options(Format::Brat, decided()),
        Sink::Folder(out.clone()),
    )
    .unwrap();
    assert_eq!(report.articles, 1);
    let txt = std::fs::read_to_string(out.join("ferry.txt.txt")).unwrap();
    let ann = std::fs::read_to_string(out.join("ferry.txt.ann")).unwrap();
    assert_eq!(txt, article.text);
    let chars: Vec<char> = txt.chars().collect();
    let mut t_lines = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (_, offsets) = fields[1].split_once(' ').unwrap();
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|fragment| {
                let (s, e) = fragment.split_once(' ').unwrap();
                let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                chars[s..e].iter().collect()
            })
            .collect();
        assert!(pieces.iter().all(|p| !p.contains('\n')), "{line}");
        assert_eq!(pieces.join(" "), fields[2], "{line}");
        t_lines += 1;
    }
    // 4 mentions, 3 claims, 2 cues, 1 note.
    assert_eq!(t_lines, 10);
    assert!(ann.contains("\tNegated T"));
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(
        conf.contains("\nORG\n") && conf.contains("Value:confirmed|denied|said\n"),
        "{conf}"
    );
    assert!(
        ann.lines()
            .any(|l| l.starts_with('R') && l.contains("Source Arg1:"))
    );
    std::fs::remove_file(sidecar_path(&path)).unwrap();
    let imported = import_into(&out, ImportFormat::Brat, &path);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.added, 8);
    let again = dir.join("brat-again");
    accept_everything(&path, raw());
    export(
        &[path],
        &options(Format::Brat, decided()),
        Sink::Folder(again.clone()),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(again.join("ferry.txt.ann")).unwrap(),
        ann
    );
}

#[test]
fn conll_reads_back_to_the_mentions_minus_the_overlaps_it_reports() {
    let dir = scratch("conll");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (bytes, report) = export_bytes(&[path], Format::Conll, decided());
    assert_eq!(report.losses.count("overlapping mentions"), 2);
    assert_eq!(report.losses.count("claims"), 3);
    let conll = String::from_utf8(bytes).unwrap();
    let mut lines = conll.lines();
    assert_eq!(lines.next(), Some("-DOCSTART- -X- O O"));
    // Re-read: align each token with the text, rebuild the spans from the tags.
    let text = &article.text;
    let mut at = 0;
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (token, tag) = line.rsplit_once(' ').unwrap();
        let byte = at + text[at..].find(token).unwrap();
        assert!(
            text[at..byte].trim().is_empty(),
            "token {token:?} skipped text"
        );
        let (start, end) = (
            text[..byte].chars().count(),
            text[..byte].chars().count() + token.chars().count(),
        );
        at = byte + token.len();
        match tag.split_once('-') {
            Some(("B", label)) => spans.push((start, end, label.to_string())),
            Some(("I", label)) => {
                let last = spans.last_mut().unwrap();
                assert_eq!(last.2, label);
                last.1 = end;
            }
            _ => assert_eq!(tag, "O"),
        }
    }
    assert!(text[at..].trim().is_empty());
    let expected = vec![
        (
            find(text, "Zoë Ortiz of the Harbour Trust").start,
            find(text, "Zoë Ortiz of the Harbour Trust").end,
            "PERSON".to_string(),
        ),
        (
            find(text, "東京").start,
            find(text, "東京").end,
            "GPE".to_string(),
        ),
    ];
    assert_eq!(spans, expected);
}

#[test]
fn w3c_and_csv_hold_claims_with_their_details() {
    let dir = scratch("w3c");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (bytes, report) = export_bytes(std::slice::from_ref(&path), Format::W3c, decided());
    assert!(report.losses.is_empty(), "{}", report.losses);
    let annotations: Vec<Value> = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    // 4 mentions, 3 claims, 1 note, 1 cluster.
    assert_eq!(annotations.len(), 9);
    let chars: Vec<char> = article.text.chars().collect();
    for annotation in &annotations {
        assert_eq!(annotation["type"], "Annotation");
        let targets = match &annotation["target"] {
            Value::Array(targets) => targets.clone(),
            target => vec![target.clone()],
        };
        for target in targets.iter().filter(|t| t.is_object()) {
            let quote = &target["selector"][0];
            let position = &target["selector"][1];
            assert_eq!(quote["type"], "TextQuoteSelector");
            let (s, e) = (
                position["start"].as_u64().unwrap() as usize,
                position["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[s..e].iter().collect::<String>(),
                quote["exact"].as_str().unwrap()
            );
        }
    }
    let (csv, report) = export_bytes(&[path], Format::Csv, decided());
    assert_eq!(report.losses.count("mentions (CSV holds claims)"), 4);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let said = rows.iter().find(|r| &r[1] == "said").unwrap();
    assert_eq!(
        (&said[3], &said[4], &said[6], &said[7]),
        ("said", "Zoë Ortiz", "checked with the trust", "ana")
    );
    let confirmed = rows.iter().find(|r| &r[1] == "confirmed").unwrap();
    assert_eq!(&confirmed[2], "true");
    assert_eq!(&confirmed[5], "the date.\n\nOfficials");
}

#[test]
fn import_reports_items_whose_text_differs_and_keeps_people_s_decisions() {
    let dir = scratch("mismatch");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let before = Store::open(&article).sidecar;
    let text = &article.text;
    // doccano counts UTF-16 units.
    let utf16 = |needle: &str| {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].encode_utf16().count();
        start..start + needle.encode_utf16().count()
    };
    let ortiz = utf16("Zoë Ortiz");
    let trust = utf16("Harbour Trust");
    // The record's copy of the text has one word changed inside the ORG span.
    let theirs = text.replace("Harbour Trust", "Harbour Board");
    let record = serde_json::json!({
        "text": theirs,
        "label": [[ortiz.start, ortiz.end, "PERSON"], [trust.start, trust.end, "ORG"], [0, 5, "EVENT"]],
        "source": path,
    });
    let file = dir.join("pre.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    let report = import_into(&file, ImportFormat::Doccano, &path);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("Harbour Board")
            && report.problems[0].contains("Harbour Trust")
    );
    assert_eq!(
        report.already_there, 1,
        "Zoë Ortiz PERSON is already decided"
    );
    assert_eq!(report.added, 1);
    let after = Store::open(&article).sidecar;
    for mention in &before.mentions {
        let kept = after
            .mentions
            .iter()
            .find(|m| m.meta.id == mention.meta.id)
            .unwrap();
        // The decision stands; the importing origin may only be credited with it.
        let decision = |m: &Mention| {
            (
                m.meta.status,
                m.meta.origin.clone(),
                m.span.clone(),
                m.label.clone(),
            )
        };
        assert_eq!(decision(kept), decision(mention));
    }
    let added = after.mentions.iter().find(|m| m.label == "EVENT").unwrap();
    assert_eq!(added.meta.status, Status::Suggested);
    assert_eq!(
        added.meta.origin,
        Origin::Extractor {
            extractor: "outside".into(),
            version: "1".into()
        }
    );
    let again = import_into(&file, ImportFormat::Doccano, &path);
    assert_eq!(again.added, 0);
}

#[test]
fn the_command_line_says_what_it_could_not_express_with_counts() {
    let dir = scratch("cli");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = dir.join("train.jsonl");
    let out = out.to_string_lossy();
    let output = run(&[
        "export",
        &path,
        "--no-clean",
        "--format",
        "doccano",
        "-o",
        &out,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("exported 1 articles (8 items) as doccano"),
        "{stderr}"
    );
    assert!(
        stderr.contains("doccano cannot express 2 claim cues, 1 claim negations, 1 claim notes, 2 claim sources, 1 entity clusters (coreference), 1 notes"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&*out).unwrap().lines().count(), 1);
    let brat = run(&["export", &path, "--format", "brat"]);
    assert_eq!(brat.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&brat.stderr).contains("-o"));
    let gone = run(&["export", "no/such.txt", "--format", "spacy"]);
    let stderr = String::from_utf8_lossy(&gone.stderr);
    assert_eq!(gone.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no/such.txt: no such file"), "{stderr}");
    let missing = run(&["import", "no/such.jsonl", "--format", "doccano"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such.jsonl"));
}

#[test]
fn detect_output_from_another_run_becomes_suggestions_with_its_origin() {
    let dir = scratch("detect");
    let (path, article) = article_in(&dir);
    let detected = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["detect", &path, "--no-clean"])
        .output()
        .unwrap();
    assert_eq!(detected.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&detected.stdout).unwrap();
    let entities = json["entities"].as_array().unwrap().len();
    let claims = json["claims"].as_array().unwrap().len();
    assert!(entities > 0 && claims > 0, "{json}");
    let file = dir.join("detected.json");
    std::fs::write(&file, &detected.stdout).unwrap();
    let report = import_into(&file, ImportFormat::Detect, &path);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.added, entities + claims);
    let sidecar = Store::open(&article).sidecar;
    assert_eq!(sidecar.mentions.len(), entities);
    assert!(
        sidecar
            .mentions
            .iter()
            .all(|m| m.meta.status == Status::Suggested
                && m.meta.origin
                    == Origin::Extractor {
                        extractor: "outside".into(),
                        version: "1".into()
                    })
    );
    for (mention, entity) in sidecar
        .mentions
        .iter()
        .zip(json["entities"].as_array().unwrap())
    {
        assert_eq!(mention.span.exact, entity["text"].as_str().unwrap());
    }
}

#[test]
fn label_studio_tasks_have_the_documented_shape() {
    let dir = scratch("ls-shape");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (bytes, _) = export_bytes(&[path], Format::LabelStudio, decided());
    let tasks: Value = serde_json::from_slice(&bytes).unwrap();
    let task = &tasks.as_array().unwrap()[0];
    assert!(task["data"]["text"].is_string());
    let results = task["annotations"][0]["result"].as_array().unwrap();
    let regions: Vec<&str> = results.iter().filter_map(|r| r["id"].as_str()).collect();
    for result in results {
        match result["type"].as_str().unwrap() {
            "relation" => {
                assert_eq!(result["direction"], "right");
                assert!(regions.contains(&result["from_id"].as_str().unwrap()));
                assert!(regions.contains(&result["to_id"].as_str().unwrap()));
                assert!(result["labels"][0].is_string());
            }
            kind => {
                assert_eq!(result["to_name"], "text");
                let from = result["from_name"].as_str().unwrap();
                let value = &result["value"];
                assert!(
                    value["start"].is_u64() && value["end"].is_u64() && value["text"].is_string()
                        || kind == "textarea"
                );
                let expected = match kind {
                    "labels" => (
                        ["label", "claim", "cue", "source"].contains(&from),
                        "labels",
                    ),
                    "choices" => (from == "negated", "choices"),
                    "textarea" => (["note", "source_text"].contains(&from), "text"),
                    other => panic!("unexpected result type {other}"),
                };
                assert!(expected.0, "{result}");
                assert!(value[expected.1][0].is_string(), "{result}");
            }
        }
    }
    assert_eq!(
        results.iter().filter(|r| r["type"] == "relation").count(),
        3
    );
}

#[test]
fn items_whose_text_is_gone_from_a_corrected_article_are_counted_not_exported() {
    let dir = scratch("orphans");
    let (path, article) = article_in(&dir);
    annotate(&article);
    std::fs::write(
        &path,
        ARTICLE.replace("Officials in 東京", "Officials in Osaka"),
    )
    .unwrap();
    let (bytes, report) = export_bytes(std::slice::from_ref(&path), Format::Doccano, decided());
    assert_eq!(report.orphaned, 1);
    assert!(
        bytes.is_empty(),
        "reviewed on another text, so not complete"
    );
    assert_eq!(report.not_reviewed_articles, 1);
    let reasons: Vec<&String> = report.not_reviewed.keys().collect();
    assert_eq!(
        reasons,
        [
            "claims: text changed since it was reviewed",
            "entities: text changed since it was reviewed"
        ]
    );
    // The person looks the corrected article over again and marks it done.
    let corrected = load(&path, raw()).unwrap().articles.remove(0);
    let mut store = Store::open(&corrected);
    mark_reviewed(&mut store, &corrected);
    store.save().unwrap();
    let (bytes, _) = export_bytes(std::slice::from_ref(&path), Format::Doccano, decided());
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    let labels = record["label"].as_array().unwrap();
    assert_eq!(labels.iter().filter(|l| l[2] == "GPE").count(), 0);
    assert_eq!(
        labels.len(),
        6,
        "3 mentions and 3 claims, re-anchored: {record}"
    );
}

#[test]
fn labels_and_statuses_choose_what_goes_out() {
    let dir = scratch("labels");
    let (path, article) = article_in(&dir);
    annotate(&article);
    add_suggestion(&article);
    let mut options = options(Format::Doccano, vec![Status::Rejected, Status::Suggested]);
    let refused = export(
        std::slice::from_ref(&path),
        &options,
        Sink::Stream(&mut Vec::new()),
    );
    assert!(
        refused.is_err(),
        "doccano would turn rejected and suggested spans into gold"
    );
    options.format = Format::Spacy;
    options.include_partial = true;
    let mut out = Vec::new();
    export(
        std::slice::from_ref(&path),
        &options,
        Sink::Stream(&mut out),
    )
    .unwrap();
    let records: Vec<Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let answered: Vec<(&str, Option<&str>)> = records
        .iter()
        .map(|r| {
            (
                r["spans"][0]["label"].as_str().unwrap(),
                r["answer"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        answered,
        [("PERSON", Some("reject")), ("NORP", None)],
        "the rejected Eastmouth and the suggested Officials, one record each, never accept"
    );
    options.format = Format::Doccano;
    options.include_partial = false;
    accept_everything(&path, raw());
    options.selection = Selection {
        statuses: decided(),
        labels: Some(vec!["ORG".into(), "said".into()]),
        ..Selection::default()
    };
    let mut out = Vec::new();
    export(&[path], &options, Sink::Stream(&mut out)).unwrap();
    let record: Value = serde_json::from_slice(&out).unwrap();
    let labels: Vec<&str> = record["label"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[2].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["ORG", "CLAIM_said"]);
}

#[test]
fn a_label_studio_export_from_label_studio_itself_imports_at_the_right_characters() {
    let dir = scratch("ls-foreign");
    let (path, article) = article_in(&dir);
    let text = &article.text;
    // As Label Studio writes it: its own region ids, JavaScript (UTF-16) offsets, and
    // model output under `predictions` when nobody annotated the task.
    let utf16 = |needle: &str| {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].encode_utf16().count();
        (start, start + needle.encode_utf16().count())
    };
    let (tokyo_start, tokyo_end) = utf16("東京");
    let (zoe_start, zoe_end) = utf16("Zoë Ortiz");
    let tasks = serde_json::json!([{
        "id": 17,
        "data": {"text": text},
        "annotations": [],
        "predictions": [{"model_version": "ner-7", "result": [
            {"id": "Xk3_a", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": tokyo_start, "end": tokyo_end, "text": "東京", "labels": ["GPE"]}},
            {"id": "p9QzR", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": zoe_start, "end": zoe_end, "text": "Zoë Ortiz", "labels": ["PERSON"]}},
            {"id": "bad01", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 18, "end": 19, "labels": ["EMOJI"]}}
        ]}]
    }]);
    let file = dir.join("project-17.json");
    std::fs::write(&file, tasks.to_string()).unwrap();
    let report = import_into(&file, ImportFormat::LabelStudio, &path);
    assert_eq!(report.added, 2);
    // 18 falls between the two halves of 👍's surrogate pair: reported, not guessed at.
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("bad01"),
        "{:?}",
        report.problems
    );
    let sidecar = Store::open(&article).sidecar;
    let quotes: Vec<(&str, &str)> = sidecar
        .mentions
        .iter()
        .map(|m| (m.span.exact.as_str(), m.label.as_str()))
        .collect();
    assert_eq!(quotes, [("Zoë Ortiz", "PERSON"), ("東京", "GPE")]);
}

#[test]
fn import_never_writes_a_sidecar_it_cannot_read() {
    let dir = scratch("unreadable");
    let (path, _) = article_in(&dir);
    let sidecar = sidecar_path(&path);
    std::fs::write(&sidecar, "{\"schema\": \"copydesk/1\", \"article\": ").unwrap();
    let record = serde_json::json!({"text": ARTICLE, "label": [[0, 5, "EVENT"]], "source": path});
    let file = dir.join("pre.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    let report = import_into(&file, ImportFormat::Doccano, &path);
    assert_eq!(report.added, 0);
    assert!(
        report.problems[0].contains("nothing imported"),
        "{:?}",
        report.problems
    );
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap(),
        "{\"schema\": \"copydesk/1\", \"article\": "
    );
}

#[test]
fn a_half_reviewed_article_stays_home_unless_asked_and_then_nothing_reads_as_complete() {
    let dir = scratch("partial");
    let (path, article) = article_in(&dir);
    annotate(&article);
    add_suggestion(&article);
    let (bytes, report) = export_bytes(std::slice::from_ref(&path), Format::Spacy, decided());
    assert!(
        bytes.is_empty(),
        "an article with an undecided suggestion went out"
    );
    assert_eq!(report.not_reviewed_articles, 1);
    assert!(
        report
            .not_reviewed
            .contains_key("entities: has undecided suggestions")
    );

    let mut partial = options(Format::Spacy, decided());
    partial.include_partial = true;
    let mut out = Vec::new();
    let report = export(
        std::slice::from_ref(&path),
        &partial,
        Sink::Stream(&mut out),
    )
    .unwrap();
    assert_eq!(report.partial, 1);
    let records: Vec<Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 7, "one binary record per gold span");
    for record in &records {
        assert_eq!(record["spans"].as_array().unwrap().len(), 1);
        assert_eq!(record["meta"]["complete"]["entities"], false);
        assert_records_index_their_own_text(record, &article.text);
    }
    let same_paragraph: Vec<&Value> = records
        .iter()
        .filter(|r| r["text"] == records[0]["text"])
        .collect();
    assert!(same_paragraph.len() > 1);
    assert!(
        same_paragraph
            .iter()
            .all(|r| r["_input_hash"] == records[0]["_input_hash"]),
        "records over the same text share Prodigy's input hash"
    );

    partial.format = Format::LabelStudio;
    let mut out = Vec::new();
    export(
        std::slice::from_ref(&path),
        &partial,
        Sink::Stream(&mut out),
    )
    .unwrap();
    let tasks: Value = serde_json::from_slice(&out).unwrap();
    let task = &tasks[0];
    assert_eq!(
        task["annotations"],
        serde_json::json!([]),
        "no annotation claims completeness"
    );
    let versions: Vec<&str> = task["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["model_version"].as_str().unwrap())
        .collect();
    assert!(
        versions.contains(&"people (review not finished)"),
        "{versions:?}"
    );

    partial.format = Format::Doccano;
    let refused = export(
        std::slice::from_ref(&path),
        &partial,
        Sink::Stream(&mut Vec::new()),
    );
    assert!(refused.is_err(), "doccano cannot mark text missing");
}

#[test]
fn label_studio_keeps_what_the_extractor_suggested_apart_from_what_people_decided() {
    let dir = scratch("ls-predictions");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (bytes, _) = export_bytes(std::slice::from_ref(&path), Format::LabelStudio, decided());
    let tasks: Value = serde_json::from_slice(&bytes).unwrap();
    let task = &tasks[0];
    assert!(
        task["id"].as_u64().is_some(),
        "label-studio-converter needs task ids"
    );
    let labels = |result: &Value| -> Vec<String> {
        result
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["from_name"] == "label")
            .map(|r| r["value"]["text"].as_str().unwrap().to_string())
            .collect()
    };
    let people = labels(&task["annotations"][0]["result"]);
    assert!(
        !people.contains(&"Eastmouth".to_string()),
        "rejected, so not gold"
    );
    let predicted: Vec<String> = task["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| labels(&p["result"]))
        .collect();
    assert!(
        predicted.contains(&"Eastmouth".to_string()),
        "{predicted:?}"
    );
}

/// A record's spans, tokens and claim details index the record's own text, which is
/// the article's text from `meta.offset` (0 when absent) on.
fn assert_records_index_their_own_text(record: &Value, article: &str) {
    let text = record["text"].as_str().unwrap();
    let offset = record["meta"]["offset"].as_u64().unwrap_or(0) as usize;
    let article_chars: Vec<char> = article.chars().collect();
    let slice = |chars: &[char], start: u64, end: u64| -> String {
        chars[start as usize..end as usize].iter().collect()
    };
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        slice(&article_chars, offset as u64, (offset + chars.len()) as u64),
        text,
        "the record's text is not the article's at its offset"
    );
    let mut rebuilt = String::new();
    for token in record["tokens"].as_array().unwrap() {
        rebuilt.push_str(token["text"].as_str().unwrap());
        if token["ws"] == true {
            rebuilt.push(' ');
        }
    }
    assert_eq!(rebuilt, text, "tokens do not rebuild the record's text");
    let tokens = record["tokens"].as_array().unwrap();
    for span in record["spans"].as_array().unwrap() {
        let (start, end) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        let first = &tokens[span["token_start"].as_u64().unwrap() as usize];
        let last = &tokens[span["token_end"].as_u64().unwrap() as usize];
        assert_eq!(
            (first["start"].as_u64(), last["end"].as_u64()),
            (Some(start), Some(end))
        );
        assert!(!slice(&chars, start, end).is_empty());
    }
    for claim in record["meta"]["claims"].as_array().into_iter().flatten() {
        for part in [claim, &claim["cue"], &claim["source"]] {
            if let (Some(start), Some(end)) = (part["start"].as_u64(), part["end"].as_u64()) {
                assert!(
                    end as usize <= chars.len(),
                    "claim detail outside the record"
                );
                assert!(start < end);
            }
        }
    }
}

/// An article with `paragraphs` paragraphs, each naming one person, every name an
/// undecided suggestion, and one claim whose source is in the paragraph before it.
fn long_half_reviewed(dir: &Path, paragraphs: usize) -> (String, Article) {
    let body: Vec<String> = (0..paragraphs)
        .map(|i| format!("Councillor Rhiannon Vell{i} said the depot would close in week {i}."))
        .collect();
    let text = format!("Depot closures\n\n{}", body.join("\n\n"));
    let path = dir.join("depots.txt");
    std::fs::write(&path, &text).unwrap();
    let path = path.to_string_lossy().into_owned();
    let article = load(&path, raw()).unwrap().articles.remove(0);
    let index = TextIndex::new(&article.text);
    let mut store = Store::open(&article);
    let mut last = String::new();
    for i in 0..paragraphs {
        let name = format!("Rhiannon Vell{i} ");
        let range = find(&article.text, &name);
        last = store.insert(
            Mention {
                meta: meta(Status::Suggested),
                span: make_span(&index, range.start..range.end - 1).unwrap(),
                label: "PERSON".into(),
                confidence: None,
                extra: Map::new(),
            },
            "ana",
        );
    }
    let content = find(
        &article.text,
        &format!("would close in week {}", paragraphs - 1),
    );
    store.insert(
        Claim {
            meta: meta(Status::Accepted),
            content: make_span(&index, content).unwrap(),
            cue: Some(make_span(&index, find(&article.text, "said")).unwrap()),
            label: "said".into(),
            negated: false,
            source: Some(ClaimSource::Mention(last)),
            note: None,
            extra: Map::new(),
        },
        "ana",
    );
    store.save().unwrap();
    (path, article)
}

fn partial_spacy(path: &str) -> Vec<u8> {
    let every = vec![
        Status::Suggested,
        Status::Accepted,
        Status::Rejected,
        Status::Edited,
        Status::Manual,
    ];
    let mut partial = options(Format::Spacy, every);
    partial.include_partial = true;
    let mut out = Vec::new();
    export(&[path.to_string()], &partial, Sink::Stream(&mut out)).unwrap();
    out
}

#[test]
fn records_of_single_items_hold_their_paragraphs_so_output_grows_with_the_article() {
    let dir = scratch("spacy-linear");
    let small = partial_spacy(&long_half_reviewed(&dir, 100).0);
    let large = partial_spacy(&long_half_reviewed(&dir, 1_000).0);
    let ratio = large.len() as f64 / small.len() as f64;
    // Ten times the paragraphs and suggestions: ten times the output, not a hundred.
    assert!(
        (9.0..11.5).contains(&ratio),
        "1,000 paragraphs wrote {} bytes, 100 wrote {} ({ratio:.1}×)",
        large.len(),
        small.len()
    );
    let (_, article) = long_half_reviewed(&dir, 1_000);
    for line in String::from_utf8(large).unwrap().lines() {
        assert_records_index_their_own_text(&serde_json::from_str(line).unwrap(), &article.text);
    }
}

#[test]
fn single_item_records_import_at_the_article_s_characters() {
    let dir = scratch("spacy-windows");
    let (path, article) = long_half_reviewed(&dir, 30);
    let first = partial_spacy(&path);
    let file = dir.join("partial.jsonl");
    std::fs::write(&file, &first).unwrap();
    let wanted: Vec<(usize, usize, String)> = Store::open(&article)
        .sidecar
        .mentions
        .iter()
        .map(|m| (m.span.start, m.span.end, m.label.clone()))
        .collect();
    std::fs::remove_file(sidecar_path(&path)).unwrap();
    let imported = import_into(&file, ImportFormat::Spacy, &path);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let sidecar = Store::open(&article).sidecar.clone();
    let got: Vec<(usize, usize, String)> = sidecar
        .mentions
        .iter()
        .map(|m| (m.span.start, m.span.end, m.label.clone()))
        .collect();
    assert_eq!(got, wanted);
    let claim = &sidecar.claims[0];
    assert_eq!(claim.content.exact, "would close in week 29");
    assert_eq!(
        claim.cue.as_ref().map(|cue| cue.exact.as_str()),
        Some("said")
    );
    let source = match claim.source.as_ref() {
        Some(ClaimSource::Span(span)) => span.exact.clone(),
        Some(ClaimSource::Mention(id)) => sidecar
            .mentions
            .iter()
            .find(|m| &m.meta.id == id)
            .map(|m| m.span.exact.clone())
            .unwrap_or_default(),
        other => panic!("source lost: {other:?}"),
    };
    assert_eq!(
        source, "Rhiannon Vell29",
        "the source is in the paragraph before"
    );
}
