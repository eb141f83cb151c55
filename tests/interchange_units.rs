//! Offsets in the unit each consumer counts, and files in the wrong unit: every importer
//! reports each span it would have shifted and imports none of them.

use std::path::{Path, PathBuf};

use copydesk::annotate::Store;
use copydesk::annotate::schema::Origin;
use copydesk::article::{Article, LoadOptions, load};
use copydesk::interchange::import::{ImportFormat, ImportOptions, ImportReport, import};
use serde_json::json;

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
