//! For a cue, the claim's content (what is attributed) and its source (who says it).
//!
//! These are shallow, explainable rules rather than a parser: the subject of a reporting
//! verb is the name or noun phrase right before it (after auxiliaries), or right after
//! it in inverted order ("said Witkoff"); the content is the verb's complement, or the
//! rest of the sentence when the attribution comes last; a quote's content is the
//! quoted words.

use std::collections::HashSet;
use std::ops::Range;

use super::cues::CueMatch;
use super::lexicon::CueKind;
use crate::extract::words::{Token, TokenKind};

/// Words between a subject and its reporting verb ("Trump has repeatedly dismissed").
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "will",
    "would",
    "also",
    "later",
    "previously",
    "repeatedly",
    "publicly",
    "again",
    "then",
    "been",
    "did",
    "does",
    "do",
    "already",
    "still",
    "earlier",
    "now",
    "recently",
    "strongly",
    "flatly",
    "firmly",
    "vehemently",
    "categorically",
    "quickly",
    "initially",
    "privately",
    "separately",
    "once",
    "has since",
    "since",
    "herself",
    "himself",
    "themselves",
    "itself",
    "reportedly",
    "allegedly",
    "personally",
    "directly",
    "angrily",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
    "some", "several", "two", "three", "many", "both", "another", "one",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// Words after which a clause's content starts ("said that …", "told reporters that …").
const COMPLEMENTIZERS: &[&str] = &["that", "whether", "if"];

/// Prepositions that open an adjunct, not a complement ("wrote on social media").
const ADJUNCT_OPENERS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "via",
    "through",
    "last",
    "this",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "later",
    "to",
    "by",
    "from",
    "when",
    "while",
    "as",
    "with",
];

/// Words that name where a report came from without naming who ("according to reports").
const UNNAMED_SOURCES: &[&str] = &[
    "reports",
    "report",
    "sources",
    "source",
    "people",
    "persons",
    "person",
    "insiders",
    "someone",
    "unnamed",
    "anonymous",
    "officials",
    "media",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    pub content: Range<usize>,
    pub source: Option<Range<usize>>,
}

/// Content and source of `cue` in a sentence of `tokens`, as byte ranges into `text`.
pub fn structure(
    text: &str,
    tokens: &[Token],
    cue: &CueMatch,
    titles: &HashSet<String>,
) -> Structure {
    let source_tokens = match cue.pattern.kind {
        CueKind::Verb | CueKind::AdverbSource => {
            subject_before(text, tokens, cue.first, titles).or_else(|| {
                // The subject follows only in inversion after a quote or a comma
                // ("…,” said Witkoff); elsewhere what follows is the object.
                let inverted = cue
                    .first
                    .checked_sub(1)
                    .is_none_or(|previous| !tokens[previous].is_word());
                inverted
                    .then(|| subject_after(text, tokens, cue.end, titles))
                    .flatten()
            })
        }
        CueKind::AccordingTo => after_according_to(tokens, cue.end),
        CueKind::Noun => possessor_before(text, tokens, cue.phrase_first),
        CueKind::Adverb | CueKind::Adjective | CueKind::NonCue => None,
    };
    let content_tokens = content(tokens, cue, source_tokens.clone());
    let to_bytes =
        |range: Range<usize>| tokens[range.start].span.start..tokens[range.end - 1].span.end;
    Structure {
        content: content_tokens
            .filter(|r| !r.is_empty())
            .map(to_bytes)
            .unwrap_or_else(|| tokens[cue.first].span.start..tokens[cue.end - 1].span.end),
        source: source_tokens.filter(|r| !r.is_empty()).map(to_bytes),
    }
}

/// Whether "according to X" names reports or unnamed sources rather than a named one.
pub fn according_to_is_unnamed(tokens: &[Token], cue_end: usize) -> bool {
    after_according_to(tokens, cue_end).is_some_and(|range| {
        tokens[range]
            .iter()
            .take(4)
            .any(|t| UNNAMED_SOURCES.contains(&t.lower.as_str()))
    })
}

/// The subject noun phrase ending just before `verb_start`, skipping auxiliaries.
fn subject_before(
    text: &str,
    tokens: &[Token],
    verb_start: usize,
    titles: &HashSet<String>,
) -> Option<Range<usize>> {
    let mut end = verb_start;
    while end > 0 && BETWEEN_SUBJECT_AND_VERB.contains(&tokens[end - 1].lower.as_str()) {
        end -= 1;
    }
    let last = tokens.get(end.checked_sub(1)?)?;
    if !last.is_word() || !can_end_a_subject(last) {
        return None;
    }
    if PRONOUNS.contains(&last.lower.as_str()) {
        return Some(end - 1..end);
    }
    if last.is_capitalized(text) && !is_sentence_initial_common_word(tokens, end - 1) {
        return Some(strip_titles(tokens, name_before(text, tokens, end), titles));
    }
    noun_phrase_before(tokens, end)
}

/// "said Witkoff", "said the spokesperson".
fn subject_after(
    text: &str,
    tokens: &[Token],
    verb_end: usize,
    titles: &HashSet<String>,
) -> Option<Range<usize>> {
    let first = tokens.get(verb_end)?;
    // "alleged that the talks …" opens the content, not a subject.
    if !first.is_word() || COMPLEMENTIZERS.contains(&first.lower.as_str()) {
        return None;
    }
    if PRONOUNS.contains(&first.lower.as_str()) {
        return Some(verb_end..verb_end + 1);
    }
    let mut end = verb_end;
    if first.is_capitalized(text) {
        while tokens
            .get(end)
            .is_some_and(|t| t.is_word() && (t.is_capitalized(text) || joins_name(t)))
        {
            end += 1;
        }
        while end > verb_end && joins_name(&tokens[end - 1]) {
            end -= 1;
        }
        return Some(strip_titles(tokens, verb_end..end, titles));
    }
    if DETERMINERS.contains(&first.lower.as_str()) {
        end += 1;
        while tokens
            .get(end)
            .is_some_and(|t| t.is_word() && !COMPLEMENTIZERS.contains(&t.lower.as_str()))
            && end < verb_end + 5
        {
            end += 1;
        }
        return Some(verb_end..end);
    }
    None
}

/// Words a subject noun phrase cannot end with, seen in real articles before a cue:
/// conjunctions and prepositions ("… and alleged"), adverbs ("accidentally admit"), and
/// possessives, which own a noun rather than speak ("Epstein's alleged ring").
fn can_end_a_subject(token: &Token) -> bool {
    let word = token.lower.as_str();
    let function_word = matches!(
        word,
        "and"
            | "or"
            | "but"
            | "nor"
            | "so"
            | "then"
            | "also"
            | "not"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "who"
            | "which"
            | "what"
            | "when"
            | "where"
    ) || COMPLEMENTIZERS.contains(&word);
    let adverb = word.len() > 4 && word.ends_with("ly") && !matches!(word, "family" | "ally");
    !(function_word || adverb || word.ends_with("'s") || word.ends_with('\''))
}

/// "of", "the", "for", "and" inside names ("Bank of England", "Department of State").
fn joins_name(token: &Token) -> bool {
    matches!(
        token.lower.as_str(),
        "of" | "for" | "de" | "van" | "von" | "al" | "bin" | "'s"
    )
}

/// The run of capitalised words (with joining words inside) ending at `end`.
fn name_before(text: &str, tokens: &[Token], end: usize) -> Range<usize> {
    let mut start = end - 1;
    while start > 0 {
        let previous = &tokens[start - 1];
        let capitalized = previous.is_word() && previous.is_capitalized(text);
        let joining = joins_name(previous) && start >= 2 && tokens[start - 2].is_capitalized(text);
        if !(capitalized || joining) || is_sentence_initial_common_word(tokens, start - 1) {
            break;
        }
        start -= 1;
    }
    start..end
}

/// "The", "But" at the start of a sentence are capitalised without being names.
fn is_sentence_initial_common_word(tokens: &[Token], index: usize) -> bool {
    DETERMINERS.contains(&tokens[index].lower.as_str())
        || matches!(
            tokens[index].lower.as_str(),
            "but"
                | "and"
                | "though"
                | "although"
                | "while"
                | "as"
                | "meanwhile"
                | "however"
                | "in"
                | "on"
        )
}

/// Drops leading job titles: "Special Envoy Steve Witkoff" → "Steve Witkoff", while a
/// title alone ("the President") stays as it is.
fn strip_titles(tokens: &[Token], range: Range<usize>, titles: &HashSet<String>) -> Range<usize> {
    let mut start = range.start;
    while start + 1 < range.end
        && (titles.contains(&tokens[start].lower) || tokens[start].lower.ends_with("'s"))
    {
        start += 1;
    }
    start..range.end
}

/// "the delegates", "a spokesperson", "officials": a short common noun phrase.
fn noun_phrase_before(tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let mut start = end;
    while start > 0 && end - start < 4 {
        let token = &tokens[start - 1];
        if !token.is_word() || COMPLEMENTIZERS.contains(&token.lower.as_str()) {
            break;
        }
        start -= 1;
        if DETERMINERS.contains(&token.lower.as_str()) {
            return Some(start..end);
        }
    }
    // No determiner: only the head noun counts ("officials said").
    (end > 0 && tokens[end - 1].is_word()).then(|| end - 1..end)
}

/// "X's denial" names X.
fn possessor_before(text: &str, tokens: &[Token], noun: usize) -> Option<Range<usize>> {
    let owner = tokens.get(noun.checked_sub(1)?)?;
    let name = owner.lower.strip_suffix("'s")?;
    (!name.is_empty() && owner.is_capitalized(text)).then(|| name_before(text, tokens, noun))
}

/// The phrase after "according to", up to the next punctuation.
fn after_according_to(tokens: &[Token], cue_end: usize) -> Option<Range<usize>> {
    let end = (cue_end..tokens.len())
        .find(|&i| !tokens[i].is_word())
        .unwrap_or(tokens.len());
    (end > cue_end).then_some(cue_end..end.min(cue_end + 8))
}

/// Token range of what the cue attributes.
fn content(tokens: &[Token], cue: &CueMatch, source: Option<Range<usize>>) -> Option<Range<usize>> {
    if let Some(quote) = quoted_words(tokens, cue) {
        return Some(quote);
    }
    match cue.pattern.kind {
        CueKind::Adverb | CueKind::Adjective | CueKind::NonCue => Some(clause_around(tokens, cue)),
        CueKind::AccordingTo => {
            let source_end = source.map_or(cue.end, |s| s.end);
            other_side(tokens, cue.first, source_end)
        }
        CueKind::Verb | CueKind::AdverbSource | CueKind::Noun => {
            let attribution_end = match &source {
                Some(s) if s.start >= cue.end => s.end,
                _ => cue.end,
            };
            let attribution_start = match &source {
                Some(s) if s.end <= cue.first => s.start,
                _ => cue.first,
            };
            complement(tokens, attribution_end)
                .or_else(|| before(tokens, attribution_start))
                .or_else(|| Some(clause_around(tokens, cue)))
        }
    }
}

/// The words inside the quotation marks when the cue attributes a quote from outside it.
fn quoted_words(tokens: &[Token], cue: &CueMatch) -> Option<Range<usize>> {
    let quotes: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].kind == TokenKind::Quote)
        .collect();
    let pairs: Vec<(usize, usize)> = quotes
        .chunks_exact(2)
        .map(|pair| (pair[0], pair[1]))
        .collect();
    let inside_a_quote = pairs
        .iter()
        .any(|&(open, close)| cue.first > open && cue.end <= close);
    if inside_a_quote || cue.pattern.kind != CueKind::Verb {
        return None;
    }
    let (open, close) = pairs.iter().min_by_key(|&&(open, close)| {
        if close < cue.first {
            cue.first - close
        } else {
            open.saturating_sub(cue.end)
        }
    })?;
    let mut end = *close;
    while end > open + 1 && matches!(tokens[end - 1].lower.as_str(), "," | "." | "?" | "!") {
        end -= 1;
    }
    (end > open + 1).then_some(open + 1..end)
}

/// What follows the attribution ("said that X", "dismissed these reports"), if it is a
/// complement rather than an adjunct ("wrote on social media").
fn complement(tokens: &[Token], from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while tokens
        .get(start)
        .is_some_and(|t| matches!(t.lower.as_str(), "," | ":"))
    {
        start += 1;
    }
    let first = tokens.get(start)?;
    // "told reporters that …", "said on Monday that …": skip the listener or the
    // adjunct up to the complementizer, within the clause.
    let that = (start..tokens.len().min(start + 6))
        .take_while(|&i| !matches!(tokens[i].lower.as_str(), "," | ";" | "." | ":"))
        .find(|&i| COMPLEMENTIZERS.contains(&tokens[i].lower.as_str()));
    match that {
        Some(that) => start = that + 1,
        None if !first.is_word() || ADJUNCT_OPENERS.contains(&first.lower.as_str()) => {
            return None;
        }
        None => {}
    }
    let end = sentence_end(tokens);
    (end > start).then_some(start..end)
}

/// The sentence up to the attribution ("X happened, officials said").
fn before(tokens: &[Token], until: usize) -> Option<Range<usize>> {
    let mut end = until;
    while end > 0 && !tokens[end - 1].is_word() {
        end -= 1;
    }
    let start = (0..end).find(|&i| tokens[i].is_word()).unwrap_or(end);
    (end > start).then_some(start..end)
}

/// The clause holding the cue, between commas, semicolons or dashes.
fn clause_around(tokens: &[Token], cue: &CueMatch) -> Range<usize> {
    let is_break = |t: &Token| matches!(t.lower.as_str(), "," | ";" | "—" | "–" | "(" | ")" | ":");
    let start = (0..cue.first)
        .rev()
        .find(|&i| is_break(&tokens[i]))
        .map_or(0, |i| i + 1);
    let end = (cue.end..tokens.len())
        .find(|&i| is_break(&tokens[i]))
        .unwrap_or_else(|| sentence_end(tokens));
    let range = start..end;
    if range.start == cue.first && range.end == cue.end {
        return other_side(tokens, cue.first, cue.end).unwrap_or(range);
    }
    range
}

/// For a cue that fills a clause on its own ("According to reports, …"): the clause
/// after it, or the one before.
fn other_side(tokens: &[Token], start: usize, end: usize) -> Option<Range<usize>> {
    let after = complement_after_comma(tokens, end);
    after.or_else(|| before(tokens, start))
}

fn complement_after_comma(tokens: &[Token], from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while tokens.get(start).is_some_and(|t| !t.is_word()) {
        start += 1;
    }
    let end = sentence_end(tokens);
    (end > start).then_some(start..end)
}

/// The sentence's last token, not counting closing punctuation.
fn sentence_end(tokens: &[Token]) -> usize {
    let mut end = tokens.len();
    while end > 0 && !tokens[end - 1].is_word() {
        end -= 1;
    }
    end
}
