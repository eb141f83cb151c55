//! The user's own entity lexicon, `entities.json` in the config directory: names that
//! are always entities (the model misses a local company, a rare surname) and strings
//! that never are (a masthead the model keeps calling an ORG). It is plain JSON so a
//! newsroom can share it, and so the reader can add to it from accepted and rejected
//! annotations.
//!
//! ```json
//! {
//!   "always": [{"text": "Southvale Water", "label": "ORG"}],
//!   "never": ["Courier", {"text": "annual", "label": "DATE"}]
//! }
//! ```

use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::linking::RawMention;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    always: Vec<Always>,
    #[serde(default)]
    never: Vec<Never>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Always {
    text: String,
    label: String,
}

/// A bare string drops every label of that text; with a label, only that one.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Never {
    Text(String),
    Labelled { text: String, label: String },
}

#[derive(Debug, Default)]
pub struct UserLexicon {
    always_labels: Vec<String>,
    /// Finds every always-entity at once, longest first where they overlap.
    always: Option<AhoCorasick>,
    never: Vec<(String, Option<String>)>,
}

impl UserLexicon {
    /// Reads `path`; a missing file is an empty lexicon, a broken one is ignored with a
    /// warning naming the file and the fault, so detection still runs.
    pub fn load(path: &Path) -> (UserLexicon, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return (UserLexicon::default(), None);
            }
            Err(error) => {
                let warning = format!("{}: cannot be read: {error}; ignored", path.display());
                return (UserLexicon::default(), Some(warning));
            }
        };
        match UserLexicon::from_json(&text) {
            Ok(lexicon) => (lexicon, None),
            Err(error) => (
                UserLexicon::default(),
                Some(format!("{}: {error}; ignored", path.display())),
            ),
        }
    }

    pub fn from_json(json: &str) -> Result<UserLexicon, String> {
        let file: LexiconFile = serde_json::from_str(json).map_err(|error| {
            format!(
                "not a valid entity lexicon at line {}:{}: {error}",
                error.line(),
                error.column()
            )
        })?;
        let always: Vec<Always> = file
            .always
            .into_iter()
            .filter(|entry| !entry.text.trim().is_empty())
            .collect();
        let matcher = if always.is_empty() {
            None
        } else {
            let patterns = always.iter().map(|entry| entry.text.trim());
            let matcher = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .map_err(|error| format!("the always-entities cannot be searched: {error}"))?;
            Some(matcher)
        };
        Ok(UserLexicon {
            always_labels: always
                .into_iter()
                .map(|entry| entry.label.trim().to_uppercase())
                .collect(),
            always: matcher,
            never: file
                .never
                .into_iter()
                .map(|entry| match entry {
                    Never::Text(text) => (text.trim().to_string(), None),
                    Never::Labelled { text, label } => {
                        (text.trim().to_string(), Some(label.trim().to_uppercase()))
                    }
                })
                .collect(),
        })
    }

    /// The model's mentions with the never-entities dropped and the always-entities
    /// added; where an always-entity overlaps a model mention, the person's word wins.
    pub fn apply(&self, text: &str, mut mentions: Vec<RawMention>) -> Vec<RawMention> {
        mentions.retain(|mention| !self.is_never(&text[mention.range.clone()], &mention.label));
        let always = self.always_in(text);
        if always.is_empty() {
            return mentions;
        }
        mentions.retain(|mention| {
            !always
                .iter()
                .any(|a| a.range.start < mention.range.end && mention.range.start < a.range.end)
        });
        mentions.extend(always);
        mentions.sort_by_key(|mention| mention.range.start);
        mentions
    }

    fn is_never(&self, mention: &str, label: &str) -> bool {
        self.never
            .iter()
            .any(|(text, only)| text == mention && only.as_deref().is_none_or(|only| only == label))
    }

    /// Whole-word occurrences of the always-entities.
    fn always_in(&self, text: &str) -> Vec<RawMention> {
        let Some(matcher) = &self.always else {
            return Vec::new();
        };
        matcher
            .find_iter(text)
            .filter(|found| is_whole_word(text, found.range()))
            .map(|found| RawMention {
                range: found.range(),
                label: self.always_labels[found.pattern().as_usize()].clone(),
            })
            .collect()
    }
}

fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, name: &str, label: &str) -> RawMention {
        let start = text.find(name).unwrap();
        RawMention {
            range: start..start + name.len(),
            label: label.to_string(),
        }
    }

    fn names(text: &str, mentions: &[RawMention]) -> Vec<(String, String)> {
        mentions
            .iter()
            .map(|m| (text[m.range.clone()].to_string(), m.label.clone()))
            .collect()
    }

    #[test]
    fn always_entities_are_added_and_win_over_the_model() {
        let lexicon = UserLexicon::from_json(
            r#"{"always": [{"text": "Southvale Water", "label": "org"}, {"text": "Vale", "label": "GPE"}]}"#,
        )
        .unwrap();
        let text = "Southvale Water met Priya in Valentine and Vale.";
        let model = vec![
            mention(text, "Southvale", "GPE"),
            mention(text, "Priya", "PERSON"),
        ];
        assert_eq!(
            names(text, &lexicon.apply(text, model)),
            [
                ("Southvale Water".to_string(), "ORG".to_string()),
                ("Priya".to_string(), "PERSON".to_string()),
                ("Vale".to_string(), "GPE".to_string()),
            ]
        );
    }

    #[test]
    fn never_entities_are_dropped_by_text_and_optionally_by_label() {
        let lexicon = UserLexicon::from_json(
            r#"{"never": ["Courier", {"text": "annual", "label": "DATE"}]}"#,
        )
        .unwrap();
        let text = "The Courier said annual and annual.";
        let model = vec![
            mention(text, "Courier", "ORG"),
            mention(text, "annual", "DATE"),
            RawMention {
                range: text.rfind("annual").unwrap()..text.rfind("annual").unwrap() + 6,
                label: "CARDINAL".to_string(),
            },
        ];
        assert_eq!(
            names(text, &lexicon.apply(text, model)),
            [("annual".to_string(), "CARDINAL".to_string())]
        );
    }

    #[test]
    fn a_broken_file_is_ignored_with_a_warning_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entities.json");
        std::fs::write(&path, r#"{"always": [{"text": "X"}]}"#).unwrap();
        let (lexicon, warning) = UserLexicon::load(&path);
        let warning = warning.unwrap();
        assert!(
            warning.contains("entities.json") && warning.contains("line 1"),
            "{warning}"
        );
        assert!(lexicon.always.is_none());
        let (_, missing) = UserLexicon::load(&dir.path().join("absent.json"));
        assert_eq!(missing, None);
    }
}
