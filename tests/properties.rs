//! Properties that must hold for any input, however hostile.

use copydesk::article::normalize::{is_dropped, normalize};
use copydesk::article::{SourceFormat, html, text_dump};
use copydesk::extract::claims::detect_claims;
use copydesk::extract::claims::lexicon::Lexicon;
use copydesk::extract::sentences::sentences;
use proptest::prelude::*;

/// Text that looks like a scraped page: words, punctuation, line breaks, blank lines,
/// and a sprinkling of the characters normalisation must deal with.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => "[A-Za-z]{1,12}",
        3 => Just(" ".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just(". ".to_string()),
        1 => prop::sample::select(vec![
            "\t", "\u{a0}", "\u{ad}", "\u{200b}", "\u{200d}", "\u{1b}[2J", "\u{7}", "\u{202e}",
            "\u{2066}", "\u{85}", "\u{feff}", "é", "e\u{301}", "東京", "👍🏽", "👨\u{200d}👩\u{200d}👧", "“", "—",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn normalising_is_idempotent(text in messy_text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn no_control_or_bidi_character_survives_normalising(text in messy_text()) {
        let normalized = normalize(&text);
        prop_assert!(normalized.chars().all(|c| c == '\n' || !is_dropped(c)), "{:?}", normalized);
        prop_assert!(!normalized.contains('\r'));
    }

    #[test]
    fn cleaned_text_dumps_are_safe_and_stable(text in messy_text()) {
        let article = text_dump::clean(&normalize(&text)).into_article("p".into(), SourceFormat::TextDump);
        prop_assert!(article.text.chars().all(|c| c == '\n' || !is_dropped(c)));
        for range in &article.paragraphs {
            prop_assert!(article.text.is_char_boundary(range.start));
            prop_assert!(article.text.is_char_boundary(range.end));
            prop_assert!(range.start < range.end && range.end <= article.text.len());
        }
        let again = text_dump::clean(&normalize(&article.text))
            .into_article("p".into(), SourceFormat::TextDump);
        prop_assert_eq!(again.text, article.text);
    }

    #[test]
    fn html_extraction_never_panics_and_emits_no_controls(text in messy_text()) {
        let page = format!("<html><body><article><h1>{text}</h1><p>{text}</p></article></body></html>");
        let cleaned = html::extract(&page);
        for paragraph in &cleaned.body {
            prop_assert!(paragraph.chars().all(|c| c == '\n' || !is_dropped(c)));
        }
    }

    #[test]
    fn sentences_and_claims_hold_for_any_text(text in messy_text()) {
        let text = normalize(&text);
        for sentence in sentences(&text) {
            prop_assert!(text.is_char_boundary(sentence.start) && text.is_char_boundary(sentence.end));
        }
        for claim in detect_claims(&text, &Lexicon::built_in()) {
            for range in std::iter::once(&claim.content).chain([&claim.cue]).chain(claim.source.as_ref()) {
                prop_assert!(range.start <= range.end && range.end <= text.len());
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
}
