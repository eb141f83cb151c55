//! Properties of the exports that must hold for any text and any spans: tokens rebuild
//! the text and never cut a grapheme; spans sit on token edges; Label Studio's UTF-16
//! offsets come back as the same code points; nothing panics.

use copydesk::annotate::Store;
use copydesk::annotate::anchor::make_span;
use copydesk::annotate::completeness::{self, Layer};
use copydesk::annotate::schema::{ItemMeta, Mention, Origin, ReviewHow, Status};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use copydesk::interchange::document::{Document, Selection};
use copydesk::interchange::{Losses, brat, conll, labelstudio, spacy};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => "[A-Za-z]{1,9}",
        3 => Just(" ".to_string()),
        1 => prop::sample::select(vec![
            "\n", "\n\n", "  ", "\t", ". ", "'s", "U.S.", "—", "“", "”", "é", "e\u{301}", "東京",
            "👍🏽", "🇯🇵", "👨\u{200d}👩\u{200d}👧", "£38", "\u{a0}",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..60).prop_map(|pieces| pieces.concat())
}

fn document(text: &str, ranges: &[(usize, usize)]) -> Document {
    let article = Article::from_clean_text("p.txt".into(), SourceFormat::PlainText, text.into());
    let index = TextIndex::new(&article.text);
    let length = index.len_chars();
    let mut store = Store::open_at(
        std::path::PathBuf::from("/nonexistent/p.txt.copydesk.json"),
        &article,
    );
    for (i, &(a, b)) in ranges.iter().enumerate() {
        let (start, end) = (a.min(b) % (length + 1), a.max(b) % (length + 1));
        let Some(span) = make_span(&index, start.min(end)..start.max(end)) else {
            continue;
        };
        if span.start == span.end {
            continue;
        }
        store.sidecar_mut().mentions.push(Mention {
            meta: ItemMeta {
                id: format!("m-{i}"),
                status: Status::Manual,
                origin: Origin::Annotator {
                    annotator: "ana".into(),
                },
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span,
            label: if i % 2 == 0 { "PERSON" } else { "ORG" }.into(),
            confidence: None,
            extra: Map::new(),
        });
    }
    // Fully reviewed, so each format writes its whole-article shape.
    let mut sidecar = (*store.sidecar).clone();
    for layer in Layer::ALL {
        *completeness::mark_mut(&mut sidecar.reviewed, layer) = Some(completeness::new_mark(
            "ana",
            ReviewHow::Marked,
            &article.id,
        ));
    }
    Document::new(article, sidecar, &Selection::default())
}

fn is_grapheme_boundary(text: &str, chars: usize) -> bool {
    let byte = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at);
    unicode_segmentation::GraphemeCursor::new(byte, text.len(), true)
        .is_boundary(text, 0)
        .unwrap()
}

proptest! {
    #[test]
    fn spacy_tokens_rebuild_any_text_and_spans_sit_on_their_edges(
        text in news_text(),
        ranges in prop::collection::vec((0usize..400, 0usize..400), 0..8),
    ) {
        let doc = document(&text, &ranges);
        let mut out = Vec::new();
        spacy::write(&doc, &mut Losses::default(), &mut out).unwrap();
        let record: Value = serde_json::from_slice(&out).unwrap();
        let text = record["text"].as_str().unwrap();
        let tokens = record["tokens"].as_array().unwrap();
        let mut rebuilt = String::new();
        for token in tokens {
            let start = token["start"].as_u64().unwrap() as usize;
            prop_assert_eq!(rebuilt.chars().count(), start);
            prop_assert!(is_grapheme_boundary(text, start), "token cuts a grapheme at {}", start);
            rebuilt.push_str(token["text"].as_str().unwrap());
            if token["ws"] == true {
                rebuilt.push(' ');
            }
        }
        prop_assert_eq!(rebuilt.as_str(), text);
        for span in record["spans"].as_array().unwrap() {
            let first = &tokens[span["token_start"].as_u64().unwrap() as usize];
            let last = &tokens[span["token_end"].as_u64().unwrap() as usize];
            prop_assert_eq!(&first["start"], &span["start"]);
            prop_assert_eq!(&last["end"], &span["end"]);
        }
    }

    #[test]
    fn label_studio_offsets_come_back_as_the_same_code_points(
        text in news_text(),
        ranges in prop::collection::vec((0usize..400, 0usize..400), 0..8),
    ) {
        let doc = document(&text, &ranges);
        let mut out = Vec::new();
        labelstudio::write(&doc, &mut Losses::default(), &mut out).unwrap();
        let records = labelstudio::read(&String::from_utf8(out).unwrap()).unwrap();
        let mut back: Vec<(usize, usize, String)> = records[0]
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.label.clone()))
            .collect();
        back.sort();
        let mut expected: Vec<(usize, usize, String)> = doc
            .mentions
            .iter()
            .map(|m| (m.span.start, m.span.end, m.label.clone()))
            .collect();
        expected.sort();
        prop_assert_eq!(back, expected);
        prop_assert!(records[0].problems.is_empty());
    }

    #[test]
    fn brat_and_conll_write_any_text_and_brat_reads_it_back(
        text in news_text(),
        ranges in prop::collection::vec((0usize..400, 0usize..400), 0..8),
    ) {
        let doc = document(&text, &ranges);
        let mut losses = Losses::default();
        let mut out = Vec::new();
        conll::write(&doc, &mut losses, &mut out);
        prop_assert!(String::from_utf8(out).unwrap().starts_with("-DOCSTART- -X- O O\n"));
        let ann = brat::write(&doc, &mut losses);
        let record = brat::read(&ann, doc.text().to_string(), 1);
        prop_assert!(record.problems.is_empty(), "{:?}", record.problems);
        prop_assert_eq!(record.mentions.len(), doc.mentions.len());
        for line in ann.lines() {
            prop_assert_eq!(line.splitn(3, '\t').count(), 3, "{}", line);
        }
    }
}
