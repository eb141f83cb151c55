//! `eval` and `agree` on hand-made sidecars whose right answers are counted by hand.

use std::path::{Path, PathBuf};

use copydesk::annotate::Store;
use copydesk::annotate::anchor::make_span;
use copydesk::annotate::reshape::{Reshape, reshape_suggestion};
use copydesk::annotate::review::{
    ClaimAmendment, Decisions, Suggestion, SuggestionKind, TagKind, Verdict, amend_claim, decide,
    relabel, tag,
};
use copydesk::annotate::schema::{Claim, ItemMeta, Mention, Origin, Status};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use copydesk::evaluate::agree::{agree, cohen_kappa};
use copydesk::evaluate::eval::evaluate;
use copydesk::evaluate::score::Counts;
use serde_json::Map;

const TEXT: &str = "Reporters and officials gathered early at the harbour, where the council and the ferry union met for a long and difficult session about the fares, the timetable and the future of the crossing to the islands that depend on it every single day of the year.";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-evaluate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn article(dir: &Path) -> Article {
    let path = dir.join("story.txt");
    std::fs::write(&path, TEXT).unwrap();
    Article::from_clean_text(
        path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        TEXT.into(),
    )
}

fn meta(status: Status, origin: &str) -> ItemMeta {
    let origin = match origin {
        "ana" | "ben" => Origin::Annotator {
            annotator: origin.into(),
        },
        extractor => Origin::Extractor {
            extractor: extractor.into(),
            version: "1".into(),
        },
    };
    ItemMeta {
        id: String::new(),
        status,
        origin,
        created: String::new(),
        updated: String::new(),
        orphaned: false,
    }
}

fn mention(
    index: &TextIndex,
    range: std::ops::Range<usize>,
    label: &str,
    status: Status,
    origin: &str,
) -> Mention {
    Mention {
        meta: meta(status, origin),
        span: make_span(index, range).unwrap(),
        label: label.into(),
        confidence: None,
        extra: Map::new(),
    }
}

fn claim(
    index: &TextIndex,
    cue: Option<std::ops::Range<usize>>,
    content: std::ops::Range<usize>,
    label: &str,
    negated: bool,
    status: Status,
    origin: &str,
) -> Claim {
    Claim {
        meta: meta(status, origin),
        content: make_span(index, content).unwrap(),
        cue: cue.map(|cue| make_span(index, cue).unwrap()),
        label: label.into(),
        negated,
        source: None,
        note: None,
        extra: Map::new(),
    }
}

/// Suggested by `ner` (as the history logs it), then edited by a person.
fn edited_mention(
    store: &mut Store,
    index: &TextIndex,
    first: std::ops::Range<usize>,
    now: std::ops::Range<usize>,
    label: &str,
) {
    let id = store.insert(
        mention(index, first, label, Status::Suggested, "ner"),
        "ner",
    );
    let span = make_span(index, now).unwrap();
    assert!(store.update::<Mention>(&id, "ana", |m| {
        m.span = span;
        m.meta.status = Status::Edited;
    }));
}

/// Mentions by extractor `ner`: 2 accepted, 1 rejected, 1 edited (30..35 became 30..40),
/// 1 still suggested; 1 manual; 1 accepted from another extractor. Claims by `claims`:
/// 1 accepted, 1 edited only in negation, 1 rejected; 1 manual.
fn eval_fixture(name: &str) -> PathBuf {
    let dir = scratch(name);
    let article = article(&dir);
    let index = TextIndex::new(TEXT);
    let mut store = Store::open(&article);
    store.insert(
        mention(&index, 0..5, "PERSON", Status::Accepted, "ner"),
        "ana",
    );
    store.insert(
        mention(&index, 10..15, "GPE", Status::Accepted, "ner"),
        "ana",
    );
    store.insert(
        mention(&index, 20..25, "ORG", Status::Rejected, "ner"),
        "ana",
    );
    edited_mention(&mut store, &index, 30..35, 30..40, "PERSON");
    store.insert(mention(&index, 50..55, "GPE", Status::Manual, "ana"), "ana");
    store.insert(
        mention(&index, 60..65, "PERSON", Status::Suggested, "ner"),
        "ner",
    );
    store.insert(
        mention(&index, 70..75, "ORG", Status::Accepted, "other"),
        "ana",
    );
    store.insert(
        claim(
            &index,
            Some(100..104),
            105..109,
            "said",
            false,
            Status::Accepted,
            "claims",
        ),
        "ana",
    );
    let id = store.insert(
        claim(
            &index,
            Some(110..114),
            115..119,
            "said",
            false,
            Status::Suggested,
            "claims",
        ),
        "claims",
    );
    store.update::<Claim>(&id, "ana", |c| {
        c.negated = true;
        c.meta.status = Status::Edited;
    });
    store.insert(
        claim(
            &index,
            Some(120..125),
            126..130,
            "claimed",
            false,
            Status::Rejected,
            "claims",
        ),
        "ana",
    );
    store.insert(
        claim(
            &index,
            Some(130..136),
            137..140,
            "denied",
            false,
            Status::Manual,
            "ana",
        ),
        "ana",
    );
    store.save().unwrap();
    dir
}

fn counts(tp: usize, fp: usize, fn_: usize) -> Counts {
    Counts { tp, fp, fn_ }
}

#[test]
fn eval_gives_the_hand_counted_precision_recall_and_f1() {
    let dir = eval_fixture("eval");
    let evaluation = evaluate(&[dir.to_string_lossy().into_owned()], Some("ner"));
    assert!(evaluation.problems.is_empty(), "{:?}", evaluation.problems);
    assert_eq!(evaluation.sidecars, 1);
    assert_eq!(evaluation.undecided_total(), 1);
    assert_eq!(evaluation.undecided.len(), 1);
    assert!(evaluation.undecided[0].0.ends_with("story.txt"));
    // Predictions: PERSON 0..5, GPE 10..15, ORG 20..25 (rejected), PERSON 30..35 (as first
    // suggested). Gold: PERSON 0..5, GPE 10..15, PERSON 30..40, GPE 50..55, ORG 70..75.
    let exact = &evaluation.entities_exact;
    assert_eq!(exact.overall(), counts(2, 2, 3));
    assert_eq!(exact.labels["PERSON"], counts(1, 1, 1));
    assert_eq!(exact.labels["GPE"], counts(1, 0, 1));
    assert_eq!(exact.labels["ORG"], counts(0, 1, 1));
    assert_eq!(exact.overall().precision(), Some(0.5));
    assert_eq!(exact.overall().recall(), Some(0.4));
    assert!((exact.overall().f1().unwrap() - 4.0 / 9.0).abs() < 1e-12);
    // On overlap the edited mention counts: 3 right, 1 wrong, 2 missed.
    let overlap = evaluation.entities_overlap.overall();
    assert_eq!(overlap, counts(3, 1, 2));
    assert_eq!(overlap.precision(), Some(0.75));
    assert_eq!(overlap.recall(), Some(0.6));
    // The claims came from another extractor: ner makes none, so it is not charged the
    // three gold claims as misses.
    assert!(evaluation.produced.entities && !evaluation.produced.claims);
    assert!(evaluation.json()["claims"].is_null());
    assert!(
        evaluation
            .table()
            .contains("claims: not produced by ner, not scored")
    );
    // Without --origin, the other extractor's accepted ORG is a right prediction too.
    let everyone = evaluate(&[dir.to_string_lossy().into_owned()], None);
    assert_eq!(everyone.entities_exact.overall(), counts(3, 2, 2));
    // Claims (all by `claims`): said ×2 right, claimed wrong, denied missed.
    let claims = &everyone.claims;
    assert_eq!(claims.overall(), counts(2, 1, 1));
    assert_eq!(claims.labels["claimed"], counts(0, 1, 0));
    assert_eq!(claims.labels["denied"], counts(0, 0, 1));
    assert_eq!((everyone.negation_right, everyone.negation_total), (1, 2));
    let json = everyone.json();
    assert_eq!(json["entities"]["exact"]["overall"]["tp"], 3);
    assert_eq!(json["negation"]["accuracy"], 0.5);
}

#[test]
fn cohen_kappa_matches_the_textbook_example() {
    // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 → κ = 0.4.
    let mut pairs = Vec::new();
    for (a, b, n) in [
        ("yes", "yes", 20),
        ("yes", "no", 5),
        ("no", "yes", 10),
        ("no", "no", 15),
    ] {
        pairs.extend(std::iter::repeat_n((a.to_string(), b.to_string()), n));
    }
    assert!((cohen_kappa(&pairs).unwrap() - 0.4).abs() < 1e-12);
    assert_eq!(cohen_kappa(&[]), None);
}

#[test]
fn agree_pairs_sidecars_by_text_and_gives_kappa_f1_and_disagreements() {
    let index = TextIndex::new(TEXT);
    let make =
        |name: &str, who: &str, labels: &[&str], mentions: &[(std::ops::Range<usize>, &str)]| {
            let dir = scratch(name);
            let article = article(&dir);
            let mut store = Store::open(&article);
            for (i, label) in labels.iter().enumerate() {
                let at = 100 + i * 3;
                store.insert(
                    claim(&index, None, at..at + 2, label, false, Status::Manual, who),
                    who,
                );
            }
            for (range, label) in mentions {
                store.insert(
                    mention(&index, range.clone(), label, Status::Manual, who),
                    who,
                );
            }
            store.save().unwrap();
            dir
        };
    // The textbook table again, as 50 claims: 20 said/said, 5 said/denied,
    // 10 denied/said, 15 denied/denied.
    let mut a_labels = Vec::new();
    let mut b_labels = Vec::new();
    for (a, b, n) in [
        ("said", "said", 20),
        ("said", "denied", 5),
        ("denied", "said", 10),
        ("denied", "denied", 15),
    ] {
        a_labels.extend(std::iter::repeat_n(a, n));
        b_labels.extend(std::iter::repeat_n(b, n));
    }
    let a = make(
        "agree-a",
        "ana",
        &a_labels,
        &[(0..9, "PERSON"), (14..23, "ORG")],
    );
    let b = make(
        "agree-b",
        "ben",
        &b_labels,
        &[(0..9, "PERSON"), (14..23, "GPE"), (24..32, "GPE")],
    );
    let agreement = agree(&a.to_string_lossy(), &b.to_string_lossy());
    assert!(agreement.problems.is_empty(), "{:?}", agreement.problems);
    assert_eq!(agreement.articles, 1);
    assert!((agreement.kappa().unwrap() - 0.4).abs() < 1e-12);
    // Mentions: 1 shared, A's ORG missing in B, B's two GPE not in A → F1 = 2/(2+1+2).
    assert_eq!(agreement.mentions.overall(), counts(1, 2, 1));
    assert!((agreement.mentions.overall().f1().unwrap() - 0.4).abs() < 1e-12);
    // Claims: 35 of 50 labels agree.
    assert_eq!(agreement.claims.overall(), counts(35, 15, 15));
    // 15 claim labels differ, 1 mention label differs, 1 mention only in B.
    assert_eq!(agreement.disagreements.len(), 17);
    assert!(
        agreement
            .disagreements
            .iter()
            .any(|d| d.contains("A ORG, B GPE"))
    );
    assert!(
        agreement
            .disagreements
            .iter()
            .any(|d| d.contains("A nothing, B GPE"))
    );
}

#[test]
fn eval_and_agree_print_json_for_scripts() {
    let dir = eval_fixture("eval-cli");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .output()
            .unwrap()
    };
    let dir = dir.to_string_lossy().into_owned();
    let output = run(&["eval", &dir, "--origin", "ner", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["entities"]["exact"]["overall"]["precision"], 0.5);
    assert_eq!(json["entities"]["overlap"]["overall"]["recall"], 0.6);
    assert_eq!(json["entities"]["exact"]["labels"]["GPE"]["fn"], 1);
    let table = run(&["eval", &dir, "--origin", "ner"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("overall") && table.contains("0.444"),
        "{table}"
    );
    let agreed = run(&["agree", &dir, &dir, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&agreed.stdout).unwrap();
    assert_eq!(json["kappa"], 1.0);
    assert_eq!(json["disagreements"].as_array().unwrap().len(), 0);
    let nothing = run(&["eval", "no/such/folder"]);
    assert_eq!(nothing.status.code(), Some(2));
}

/// Ten names in text written for this test, each suggested by the built-in extractor.
const HARBOUR: &str = "Mayor Ilse Varga met Tomas Brandt of Northwind Ferries in Kelport on Monday. Later the Harbour Trust, Rosa Imber and Dev Okafor spoke at Lindqvist Hall about Saltmere Bay and the Orrin Line. Varga said the fares would not rise.";

fn bytes_of(words: &str) -> std::ops::Range<usize> {
    let start = HARBOUR.find(words).unwrap();
    start..start + words.len()
}

fn entity(words: &str, label: &str) -> Suggestion {
    Suggestion {
        range: bytes_of(words),
        kind: SuggestionKind::Entity {
            label: label.into(),
        },
    }
}

/// A person reviews ten suggestions in the reader's own way: accepts seven, and fixes
/// three (two boundaries, one label) and then accepts them too. Then two claims: one
/// accepted as suggested, one whose negation the person flipped before accepting it.
fn reviewed_harbour(name: &str) -> PathBuf {
    let dir = scratch(name);
    let path = dir.join("harbour.txt");
    std::fs::write(&path, HARBOUR).unwrap();
    let article = Article::from_clean_text(
        path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        HARBOUR.into(),
    );
    let index = TextIndex::new(&article.text);
    let mut store = Store::open(&article);
    let mut decisions = Decisions::default();
    let right = [
        ("Tomas Brandt", "PERSON"),
        ("Kelport", "GPE"),
        ("Rosa Imber", "PERSON"),
        ("Dev Okafor", "PERSON"),
        ("Lindqvist Hall", "FAC"),
        ("Saltmere Bay", "LOC"),
        ("Orrin Line", "ORG"),
    ];
    for (words, label) in right {
        let accept = Verdict::Accept;
        decide(
            &mut store,
            &mut decisions,
            &index,
            &entity(words, label),
            accept,
            "ana",
        )
        .unwrap();
    }
    let short = entity("Ilse", "PERSON");
    let wide = entity("the Harbour Trust", "ORG");
    let mislabelled = entity("Northwind Ferries", "GPE");
    for (suggestion, fixed) in [(&short, "Ilse Varga"), (&wide, "Harbour Trust")] {
        let change = Reshape::Range(bytes_of(fixed));
        reshape_suggestion(
            &mut store,
            &mut decisions,
            &index,
            suggestion,
            &change,
            "ana",
        )
        .unwrap();
    }
    relabel(
        &mut store,
        &mut decisions,
        &index,
        &mislabelled,
        "ORG",
        "ana",
    )
    .unwrap();
    for suggestion in [&short, &wide, &mislabelled] {
        decide(
            &mut store,
            &mut decisions,
            &index,
            suggestion,
            Verdict::Accept,
            "ana",
        )
        .unwrap();
    }
    let cue = bytes_of("said");
    let claim_at = |content: &str, negated: bool| Suggestion {
        range: bytes_of(content),
        kind: SuggestionKind::Claim {
            label: "said".into(),
            cue: cue.clone(),
            negated,
            source: Some(bytes_of("Varga said").start..bytes_of("Varga said").start + 5),
        },
    };
    let claim = claim_at("the fares would not rise", false);
    amend_claim(
        &mut store,
        &mut decisions,
        &index,
        &claim,
        ClaimAmendment::FlipNegation,
        "ana",
    )
    .unwrap();
    decide(
        &mut store,
        &mut decisions,
        &index,
        &claim,
        Verdict::Accept,
        "ana",
    )
    .unwrap();
    store.save().unwrap();
    dir
}

#[test]
fn a_suggestion_a_person_fixed_and_then_accepted_is_scored_as_the_extractor_first_made_it() {
    let dir = reviewed_harbour("fixed-then-accepted");
    let evaluation = evaluate(&[dir.to_string_lossy().into_owned()], Some("copydesk"));
    assert!(evaluation.problems.is_empty(), "{:?}", evaluation.problems);
    let exact = evaluation.entities_exact.overall();
    assert_eq!(exact, counts(7, 3, 3), "{}", evaluation.table());
    assert_eq!(exact.precision(), Some(0.7));
    assert_eq!(evaluation.entities_exact.labels["GPE"], counts(1, 1, 0));
    assert_eq!(evaluation.entities_exact.labels["ORG"], counts(1, 1, 2));
    // On overlap the two boundary fixes touch their gold spans; the relabel does not.
    assert_eq!(evaluation.entities_overlap.overall(), counts(9, 1, 1));
    // The claim's cue and label were right, its negation was not.
    assert_eq!(evaluation.claims.overall(), counts(1, 0, 0));
    assert_eq!(
        (evaluation.negation_right, evaluation.negation_total),
        (0, 1)
    );
}

fn copydesk(args: &[&str]) -> std::process::Output {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn spacy_span(words: &str, nth: usize, label: &str) -> serde_json::Value {
    let start = HARBOUR.match_indices(words).nth(nth).unwrap().0;
    // The text is ASCII: bytes are code points.
    serde_json::json!({"start": start, "end": start + words.len(), "label": label})
}

#[test]
fn predictions_scored_in_place_give_the_figures_of_importing_them_and_nothing_is_written() {
    let dir = reviewed_harbour("predictions");
    let article = dir.join("harbour.txt").to_string_lossy().into_owned();
    let index = TextIndex::new(HARBOUR);
    // Besides the ten reviewed suggestions: a person tags the second "Varga" and rejects
    // a suggested date.
    {
        let article =
            Article::from_clean_text(article.clone(), SourceFormat::PlainText, HARBOUR.into());
        let mut store = Store::open(&article);
        let mut decisions = Decisions::of(&store, &index);
        let varga = HARBOUR.rfind("Varga").unwrap();
        tag(
            &mut store,
            &mut decisions,
            &index,
            TagKind::Entity,
            varga..varga + 5,
            "PERSON",
            "ana",
        )
        .unwrap();
        let monday = entity("Monday", "DATE");
        decide(
            &mut store,
            &mut decisions,
            &index,
            &monday,
            Verdict::Reject,
            "ana",
        )
        .unwrap();
        store.save().unwrap();
    }
    // spaCy's own: five as accepted, one as a person fixed it, one as a person tagged
    // it, one a person rejected, and two nobody has decided on (a new span, a new label).
    let spans = vec![
        spacy_span("Tomas Brandt", 0, "PERSON"),
        spacy_span("Kelport", 0, "GPE"),
        spacy_span("Rosa Imber", 0, "PERSON"),
        spacy_span("Dev Okafor", 0, "PERSON"),
        spacy_span("Lindqvist Hall", 0, "FAC"),
        spacy_span("Ilse Varga", 0, "PERSON"),
        spacy_span("Varga", 1, "PERSON"),
        spacy_span("Monday", 0, "DATE"),
        spacy_span("Saltmere", 0, "LOC"),
        spacy_span("Orrin Line", 0, "PERSON"),
    ];
    let record =
        serde_json::json!({"text": HARBOUR, "spans": spans, "meta": {"source": "harbour.txt"}});
    // Beside the articles and named after them in order, so it is also read as a corpus
    // of articles unless it is left out of them.
    let predictions = dir.join("spacy-predictions.jsonl");
    std::fs::write(&predictions, format!("{record}\n")).unwrap();
    let predictions = predictions.to_string_lossy().into_owned();
    let sidecar = dir.join("harbour.txt.copydesk.json");
    let before = std::fs::read(&sidecar).unwrap();
    let dir_arg = dir.to_string_lossy().into_owned();
    let origin = "en_core_web_sm@3.8.0";
    let in_place = |report: &str| {
        let args = [
            "eval",
            &dir_arg,
            "--predictions",
            &predictions,
            "--format",
            "spacy",
        ];
        copydesk(&[&args[..], &["--origin", origin, "--report", report]].concat()).stdout
    };
    let json: serde_json::Value = serde_json::from_slice(&in_place("json")).unwrap();
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        before,
        "nothing was written"
    );
    // Gold: the ten fixed or accepted names and the tagged Varga. spaCy: 7 right,
    // Monday wrong, Northwind Ferries, Harbour Trust, Saltmere Bay and Orrin Line missed.
    let exact = &json["entities"]["exact"];
    assert_eq!(exact["overall"]["tp"], 7, "{json:#}");
    assert_eq!(
        (
            exact["overall"]["fp"].clone(),
            exact["overall"]["fn"].clone()
        ),
        (1.into(), 4.into())
    );
    assert_eq!(exact["overall"]["precision"], 0.875);
    // 0/0 is no number: no ORG predicted, no DATE to find.
    assert!(exact["labels"]["ORG"]["precision"].is_null());
    assert!(exact["labels"]["DATE"]["recall"].is_null());
    assert!(
        json["claims"].is_null() && json["negation"].is_null(),
        "no claims from spaCy"
    );
    assert_eq!(json["undecided"], 2);
    assert_eq!(json["undecided_by_article"][0]["suggestions"], 2);
    let table = String::from_utf8(in_place("text")).unwrap();
    let org = table
        .lines()
        .find(|l| l.trim_start().starts_with("ORG"))
        .unwrap();
    assert!(org.contains('—'), "{table}");
    assert!(
        table.contains("claims: not produced by en_core_web_sm"),
        "{table}"
    );
    assert!(
        table.contains("undecided suggestions (not scored): 2 in 1 articles"),
        "{table}"
    );
    assert!(table.contains(&format!("2  {article}")), "{table}");
    // The same file imported, then its origin scored from the sidecar.
    copydesk(&[
        "import",
        &predictions,
        "--format",
        "spacy",
        "--origin",
        origin,
        "--to",
        &dir_arg,
    ]);
    assert_ne!(std::fs::read(&sidecar).unwrap(), before);
    let imported = copydesk(&[
        "eval",
        &dir_arg,
        "--origin",
        "en_core_web_sm",
        "--format",
        "json",
    ]);
    let imported: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
    assert_eq!(imported["entities"], json["entities"]);
    assert_eq!(imported["undecided"], json["undecided"]);
    copydesk(&["check", &article]);
    // Importing again credits nobody twice.
    copydesk(&[
        "import",
        &predictions,
        "--format",
        "spacy",
        "--origin",
        origin,
        "--to",
        &dir_arg,
    ]);
    let again = copydesk(&[
        "eval",
        &dir_arg,
        "--origin",
        "en_core_web_sm",
        "--format",
        "json",
    ]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["entities"], json["entities"]);
}

#[test]
fn check_reports_a_credit_outside_the_text() {
    let dir = eval_fixture("credit-check");
    let article = article(&dir);
    let mut store = Store::open(&article);
    let credit = serde_json::json!([{"extractor": "x", "version": "1", "start": 10, "end": 9000, "label": "GPE"}]);
    store.sidecar_mut().mentions[0]
        .extra
        .insert("also_suggested_by".into(), credit);
    let problems = copydesk::annotate::check::check(&store.sidecar, &article);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("10..9000, outside the text"),
        "{problems:?}"
    );
}
