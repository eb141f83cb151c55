//! Offsets in the unit each consumer counts, and files in the wrong unit: every importer
//! reports each span it would have shifted and imports none of them.

use std::path::{Path, PathBuf};

use copydesk::annotate::anchor::make_span;
use copydesk::annotate::check::check;
use copydesk::annotate::schema::{Claim, ClaimSource, ItemMeta, Mention, Origin, Status};
use copydesk::annotate::{Store, sidecar_path};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, LoadOptions, load};
use copydesk::interchange::Format;
use copydesk::interchange::document::Selection;
use copydesk::interchange::export::{ExportOptions, Sink, export};
use copydesk::interchange::import::{ImportFormat, ImportOptions, ImportReport, import};
use copydesk::interchange::offsets::Unit;
mod review_common;
use review_common::{accept_everything, comparable, mark_reviewed};
use serde_json::{Map, Value, json};
use unicode_segmentation::UnicodeSegmentation;

/// Emoji with a skin tone and a family (ZWJ) sequence, CJK and curly quotes, so code
/// points, UTF-16 units and graphemes all differ after the first emoji.
const TEXT: &str = "“Fares rise,” said Zoë Ortiz 👍🏽 of the Harbour Trust.\n\nA family 👨\u{200d}👩\u{200d}👧\u{200d}👦 from 東京 cheered, and the 🇯🇵 crews sail on Monday. Fares rise again in the spring.";

/// Mentions of the fixture: the first sits before any emoji (the same in every unit),
/// the other three after one (shifted in every other unit).
const MENTIONS: [(&str, &str); 4] = [
    ("Zoë Ortiz", "PERSON"),
    ("Harbour Trust", "ORG"),
    ("東京", "GPE"),
    ("Monday", "DATE"),
];

fn raw() -> LoadOptions {
    LoadOptions {
        clean: false,
        ..LoadOptions::default()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-units-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn article_in(dir: &Path) -> (String, Article) {
    let path = dir.join("family.txt");
    std::fs::write(&path, TEXT).unwrap();
    let path = path.to_string_lossy().into_owned();
    let article = load(&path, raw()).unwrap().articles.remove(0);
    (path, article)
}

fn code_points(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn utf16(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

fn import_as(file: &Path, format: ImportFormat, article: &str) -> ImportReport {
    let options = ImportOptions {
        format,
        origin: ("outside".into(), "1".into()),
        articles: vec![article.to_string()],
        load: raw(),
        offsets: Default::default(),
    };
    import(&file.to_string_lossy(), &options).unwrap()
}

fn imported(article: &Article) -> Vec<String> {
    Store::open(article)
        .sidecar
        .mentions
        .iter()
        .map(|m| m.span.exact.clone())
        .collect()
}

/// Each of the three shifted mentions is reported, with its offsets; only the one
/// before the first emoji comes in.
fn assert_each_shifted_span_reported(report: &ImportReport, article: &Article) {
    assert_eq!(report.problems.len(), 3, "{:#?}", report.problems);
    for (needle, _) in &MENTIONS[1..] {
        assert!(
            report.problems.iter().any(|p| p.contains(needle)),
            "{needle} not named in {:#?}",
            report.problems
        );
    }
    assert!(
        report.problems.iter().all(|p| p.contains("family.txt")),
        "the article is not named: {:#?}",
        report.problems
    );
    assert_eq!(report.added, 1, "{:#?}", report.problems);
    assert_eq!(imported(article), ["Zoë Ortiz"]);
}

#[test]
fn spacy_with_utf16_offsets_reports_each_shifted_span_and_imports_none() {
    let dir = scratch("spacy-utf16");
    let (path, article) = article_in(&dir);
    let spans: Vec<_> = MENTIONS
        .iter()
        .map(|(needle, label)| {
            let (start, end) = utf16(needle);
            json!({"start": start, "end": end, "label": label})
        })
        .collect();
    let record = json!({"text": TEXT, "spans": spans, "answer": "accept"});
    let file = dir.join("js-tool.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    let report = import_as(&file, ImportFormat::Spacy, &path);
    assert_each_shifted_span_reported(&report, &article);
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.contains("look like UTF-16")),
        "{:#?}",
        report.problems
    );
}

#[test]
fn doccano_with_code_points_read_as_utf16_reports_each_shifted_span_and_imports_none() {
    let dir = scratch("doccano-cp");
    let (path, article) = article_in(&dir);
    let label: Vec<_> = MENTIONS
        .iter()
        .map(|(needle, label)| {
            let (start, end) = code_points(needle);
            json!([start, end, label])
        })
        .collect();
    let record = json!({"text": TEXT, "label": label});
    let file = dir.join("old-copydesk.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    // doccano counts UTF-16 units, the default: these code points land shifted.
    let report = import_as(&file, ImportFormat::Doccano, &path);
    assert_each_shifted_span_reported(&report, &article);
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.contains("look like code points, not UTF-16 (--offsets)")),
        "{:#?}",
        report.problems
    );
}

#[test]
fn label_studio_with_code_points_reports_each_region_whose_text_differs() {
    let dir = scratch("ls-cp");
    let (path, article) = article_in(&dir);
    let result: Vec<_> = MENTIONS
        .iter()
        .enumerate()
        .map(|(i, (needle, label))| {
            let (start, end) = code_points(needle);
            json!({"id": format!("r{i}"), "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": start, "end": end, "text": needle, "labels": [label]}})
        })
        .collect();
    let tasks =
        json!([{"data": {"text": TEXT}, "annotations": [{"completed_by": 3, "result": result}]}]);
    let file = dir.join("tasks.json");
    std::fs::write(&file, tasks.to_string()).unwrap();
    let report = import_as(&file, ImportFormat::LabelStudio, &path);
    assert_each_shifted_span_reported(&report, &article);
}

#[test]
fn brat_with_utf16_offsets_reports_each_t_line_whose_text_differs() {
    let dir = scratch("brat-utf16");
    let (path, article) = article_in(&dir);
    let brat = dir.join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::write(brat.join("family.txt"), TEXT).unwrap();
    let ann: String = MENTIONS
        .iter()
        .enumerate()
        .map(|(i, (needle, label))| {
            let (start, end) = utf16(needle);
            format!("T{}\t{label} {start} {end}\t{needle}\n", i + 1)
        })
        .collect();
    std::fs::write(brat.join("family.ann"), ann).unwrap();
    let report = import_as(&brat, ImportFormat::Brat, &path);
    assert_each_shifted_span_reported(&report, &article);
}

#[test]
fn label_studio_skips_a_cancelled_annotation_and_reads_every_other_one_by_its_annotator() {
    let dir = scratch("ls-cancelled");
    let (path, article) = article_in(&dir);
    let region = |id: &str, needle: &str, label: &str| {
        let (start, end) = utf16(needle);
        json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": start, "end": end, "text": needle, "labels": [label]}})
    };
    let tasks = json!([{"id": 4, "data": {"text": TEXT}, "annotations": [
        {"id": 1, "completed_by": 7, "was_cancelled": true, "result": [region("a", "Monday", "DATE")]},
        {"id": 2, "completed_by": 8, "was_cancelled": false, "result": [region("b", "東京", "GPE")]},
        {"id": 3, "completed_by": 9, "result": [region("c", "Harbour Trust", "ORG")]}
    ]}]);
    let file = dir.join("project.json");
    std::fs::write(&file, tasks.to_string()).unwrap();
    let report = import_as(&file, ImportFormat::LabelStudio, &path);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.added, 2);
    let sidecar = Store::open(&article).sidecar;
    let by: Vec<(&str, &Origin)> = sidecar
        .mentions
        .iter()
        .map(|m| (m.span.exact.as_str(), &m.meta.origin))
        .collect();
    let origin = |who: &str| Origin::Extractor {
        extractor: format!("outside:{who}"),
        version: "1".into(),
    };
    assert_eq!(
        by,
        [("Harbour Trust", &origin("9")), ("東京", &origin("8"))]
    );
}

fn meta(status: Status) -> ItemMeta {
    ItemMeta {
        id: String::new(),
        status,
        origin: Origin::Annotator {
            annotator: "ana".into(),
        },
        created: String::new(),
        updated: String::new(),
        orphaned: false,
    }
}

/// The fixture's four mentions, people's work; and two claims whose sources are spans
/// no exported mention covers: one a span of its own, one a mention still suggested.
fn annotate(article: &Article) {
    let index = TextIndex::new(&article.text);
    let span = |needle: &str| {
        let (start, end) = code_points(needle);
        make_span(&index, start..end).unwrap()
    };
    let mut store = Store::open(article);
    let mention = |needle: &str, label: &str, status| Mention {
        meta: meta(status),
        span: span(needle),
        label: label.into(),
        confidence: None,
        extra: Map::new(),
    };
    for (needle, label) in MENTIONS {
        store.insert(mention(needle, label, Status::Manual), "ana");
    }
    let family = store.insert(mention("A family", "NORP", Status::Rejected), "ana");
    let claim = |content: &str, cue: &str, source| Claim {
        meta: meta(Status::Manual),
        content: span(content),
        cue: Some(span(cue)),
        label: "said".into(),
        negated: false,
        source: Some(source),
        note: None,
        extra: Map::new(),
    };
    store.insert(
        claim(
            "Fares rise",
            "said",
            ClaimSource::Span(span("Zoë Ortiz 👍🏽")),
        ),
        "ana",
    );
    store.insert(
        claim("cheered", "cheered", ClaimSource::Mention(family)),
        "ana",
    );
    mark_reviewed(&mut store, article);
    store.save().unwrap();
}

fn export_as(path: &str, format: Format, statuses: Vec<Status>, unit: Unit) -> Vec<u8> {
    let options = ExportOptions {
        format,
        selection: Selection {
            statuses,
            ..Selection::default()
        },
        load: raw(),
        jobs: Some(1),
        offsets: unit,
        include_partial: false,
    };
    let mut out = Vec::new();
    let report = export(&[path.to_string()], &options, Sink::Stream(&mut out)).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    out
}

fn people() -> Vec<Status> {
    Selection::default().statuses
}

#[test]
fn doccano_round_trips_emoji_text_at_zero_shifted_spans_in_each_unit() {
    for unit in Unit::ALL {
        let dir = scratch(&format!("doccano-{}", unit.name()));
        let (path, article) = article_in(&dir);
        annotate(&article);
        let bytes = export_as(&path, Format::Doccano, people(), unit);
        // In the file, each label is its text counted in the unit (as doccano shows it).
        let record: Value = serde_json::from_slice(&bytes).unwrap();
        let text = record["text"].as_str().unwrap();
        let pieces: Vec<String> = match unit {
            Unit::CodePoint => text.chars().map(String::from).collect(),
            Unit::Utf16 => text.encode_utf16().map(|u| format!("{u:04x}")).collect(),
            Unit::Grapheme => text.graphemes(true).map(String::from).collect(),
        };
        let expected = |needle: &str| match unit {
            Unit::Utf16 => needle.encode_utf16().map(|u| format!("{u:04x}")).collect(),
            _ => needle.to_string(),
        };
        let labels = record["label"].as_array().unwrap();
        assert_eq!(labels.len(), 6, "4 mentions, 2 claims");
        for (needle, label) in MENTIONS {
            let found = labels.iter().find(|l| l[2] == label).unwrap();
            let (start, end) = (found[0].as_u64().unwrap(), found[1].as_u64().unwrap());
            let shown: String = pieces[start as usize..end as usize].concat();
            assert_eq!(shown, expected(needle), "{unit}");
        }
        let file = dir.join("doccano.jsonl");
        std::fs::write(&file, &bytes).unwrap();
        std::fs::remove_file(sidecar_path(&path)).unwrap();
        let options = ImportOptions {
            format: ImportFormat::Doccano,
            origin: ("doccano".into(), "1.8.4".into()),
            articles: vec![path.clone()],
            load: raw(),
            offsets: unit,
        };
        let report = import(&file.to_string_lossy(), &options).unwrap();
        assert!(report.problems.is_empty(), "{unit}: {:?}", report.problems);
        assert_eq!(report.added, 6, "{unit}");
        let mut back = imported(&article);
        back.sort();
        let mut sent: Vec<String> = MENTIONS.iter().map(|(n, _)| n.to_string()).collect();
        sent.sort();
        assert_eq!(back, sent, "{unit}: 0 shifted spans");
        accept_everything(&path, raw());
        assert_eq!(
            export_as(&path, Format::Doccano, people(), unit),
            bytes,
            "{unit}"
        );
    }
}

#[test]
fn the_wrong_doccano_unit_is_reported_span_by_span() {
    let dir = scratch("doccano-grapheme-as-utf16");
    let (path, article) = article_in(&dir);
    annotate(&article);
    let bytes = export_as(&path, Format::Doccano, people(), Unit::Grapheme);
    let file = dir.join("doccano.jsonl");
    std::fs::write(&file, &bytes).unwrap();
    std::fs::remove_file(sidecar_path(&path)).unwrap();
    let report = import_as(&file, ImportFormat::Doccano, &path);
    // Zoë Ortiz and the claim "Fares rise" come before any emoji; the other four are
    // shifted when graphemes are read as UTF-16 units.
    assert_eq!(report.added, 2, "{:#?}", report.problems);
    assert_eq!(report.problems.len(), 4, "{:#?}", report.problems);
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.contains("look like graphemes, not UTF-16 (--offsets)")),
        "{:#?}",
        report.problems
    );
}

/// Exports people's work, imports it into the bare article, and exports the imports:
/// the claim sources come back as spans, and the second export is the first.
fn source_round_trip(format: Format, import_format: ImportFormat, name: &str) {
    let dir = scratch(name);
    let (path, article) = article_in(&dir);
    annotate(&article);
    let (first, file) = match format {
        Format::Brat => {
            let out = dir.join("brat");
            let options = ExportOptions {
                format,
                selection: Selection {
                    statuses: people(),
                    ..Selection::default()
                },
                load: raw(),
                jobs: Some(1),
                offsets: Unit::default(),
                include_partial: false,
            };
            export(
                std::slice::from_ref(&path),
                &options,
                Sink::Folder(out.clone()),
            )
            .unwrap();
            let ann = std::fs::read_to_string(out.join("family.txt.ann")).unwrap();
            (ann.into_bytes(), out)
        }
        _ => {
            let bytes = export_as(&path, format, people(), Unit::default());
            let file = dir.join("export.out");
            std::fs::write(&file, &bytes).unwrap();
            (bytes, file)
        }
    };
    std::fs::remove_file(sidecar_path(&path)).unwrap();
    let report = import_as(&file, import_format, &path);
    assert!(report.problems.is_empty(), "{name}: {:?}", report.problems);
    let sidecar = Store::open(&article).sidecar;
    let sources: Vec<&str> = sidecar
        .claims
        .iter()
        .map(|c| match &c.source {
            Some(ClaimSource::Span(span)) => span.exact.as_str(),
            other => panic!("{name}: the source came back as {other:?}"),
        })
        .collect();
    assert_eq!(sources, ["Zoë Ortiz 👍🏽", "A family"], "{name}");
    assert!(check(&sidecar, &article).is_empty(), "{name}");
    accept_everything(&path, raw());
    let second = match format {
        Format::Brat => {
            let out = dir.join("brat-again");
            let options = ExportOptions {
                format,
                selection: Selection {
                    statuses: people(),
                    ..Selection::default()
                },
                load: raw(),
                jobs: Some(1),
                offsets: Unit::default(),
                include_partial: false,
            };
            export(
                std::slice::from_ref(&path),
                &options,
                Sink::Folder(out.clone()),
            )
            .unwrap();
            std::fs::read(out.join("family.txt.ann")).unwrap()
        }
        _ => export_as(&path, format, people(), Unit::default()),
    };
    assert_eq!(
        String::from_utf8_lossy(&comparable(format, &second)),
        String::from_utf8_lossy(&comparable(format, &first)),
        "{name}"
    );
}

#[test]
fn a_claim_source_that_is_no_exported_mention_round_trips_as_a_span() {
    source_round_trip(Format::Spacy, ImportFormat::Spacy, "source-spacy");
    source_round_trip(Format::LabelStudio, ImportFormat::LabelStudio, "source-ls");
    source_round_trip(Format::Brat, ImportFormat::Brat, "source-brat");
}

#[test]
fn a_source_span_is_re_anchored_and_checked_like_any_span() {
    let dir = scratch("source-anchor");
    let (path, article) = article_in(&dir);
    annotate(&article);
    // A line added above: every offset moves by its length, the source span too.
    let corrected = format!("Updated.\n{TEXT}");
    std::fs::write(&path, &corrected).unwrap();
    let moved = load(&path, raw()).unwrap().articles.remove(0);
    let sidecar = Store::open(&moved).sidecar;
    let Some(ClaimSource::Span(span)) = &sidecar.claims[0].source else {
        panic!("{:?}", sidecar.claims[0].source);
    };
    assert_eq!(span.exact, "Zoë Ortiz 👍🏽");
    assert_eq!(span.start, code_points("Zoë Ortiz").0 + "Updated.\n".len());
    // A quote that no longer matches its offsets is a problem `copydesk check` names.
    let mut broken = (*sidecar).clone();
    if let Some(ClaimSource::Span(span)) = &mut broken.claims[0].source {
        span.exact = "Zoe Ortiz".into();
    }
    // The review marks were made on the old text too, which check also names.
    let problems: Vec<String> = check(&broken, &moved)
        .into_iter()
        .filter(|p| !p.starts_with("marks "))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("Zoe Ortiz"), "{problems:?}");
}
