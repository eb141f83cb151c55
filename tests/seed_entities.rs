//! The seed article's entities (../shared/seeds) are found with their labels and
//! grouped under the entity names the gold gives.

mod common;

use copydesk::extract::entities::detect_entities;
use copydesk::extract::entities::user_lexicon::UserLexicon;

#[test]
fn every_gold_entity_is_found_with_its_label_and_grouped_under_its_name() {
    let Some((article, gold)) = common::seed_article_and_gold() else {
        return;
    };
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
