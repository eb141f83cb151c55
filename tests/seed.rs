//! The seed bar: the hand-checked seed dump must clean to its gold metadata and body.
//! The seed lives outside the repository (its text belongs to its publisher), so the
//! test skips when the shared folder is not there.

use std::fs;
use std::path::Path;

use copydesk::article::normalize::normalize;
use copydesk::article::text_dump::clean;
use copydesk::article::{Caption, RemovalReason};

const SEED: &str = "000_4fa7af40d2d88669";

#[test]
fn seed_dump_cleans_to_its_gold() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let (Ok(raw), Ok(gold)) = (
        fs::read_to_string(seeds.join(format!("{SEED}.txt"))),
        fs::read_to_string(seeds.join(format!("{SEED}.gold.json"))),
    ) else {
        eprintln!("skipping: ../shared/seeds not present");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold file is JSON");
    let expected = &gold["metadata"];
    let cleaned = clean(&normalize(&raw));
    let metadata = &cleaned.metadata;

    assert_eq!(metadata.title.as_deref(), expected["title"].as_str());
    assert_eq!(metadata.byline, [expected["byline"].as_str().unwrap()]);
    assert_eq!(metadata.date.as_deref(), expected["date"].as_str());
    assert_eq!(metadata.section.as_deref(), expected["section"].as_str());
    assert_eq!(metadata.site.as_deref(), Some("KI"));

    let gold_caption = expected["captions"][0].as_str().unwrap();
    let [Caption { text, credit }] = cleaned.captions.as_slice() else {
        panic!("expected one caption, got {:?}", cleaned.captions);
    };
    let credit = credit.as_deref().expect("caption has a credit");
    assert_eq!(credit, "Vyacheslav Prokofyev/Pool/AFP via Getty Images");
    assert_eq!(format!("{text} ({credit})"), gold_caption);

    let body = &cleaned.body;
    assert_eq!(body.len() as u64, gold["body_paragraphs"].as_u64().unwrap());
    let first = gold["body_first_sentence"].as_str().unwrap();
    let last = gold["body_last_sentence"].as_str().unwrap();
    assert!(body[0].starts_with(first), "first paragraph: {}", body[0]);
    assert!(
        body[body.len() - 1].ends_with(last),
        "last paragraph: {}",
        body[body.len() - 1]
    );

    let title = metadata.title.as_deref().unwrap();
    for paragraph in body {
        for furniture in ["KI logo", "Avatar", "by Abbey Fenbert", title, gold_caption] {
            assert!(!paragraph.contains(furniture), "{furniture:?} left in body");
        }
    }
    let reasons: Vec<RemovalReason> = cleaned.removed.iter().map(|r| r.reason).collect();
    for reason in [
        RemovalReason::Dateline,
        RemovalReason::SectionLabel,
        RemovalReason::Title,
        RemovalReason::Logo,
        RemovalReason::Byline,
        RemovalReason::RepeatedHeadline,
        RemovalReason::Caption,
    ] {
        assert!(reasons.contains(&reason), "no line removed as {reason:?}");
    }
}
