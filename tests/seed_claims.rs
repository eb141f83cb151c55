//! The seed article's seven claims (../shared/seeds) are found with the right labels,
//! negation and sources, and nothing else of the default labels is flagged.

mod common;

use copydesk::extract::analysis::analyse_text;
use copydesk::extract::claims::detect_claims;
use copydesk::extract::claims::lexicon::Lexicon;
use copydesk::extract::detect_json::DetectJson;
use copydesk::extract::lexicons::Lexicons;
use copydesk::extract::sentences::sentences;

#[test]
fn the_seed_claims_are_found_and_nothing_else() {
    let Some((article, gold)) = common::seed_article_and_gold() else {
        return;
    };
    let text = &article.text;
    let found = detect_claims(text, &Lexicon::built_in());
    let expected = gold["claims"].as_array().unwrap();
    assert_eq!(found.len(), expected.len(), "found: {found:?}");
    for want in expected {
        let cue = want["cue"].as_str().unwrap();
        let claim = found
            .iter()
            .find(|c| &text[c.cue.clone()] == cue)
            .unwrap_or_else(|| panic!("cue {cue:?} not found"));
        assert_eq!(claim.label, want["label"].as_str().unwrap(), "{cue}");
        assert_eq!(
            claim.negated,
            want["negated"].as_bool().unwrap_or(false),
            "{cue}"
        );
        let source = claim.source.clone().map(|s| &text[s]);
        assert_eq!(source, want["source"].as_str(), "{cue}");
        let sentence_start = want["sentence_starts"].as_str().unwrap();
        let sentence = sentences(text)
            .into_iter()
            .find(|s| text[s.clone()].starts_with(sentence_start))
            .expect("the gold sentence is one of the segmented sentences");
        assert!(
            sentence.contains(&claim.cue.start),
            "{cue} should sit in the sentence starting {sentence_start:?}"
        );
    }
}

/// `detect` links each named source to the entity the gold groups that name under
/// ("Witkoff" → "Steve Witkoff"), and an unnamed one ("The delegates") to none.
#[test]
fn the_seed_claim_sources_are_linked_to_their_entities() {
    let Some((article, gold)) = common::seed_article_and_gold() else {
        return;
    };
    let analysis = analyse_text(&article.text, &Lexicons::built_in());
    let json = DetectJson::new(&article, &analysis.entities, &analysis.claims);
    let entity_of = |name: &str| {
        gold["entities_in_title_and_body"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["text"] == name)
            .and_then(|e| e["entity"].as_str())
            .map(str::to_string)
    };
    let mut linked = 0;
    for claim in &json.claims {
        let Some(source) = &claim.source else {
            continue;
        };
        let want = entity_of(&source.text);
        assert_eq!(source.entity, want, "source {:?}", source.text);
        linked += usize::from(want.is_some());
    }
    assert_eq!(linked, 4, "the gold names four sources");
}
