//! Span properties over random texts full of multi-byte graphemes.

use copydesk::annotate::anchor::{Placement, make_span, place, quote_matches};
use copydesk::article::text_index::TextIndex;
use proptest::prelude::*;

fn grapheme_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "k",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        " ",
        " ",
        ".",
        "é",
        "e\u{301}",
        "東",
        "京",
        "語",
        "👍🏽",
        "🇺🇦",
        "👨\u{200d}👩\u{200d}👧",
        "ß",
        "Ω",
        "\n",
    ]);
    prop::collection::vec(piece, 8..160).prop_map(|pieces| pieces.concat())
}

/// A text and a code point range inside it.
fn text_and_range() -> impl Strategy<Value = (String, usize, usize)> {
    grapheme_text()
        .prop_flat_map(|text| {
            let len = text.chars().count();
            (Just(text), 0..len).prop_flat_map(move |(text, start)| {
                let max = (len - start).min(24);
                (Just(text), Just(start), 1..=max.max(1))
            })
        })
        .prop_map(|(text, start, len)| {
            let end = (start + len).min(text.chars().count());
            (text, start, end)
        })
}

proptest! {
    #[test]
    fn code_points_and_bytes_round_trip((text, start, end) in text_and_range()) {
        let index = TextIndex::new(&text);
        let bytes = index.bytes_of(start..end).unwrap();
        prop_assert!(text.is_char_boundary(bytes.start) && text.is_char_boundary(bytes.end));
        prop_assert_eq!(index.chars_of(bytes.clone()), start..end);
        prop_assert_eq!(text[bytes].chars().count(), end - start);
    }

    #[test]
    fn made_spans_quote_the_text_and_keep_whole_graphemes((text, start, end) in text_and_range()) {
        let index = TextIndex::new(&text);
        let span = make_span(&index, start..end).unwrap();
        prop_assert!(quote_matches(&index, &span));
        prop_assert!(span.start <= start && span.end >= end);
        let bytes = index.bytes_of(span.start..span.end).unwrap();
        prop_assert!(index.is_grapheme_boundary(bytes.start));
        prop_assert!(index.is_grapheme_boundary(bytes.end));
    }

    #[test]
    fn an_insertion_before_a_span_moves_it_by_the_inserted_length(
        (text, start, end) in text_and_range(),
        insert_at in any::<prop::sample::Index>(),
        inserted in "[0-9]{1,20}",
    ) {
        let index = TextIndex::new(&text);
        let span = make_span(&index, start..end).unwrap();
        prop_assume!(span.exact.chars().count() >= 4);
        let at_char = insert_at.index(span.start + 1);
        let at_byte = index.byte_of(at_char).unwrap();
        prop_assume!(index.is_grapheme_boundary(at_byte));
        let edited = format!("{}{inserted}{}", &text[..at_byte], &text[at_byte..]);
        let shift = inserted.chars().count();
        match place(&TextIndex::new(&edited), &span) {
            Placement::Moved(moved) => {
                prop_assert_eq!((moved.start, moved.end), (span.start + shift, span.end + shift));
                prop_assert_eq!(moved.exact, span.exact);
            }
            other => prop_assert!(false, "expected a move, got {:?}", other),
        }
    }
}
