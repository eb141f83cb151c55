//! spaCy's prefix and suffix searches, split so that they run in time
//! proportional to the affix rather than to the token.
//!
//! spaCy's patterns are one big alternation (`^a|^b|...`, `a$|b$|...`). Run
//! whole through a backtracking engine (fancy-regex, needed for a handful of
//! lookarounds), every search tries every start position: a 1 MB token with
//! nothing to split off costs seconds per search, and the affix loop searches
//! once per affix. So the alternation is cut into its top-level alternatives:
//! runs of alternatives without lookaround go to the `regex` crate (finite
//! automata; anchored at one end, it only reads the affix), a suffix
//! alternative `(?<=C)X$` with a fixed-width lookbehind becomes `C(X)$`
//! there too, and anything else stays with fancy-regex on a short window.

use fancy_regex::Regex as Fancy;
use regex::Regex;

/// Characters of context a lookaround alternative is searched in. The only
/// one left after the rewrites below is the prefix `\+(?![0-9])`, two
/// characters long.
const WINDOW: usize = 8;

enum Part {
    Plain(Regex),
    /// `C(X)$`: the suffix starts where group 1 starts.
    Behind(Regex),
    Fancy(Fancy),
}

pub struct AffixSearch {
    parts: Vec<Part>,
    suffix: bool,
}

/// Splits a pattern at its top-level `|`s.
pub fn alternatives(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut class, mut start) = (0i32, false, 0);
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b']' if class => class = false,
            _ if class => {}
            b'[' => class = true,
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'|' if depth == 0 => {
                out.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&pattern[start..]);
    out
}

fn has_lookaround(alt: &str) -> bool {
    ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .any(|l| alt.contains(l))
}

/// `(?<=C)X$` with C a single character class or character: `C(X)$`.
fn behind_rewrite(alt: &str) -> Option<String> {
    let rest = alt.strip_prefix("(?<=")?;
    let close = alternatives_close(rest)?;
    let (look, body) = (&rest[..close], &rest[close + 1..]);
    if !fixed_width(look) || has_lookaround(body) {
        return None;
    }
    let body = body.strip_suffix('$')?;
    Some(format!("{look}({body})$"))
}

/// Whether `look` is a sequence of single characters and character classes,
/// so that every match of it has the same length in characters.
fn fixed_width(look: &str) -> bool {
    let mut chars = look.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '[' => return false,
                        ']' => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                if !closed {
                    return false;
                }
            }
            '\\' => match chars.next() {
                Some(e) if e.is_ascii_punctuation() => {}
                _ => return false,
            },
            '(' | ')' | '|' | '*' | '+' | '?' | '{' | '.' | '^' | '$' => return false,
            _ => {}
        }
    }
    !look.is_empty()
}

/// `pattern` with every lookaround group removed: it matches wherever the
/// original does (and more), and the `regex` crate can run it, so a miss
/// proves the original misses without running the backtracking engine.
pub fn without_lookaround(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .filter_map(|l| rest.find(l).map(|i| (i, l.len())))
        .min()
    {
        let (i, open) = at;
        out.push_str(&rest[..i]);
        match alternatives_close(&rest[i + open..]) {
            Some(close) => rest = &rest[i + open + close + 1..],
            None => return pattern.to_string(),
        }
    }
    out.push_str(rest);
    out
}

/// A fancy-regex pattern with a `regex`-crate prefilter that rules out most
/// strings (plain words, for the URL and infix patterns) in linear time.
pub struct Guarded {
    prefilter: Option<Regex>,
    full: Fancy,
}

impl Guarded {
    pub fn new(pattern: &str) -> Result<Guarded, String> {
        Ok(Guarded {
            prefilter: Regex::new(&without_lookaround(pattern)).ok(),
            full: Fancy::new(pattern).map_err(|e| e.to_string())?,
        })
    }

    fn may_match(&self, s: &str) -> bool {
        self.prefilter.as_ref().is_none_or(|p| p.is_match(s))
    }

    /// Whether the pattern matches; a backtracking limit counts as no.
    pub fn is_match(&self, s: &str) -> bool {
        self.may_match(s) && matches!(self.full.is_match(s), Ok(true))
    }

    /// Non-overlapping matches, as Python's `finditer`, stopping at a
    /// backtracking limit.
    pub fn find_iter(&self, s: &str) -> Vec<(usize, usize)> {
        if !self.may_match(s) {
            return Vec::new();
        }
        self.full
            .find_iter(s)
            .map_while(Result::ok)
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

/// Index of the `)` closing a group whose `(` came just before `s`.
fn alternatives_close(s: &str) -> Option<usize> {
    let (mut depth, mut class) = (0i32, false);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b']' if class => class = false,
            _ if class => {}
            b'[' => class = true,
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

impl AffixSearch {
    /// `pattern` is spaCy's compiled prefix (`suffix == false`) or suffix
    /// expression, already in Rust regex syntax.
    pub fn new(pattern: &str, suffix: bool) -> Result<AffixSearch, String> {
        let mut parts = Vec::new();
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, parts: &mut Vec<Part>| -> Result<(), String> {
            if !run.is_empty() {
                let re = Regex::new(&run.join("|")).map_err(|e| e.to_string())?;
                parts.push(Part::Plain(re));
                run.clear();
            }
            Ok(())
        };
        for alt in alternatives(pattern) {
            if !has_lookaround(alt) {
                run.push(alt);
                continue;
            }
            flush(&mut run, &mut parts)?;
            match behind_rewrite(alt).filter(|_| suffix) {
                Some(re) => parts.push(Part::Behind(Regex::new(&re).map_err(|e| e.to_string())?)),
                None => parts.push(Part::Fancy(Fancy::new(alt).map_err(|e| e.to_string())?)),
            }
        }
        flush(&mut run, &mut parts)?;
        Ok(AffixSearch { parts, suffix })
    }

    /// Length in bytes of the affix spaCy would split off `s`, or 0.
    pub fn find(&self, s: &str) -> usize {
        if self.suffix {
            self.suffix_start(s).map_or(0, |start| s.len() - start)
        } else {
            self.prefix_len(s)
        }
    }

    /// Python's `re.search` on `^a|^b|...`: the first alternative that matches
    /// at the start wins, so the parts are tried in order.
    fn prefix_len(&self, s: &str) -> usize {
        for part in &self.parts {
            let end = match part {
                Part::Plain(re) | Part::Behind(re) => re.find(s).map(|m| m.end()),
                Part::Fancy(re) => {
                    let cut = s.char_indices().nth(WINDOW).map_or(s.len(), |(i, _)| i);
                    re.find(&s[..cut]).ok().flatten().map(|m| m.end())
                }
            };
            if let Some(end) = end {
                return end;
            }
        }
        0
    }

    /// Python's `re.search` on `a$|b$|...`: every alternative ends at the end,
    /// so the match is the one starting earliest, whichever part finds it.
    fn suffix_start(&self, s: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        for part in &self.parts {
            let start = match part {
                Part::Plain(re) => re.find(s).map(|m| m.start()),
                // `find` alone runs backwards from the end and reads only the
                // match; captures are then taken on that match alone.
                Part::Behind(re) => re.find(s).and_then(|m| {
                    let caps = re.captures(&s[m.start()..])?;
                    Some(m.start() + caps.get(1)?.start())
                }),
                Part::Fancy(re) => {
                    let cut = s.char_indices().rev().nth(WINDOW - 1).map_or(0, |(i, _)| i);
                    re.find(&s[cut..]).ok().flatten().map(|m| cut + m.start())
                }
            };
            if let Some(start) = start {
                best = Some(best.map_or(start, |b| b.min(start)));
            }
        }
        best
    }
}
