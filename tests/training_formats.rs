//! The training-set formats read the way their consumers read them: DocBin decoded with
//! a msgpack reader as spaCy's `DocBin.from_bytes` does, Hugging Face JSONL, CoNLL that
//! stays valid IOB2, and W3C Web Annotation against the model's MUSTs.
//!
//! `fixture_corpus` writes the corpus that scripts/check-docbin and scripts/check-conll
//! export for spaCy and seqeval (`COPYDESK_TRAINING_FIXTURE=DIR cargo test --test
//! training_formats fixture_corpus`).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use copydesk::annotate::Store;
use copydesk::annotate::anchor::make_span;
use copydesk::annotate::completeness::{self, Layer};
use copydesk::annotate::schema::{
    Claim, ClaimSource, ItemMeta, Mention, Origin, ReviewHow, Status,
};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{LoadOptions, load};
use copydesk::interchange::Format;
use copydesk::interchange::docbin::{ENT_IOB, ENT_TYPE, ORTH, hash_string, string_id};
use copydesk::interchange::document::Selection;
use copydesk::interchange::export::{ExportOptions, ExportReport, Sink, export};
use copydesk::interchange::hf::{Scheme, tag_names};
use rmpv::Value;
use serde_json::{Map, Value as Json};

/// Complete: every suggestion decided. A rejected suggestion, an emoji with a skin
/// tone, CJK, a name broken across lines, a claim whose source is a mention.
const FERRY: &str = "Ferry fares rise 👍🏽 in Eastmouth\n\nMira Castellanos of the Harbour Board said the fares would rise by a fifth.\nThe board met at Kessler\nHall in 大阪 on Monday.";
/// A name broken across lines, a rejected suggestion, an undecided one.
const TRAM: &str = "Trams return to Lindqvist Street\n\nEngineers from Voltaren tested the line, said Aiko Mbeki 🚋.\nThe trams sleep at the Northgate\nDepot over winter.";
/// Curly quotes and a claim nobody has decided.
const LIBRARY: &str = "Library hours grow\n\nThe council said the library would open on Sundays. Rosa Quint said that “nothing is settled”.";

fn raw() -> LoadOptions {
    LoadOptions {
        clean: false,
        ..LoadOptions::default()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-training-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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

fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// Writes one article and its sidecar, marked reviewed: mentions and claims as (text,
/// label, status).
fn article(
    dir: &Path,
    name: &str,
    text: &str,
    mentions: &[(&str, &str, Status)],
    claims: &[(&str, &str, Status)],
) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    let article = load(&path, raw()).unwrap().articles.remove(0);
    let index = TextIndex::new(&article.text);
    let span = |needle: &str| make_span(&index, find(&article.text, needle)).unwrap();
    let mut store = Store::open(&article);
    let mut first = None;
    for &(needle, label, status) in mentions {
        let id = store.insert(
            Mention {
                meta: meta(status),
                span: span(needle),
                label: label.into(),
                confidence: None,
                extra: Map::new(),
            },
            "ana",
        );
        first.get_or_insert(id);
    }
    for &(needle, label, status) in claims {
        store.insert(
            Claim {
                meta: meta(status),
                content: span(needle),
                cue: None,
                label: label.into(),
                negated: false,
                source: first.clone().map(ClaimSource::Mention),
                note: None,
                extra: Map::new(),
            },
            "ana",
        );
    }
    // The person marked both layers done; a suggestion still undecided outweighs that.
    let reviewed = &mut store.sidecar_mut().reviewed;
    for layer in Layer::ALL {
        *completeness::mark_mut(reviewed, layer) = Some(completeness::new_mark(
            "ana",
            ReviewHow::Marked,
            &article.id,
        ));
    }
    store.save().unwrap();
    path
}

/// The three articles; paths in order.
fn corpus(dir: &Path) -> Vec<String> {
    use Status::*;
    vec![
        article(
            dir,
            "ferry.txt",
            FERRY,
            &[
                ("Mira Castellanos", "PERSON", Accepted),
                ("Harbour Board", "ORG", Edited),
                ("大阪", "GPE", Accepted),
                ("Eastmouth", "PERSON", Rejected),
                ("Kessler\nHall", "FAC", Manual),
            ],
            &[("the fares would rise by a fifth", "said", Accepted)],
        ),
        article(
            dir,
            "tram.txt",
            TRAM,
            &[
                ("Lindqvist Street", "FAC", Accepted),
                ("Engineers", "PERSON", Rejected),
                ("Voltaren", "ORG", Suggested),
                ("Aiko Mbeki", "PERSON", Accepted),
                ("Northgate\nDepot", "FAC", Manual),
            ],
            &[],
        ),
        article(
            dir,
            "library.txt",
            LIBRARY,
            &[("Rosa Quint", "PERSON", Accepted)],
            &[
                ("the library would open on Sundays", "said", Accepted),
                ("“nothing is settled”", "said", Suggested),
            ],
        ),
    ]
}

#[test]
fn fixture_corpus() {
    let Some(dir) = std::env::var_os("COPYDESK_TRAINING_FIXTURE") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    corpus(&dir);
}

fn export_bytes(
    paths: &[String],
    format: Format,
    labels: Option<Vec<String>>,
) -> (Vec<u8>, ExportReport) {
    export_with(paths, format, labels, Selection::default().statuses, false)
}

fn export_with(
    paths: &[String],
    format: Format,
    labels: Option<Vec<String>>,
    statuses: Vec<Status>,
    include_partial: bool,
) -> (Vec<u8>, ExportReport) {
    let options = ExportOptions {
        format,
        selection: Selection {
            labels,
            statuses,
            ..Selection::default()
        },
        load: raw(),
        jobs: Some(2),
        include_partial,
        offsets: Default::default(),
    };
    let mut out = Vec::new();
    let report = export(paths, &options, Sink::Stream(&mut out)).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    (out, report)
}

fn get<'a>(map: &'a Value, key: &str) -> &'a Value {
    map.as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no {key:?} in {map}"))
}

fn bytes(value: &Value) -> &[u8] {
    value
        .as_slice()
        .unwrap_or_else(|| panic!("{value} is not bin"))
}

#[test]
fn murmurhash_matches_spacy_hash_string() {
    // spaCy 3.8.18: spacy.strings.hash_string(s).
    for (text, hash) in [
        ("", 14313749767032693980u64),
        ("PERSON", 11121653176597302729),
        ("CLAIM_assertion", 50117554879893617),
        ("é", 16256712947286012828),
        ("Ünïcödé 😀", 6603327225989619301),
    ] {
        assert_eq!(hash_string(text), hash, "{text:?}");
    }
    // spaCy 3.8.18: StringStore().add(s), symbols for what spaCy has built in.
    for (text, id) in [
        ("PERSON", 380u64),
        ("ORG", 383),
        ("nsubj", 429),
        ("", 0),
        ("Mira", 18014183485073714327),
    ] {
        assert_eq!(string_id(text), id, "{text:?}");
    }
}

#[test]
fn docbin_decodes_as_spacy_reads_it() {
    let dir = scratch("docbin");
    let paths = corpus(&dir);
    // Rejected mentions go out too: they must be O, never entities.
    let statuses = vec![
        Status::Accepted,
        Status::Edited,
        Status::Manual,
        Status::Rejected,
    ];
    let (zlib, report) = export_with(&paths, Format::Docbin, None, statuses, true);
    // The library's claims are half reviewed: spancat would read the rest as negatives.
    assert_eq!(
        report
            .losses
            .count("articles whose claims are not fully reviewed (spancat has no missing)"),
        1
    );
    let mut packed = Vec::new();
    flate2::read::ZlibDecoder::new(&zlib[..])
        .read_to_end(&mut packed)
        .unwrap();
    let message = rmpv::decode::read_value(&mut &packed[..]).unwrap();
    assert_eq!(get(&message, "version").as_str(), Some("0.1"));
    let attrs: Vec<u64> = get(&message, "attrs")
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_u64().unwrap())
        .collect();
    assert_eq!(attrs, [ORTH, ENT_IOB, ENT_TYPE]);
    let strings: Vec<&str> = get(&message, "strings")
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let by_hash = |hash: u64| {
        *strings
            .iter()
            .find(|s| string_id(s) == hash)
            .unwrap_or_else(|| panic!("hash {hash} not in strings"))
    };
    let lengths: Vec<usize> = bytes(get(&message, "lengths"))
        .chunks(4)
        .map(|c| i32::from_le_bytes(c.try_into().unwrap()) as usize)
        .collect();
    assert_eq!(lengths.len(), 2);
    let rows: Vec<[u64; 3]> = bytes(get(&message, "tokens"))
        .chunks(24)
        .map(|row| {
            let at = |i: usize| u64::from_le_bytes(row[i * 8..i * 8 + 8].try_into().unwrap());
            [at(0), at(1), at(2)]
        })
        .collect();
    let spaces = bytes(get(&message, "spaces"));
    assert_eq!(rows.len(), lengths.iter().sum::<usize>());
    assert_eq!(spaces.len(), rows.len());
    let groups = get(&message, "span_groups").as_array().unwrap();
    let mut start = 0;
    let mut ferry_claims = Vec::new();
    for ((length, text), group) in lengths.iter().zip([FERRY, TRAM, LIBRARY]).zip(groups) {
        let doc = &rows[start..start + length];
        // The words and spaces rebuild the text, as Doc(words, spaces) does.
        let rebuilt: String = doc
            .iter()
            .zip(&spaces[start..start + length])
            .map(|(row, &ws)| format!("{}{}", by_hash(row[0]), if ws == 1 { " " } else { "" }))
            .collect();
        assert_eq!(rebuilt, text);
        let mut ents: Vec<(String, &str)> = Vec::new();
        let (mut missing, mut outside) = (Vec::new(), Vec::new());
        for row in doc {
            let word = by_hash(row[0]);
            match row[1] {
                3 => ents.push((word.to_string(), by_hash(row[2]))),
                1 => ents.last_mut().unwrap().0.push_str(word),
                2 => outside.push(word),
                0 => missing.push(word),
                other => panic!("IOB {other}"),
            }
        }
        if text == FERRY {
            assert!(
                missing.is_empty(),
                "a reviewed article has no missing: {missing:?}"
            );
            assert!(outside.contains(&"Eastmouth"));
        } else {
            // Unreviewed text is missing; only the rejected suggestion is known not to be one.
            assert_eq!(outside, ["Engineers"]);
            assert!(missing.contains(&"Voltaren") && missing.contains(&"Trams"));
            let names: Vec<&str> = ents.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(names, ["LindqvistStreet", "AikoMbeki", "Northgate\nDepot"]);
        }
        if text == FERRY {
            let names: Vec<(&str, &str)> = ents.iter().map(|(t, l)| (t.as_str(), *l)).collect();
            assert_eq!(
                names,
                [
                    ("MiraCastellanos", "PERSON"),
                    ("HarbourBoard", "ORG"),
                    ("Kessler\nHall", "FAC"),
                    ("大阪", "GPE")
                ]
            );
            let map = rmpv::decode::read_value(&mut bytes(group)).unwrap();
            let (group, keys) = &map.as_map().unwrap()[0];
            assert_eq!(keys.as_array().unwrap()[0].as_str(), Some("sc"));
            let group = rmpv::decode::read_value(&mut bytes(group)).unwrap();
            assert_eq!(get(&group, "name").as_str(), Some("sc"));
            for span in get(&group, "spans").as_array().unwrap() {
                let span = bytes(span);
                assert_eq!(span.len(), 40);
                let label = by_hash(u64::from_be_bytes(span[16..24].try_into().unwrap()));
                let int = |at: usize| i32::from_be_bytes(span[at..at + 4].try_into().unwrap());
                let chars: String = text
                    .chars()
                    .skip(int(32) as usize)
                    .take((int(36) - int(32)) as usize)
                    .collect();
                let words: String = doc[int(24) as usize..int(28) as usize]
                    .iter()
                    .map(|row| by_hash(row[0]))
                    .collect();
                ferry_claims.push((label.to_string(), chars, words));
            }
        }
        start += length;
    }
    assert_eq!(
        ferry_claims,
        [(
            "CLAIM_said".to_string(),
            "the fares would rise by a fifth".to_string(),
            "thefareswouldrisebyafifth".to_string()
        )]
    );
}

#[test]
fn hf_numbers_tags_by_the_labels_order() {
    let dir = scratch("hf");
    let paths = corpus(&dir);
    let labels: Vec<String> = ["PERSON", "ORG", "GPE", "FAC"].map(String::from).to_vec();
    let names = tag_names(&labels, Scheme::Bioes);
    assert_eq!(names.len(), 17);
    assert_eq!(names[4], "S-PERSON");
    let (out, _) = export_bytes(&paths[..1], Format::Hf(Scheme::Bioes), Some(labels.clone()));
    let record: Json = serde_json::from_slice(&out).unwrap();
    let tokens: Vec<&str> = record["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let tags: Vec<&str> = record["ner_tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| names[t.as_u64().unwrap() as usize].as_str())
        .collect();
    let tagged: Vec<(&str, &str)> = tokens
        .into_iter()
        .zip(tags)
        .filter(|(_, tag)| *tag != "O")
        .collect();
    assert_eq!(
        tagged,
        [
            ("Mira", "B-PERSON"),
            ("Castellanos", "E-PERSON"),
            ("Harbour", "B-ORG"),
            ("Board", "E-ORG"),
            ("Kessler", "B-FAC"),
            ("Hall", "E-FAC"),
            ("大阪", "S-GPE")
        ]
    );
}

#[test]
fn conll_drops_a_mention_across_a_break_and_counts_it() {
    let dir = scratch("conll");
    let paths = corpus(&dir);
    let (out, report) = export_bytes(&paths, Format::Conll, None);
    assert_eq!(report.articles, 1, "only the reviewed article");
    assert_eq!(
        report
            .losses
            .count("mentions across a sentence break (dropped)"),
        1
    );
    let conll = String::from_utf8(out).unwrap();
    let mut previous = "O".to_string();
    for line in conll.lines().skip(2) {
        let tag = line.rsplit_once(' ').map_or("O", |(_, tag)| tag);
        if let Some(label) = tag.strip_prefix("I-") {
            assert!(previous.ends_with(label), "{tag} after {previous:?}");
        }
        previous = if line.is_empty() {
            "O".into()
        } else {
            tag.into()
        };
    }
    assert!(conll.contains("Kessler O\n\nHall O\n"), "{conll}");
}

/// The Web Annotation Data Model's MUSTs for what copydesk writes, in our own encoding
/// (the W3C test suite's schemas are not published on PyPI or npm): §3.1 context, IRI
/// id, type, a body and a target; §3.2 a body or target is an IRI or an object; a
/// TextualBody has a value; `purpose` only on a TextualBody or SpecificResource; §4 a
/// SpecificResource has exactly one absolute source; §4.2.4/4.2.5 a quote selector has
/// `exact`, a position selector non-negative `start` ≤ `end`; §3.3 `created` and
/// `modified` are xsd:dateTime.
fn check_musts(annotation: &Json) -> Result<(), String> {
    let absolute = |iri: &str| {
        iri.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }) && !iri.contains(char::is_whitespace)
    };
    if annotation["@context"] != "http://www.w3.org/ns/anno.jsonld" {
        return Err("@context".into());
    }
    if !annotation["id"].as_str().is_some_and(absolute) {
        return Err("id is not an absolute IRI".into());
    }
    if annotation["type"] != "Annotation" {
        return Err("type".into());
    }
    for key in ["created", "modified"] {
        if let Some(time) = annotation.get(key)
            && time
                .as_str()
                .is_none_or(|t| chrono::DateTime::parse_from_rfc3339(t).is_err())
        {
            return Err(format!("{key} {time} is not xsd:dateTime"));
        }
    }
    let resources = |key: &str| -> Result<Vec<Json>, String> {
        match &annotation[key] {
            Json::Array(items) if !items.is_empty() => Ok(items.clone()),
            Json::Null | Json::Array(_) => Err(format!("no {key}")),
            one => Ok(vec![one.clone()]),
        }
    };
    let specific = |resource: &Json| -> Result<(), String> {
        if !resource["source"].as_str().is_some_and(absolute) {
            return Err(format!(
                "SpecificResource source not an absolute IRI: {resource}"
            ));
        }
        for selector in resource["selector"].as_array().into_iter().flatten() {
            match selector["type"].as_str() {
                Some("TextQuoteSelector") if selector["exact"].is_string() => {}
                Some("TextPositionSelector")
                    if selector["start"].as_u64() <= selector["end"].as_u64()
                        && selector["start"].is_u64() => {}
                _ => return Err(format!("selector {selector}")),
            }
        }
        Ok(())
    };
    for body in resources("body")? {
        match (&body, body["type"].as_str()) {
            (Json::String(iri), _) if absolute(iri) => {}
            (_, Some("TextualBody")) if body["value"].is_string() => {}
            (_, Some("SpecificResource")) => specific(&body)?,
            _ => return Err(format!("body {body}")),
        }
    }
    for target in resources("target")? {
        match (&target, target["type"].as_str()) {
            (Json::String(iri), _) if absolute(iri) => {}
            (_, Some("SpecificResource")) => specific(&target)?,
            _ => return Err(format!("target {target}")),
        }
        if !target.is_string() && target["state"]["id"].as_str().is_none_or(|s| !absolute(s)) {
            return Err(format!(
                "target does not name the text its selectors count in: {target}"
            ));
        }
    }
    Ok(())
}

#[test]
fn w3c_annotations_meet_the_model_musts() {
    let dir = scratch("w3c");
    let paths = corpus(&dir);
    let statuses = vec![
        Status::Accepted,
        Status::Edited,
        Status::Manual,
        Status::Rejected,
    ];
    let (out, report) = export_with(&paths, Format::W3c, None, statuses, true);
    assert_eq!(report.articles, 3);
    let mut sources = std::collections::BTreeSet::new();
    let mut source_bodies = 0;
    for line in String::from_utf8(out).unwrap().lines() {
        let annotation: Json = serde_json::from_str(line).unwrap();
        check_musts(&annotation).unwrap_or_else(|why| panic!("{why}\n{annotation}"));
        for target in annotation["target"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![annotation["target"].clone()])
        {
            if let Some(source) = target["source"].as_str() {
                sources.insert(source.to_string());
            }
        }
        source_bodies += annotation["body"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|b| b["type"] == "SpecificResource")
            .count();
    }
    let expected: std::collections::BTreeSet<String> = paths
        .iter()
        .map(|p| format!("file://{}", std::path::absolute(p).unwrap().display()))
        .collect();
    assert_eq!(sources, expected);
    assert_eq!(source_bodies, 2, "each claim names its source mention");
}
