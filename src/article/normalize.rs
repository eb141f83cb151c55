//! Text normalisation applied to every input before anything else looks at it.
//!
//! The rules keep what a reader sees (letters, curly quotes, dashes, emoji) and drop
//! what only confuses offsets or the terminal: CR, control characters (which could
//! otherwise reach the terminal as escape sequences), bidi overrides (which can make
//! text read differently from how it is stored), soft hyphens and stray zero-width
//! characters. Normalising twice gives the same result as normalising once.

const TAB_WIDTH: usize = 4;
const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// Normalises a whole document, keeping line structure (single `\n` line ends).
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for (index, line) in split_lines(input).enumerate() {
        if index > 0 {
            out.push('\n');
        }
        normalize_line_into(line, &mut out);
    }
    out
}

/// Normalises one line of text (a title, a meta tag value): any line break becomes a space.
pub fn normalize_inline(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for line in split_lines(input) {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        normalize_line_into(line, &mut out);
    }
    out.trim().to_string()
}

/// The first LF, CR, U+2028 or U+2029 in `text`. A SIMD scan for their first bytes
/// (0xE2 leads both separators); a char-set `find` decodes every character and was a
/// tenth of the time it takes to load a long article.
fn find_line_break(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[from..]) {
        let at = from + found;
        if bytes[at] != 0xE2 || matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xA8 | 0xA9])) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Splits on LF, CRLF, lone CR and the Unicode line and paragraph separators.
fn split_lines(input: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(input);
    std::iter::from_fn(move || {
        let text = rest?;
        match find_line_break(text) {
            Some(at) => {
                let separator_len = if text[at..].starts_with("\r\n") {
                    2
                } else {
                    text[at..].chars().next().map_or(1, char::len_utf8)
                };
                rest = Some(&text[at + separator_len..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

fn normalize_line_into(line: &str, out: &mut String) {
    let line_start = out.len();
    let mut column = 0usize;
    let mut previous: Option<char> = None;
    let visible_ascii = |b: &u8| (0x21..=0x7E).contains(b);
    let mut at = 0;
    while at < line.len() {
        // Runs of visible ASCII need no per-character decision: copy them whole, which
        // keeps loading a many-megabyte article within the reader's first-frame budget.
        let run = line.as_bytes()[at..]
            .iter()
            .position(|b| !visible_ascii(b))
            .unwrap_or(line.len() - at);
        if run > 0 {
            out.push_str(&line[at..at + run]);
            column += run;
            previous = line[..at + run].chars().next_back();
            at += run;
            continue;
        }
        let Some(c) = line[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        let next = line[at..].chars().next();
        let emitted = match c {
            '\t' => {
                let spaces = TAB_WIDTH - column % TAB_WIDTH;
                for _ in 0..spaces {
                    push_space(out, line_start);
                }
                column += spaces;
                previous = Some(' ');
                continue;
            }
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            ZERO_WIDTH_JOINER => {
                let joins_emoji =
                    previous.is_some_and(is_emoji_like) && next.is_some_and(is_emoji_like);
                if !joins_emoji {
                    continue;
                }
                c
            }
            c if is_dropped(c) => continue,
            c => c,
        };
        if emitted == ' ' {
            push_space(out, line_start);
        } else {
            out.push(emitted);
        }
        column += 1;
        previous = Some(emitted);
    }
    while out.len() > line_start && out.ends_with(' ') {
        out.pop();
    }
}

/// Collapses runs of spaces and never starts a line with one.
fn push_space(out: &mut String, line_start: usize) {
    if out.len() > line_start && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Text that is safe to print to a terminal: every control or bidi character (except
/// line feeds, and a carriage return right before one, which only ends the line) is
/// shown as `\u{…}` instead of being sent, so file names and other strings that did not
/// go through [`normalize`] cannot carry escape sequences.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_at = |at: usize, c: char| {
        c != '\n' && is_dropped(c) && !(c == '\r' && text[at + 1..].starts_with('\n'))
    };
    if !text.char_indices().any(|(at, c)| unsafe_at(at, c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        if unsafe_at(at, c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters that never survive normalisation.
pub fn is_dropped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' // soft hyphen
                | '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' // zero-width space, ZWNJ, word joiner, BOM
                | '\u{200E}' | '\u{200F}' | '\u{061C}' // directional marks
                | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
                | '\u{2066}'..='\u{2069}' // bidi isolates
                | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation controls
        )
}

/// Pictographs and the modifiers that take part in ZWJ emoji sequences.
fn is_emoji_like(c: char) -> bool {
    matches!(c,
        '\u{2600}'..='\u{27BF}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{FE0F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_becomes_a_newline() {
        assert_eq!(
            normalize("a\u{2028}b\u{2029}c\r\nd\re\u{2014}f\u{20AC}"),
            "a\nb\nc\nd\ne\u{2014}f\u{20AC}"
        );
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(normalize("a\r\nb\rc\nd\u{2028}e"), "a\nb\nc\nd\ne");
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(
            normalize("a\u{1b}[31mb\u{7}\u{202E}c\u{2067}d\u{85}"),
            "a[31mbcd"
        );
    }

    #[test]
    fn tabs_expand_and_spaces_collapse() {
        assert_eq!(normalize("a\tb   c\u{00A0}\u{00A0}d  "), "a b c d");
        assert_eq!(normalize("\t  indented"), "indented");
    }

    #[test]
    fn soft_hyphens_and_zero_width_characters_go() {
        assert_eq!(normalize("co\u{00AD}op\u{200B}er\u{FEFF}ate"), "cooperate");
    }

    #[test]
    fn zwj_survives_only_inside_emoji_sequences() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(normalize(family), family);
        assert_eq!(normalize("a\u{200D}b"), "ab");
    }

    #[test]
    fn letters_quotes_and_dashes_stay() {
        let text = "“Café” — naïve ‘quote’ – 東京 é";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn terminal_safe_shows_escapes_instead_of_sending_them() {
        assert_eq!(terminal_safe("ok\nfine"), "ok\nfine");
        assert_eq!(
            terminal_safe("a\u{1b}]0;x\u{7}b\u{202E}"),
            "a\\u{1b}]0;x\\u{7}b\\u{202e}"
        );
        assert_eq!(
            terminal_safe("line\r\nnext\rover"),
            "line\r\nnext\\u{d}over"
        );
    }

    #[test]
    fn inline_joins_lines_with_spaces() {
        assert_eq!(normalize_inline("  Two\r\nlines \n"), "Two lines");
    }
}
