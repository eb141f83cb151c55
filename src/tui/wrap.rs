//! Word wrapping that remembers where each visual row came from. `Paragraph::wrap`
//! re-wraps from the top every frame and hides where a text offset landed; here rows are
//! byte ranges, computed once per width, and offset → row is a binary search.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a grapheme cluster, as ratatui's buffer measures it.
pub fn grapheme_width(grapheme: &str) -> usize {
    grapheme.width()
}

/// Splits `text[range]` into rows of at most `width` columns, appending absolute byte
/// ranges to `rows`. Breaks after spaces, around wide (CJK) characters, at newlines, and
/// inside a word only when the word alone is wider than a row. Always yields at least one
/// row, and every row but an empty input's holds at least one grapheme, so a width of 1
/// still makes progress.
pub fn wrap_into(text: &str, range: Range<usize>, width: usize, rows: &mut Vec<Range<usize>>) {
    let width = width.max(1);
    let Some(slice) = text.get(range.clone()) else {
        rows.push(range.start..range.start);
        return;
    };
    let before = rows.len();
    if slice.is_ascii() {
        wrap_ascii(slice.as_bytes(), range.start, width, rows);
    } else {
        wrap_graphemes(slice, range.start, width, rows);
    }
    if rows.len() == before {
        rows.push(range.start..range.start);
    }
}

/// Row breaking shared by both paths: feed graphemes, get rows.
struct Breaker<'r> {
    rows: &'r mut Vec<Range<usize>>,
    width: usize,
    line_start: usize,
    column: usize,
    /// Where the current row may be broken, and the column at that point.
    last_break: Option<(usize, usize)>,
}

impl Breaker<'_> {
    fn push(&mut self, at: usize, len: usize, w: usize, space: bool, newline: bool) {
        if newline {
            self.rows.push(self.line_start..at);
            self.line_start = at + len;
            self.column = 0;
            self.last_break = None;
            return;
        }
        if space && self.column + w > self.width {
            // A space that overflows ends the row and hangs off it.
            self.rows.push(self.line_start..at + len);
            self.line_start = at + len;
            self.column = 0;
            self.last_break = None;
            return;
        }
        if w == 2 {
            self.last_break = Some((at, self.column));
        }
        while self.column + w > self.width && self.column > 0 {
            match self.last_break.take() {
                Some((point, column)) if point > self.line_start => {
                    self.rows.push(self.line_start..point);
                    self.line_start = point;
                    self.column = self.column.saturating_sub(column);
                }
                _ => {
                    self.rows.push(self.line_start..at);
                    self.line_start = at;
                    self.column = 0;
                }
            }
        }
        self.column += w;
        if space || w == 2 {
            self.last_break = Some((at + len, self.column));
        }
    }

    fn finish(self, end: usize) {
        if self.line_start < end {
            self.rows.push(self.line_start..end);
        }
    }
}

/// The same rows as [`Breaker`] gives for ASCII, a word at a time: every byte is one
/// column, so a word either fits or is moved or cut whole. This is what keeps the
/// first frame of a very long (mostly ASCII) article quick.
fn wrap_ascii(bytes: &[u8], base: usize, width: usize, rows: &mut Vec<Range<usize>>) {
    let end = bytes.len();
    let mut line_start = 0;
    let mut column = 0;
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'\n' => {
                rows.push(base + line_start..base + at);
                line_start = at + 1;
                column = 0;
                at += 1;
            }
            b' ' => {
                if column + 1 > width {
                    rows.push(base + line_start..base + at + 1);
                    line_start = at + 1;
                    column = 0;
                } else {
                    column += 1;
                }
                at += 1;
            }
            _ => {
                let word_end = bytes[at..]
                    .iter()
                    .position(|&b| b == b' ' || b == b'\n')
                    .map_or(end, |n| at + n);
                let mut len = word_end - at;
                if column + len > width {
                    if column > 0 {
                        rows.push(base + line_start..base + at);
                        line_start = at;
                    }
                    while len > width {
                        rows.push(base + line_start..base + line_start + width);
                        line_start += width;
                        len -= width;
                    }
                    column = len;
                } else {
                    column += len;
                }
                at = word_end;
            }
        }
    }
    if line_start < end {
        rows.push(base + line_start..base + end);
    }
}

fn wrap_graphemes(slice: &str, base: usize, width: usize, rows: &mut Vec<Range<usize>>) {
    let mut breaker = Breaker {
        rows,
        width,
        line_start: base,
        column: 0,
        last_break: None,
    };
    let mut i = 0;
    while i < slice.len() {
        let len = grapheme_len_at(slice, i);
        let g = &slice[i..i + len];
        let newline = g == "\n" || g == "\r\n";
        let space = !newline && g.chars().all(char::is_whitespace);
        let w = if newline { 0 } else { grapheme_width(g).min(2) };
        breaker.push(base + i, len, w, space, newline);
        i += len;
    }
    breaker.finish(base + slice.len());
}

/// Length of the grapheme cluster starting at byte `at`. Between two ASCII characters
/// there is always a cluster boundary (UAX #29) except inside CR LF, so the segmenter,
/// the slowest part of wrapping, only runs where the text is not ASCII: mostly-English
/// articles with a few curly quotes wrap almost as fast as pure ASCII.
fn grapheme_len_at(slice: &str, at: usize) -> usize {
    let bytes = slice.as_bytes();
    let ascii_pair = bytes[at].is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii);
    if ascii_pair && !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')) {
        return 1;
    }
    slice[at..].graphemes(true).next().map_or(1, str::len)
}

/// The byte offset in `text[row]` whose grapheme covers display `column`: the inverse
/// of [`column_of`], used by vertical moves and mouse clicks.
pub fn offset_at_column(text: &str, row: Range<usize>, column: usize) -> usize {
    let Some(slice) = text.get(row.clone()) else {
        return row.start;
    };
    let mut x = 0;
    let mut last = row.start;
    for (i, g) in slice.grapheme_indices(true) {
        let w = grapheme_width(g);
        if g.chars().all(char::is_whitespace) && i + g.len() == slice.len() && i > 0 {
            // The hanging space at a row's end belongs to the break, not the text.
            break;
        }
        last = row.start + i;
        if x + w > column {
            return last;
        }
        x += w;
    }
    last
}

/// Display column of `offset` within `text[row]`.
pub fn column_of(text: &str, row: Range<usize>, offset: usize) -> usize {
    let end = offset.clamp(row.start, row.end);
    text.get(row.start..end)
        .map(|s| s.graphemes(true).map(grapheme_width).sum())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<&str> {
        let mut rows = Vec::new();
        wrap_into(text, 0..text.len(), width, &mut rows);
        rows.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_after_spaces() {
        assert_eq!(
            wrap("the cat sat on the mat", 8),
            ["the cat ", "sat on ", "the mat"]
        );
    }

    #[test]
    fn long_words_are_cut() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab abcdefghij", 4), ["ab ", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_never_overflow() {
        let rows = wrap("東京都の知事は火曜日に述べた。", 7);
        for row in &rows {
            assert!(row.width() <= 7, "{row:?}");
        }
        assert_eq!(rows.concat(), "東京都の知事は火曜日に述べた。");
    }

    #[test]
    fn emoji_sequences_stay_whole() {
        let text = "a 👩‍👩‍👧 b 🇫🇷 c";
        let rows = wrap(text, 3);
        assert_eq!(rows.concat(), text);
        for row in rows {
            assert!(row.graphemes(true).count() >= 1);
        }
    }

    #[test]
    fn width_one_makes_progress() {
        assert_eq!(wrap("日本", 1), ["日", "本"]);
        assert_eq!(wrap("", 1), [""]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    proptest::proptest! {
        /// The word-at-a-time ASCII path and the grapheme path agree on every input.
        #[test]
        fn ascii_fast_path_matches_graphemes(text in "[ab \n]{0,60}", width in 1usize..12) {
            let mut fast = Vec::new();
            wrap_ascii(text.as_bytes(), 3, width, &mut fast);
            let mut slow = Vec::new();
            wrap_graphemes(&text, 3, width, &mut slow);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    /// Rows from the segmenter alone, one cluster at a time: what the shortcut in
    /// [`grapheme_len_at`] must reproduce.
    fn wrap_every_grapheme(slice: &str, width: usize) -> Vec<Range<usize>> {
        let mut rows = Vec::new();
        let mut breaker = Breaker {
            rows: &mut rows,
            width,
            line_start: 0,
            column: 0,
            last_break: None,
        };
        for (i, g) in slice.grapheme_indices(true) {
            let newline = g == "\n" || g == "\r\n";
            let space = !newline && g.chars().all(char::is_whitespace);
            let w = if newline { 0 } else { grapheme_width(g).min(2) };
            breaker.push(i, g.len(), w, space, newline);
        }
        breaker.finish(slice.len());
        rows
    }

    proptest::proptest! {
        /// Mixed text with combining marks, ZWJ sequences, flags, CJK and CR LF.
        #[test]
        fn ascii_shortcut_matches_the_segmenter(
            text in "(a|b| |\n|\r\n|\r|e\u{301}|\u{301}|👩\u{200D}👧|🇬🇧|東|’){0,40}",
            width in 1usize..12,
        ) {
            let mut rows = Vec::new();
            wrap_graphemes(&text, 0, width, &mut rows);
            proptest::prop_assert_eq!(rows, wrap_every_grapheme(&text, width));
        }
    }

    #[test]
    fn columns_round_trip() {
        let text = "ab東京cd";
        assert_eq!(column_of(text, 0..text.len(), 5), 4);
        assert_eq!(offset_at_column(text, 0..text.len(), 3), 2);
        assert_eq!(offset_at_column(text, 0..text.len(), 99), text.len() - 1);
    }
}
