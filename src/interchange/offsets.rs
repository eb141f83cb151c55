//! The one place offsets change unit. Sidecars count code points; doccano counts UTF-16
//! code units by default (JavaScript string indices) or graphemes when its project says
//! so, and Label Studio counts UTF-16 units always. A file read in one unit but written
//! in another shifts every span after the first emoji, so reading checks each span and
//! reports what it cannot trust instead of placing it somewhere else.

use std::fmt;

use unicode_segmentation::UnicodeSegmentation;

/// What an offset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    CodePoint,
    #[default]
    Utf16,
    Grapheme,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::CodePoint, Unit::Utf16, Unit::Grapheme];

    /// As `--offsets` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::CodePoint => "codepoint",
            Unit::Utf16 => "utf16",
            Unit::Grapheme => "grapheme",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::CodePoint => "code points",
            Unit::Utf16 => "UTF-16",
            Unit::Grapheme => "graphemes",
        })
    }
}

/// One text's offsets in every unit, built once per record.
pub struct Offsets {
    chars: Vec<char>,
    /// UTF-16 offset of each code point offset, the length at the end.
    utf16: Vec<usize>,
    /// Code point offset of each grapheme boundary, the length at the end.
    graphemes: Vec<usize>,
    /// Code point offset of each word boundary (Unicode's, where each ideograph is a
    /// word of its own), the length at the end.
    words: Vec<usize>,
}

impl Offsets {
    pub fn new(text: &str) -> Offsets {
        let chars: Vec<char> = text.chars().collect();
        let mut utf16 = Vec::with_capacity(chars.len() + 1);
        let mut at = 0;
        for c in &chars {
            utf16.push(at);
            at += c.len_utf16();
        }
        utf16.push(at);
        let mut graphemes = Vec::new();
        let mut at = 0;
        for grapheme in text.graphemes(true) {
            graphemes.push(at);
            at += grapheme.chars().count();
        }
        graphemes.push(at);
        let mut words = Vec::new();
        let mut at = 0;
        for word in text.split_word_bounds() {
            words.push(at);
            at += word.chars().count();
        }
        words.push(at);
        Offsets {
            chars,
            utf16,
            graphemes,
            words,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.chars.len()
    }

    /// The offset in `unit` of a code point offset; `None` past the end or inside a
    /// grapheme when counting graphemes.
    pub fn from_code_point(&self, unit: Unit, at: usize) -> Option<usize> {
        match unit {
            Unit::CodePoint => (at <= self.chars.len()).then_some(at),
            Unit::Utf16 => self.utf16.get(at).copied(),
            Unit::Grapheme => self.graphemes.binary_search(&at).ok(),
        }
    }

    /// The code point offset of an offset in `unit`; `None` past the end or between the
    /// two halves of a surrogate pair.
    pub fn to_code_point(&self, unit: Unit, at: usize) -> Option<usize> {
        match unit {
            Unit::CodePoint => (at <= self.chars.len()).then_some(at),
            Unit::Utf16 => self.utf16.binary_search(&at).ok(),
            Unit::Grapheme => self.graphemes.get(at).copied(),
        }
    }

    /// The text of a code point range (callers pass ranges within the text).
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end.max(start))
            .map(|chars| chars.iter().collect())
            .unwrap_or_default()
    }

    /// Whether a span starts and ends between words, on a word and not on a space: one
    /// that cuts a word or takes in a space at either end was almost always counted in
    /// another unit.
    fn whole_words(&self, (start, end): (usize, usize)) -> bool {
        let edge = |at: &usize| self.words.binary_search(at).is_ok();
        let solid = |at: usize| self.chars.get(at).is_some_and(|c| !c.is_whitespace());
        start < end && edge(&start) && edge(&end) && solid(start) && solid(end - 1)
    }

    /// A span counted in `unit` as code points, or why not: outside the text, or
    /// splitting a character (between the halves of a surrogate pair).
    pub fn convert(
        &self,
        unit: Unit,
        (start, end): (usize, usize),
        what: &str,
    ) -> Result<(usize, usize), String> {
        self.to_code_point(unit, start)
            .zip(self.to_code_point(unit, end))
            .filter(|(s, e)| s <= e)
            .ok_or_else(|| {
                format!(
                    "{what} offsets {start}..{end} ({unit}) are outside the text or split a character; not imported"
                )
            })
    }

    /// A span whose file quotes its text (Label Studio's `value.text`): the text at its
    /// offsets must be the quote, else the offsets were counted in another unit or
    /// another text, and the span is refused with both texts.
    pub fn quoted(
        &self,
        unit: Unit,
        range: (usize, usize),
        quote: &str,
        what: &str,
    ) -> Result<(usize, usize), String> {
        let span = self.convert(unit, range, what)?;
        let found = self.slice(span.0, span.1);
        match found == quote {
            true => Ok(span),
            false => Err(quote_differs(what, range, unit, &found, quote)),
        }
    }

    /// A span whose file carries no quote (doccano, spaCy): besides converting, one
    /// that cuts a word at either end where another unit gives whole words is refused
    /// as counted in that unit. `option` says how to declare the unit, when the format
    /// lets one be declared. A span that cuts words in every unit is left to the
    /// import's own check against the article.
    pub fn span(
        &self,
        unit: Unit,
        range: (usize, usize),
        what: &str,
        option: &str,
    ) -> Result<(usize, usize), String> {
        let converted = self.convert(unit, range, what);
        if converted.as_ref().is_ok_and(|&span| self.whole_words(span)) {
            return converted;
        }
        let elsewhere = Unit::ALL.into_iter().filter(|&u| u != unit).find_map(|u| {
            let other = self
                .to_code_point(u, range.0)
                .zip(self.to_code_point(u, range.1))?;
            (converted.as_ref() != Ok(&other) && self.whole_words(other)).then_some((u, other))
        });
        let Some((other, whole)) = elsewhere else {
            return converted;
        };
        let as_declared = match converted {
            Ok((start, end)) => format!("cut {:?}", crate::terminal_safe(&self.slice(start, end))),
            Err(_) => "split a character or fall outside the text".to_string(),
        };
        Err(format!(
            "{what} offsets {}..{} look like {other}, not {unit}{option}: as {unit} they {as_declared}, as {other} they hold {:?}; not imported",
            range.0,
            range.1,
            crate::terminal_safe(&self.slice(whole.0, whole.1))
        ))
    }
}

/// Why a quoted span was refused, with the text at its offsets and the file's quote.
pub fn quote_differs(
    what: &str,
    (start, end): (usize, usize),
    unit: Unit,
    found: &str,
    quote: &str,
) -> String {
    format!(
        "{what} offsets {start}..{end} ({unit}) hold {:?} in the text, but the file quotes {:?}; not imported",
        crate::terminal_safe(found),
        crate::terminal_safe(quote)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a👍🏽 b 👨\u{200d}👩\u{200d}👧 東京";

    #[test]
    fn every_unit_maps_back_to_the_same_code_point() {
        let offsets = Offsets::new(TEXT);
        for unit in Unit::ALL {
            for cp in 0..=offsets.len_chars() {
                if let Some(at) = offsets.from_code_point(unit, cp) {
                    assert_eq!(offsets.to_code_point(unit, at), Some(cp), "{unit} {cp}");
                }
            }
        }
        // 👍🏽 is two code points, four UTF-16 units and one grapheme.
        assert_eq!(offsets.from_code_point(Unit::Utf16, 3), Some(5));
        assert_eq!(offsets.from_code_point(Unit::Grapheme, 3), Some(2));
        assert_eq!(offsets.from_code_point(Unit::Grapheme, 2), None);
        assert_eq!(
            offsets.to_code_point(Unit::Utf16, 2),
            None,
            "a surrogate half"
        );
    }

    #[test]
    fn a_span_that_cuts_words_where_another_unit_does_not_is_refused() {
        let offsets = Offsets::new("👍🏽 of the Harbour Trust");
        // Code points 10..23 are "Harbour Trust"; read as UTF-16 they cut "e Harbour Tru".
        let problem = offsets.span(Unit::Utf16, (10, 23), "span 1", " (--offsets)");
        assert!(
            problem
                .as_ref()
                .is_err_and(|p| p.contains("look like code points, not UTF-16 (--offsets)")),
            "{problem:?}"
        );
        assert_eq!(offsets.span(Unit::Utf16, (12, 25), "", ""), Ok((10, 23)));
        assert!(
            offsets.span(Unit::Utf16, (3, 25), "", "").is_err(),
            "a surrogate half"
        );
        // A span that cuts words in every unit is left to the quote check.
        assert_eq!(offsets.span(Unit::Utf16, (13, 25), "", ""), Ok((11, 23)));
        assert!(offsets.span(Unit::CodePoint, (0, 99), "", "").is_err());
        assert_eq!(
            offsets.quoted(Unit::Utf16, (12, 25), "Harbour Trust", ""),
            Ok((10, 23))
        );
        assert!(
            offsets
                .quoted(Unit::CodePoint, (11, 23), "Harbour Trust", "region r1")
                .is_err_and(|p| p.contains("\"arbour Trust\"") && p.contains("region r1"))
        );
    }
}
