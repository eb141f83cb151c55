//! Finding cue phrases in a sentence and deciding whether each one really is a cue.

use super::lexicon::{CueKind, Lexicon, Pattern};
use crate::extract::words::{Token, TokenKind};

/// Adverbs that may stand between a negator and its cue ("did not immediately confirm").
const BETWEEN_NEGATOR_AND_CUE: &[&str] = &[
    "immediately",
    "publicly",
    "explicitly",
    "directly",
    "specifically",
    "formally",
    "officially",
    "yet",
    "fully",
    "independently",
    "initially",
    "previously",
    "ever",
    "even",
    "always",
    "once",
];

/// A cue found in a sentence: token indices (end exclusive) and what it means.
#[derive(Debug, Clone)]
pub struct CueMatch<'l> {
    /// First token of the cue, including a negator in front of it.
    pub first: usize,
    /// First token of the cue phrase itself (after any negator).
    pub phrase_first: usize,
    pub end: usize,
    pub pattern: &'l Pattern,
    pub negated: bool,
}

/// Every cue in `tokens` (one sentence), left to right, never overlapping.
pub fn find_cues<'l>(lexicon: &'l Lexicon, text: &str, tokens: &[Token]) -> Vec<CueMatch<'l>> {
    let mut found: Vec<CueMatch<'l>> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let candidates = lexicon
            .patterns
            .get(&tokens[i].lower)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let hit = candidates.iter().find_map(|pattern| {
            let end = matches_at(tokens, i, &pattern.words)?;
            accepts(pattern, text, tokens, i, end).then_some((pattern, end))
        });
        match hit {
            Some((pattern, end)) => {
                let negator_start = negator_before(lexicon, tokens, i);
                found.push(CueMatch {
                    first: negator_start.unwrap_or(i),
                    phrase_first: i,
                    end,
                    pattern,
                    negated: pattern.negated || negator_start.is_some(),
                });
                i = end;
            }
            None => i += 1,
        }
    }
    let has_reporting_verb = found.iter().any(|cue| cue.pattern.kind == CueKind::Verb);
    found.retain(|cue| !(cue.pattern.kind == CueKind::AdverbSource && has_reporting_verb));
    found
}

/// The end of `words` matched at token `at` (consecutive word tokens), if they match.
fn matches_at(tokens: &[Token], at: usize, words: &[String]) -> Option<usize> {
    let slice = tokens.get(at..at + words.len())?;
    slice
        .iter()
        .zip(words)
        .all(|(token, word)| token.is_word() && token.lower == *word)
        .then_some(at + words.len())
}

/// Context rules: "admitted to hospital", "the stated goal", "told" without a listener.
fn accepts(pattern: &Pattern, text: &str, tokens: &[Token], start: usize, end: usize) -> bool {
    let next_matches = |phrase: &Vec<String>| phrase_at(text, tokens, end, phrase);
    if pattern.unless_next.iter().any(next_matches) {
        return false;
    }
    if !pattern.requires_next.is_empty() && !pattern.requires_next.iter().any(next_matches) {
        return false;
    }
    !pattern.unless_prev.iter().any(|phrase| {
        start >= phrase.len() && phrase_at(text, tokens, start - phrase.len(), phrase)
    })
}

/// Whether `phrase` matches the tokens at `at`; `<punct>` also matches the sentence end.
fn phrase_at(text: &str, tokens: &[Token], at: usize, phrase: &[String]) -> bool {
    phrase.iter().enumerate().all(|(k, word)| {
        let token = tokens.get(at + k);
        match word.as_str() {
            "<punct>" => token.is_none_or(|t| t.kind != TokenKind::Word),
            "<name>" => token.is_some_and(|t| t.is_word() && t.is_capitalized(text)),
            "<num>" => {
                token.is_some_and(|t| t.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
            }
            _ => token.is_some_and(|t| t.is_word() && t.lower == *word),
        }
    })
}

/// The first token of a negator right before the cue at `cue_start`, allowing one
/// adverb in between ("did not immediately confirm").
fn negator_before(lexicon: &Lexicon, tokens: &[Token], cue_start: usize) -> Option<usize> {
    let mut end = cue_start;
    if end > 0 && BETWEEN_NEGATOR_AND_CUE.contains(&tokens[end - 1].lower.as_str()) {
        end -= 1;
    }
    lexicon.negators.iter().find_map(|negator| {
        let start = end.checked_sub(negator.len())?;
        let words = &tokens[start..end];
        let matches = words.iter().zip(negator).all(|(token, word)| {
            token.is_word()
                && (token.lower == *word || (word == "n't" && token.lower.ends_with("n't")))
        });
        matches.then_some(start)
    })
}
