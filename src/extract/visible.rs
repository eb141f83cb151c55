//! The text the detectors read: an article taken as given (`--no-clean`) keeps its
//! carriage returns, soft hyphens, no-break spaces and zero-width characters, which a
//! reader never sees but which cut a name in two for the tokenizers ("Dun­more" is
//! three tokens, "Ines Okafor" with a no-break space is one). The detectors run on the
//! text a person sees, and what they find is mapped back onto the given text, so every
//! offset still points into it.

use std::borrow::Cow;
use std::ops::Range;

use crate::article::normalize::is_dropped;

/// The text as a person sees it, with the way back to the text it came from.
pub struct Visible<'a> {
    raw: &'a str,
    text: Cow<'a, str>,
    /// `(visible, raw)`: from the character at byte `visible` of the visible text on, up
    /// to the next entry, a character starts `raw - visible` bytes further into the raw
    /// text. Sorted.
    shifts: Vec<(usize, usize)>,
}

/// What a character of the given text becomes: `None` when a reader does not see it.
fn seen_as(c: char, next: Option<char>) -> Option<char> {
    match c {
        '\r' if next == Some('\n') => None,
        '\r' => Some('\n'),
        '\n' | '\t' => Some(c),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(' '),
        '\u{200D}' => None,
        c if is_dropped(c) => None,
        c => Some(c),
    }
}

fn changes(c: char) -> bool {
    seen_as(c, None) != Some(c)
}

impl<'a> Visible<'a> {
    pub fn new(raw: &'a str) -> Visible<'a> {
        let printable = |b: &u8| (0x20..0x7F).contains(b) || matches!(b, b'\n' | b'\t');
        if raw.bytes().all(|b| printable(&b)) || !raw.chars().any(changes) {
            return Visible {
                raw,
                text: Cow::Borrowed(raw),
                shifts: Vec::new(),
            };
        }
        let mut text = String::with_capacity(raw.len());
        let mut shifts = Vec::new();
        let mut shift = 0;
        let mut chars = raw.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|&(_, next)| next);
            let Some(seen) = seen_as(c, next) else {
                continue;
            };
            // Nothing becomes longer than it was, so `here` never goes below zero.
            let here = at - text.len();
            if here != shift {
                shifts.push((text.len(), at));
                shift = here;
            }
            text.push(seen);
        }
        if raw.len() - text.len() != shift {
            shifts.push((text.len(), raw.len()));
        }
        Visible {
            raw,
            text: Cow::Owned(text),
            shifts,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the character at byte `at` of the visible text is in the raw text.
    fn raw_start(&self, at: usize) -> usize {
        let after = self.shifts.partition_point(|&(visible, _)| visible <= at);
        match after.checked_sub(1).map(|index| self.shifts[index]) {
            Some((visible, raw)) => raw + (at - visible),
            None => at,
        }
    }

    /// The raw text's range holding the characters of `range` of the visible text:
    /// from its first character to the end of its last, so a range takes in none of the
    /// invisible characters just outside it, except the joiners that are part of its last.
    pub fn raw_range(&self, range: &Range<usize>) -> Range<usize> {
        if matches!(self.text, Cow::Borrowed(_)) {
            return range.clone();
        }
        let start = self.raw_start(range.start);
        let Some(last) = self
            .text
            .get(..range.end)
            .and_then(|before| before.char_indices().next_back())
            .map(|(at, _)| at)
            .filter(|&at| at >= range.start && range.start < range.end)
        else {
            return start..start;
        };
        let last = self.raw_start(last);
        let last_len = self.raw[last..].chars().next().map_or(0, char::len_utf8);
        let end = last + last_len;
        // A zero-width joiner or non-joiner belongs to the character before it (UAX #29),
        // so a range ending just before one would cut that character in two.
        let joiners = self.raw[end..]
            .chars()
            .take_while(|&c| matches!(c, '\u{200C}' | '\u{200D}'))
            .map(char::len_utf8)
            .sum::<usize>();
        start..end + joiners
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_of<'a>(raw: &'a str, visible: &Visible, word: &str) -> &'a str {
        let at = visible.text().find(word).unwrap();
        &raw[visible.raw_range(&(at..at + word.len()))]
    }

    #[test]
    fn plain_text_is_read_as_it_is() {
        let raw = "Ana Ruiz said so.\n\nThe end — 東京.";
        let visible = Visible::new(raw);
        assert_eq!(visible.text(), raw);
        assert_eq!(visible.raw_range(&(4..8)), 4..8);
    }

    #[test]
    fn ranges_come_back_onto_the_raw_text() {
        let raw = "\u{200B}The Dun\u{00AD}more\u{00A0}Trust\u{FEFF} said\r\n\r\nIt will re\u{00AD}open.\r";
        let visible = Visible::new(raw);
        assert_eq!(
            visible.text(),
            "The Dunmore Trust said\n\nIt will reopen.\n"
        );
        assert_eq!(
            raw_of(raw, &visible, "Dunmore Trust"),
            "Dun\u{00AD}more\u{00A0}Trust"
        );
        assert_eq!(raw_of(raw, &visible, "The"), "The");
        assert_eq!(raw_of(raw, &visible, "said"), "said");
        assert_eq!(raw_of(raw, &visible, "reopen."), "re\u{00AD}open.");
        let end = visible.text().len();
        assert_eq!(&raw[visible.raw_range(&(end - 1..end))], "\r");
        assert_eq!(visible.raw_range(&(3..3)), 6..6);
    }

    #[test]
    fn a_range_never_cuts_a_character_from_its_joiner() {
        let raw = "Kirkwall\u{200C} and Orkney";
        assert_eq!(
            raw_of(raw, &Visible::new(raw), "Kirkwall"),
            "Kirkwall\u{200C}"
        );
    }

    proptest::proptest! {
        #[test]
        fn every_range_maps_inside_the_raw_text_on_char_boundaries(
            raw in "(a|é|\u{00AD}|\u{200B}|\u{00A0}|\r|\n| |東|\u{200D}|\u{1b}){0,40}",
            from in 0usize..60,
            len in 0usize..60,
        ) {
            let visible = Visible::new(&raw);
            let text = visible.text();
            let mut start = from.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            let range = visible.raw_range(&(start..end));
            proptest::prop_assert!(range.start <= range.end && range.end <= raw.len());
            let slice = raw.get(range).expect("char boundaries");
            let again = Visible::new(slice);
            proptest::prop_assert_eq!(again.text(), &text[start..end]);
        }
    }
}
