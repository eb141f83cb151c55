//! The claim-cue lexicon: labels and the phrases that signal them, as data.
//!
//! The built-in lexicon (`data/claims/lexicon.json`) is compiled in; a user's
//! `claims.json` in the config directory adds cues to existing labels, adds new labels
//! (a newsroom's own) and can switch on optional ones such as `hedged`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

const BUILT_IN: &str = include_str!("../../../data/claims/lexicon.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// A reporting verb: its subject is the source, its complement the content.
    Verb,
    /// Qualifies its own clause and names no source ("allegedly", "people familiar with").
    Adverb,
    /// Attributes through its surroundings ("in a statement"): counts only when no
    /// reporting verb in the sentence already does.
    AdverbSource,
    /// "the allegation that …", "a denial".
    Noun,
    /// "the alleged fraud", "an undisclosed sum".
    Adjective,
    /// "according to X": `said` for a named source, `reportedly` for reports or unnamed ones.
    AccordingTo,
    /// A phrase that contains a cue word but is never a cue ("that said", "all told"):
    /// matching it first keeps the word inside from being read as a cue.
    NonCue,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    #[serde(default)]
    labels: Vec<LabelDef>,
    #[serde(default)]
    optional_labels: Vec<LabelDef>,
    /// Optional labels to switch on (user file only).
    #[serde(default)]
    enable: Vec<String>,
    #[serde(default)]
    negators: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    non_cues: Vec<String>,
    /// Named word lists that context rules refer to as `@name`.
    #[serde(default)]
    word_lists: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct LabelDef {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    cues: Vec<CueDef>,
}

#[derive(Debug, Deserialize)]
struct CueDef {
    forms: Vec<String>,
    kind: CueKind,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    unless_next: Vec<String>,
    #[serde(default)]
    unless_prev: Vec<String>,
    #[serde(default)]
    requires_next: Vec<String>,
    /// Not a cue if one of these words is among the next few words (the verb's object):
    /// "admitted 1,200 students", "revealed a Roman mosaic".
    #[serde(default)]
    unless_object: Vec<String>,
    /// Only a cue if one of these words is the object, or, for a passive, the subject:
    /// "rejected the allegations", "the claims were rejected".
    #[serde(default)]
    requires_object: Vec<String>,
}

/// One label as shown to people (the TUI's label picker lists these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub description: String,
}

/// One cue phrase, compiled for matching.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub words: Vec<String>,
    /// Index into the label list; `None` for a non-cue.
    pub label: Option<usize>,
    pub kind: CueKind,
    pub negated: bool,
    pub unless_next: Vec<Vec<String>>,
    pub unless_prev: Vec<Vec<String>>,
    pub requires_next: Vec<Vec<String>>,
    pub unless_object: HashSet<String>,
    pub requires_object: HashSet<String>,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub labels: Vec<Label>,
    /// Patterns by their first word, longest first so multi-word cues win.
    pub patterns: HashMap<String, Vec<Pattern>>,
    pub negators: Vec<Vec<String>>,
    pub titles: HashSet<String>,
    word_lists: HashMap<String, Vec<String>>,
}

impl Lexicon {
    /// The built-in lexicon alone.
    pub fn built_in() -> Lexicon {
        Lexicon::build(None)
    }

    /// The built-in lexicon extended by the user's file, if it exists. A user file that
    /// cannot be read is reported as a one-line warning and otherwise ignored.
    pub fn with_user_file(path: &Path) -> (Lexicon, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return (Lexicon::built_in(), None);
            }
            Err(error) => {
                let warning = format!(
                    "{}: cannot be read: {error}; using the built-in lexicon",
                    path.display()
                );
                return (Lexicon::built_in(), Some(warning));
            }
        };
        match serde_json::from_str::<LexiconFile>(&text) {
            Ok(user) => (Lexicon::build(Some(user)), None),
            Err(error) => (
                Lexicon::built_in(),
                Some(format!(
                    "{}: not a valid claims lexicon at line {}:{}: {error}; using the built-in one",
                    path.display(),
                    error.line(),
                    error.column()
                )),
            ),
        }
    }

    fn build(user: Option<LexiconFile>) -> Lexicon {
        let built_in: LexiconFile =
            serde_json::from_str(BUILT_IN).expect("the built-in lexicon is valid JSON");
        let mut lexicon = Lexicon {
            labels: Vec::new(),
            patterns: HashMap::new(),
            negators: Vec::new(),
            titles: HashSet::new(),
            word_lists: HashMap::new(),
        };
        lexicon.add_words(&built_in);
        lexicon.add_labels(built_in.labels);
        if let Some(user) = user {
            let enabled: Vec<LabelDef> = built_in
                .optional_labels
                .into_iter()
                .filter(|label| user.enable.contains(&label.name))
                .collect();
            lexicon.add_labels(enabled);
            lexicon.add_words(&user);
            lexicon.add_labels(user.labels);
        }
        lexicon
    }

    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|label| label.name == name)
    }

    /// Negators, titles, word lists and non-cues: everything but the labels.
    fn add_words(&mut self, file: &LexiconFile) {
        self.negators
            .extend(file.negators.iter().map(|n| phrase_words(n)));
        self.negators
            .sort_by_key(|words| std::cmp::Reverse(words.len()));
        self.titles
            .extend(file.titles.iter().map(|t| t.to_lowercase()));
        for (name, words) in &file.word_lists {
            self.word_lists
                .entry(name.clone())
                .or_default()
                .extend(words.iter().map(|w| w.to_lowercase()));
        }
        for phrase in &file.non_cues {
            let words = phrase_words(phrase);
            if let Some(first) = words.first().cloned() {
                self.patterns.entry(first).or_default().push(Pattern {
                    words,
                    label: None,
                    kind: CueKind::NonCue,
                    negated: false,
                    unless_next: Vec::new(),
                    unless_prev: Vec::new(),
                    requires_next: Vec::new(),
                    unless_object: HashSet::new(),
                    requires_object: HashSet::new(),
                });
            }
        }
    }

    /// Expands `@name` references to the named word lists.
    fn word_set(&self, entries: &[String]) -> HashSet<String> {
        entries
            .iter()
            .flat_map(|entry| match entry.strip_prefix('@') {
                Some(name) => self.word_lists.get(name).cloned().unwrap_or_default(),
                None => vec![entry.to_lowercase()],
            })
            .collect()
    }

    fn add_labels(&mut self, labels: Vec<LabelDef>) {
        for label in labels {
            let index = match self.label_index(&label.name) {
                Some(index) => index,
                None => {
                    self.labels.push(Label {
                        name: label.name.clone(),
                        description: label.description.clone(),
                    });
                    self.labels.len() - 1
                }
            };
            for cue in label.cues {
                self.add_cue(index, cue);
            }
        }
        for patterns in self.patterns.values_mut() {
            patterns.sort_by_key(|pattern| std::cmp::Reverse(pattern.words.len()));
        }
    }

    fn add_cue(&mut self, label: usize, cue: CueDef) {
        let phrases = |list: &[String]| list.iter().map(|p| phrase_words(p)).collect::<Vec<_>>();
        let unless_object = self.word_set(&cue.unless_object);
        let requires_object = self.word_set(&cue.requires_object);
        for form in &cue.forms {
            let words = phrase_words(form);
            let Some(first) = words.first().cloned() else {
                continue;
            };
            self.patterns.entry(first).or_default().push(Pattern {
                words,
                label: Some(label),
                kind: cue.kind,
                negated: cue.negated,
                unless_next: phrases(&cue.unless_next),
                unless_prev: phrases(&cue.unless_prev),
                requires_next: phrases(&cue.requires_next),
                unless_object: unless_object.clone(),
                requires_object: requires_object.clone(),
            });
        }
    }
}

fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(|word| word.to_lowercase().replace('’', "'"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lexicon_has_the_seven_default_labels() {
        let lexicon = Lexicon::built_in();
        let names: Vec<&str> = lexicon.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "alleged",
                "reportedly",
                "disclosed",
                "claimed",
                "denied",
                "confirmed",
                "said"
            ]
        );
        assert!(
            lexicon.patterns["according"]
                .iter()
                .any(|p| p.words.len() == 3)
        );
    }

    #[test]
    fn a_user_file_adds_labels_cues_and_enables_optional_ones() {
        let dir = std::env::temp_dir().join(format!("copydesk-lexicon-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("claims.json");
        std::fs::write(
            &path,
            r#"{"enable": ["hedged"], "labels": [
                {"name": "leaked_doc", "description": "from a leaked document", "cues": [{"forms": ["documents seen by"], "kind": "adverb"}]},
                {"name": "denied", "cues": [{"forms": ["pooh-poohed"], "kind": "verb"}]}]}"#,
        )
        .unwrap();
        let (lexicon, warning) = Lexicon::with_user_file(&path);
        assert_eq!(warning, None);
        assert!(lexicon.label_index("hedged").is_some());
        assert!(lexicon.label_index("leaked_doc").is_some());
        let denied = lexicon.label_index("denied").unwrap();
        assert!(
            lexicon.patterns["pooh-poohed"]
                .iter()
                .any(|p| p.label == Some(denied))
        );

        std::fs::write(&path, "{\"labels\": [").unwrap();
        let (lexicon, warning) = Lexicon::with_user_file(&path);
        assert!(
            warning
                .unwrap()
                .contains("claims.json: not a valid claims lexicon at line 1")
        );
        assert_eq!(
            lexicon.labels.len(),
            7,
            "falls back to the built-in lexicon"
        );
    }
}
