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

/// Words before a verb that make it an intention or a possibility, not an attribution
/// ("could announce", "plans to deny") — unless a negator makes it one ("refused to say").
const MODALS_AND_TO: &[&str] = &[
    "to", "could", "would", "will", "may", "might", "should", "must", "can", "shall",
];

/// Past forms that do not end in "-ed".
const IRREGULAR_PAST: &[&str] = &["said", "told", "wrote", "made", "written"];

/// Auxiliaries that make the verb after them passive.
const PASSIVE: &[&str] = &["was", "were", "been", "being", "is", "are", "be"];

/// How many words after a verb count as its object for context rules.
const OBJECT_WINDOW: usize = 6;

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
            let accepted =
                pattern.kind == CueKind::NonCue || accepts(lexicon, pattern, text, tokens, i, end);
            accepted.then_some((pattern, end))
        });
        match hit {
            Some((pattern, end)) if pattern.kind == CueKind::NonCue => i = end,
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
    drop_verbs_of_unnamed_sources(lexicon, tokens, found)
}

/// "People familiar with the matter said": the reporting verb belongs to the unnamed
/// source phrase before it, which is already the claim's cue.
fn drop_verbs_of_unnamed_sources<'l>(
    lexicon: &Lexicon,
    tokens: &[Token],
    cues: Vec<CueMatch<'l>>,
) -> Vec<CueMatch<'l>> {
    let reportedly = lexicon.label_index("reportedly");
    let mut kept: Vec<CueMatch<'l>> = Vec::with_capacity(cues.len());
    for cue in cues {
        let follows_unnamed_source = kept.last().is_some_and(|previous| {
            previous.pattern.kind == CueKind::Adverb
                && previous.pattern.label == reportedly
                && cue.pattern.kind == CueKind::Verb
                && cue.first >= previous.end
                && cue.first - previous.end <= OBJECT_WINDOW
                && tokens[previous.end..cue.first].iter().all(Token::is_word)
        });
        if !follows_unnamed_source {
            kept.push(cue);
        }
    }
    kept
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

/// Context rules: "admitted to hospital", "the stated goal", "could announce".
fn accepts(
    lexicon: &Lexicon,
    pattern: &Pattern,
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
) -> bool {
    let word = &tokens[start];
    let previous = start.checked_sub(1).map(|i| &tokens[i]);
    let negated = negator_before(lexicon, tokens, start).is_some();
    if pattern.kind == CueKind::Verb && !negated {
        let after_modal = previous.is_some_and(|p| MODALS_AND_TO.contains(&p.lower.as_str()));
        let is_base_form =
            !word.lower.ends_with("ed") && !IRREGULAR_PAST.contains(&word.lower.as_str());
        if after_modal && is_base_form {
            return false;
        }
        // "Said Al-Mansouri, the founder, said…": a capitalised first word before a name is a name.
        let next_is_name = tokens
            .get(end)
            .is_some_and(|t| t.is_word() && t.is_capitalized(text));
        if start == 0 && word.is_capitalized(text) && next_is_name && pattern.words.len() == 1 {
            return false;
        }
    }
    let next_matches = |at: usize| move |phrase: &Vec<String>| phrase_at(text, tokens, at, phrase);
    if pattern.unless_next.iter().any(next_matches(end)) {
        return false;
    }
    if !pattern.requires_next.is_empty() && !attributes_a_quote(tokens, start) {
        let adverb_between = tokens
            .get(end)
            .is_some_and(|t| t.is_word() && t.lower.ends_with("ly"));
        let required_follows = pattern.requires_next.iter().any(next_matches(end))
            || (adverb_between && pattern.requires_next.iter().any(next_matches(end + 1)));
        if !required_follows {
            return false;
        }
    }
    if pattern.unless_prev.iter().any(|phrase| {
        start >= phrase.len() && phrase_at(text, tokens, start - phrase.len(), phrase)
    }) {
        return false;
    }
    let object = object_words(tokens, end);
    // A "that" clause right after the verb is what it attributes, whatever follows.
    let object: Vec<&str> = object.into_iter().take_while(|w| *w != "that").collect();
    let passive = previous.is_some_and(|p| PASSIVE.contains(&p.lower.as_str()));
    let clause_final = tokens.get(end).is_none_or(|t| !t.is_word());
    // For a passive ("the claims were rejected") or a verb that ends its clause ("a charge
    // the company rejected"), the thing acted on comes before the verb.
    let acted_on: Vec<&str> = if passive || clause_final {
        tokens[..start.saturating_sub(1)]
            .iter()
            .rev()
            .filter(|t| t.is_word())
            .take(OBJECT_WINDOW)
            .map(|t| t.lower.as_str())
            .collect()
    } else {
        object
    };
    if acted_on.iter().any(|w| pattern.unless_object.contains(*w)) {
        return false;
    }
    if !pattern.requires_object.is_empty()
        && !acted_on
            .iter()
            .any(|w| pattern.requires_object.contains(*w))
    {
        return false;
    }
    true
}

/// The words after a verb up to the next punctuation (possessive apostrophes do not
/// stop it: "the parents' assertion").
fn object_words(tokens: &[Token], end: usize) -> Vec<&str> {
    tokens[end..]
        .iter()
        .take_while(|t| t.is_word() || matches!(t.lower.as_str(), "'" | "’"))
        .filter(|t| t.is_word())
        .take(OBJECT_WINDOW)
        .map(|t| t.lower.as_str())
        .collect()
}

/// `"…," added Pérez`: a verb right after a closing quote (and comma) attributes it.
fn attributes_a_quote(tokens: &[Token], start: usize) -> bool {
    let before = |back: usize| start.checked_sub(back).map(|i| &tokens[i]);
    match (before(1), before(2)) {
        (Some(quote), _) if quote.kind == TokenKind::Quote => true,
        (Some(comma), Some(quote)) => comma.lower == "," && quote.kind == TokenKind::Quote,
        _ => false,
    }
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
