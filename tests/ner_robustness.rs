//! The detector gives a result, never a panic, on text no article should
//! contain but some will: nothing at all, a megabyte without a line break,
//! a megabyte without a space, only punctuation or emoji, right-to-left scripts.

use copydesk::extract::ner::{detect, tokenize};

/// Every entity lies inside the text, on character boundaries, in order.
fn check(text: &str) -> usize {
    let ents = detect(text);
    let mut last = 0;
    for e in &ents {
        assert!(e.start < e.end && e.end <= text.len());
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(e.start >= last, "entities overlap or are out of order");
        last = e.end;
    }
    let mut at = 0;
    for t in tokenize(text) {
        assert!(t.start >= at && t.start < t.end && t.end <= text.len());
        at = t.end;
    }
    ents.len()
}

#[test]
fn empty_and_blank_text() {
    assert_eq!(check(""), 0);
    assert_eq!(check(" "), 0);
    assert_eq!(check("\n\n\t "), 0);
}

#[test]
fn a_megabyte_without_a_line_break() {
    let sentence = "Maria Okafor told the Riverton council on Jan. 5 that $4.5 million was \"not enough\" for the U.S. bridge. ";
    let text = sentence.repeat(1_000_000 / sentence.len() + 1);
    assert!(check(&text) > 1000);
}

#[test]
fn a_megabyte_without_a_space() {
    check(&"a".repeat(1 << 20));
    check(&"...".repeat(350_000));
    // Every character its own token: affixes split off one at a time.
    check(&"(!)".repeat(20_000));
    check(&"Zoë-Müller-".repeat(5_000));
}

#[test]
fn only_punctuation_or_emoji() {
    check("!!! ??? ... --- *** ### (((( )))) \"\" '' «» “” — – … ¿¡");
    check("🎉🎉🎉 😀😃😄 ☀️🌧️⛄ 🇫🇷🇩🇪 👍🏽 ❤️");
    check(&"🎉".repeat(20_000));
    check("\u{200b}\u{200d}\u{fe0f}\u{0301}\u{1c}\u{85}");
}

#[test]
fn right_to_left_scripts() {
    check("قالت الوزيرة سارة الخطيب إن المشروع سيكتمل في عام 2026.");
    check("בירושלים אמר ראש העירייה משה כהן כי הרכבת תפעל עד חצות.");
    check("\u{202e}Mayor Moshe Cohen\u{202c} said «نعم» and \u{200f}שלום\u{200e}.");
}
