//! The seed article's entities (../shared/seeds) are found with their labels and
//! grouped under the entity names the gold gives.

use std::path::Path;

use copydesk::article::{LoadOptions, load};
use copydesk::extract::entities::detect_entities;
use copydesk::extract::entities::user_lexicon::UserLexicon;

#[test]
fn every_gold_entity_is_found_with_its_label_and_grouped_under_its_name() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let article_path = seeds.join("000_4fa7af40d2d88669.txt");
    let gold_path = seeds.join("000_4fa7af40d2d88669.gold.json");
    if !article_path.exists() || !gold_path.exists() {
        eprintln!("skipping: ../shared/seeds not present");
        return;
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let article = load(article_path.to_str().unwrap(), LoadOptions::default())
        .unwrap()
        .articles
        .remove(0);
    let text = &article.text;
    let linked = detect_entities(text, &UserLexicon::default());
    let found: Vec<(&str, &str, &str)> = linked
        .mentions
        .iter()
        .map(|m| {
            (
                &text[m.range.clone()],
                m.label.as_str(),
                linked.entities[m.entity].name.as_str(),
            )
        })
        .collect();
    let mut missing = Vec::new();
    for want in gold["entities_in_title_and_body"].as_array().unwrap() {
        let surface = want["text"].as_str().unwrap();
        let label = want["label"].as_str().unwrap();
        let entity = want["entity"].as_str().unwrap();
        if !found.contains(&(surface, label, entity)) {
            missing.push(format!("{surface} ({label}) as {entity}"));
        }
    }
    assert!(
        missing.is_empty(),
        "not found: {missing:?}\nfound: {found:?}"
    );
}

/// Issue 4's examples of document-level linking, through the real model.
#[test]
fn surnames_aliases_and_modifiers_link_to_one_entity() {
    let text = "Donald Trump met Steve Witkoff in the United States on Monday. \
                Officials in the Trump administration said Witkoff would return to the U.S. soon.";
    let linked = detect_entities(text, &UserLexicon::default());
    let entity_of = |surface: &str| {
        let start = text.rfind(surface).unwrap();
        linked
            .mentions
            .iter()
            .find(|m| m.range.start == start && &text[m.range.clone()] == surface)
            .map(|m| linked.entities[m.entity].name.as_str())
    };
    assert_eq!(entity_of("Trump"), Some("Donald Trump"));
    assert_eq!(entity_of("Witkoff"), Some("Steve Witkoff"));
    assert_eq!(entity_of("U.S."), Some("United States"));
}
