//! Drop caps. A page that sets an article's first letter large puts it in its own
//! element, and a text dump writes it as a word of its own: "W hile Anglophiles…". The
//! lede's first word is then two, so a search, a sentence splitter or an entity finder
//! misses it ("A dam Schiff").

use std::cell::OnceCell;
use std::collections::HashSet;

use super::features::words;

/// Letters that are words by themselves in the languages the cleaner knows, so "A dog"
/// is left alone unless the article spells the joined word elsewhere ("A dam" → "Adam"
/// where "Adam" appears).
const ONE_LETTER_WORDS: &[&str] = &["a", "i", "o", "e", "y", "u", "à", "é", "è"];

/// West Slavic and South Slavic prepositions, words only in those languages.
const SLAVIC_ONE_LETTER_WORDS: &[&str] = &["w", "z", "v", "k", "s"];
const SLAVIC: &[&str] = &["pl", "cs", "sk", "sl", "hr"];

/// Joins split drop caps in one dump. The dump's words are gathered once, on the first
/// paragraph that needs them, so a long dump whose paragraphs often start "A …" is read
/// once rather than once per paragraph.
pub struct DropCaps<'a> {
    document: &'a str,
    slavic: bool,
    spelled: OnceCell<HashSet<&'a str>>,
}

impl<'a> DropCaps<'a> {
    /// `document` is the whole dump, in `language`.
    pub fn new(document: &'a str, language: Option<&str>) -> DropCaps<'a> {
        DropCaps {
            document,
            slavic: language.is_some_and(|code| SLAVIC.contains(&code)),
            spelled: OnceCell::new(),
        }
    }

    /// `paragraph` with a split drop cap joined back onto its word.
    pub fn rejoin(&self, paragraph: &str) -> Option<String> {
        let mut chars = paragraph.chars();
        let letter = chars.next().filter(|c| c.is_uppercase())?;
        let rest = chars.as_str().strip_prefix(' ')?;
        let next_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        if next_word.is_empty() || !next_word.starts_with(char::is_lowercase) {
            return None;
        }
        let lower = letter.to_lowercase().to_string();
        let a_word = ONE_LETTER_WORDS.contains(&lower.as_str())
            || self.slavic && SLAVIC_ONE_LETTER_WORDS.contains(&lower.as_str());
        if a_word {
            let joined = format!("{letter}{next_word}");
            let spelled = self
                .spelled
                .get_or_init(|| words(self.document).collect())
                .contains(joined.as_str());
            if !spelled {
                return None;
            }
        }
        Some(format!("{letter}{rest}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_that_is_no_word_joins_its_word() {
        assert_eq!(
            DropCaps::new("", Some("en"))
                .rejoin("W hile the ferry waited, the crew slept.")
                .as_deref(),
            Some("While the ferry waited, the crew slept.")
        );
    }

    #[test]
    fn a_one_letter_word_joins_only_where_the_article_spells_the_word() {
        let document = "Adam Rowe spoke first.\n\nA dam Rowe built in 1990 holds.";
        assert_eq!(
            DropCaps::new(document, Some("en"))
                .rejoin("A dam Rowe built in 1990 holds.")
                .as_deref(),
            Some("Adam Rowe built in 1990 holds.")
        );
        assert_eq!(
            DropCaps::new("A dog barked at the ferry.", Some("en"))
                .rejoin("A dog barked at the ferry."),
            None
        );
        assert_eq!(
            DropCaps::new("I think so.", Some("en")).rejoin("I think so."),
            None
        );
        assert_eq!(
            DropCaps::new("", Some("pl")).rejoin("W tym roku prom kursuje rzadziej."),
            None
        );
    }

    #[test]
    fn ordinary_starts_are_left_alone() {
        for paragraph in [
            "The ferry left.",
            "A",
            "B 52 bombers flew.",
            "U.S. officials said.",
        ] {
            assert_eq!(
                DropCaps::new(paragraph, Some("en")).rejoin(paragraph),
                None,
                "{paragraph}"
            );
        }
    }
}
