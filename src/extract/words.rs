//! A light word tokenizer for rule-based extraction (sentences, claim cues).
//!
//! It keeps abbreviations with their dots ("U.S.", "a.m.") and contractions whole
//! ("didn't"), because the rules downstream look for exactly those shapes.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// `"`, `“`, `”`, and `'`/`‘`/`’` when they stand alone.
    Quote,
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range into the tokenized text.
    pub span: Range<usize>,
    pub kind: TokenKind,
    /// Lowercased text, for matching.
    pub lower: String,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.clone()]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Starts with an uppercase letter (or a digit, for names like "3M").
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Splits `text` into words, quotes and punctuation, with byte ranges. Walks the text by
/// byte offset with a few characters of lookahead, so a megabyte-long paragraph costs no
/// more than its tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let at = |k: usize| text.get(k..).and_then(|rest| rest.chars().next());
    let alnum_at = |k: usize| at(k).is_some_and(char::is_alphanumeric);
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + c.len_utf8();
            while let Some(d) = at(j) {
                let after = j + d.len_utf8();
                // "U.S.-backed": a dot may lead into a hyphenated continuation.
                let dot_then_hyphen = d == '.' && at(after) == Some('-') && alnum_at(after + 1);
                // "1,200": a comma between digits is part of the number.
                let comma_in_number = d == ','
                    && text[..j].ends_with(|p: char| p.is_ascii_digit())
                    && at(after).is_some_and(|n| n.is_ascii_digit());
                let joins = d.is_alphanumeric()
                    || is_combining_mark(d)
                    || (matches!(d, '-' | '.' | '&') && alnum_at(after))
                    || comma_in_number
                    || dot_then_hyphen
                    || (is_apostrophe(d) && alnum_at(after));
                if !joins {
                    break;
                }
                j = after;
            }
            // Abbreviations keep their final dot: "U.S." and "a.m." (letters separated by dots).
            let end = if at(j) == Some('.') && is_dotted_abbreviation(&text[i..j]) {
                j + 1
            } else {
                j
            };
            push(&mut tokens, text, start..end, TokenKind::Word);
            i = end;
            continue;
        }
        let end = i + c.len_utf8();
        let kind = if is_quote(c) {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        push(&mut tokens, text, start..end, kind);
        i = end;
    }
    tokens
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// "U.S", "a.m", "e.g": single letters joined by dots.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().enumerate().all(|(k, c)| {
            if k % 2 == 0 {
                c.is_alphabetic()
            } else {
                c == '.'
            }
        })
}

fn push(tokens: &mut Vec<Token>, text: &str, span: Range<usize>, kind: TokenKind) {
    let lower = text[span.clone()].to_lowercase().replace('’', "'");
    tokens.push(Token { span, kind, lower });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn keeps_abbreviations_contractions_and_compounds_whole() {
        assert_eq!(
            words("The U.S. didn't sign; a U.S.-backed plan at 9 a.m. isn’t new."),
            [
                "The",
                "U.S.",
                "didn't",
                "sign",
                ";",
                "a",
                "U.S.-backed",
                "plan",
                "at",
                "9",
                "a.m.",
                "isn’t",
                "new",
                "."
            ]
        );
    }

    #[test]
    fn quotes_are_their_own_tokens() {
        let tokens = tokenize("“Fair,” she said.");
        let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Quote,
                TokenKind::Word,
                TokenKind::Punct,
                TokenKind::Quote,
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Punct
            ]
        );
        assert_eq!(tokens[4].lower, "she");
    }

    #[test]
    fn non_latin_scripts_and_emoji_do_not_panic() {
        assert_eq!(
            words("東京 مرحبا 👍🏽 Zoë"),
            ["東京", "مرحبا", "👍", "🏽", "Zoë"]
        );
    }
}
