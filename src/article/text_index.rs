//! Code point ↔ byte conversion and grapheme snapping for one article text.
//!
//! Sidecars count in Unicode code points (as W3C Web Annotation, doccano and brat do);
//! Rust slices bytes. This index is the one place the two meet, so a span read from a
//! file can never slice into the middle of a character or a grapheme cluster.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

pub struct TextIndex<'a> {
    text: &'a str,
    /// Byte offset of every code point, plus the text length at the end.
    char_starts: Cow<'a, [usize]>,
}

/// Byte offset of every code point of `text`, plus its length: what a [`TextIndex`] is
/// built from, kept by callers that index the same long text again and again.
pub fn char_starts(text: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    starts.push(text.len());
    starts
}

impl<'a> TextIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        TextIndex {
            text,
            char_starts: Cow::Owned(char_starts(text)),
        }
    }

    /// An index over `starts` computed earlier by [`char_starts`] for this same text.
    pub fn with_char_starts(text: &'a str, starts: &'a [usize]) -> Self {
        debug_assert_eq!(starts.last(), Some(&text.len()));
        TextIndex {
            text,
            char_starts: Cow::Borrowed(starts),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// The byte offset of a code point offset, or `None` past the end.
    pub fn byte_of(&self, char_offset: usize) -> Option<usize> {
        self.char_starts.get(char_offset).copied()
    }

    /// The code point offset of a byte offset; a byte inside a character counts as
    /// that character's start.
    pub fn char_of(&self, byte: usize) -> usize {
        match self.char_starts.binary_search(&byte) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// A code point range as bytes, if it lies inside the text and is not reversed.
    pub fn bytes_of(&self, chars: Range<usize>) -> Option<Range<usize>> {
        (chars.start <= chars.end).then_some(())?;
        Some(self.byte_of(chars.start)?..self.byte_of(chars.end)?)
    }

    pub fn chars_of(&self, bytes: Range<usize>) -> Range<usize> {
        self.char_of(bytes.start)..self.char_of(bytes.end)
    }

    /// The text of a code point range, if it is in bounds.
    pub fn slice(&self, chars: Range<usize>) -> Option<&'a str> {
        self.bytes_of(chars).map(|bytes| &self.text[bytes])
    }

    /// Widens a byte range outwards to grapheme cluster boundaries, so a span never
    /// holds half of "e\u{301}" or half of a flag or family emoji.
    pub fn snap_to_graphemes(&self, bytes: Range<usize>) -> Range<usize> {
        let start = self.grapheme_boundary_at_or_before(bytes.start.min(self.text.len()));
        let end = self.grapheme_boundary_at_or_after(bytes.end.clamp(start, self.text.len()));
        start..end
    }

    pub fn is_grapheme_boundary(&self, byte: usize) -> bool {
        if byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return false;
        }
        GraphemeCursor::new(byte, self.text.len(), true)
            .is_boundary(self.text, 0)
            .unwrap_or(false)
    }

    fn grapheme_boundary_at_or_before(&self, byte: usize) -> usize {
        if self.is_grapheme_boundary(byte) {
            return byte;
        }
        let mut at = byte;
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let mut cursor = GraphemeCursor::new(at, self.text.len(), true);
        cursor
            .prev_boundary(self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    fn grapheme_boundary_at_or_after(&self, byte: usize) -> usize {
        if self.is_grapheme_boundary(byte) {
            return byte;
        }
        let mut at = byte;
        while !self.text.is_char_boundary(at) {
            at += 1;
        }
        let mut cursor = GraphemeCursor::new(at, self.text.len(), true);
        cursor
            .next_boundary(self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "Zoë 👍🏽 met 東京 officials; cafe\u{301} 🇺🇦 👨\u{200d}👩\u{200d}👧.";

    #[test]
    fn code_points_and_bytes_convert_both_ways() {
        let index = TextIndex::new(MIXED);
        assert_eq!(index.len_chars(), MIXED.chars().count());
        for (char_offset, (byte, _)) in MIXED.char_indices().enumerate() {
            assert_eq!(index.byte_of(char_offset), Some(byte));
            assert_eq!(index.char_of(byte), char_offset);
        }
        assert_eq!(index.byte_of(index.len_chars()), Some(MIXED.len()));
        assert_eq!(index.byte_of(index.len_chars() + 1), None);
    }

    #[test]
    fn slices_are_in_code_points() {
        let index = TextIndex::new(MIXED);
        assert_eq!(index.slice(11..13), Some("東京"));
        let reversed = std::ops::Range { start: 5, end: 4 };
        assert_eq!(index.slice(reversed), None);
        assert_eq!(index.slice(0..index.len_chars() + 1), None);
    }

    #[test]
    fn snapping_never_leaves_half_a_grapheme() {
        let index = TextIndex::new(MIXED);
        let thumb = MIXED.find('👍').unwrap();
        // Only the thumb, without its skin-tone modifier: widen to the whole cluster.
        let snapped = index.snap_to_graphemes(thumb..thumb + '👍'.len_utf8());
        assert_eq!(&MIXED[snapped], "👍🏽");
        let accent = MIXED.find('\u{301}').unwrap();
        let snapped = index.snap_to_graphemes(accent - 1..accent);
        assert_eq!(&MIXED[snapped], "e\u{301}");
        let family = MIXED.find('👩').unwrap();
        let snapped = index.snap_to_graphemes(family..family + 4);
        assert_eq!(&MIXED[snapped], "👨\u{200d}👩\u{200d}👧");
    }
}
