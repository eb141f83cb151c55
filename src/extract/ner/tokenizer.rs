//! spaCy's English tokenizer (3.8), rule for rule, so that the model sees the
//! tokens it was trained on.
//!
//! The algorithm follows `spacy/tokenizer.pyx`: split on whitespace (a single
//! `' '` after a token is swallowed, other whitespace becomes tokens), then for
//! each chunk apply special cases, or strip prefixes and suffixes in a loop,
//! then match URLs or split on infixes; finally re-apply the special cases whose
//! text the affix rules split (spaCy's `_special_matcher`). The rules come from
//! `data/ner/tokenizer.json`, written by `tools/convert_spacy_ner.py`.

use std::collections::HashMap;

use super::affix::{AffixSearch, Guarded};
use super::data::TokenizerData;
use super::lexeme::Lexicon;

/// One token: a byte range of the input and, for special-case tokens such as
/// the "n't" of "don't", the NORM that the special case sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// String id of the special case's NORM; `None` means the lexeme's own norm.
    pub norm: Option<u64>,
}

/// One piece of a special case: its length in bytes and its NORM string id.
#[derive(Debug, Clone)]
struct Piece {
    len: usize,
    norm: Option<u64>,
}

pub struct Tokenizer {
    prefix: AffixSearch,
    suffix: AffixSearch,
    infix: Guarded,
    url: Guarded,
    specials: HashMap<String, Vec<Piece>>,
    /// Longest special case in bytes: longer strings skip the lookup, which
    /// would otherwise hash a huge token once per affix split off it.
    longest_special: usize,
    /// Special cases the affix rules would split, keyed by the first token of
    /// that split; the value holds the full token texts of each such case.
    matcher: HashMap<String, Vec<Vec<String>>>,
}

/// Python's `str.isspace`: Unicode White_Space plus the four ASCII
/// information separators, which Python counts as whitespace and Rust does not.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Rewrites Python `re` syntax that fancy-regex reads differently: Python
/// allows any punctuation to be escaped and treats `(?u)` as a no-op.
fn python_pattern(pattern: &str) -> String {
    let pattern = pattern.strip_prefix("(?u)").unwrap_or(pattern);
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ ('\'' | '"' | '`' | '!' | ',' | ':' | ';' | '<' | '>' | '=' | '@' | '%')) => {
                out.push(e)
            }
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn compile(pattern: &str) -> Guarded {
    Guarded::new(&python_pattern(pattern)).expect("tokenizer pattern from data/ner compiles")
}

impl Tokenizer {
    pub(crate) fn new(data: &TokenizerData, lexicon: &Lexicon) -> Tokenizer {
        let specials = data
            .specials
            .iter()
            .map(|(key, pieces)| {
                let pieces = pieces
                    .iter()
                    .map(|(orth, norm)| Piece {
                        len: orth.len(),
                        norm: norm.as_deref().map(|n| lexicon.id(n)),
                    })
                    .collect();
                (key.clone(), pieces)
            })
            .collect();
        let mut matcher: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for split in data.matcher.values() {
            if let Some(first) = split.first() {
                matcher
                    .entry(first.clone())
                    .or_default()
                    .push(split.clone());
            }
        }
        let longest_special = data.specials.keys().map(String::len).max().unwrap_or(0);
        Tokenizer {
            longest_special,
            prefix: AffixSearch::new(&python_pattern(&data.prefix), false)
                .expect("prefix patterns from data/ner compile"),
            suffix: AffixSearch::new(&python_pattern(&data.suffix), true)
                .expect("suffix patterns from data/ner compile"),
            infix: compile(&data.infix),
            url: compile(&data.url),
            specials,
            matcher,
        }
    }

    /// Tokenizes `text`; token ranges are byte offsets into it.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        let Some(&(_, first)) = chars.peek() else {
            return tokens;
        };
        let mut in_ws = is_space(first);
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if is_space(c) != in_ws {
                if start < i {
                    self.chunk(text, start, i, &mut tokens);
                }
                start = if c == ' ' { i + 1 } else { i };
                in_ws = !in_ws;
            }
        }
        if start < text.len() {
            self.chunk(text, start, text.len(), &mut tokens);
        }
        self.apply_matcher(text, &mut tokens);
        tokens
    }

    fn is_special(&self, key: &str) -> bool {
        key.len() <= self.longest_special && self.specials.contains_key(key)
    }

    fn push_special(&self, key: &str, start: usize, tokens: &mut Vec<Token>) -> bool {
        if key.len() > self.longest_special {
            return false;
        }
        let Some(pieces) = self.specials.get(key) else {
            return false;
        };
        let mut at = start;
        for piece in pieces {
            tokens.push(Token {
                start: at,
                end: at + piece.len,
                norm: piece.norm,
            });
            at += piece.len;
        }
        true
    }

    fn find_prefix(&self, s: &str) -> usize {
        self.prefix.find(s)
    }

    fn find_suffix(&self, s: &str) -> usize {
        self.suffix.find(s)
    }

    /// Tokenizes one whitespace-delimited chunk `text[start..end]`
    /// (spaCy's `_try_specials_and_cache`, `_split_affixes` and `_attach_tokens`).
    fn chunk(&self, text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
        let whole = &text[start..end];
        if self.push_special(whole, start, out) {
            return;
        }
        let special = |s: &str| self.is_special(s);
        let (mut lo, mut hi) = (start, end);
        let mut prefixes: Vec<(usize, usize)> = Vec::new();
        let mut suffixes: Vec<(usize, usize)> = Vec::new();
        let mut last_size = usize::MAX;
        while lo < hi && hi - lo != last_size {
            let s = &text[lo..hi];
            if special(s) {
                break;
            }
            last_size = hi - lo;
            let pre_len = self.find_prefix(s);
            if pre_len != 0 && lo + pre_len < hi && special(&text[lo + pre_len..hi]) {
                prefixes.push((lo, lo + pre_len));
                lo += pre_len;
                break;
            }
            let suf_len = self.find_suffix(&text[lo + pre_len..hi]);
            if suf_len != 0 && hi - suf_len > lo && special(&text[lo..hi - suf_len]) {
                suffixes.push((hi - suf_len, hi));
                hi -= suf_len;
                break;
            }
            if pre_len != 0 && suf_len != 0 && pre_len + suf_len <= hi - lo {
                prefixes.push((lo, lo + pre_len));
                suffixes.push((hi - suf_len, hi));
                lo += pre_len;
                hi -= suf_len;
            } else if pre_len != 0 {
                prefixes.push((lo, lo + pre_len));
                lo += pre_len;
            } else if suf_len != 0 {
                suffixes.push((hi - suf_len, hi));
                hi -= suf_len;
            }
        }
        let plain = |out: &mut Vec<Token>, a: usize, b: usize| {
            out.push(Token {
                start: a,
                end: b,
                norm: None,
            })
        };
        for &(a, b) in &prefixes {
            plain(out, a, b);
        }
        if lo < hi {
            let s = &text[lo..hi];
            if self.push_special(s, lo, out) {
            } else if self.url.is_match(s) {
                plain(out, lo, hi);
            } else {
                self.split_infixes(s, lo, out);
            }
        }
        for &(a, b) in suffixes.iter().rev() {
            plain(out, a, b);
        }
    }

    fn split_infixes(&self, s: &str, offset: usize, out: &mut Vec<Token>) {
        let mut start = 0;
        for (m_start, m_end) in self.infix.find_iter(s) {
            if m_start == 0 {
                continue;
            }
            if m_start != start {
                out.push(Token {
                    start: offset + start,
                    end: offset + m_start,
                    norm: None,
                });
            }
            if m_start != m_end {
                out.push(Token {
                    start: offset + m_start,
                    end: offset + m_end,
                    norm: None,
                });
            }
            start = m_end;
        }
        if start < s.len() {
            out.push(Token {
                start: offset + start,
                end: offset + s.len(),
                norm: None,
            });
        }
    }

    /// spaCy's `_apply_special_cases`: token sequences spelling a special case
    /// that affix splitting took apart are replaced by the special case, longest
    /// match first, never overlapping.
    fn apply_matcher(&self, text: &str, tokens: &mut Vec<Token>) {
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            let first = &text[tokens[i].start..tokens[i].end];
            let Some(cands) = self.matcher.get(first) else {
                continue;
            };
            for cand in cands {
                let n = cand.len();
                if i + n > tokens.len() {
                    continue;
                }
                let same = cand
                    .iter()
                    .zip(&tokens[i..i + n])
                    .all(|(w, t)| *w == text[t.start..t.end]);
                if same && !matches.contains(&(i, i + n)) {
                    matches.push((i, i + n));
                }
            }
        }
        if matches.is_empty() {
            return;
        }
        matches.sort_by_key(|&(s, e)| (e - s, s));
        let mut seen = vec![false; tokens.len()];
        let mut kept = Vec::new();
        for &(s, e) in matches.iter().rev() {
            if !seen[s] && !seen[e - 1] {
                kept.push((s, e));
            }
            seen[s..e].iter_mut().for_each(|x| *x = true);
        }
        kept.sort();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        let mut k = 0;
        while i < tokens.len() {
            if k < kept.len() && kept[k].0 == i {
                let (s, e) = kept[k];
                k += 1;
                let span = &text[tokens[s].start..tokens[e - 1].end];
                if !self.push_special(span, tokens[s].start, &mut out) {
                    out.extend_from_slice(&tokens[s..e]);
                }
                i = e;
            } else {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
        *tokens = out;
    }
}

#[cfg(test)]
mod tests {
    fn words(text: &str) -> Vec<&str> {
        super::super::tokenizer()
            .tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_affixes_and_special_cases() {
        assert_eq!(
            words("\"Don't go,\" said Dr. Smith (U.S.)."),
            [
                "\"", "Do", "n't", "go", ",", "\"", "said", "Dr.", "Smith", "(", "U.S.", ")", "."
            ]
        );
    }

    #[test]
    fn keeps_odd_whitespace_as_tokens() {
        assert_eq!(words(" a  b\n\nc "), [" ", "a", " ", "b", "\n\n", "c"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn splits_infixes() {
        assert_eq!(
            words("well-known 3-2"),
            ["well", "-", "known", "3", "-", "2"]
        );
    }
}
