//! Text features of one line, measured once and shared by the rules and the body chooser.

use super::stopwords::{LANGUAGES, Language};

/// How many words the language guess looks at: enough to be sure, few enough to stay cheap
/// on megabyte dumps.
const LANGUAGE_SAMPLE_WORDS: usize = 4000;

/// Below this share of function words no language is trusted, and the stopword feature is
/// switched off (unspaced scripts, lists of names, unknown languages).
const MIN_LANGUAGE_SHARE: f32 = 0.08;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    pub chars: usize,
    pub words: usize,
    /// Share of words that are function words of the document's language.
    pub stopword_ratio: f32,
    /// Share of words that begin with a capital letter: high in menus and headlines.
    pub capital_ratio: f32,
    /// Ends like a sentence does, so it reads as prose rather than a label.
    pub ends_sentence: bool,
    /// Sentence punctuation inside the line (a period followed by a space, a comma).
    pub inner_punctuation: usize,
    /// Starts with a list marker, as menus and link lists do in inscriptis dumps.
    pub bullet: bool,
    /// Signs of a Title Case headline inside the line, which teaser blocks glue in front of
    /// their summaries: capitalised function words between capitalised words ("Fails To
    /// Rally"), or a headline run straight into its summary ("Cheese ShopsWondering where").
    pub title_case_joins: usize,
}

/// Iterates over the words of a line: runs of letters, digits and inner apostrophes.
pub fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|word| word.trim_matches(['\'', '’']))
        .filter(|word| !word.is_empty())
}

/// Strips a leading list marker ("* ", "+ ", "o ", "• ", "- ", "1. ") so rules see the item
/// itself. Inscriptis marks nested list levels with "*", "+" and "o".
pub fn strip_bullet(line: &str) -> (&str, bool) {
    for marker in ["* ", "+ ", "o ", "• ", "- ", "· "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=2).contains(&digits)
        && let Some(rest) = line[digits..].strip_prefix(". ")
    {
        return (rest.trim_start(), true);
    }
    if matches!(line, "*" | "+" | "•" | "-" | "·") {
        return ("", true);
    }
    (line, false)
}

/// Guesses the document's language from its function words, or `None` when nothing fits.
pub fn guess_language(lines: &[&str]) -> Option<&'static Language> {
    let mut hits = vec![0usize; LANGUAGES.len()];
    let mut total = 0usize;
    'outer: for line in lines {
        for word in words(line) {
            if total == LANGUAGE_SAMPLE_WORDS {
                break 'outer;
            }
            total += 1;
            for (count, language) in hits.iter_mut().zip(&LANGUAGES) {
                if language.is_stopword(word) {
                    *count += 1;
                }
            }
        }
    }
    let (best, count) = hits.iter().enumerate().max_by_key(|&(_, count)| *count)?;
    if total == 0 || (*count as f32) < MIN_LANGUAGE_SHARE * total as f32 {
        return None;
    }
    Some(&LANGUAGES[best])
}

impl Features {
    pub fn of(line: &str, language: Option<&Language>) -> Features {
        let (text, bullet) = strip_bullet(line);
        let mut words_seen = 0usize;
        let mut stopwords = 0usize;
        let mut capitals = 0usize;
        for word in words(text) {
            words_seen += word_weight(word);
            if word.chars().next().is_some_and(char::is_uppercase) {
                capitals += 1;
            }
            if language.is_some_and(|language| language.is_stopword(word)) {
                stopwords += 1;
            }
        }
        let ratio = |n: usize| {
            if words_seen == 0 {
                0.0
            } else {
                n as f32 / words_seen as f32
            }
        };
        let last = text
            .trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '」', '』', '）'])
            .chars()
            .last();
        let inner_punctuation = text.matches(". ").count()
            + text.matches(", ").count()
            + text.matches(['、', '，', '。']).count();
        let title_case_joins = language.map_or(0, |language| title_case_joins(text, language))
            + usize::from(glued_headline(text));
        Features {
            chars: text.chars().count(),
            words: words_seen,
            stopword_ratio: ratio(stopwords),
            capital_ratio: ratio(capitals),
            ends_sentence: matches!(
                last,
                Some('.' | '!' | '?' | ':' | ';' | '…' | '。' | '！' | '？')
            ),
            inner_punctuation,
            bullet,
            title_case_joins,
        }
    }
}

/// Whether a Title Case headline runs without a space into the next sentence, as teaser
/// blocks come out of inscriptis ("Top 3 Cheese ShopsWondering where to find...").
/// Brand names like "PlayStation" also join a lower-case letter to a capital, so the words
/// before the join must be mostly capitalised too.
fn glued_headline(text: &str) -> bool {
    let mut capitalised = 0;
    for (index, token) in text.split_whitespace().enumerate() {
        if token.starts_with(char::is_uppercase) {
            capitalised += 1;
        }
        let words_before = index + 1;
        if words_before >= 3 && capitalised * 10 >= words_before * 6 && has_glued_join(token) {
            return true;
        }
    }
    false
}

/// Three lower-case letters, then a capital that starts a word or stands alone:
/// "ShopsWondering", "SteakhouseA".
fn has_glued_join(token: &str) -> bool {
    let mut lowercase_run = 0;
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_uppercase() && lowercase_run >= 3 && chars.peek().is_none_or(|n| n.is_lowercase()) {
            return true;
        }
        lowercase_run = if c.is_lowercase() {
            lowercase_run + 1
        } else {
            0
        };
    }
    false
}

/// How many words a token stands for. Chinese and Japanese write without spaces, so a
/// whole clause comes out as one token; counting about one word per two characters keeps
/// length thresholds meaningful for them.
fn word_weight(token: &str) -> usize {
    if token.is_ascii() {
        return 1;
    }
    let unspaced = token
        .chars()
        .filter(|&c| {
            matches!(c,
                '\u{3040}'..='\u{30FF}' // hiragana, katakana
                | '\u{3400}'..='\u{4DBF}' // CJK extension A
                | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
                | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
            )
        })
        .count();
    1 + unspaced / 2
}

fn title_case_joins(text: &str, language: &Language) -> usize {
    let capitalised = |token: &str| token.starts_with(char::is_uppercase);
    let mut joins = 0;
    let (mut before, mut middle): (Option<&str>, Option<&str>) = (None, None);
    for token in text.split_whitespace() {
        if let (Some(before), Some(middle)) = (before, middle)
            && capitalised(before)
            && !before.ends_with(['.', '!', '?', ':', '"', '”'])
            && capitalised(middle)
            && capitalised(token)
            && language.is_stopword(middle)
        {
            joins += 1;
        }
        (before, middle) = (middle, Some(token));
    }
    joins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_has_many_stopwords_and_few_capitals() {
        let english = LANGUAGES.iter().find(|l| l.code == "en");
        let prose = Features::of(
            "The council said on Monday that it would review the plan before the vote.",
            english,
        );
        assert!(prose.stopword_ratio > 0.3);
        assert!(prose.capital_ratio < 0.2);
        assert!(prose.ends_sentence);
        let teaser = Features::of(
            "Ferry Fails To Sail In Storm The crossing was cancelled for the third day.",
            english,
        );
        assert_eq!(teaser.title_case_joins, 2);
        let glued = Features::of(
            "Harbour Market Cheese ShopsWondering where to buy cheese this week?",
            english,
        );
        assert_eq!(glued.title_case_joins, 1);
        let brand = Features::of("She said the new PlayStation arrived on Friday.", english);
        assert_eq!(brand.title_case_joins, 0);
        assert_eq!(prose.title_case_joins, 0);
        let menu = Features::of("* World News Business Tech", english);
        assert!(menu.bullet);
        assert_eq!(menu.stopword_ratio, 0.0);
        assert_eq!(menu.capital_ratio, 1.0);
    }

    #[test]
    fn unspaced_scripts_count_about_a_word_per_two_characters() {
        let line = Features::of("東京都は新しい公園の計画を発表しました。", None);
        assert!(line.words >= 8, "{line:?}");
        assert!(line.ends_sentence);
    }

    #[test]
    fn language_guess_needs_enough_function_words() {
        let german = ["Der Rat hat am Montag gesagt, dass er den Plan noch prüfen wird."];
        assert_eq!(guess_language(&german).map(|l| l.code), Some("de"));
        assert!(guess_language(&["Home", "World", "Sport"]).is_none());
    }

    #[test]
    fn words_keep_inner_apostrophes_and_skip_punctuation() {
        let found: Vec<&str> = words("It's 'quoted' — 12,5 café").collect();
        assert_eq!(found, ["It's", "quoted", "12", "5", "café"]);
    }
}
