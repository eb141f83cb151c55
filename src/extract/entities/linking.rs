//! Document-level entity linking: grouping an article's mentions into entities.
//!
//! A model labels each mention on its own; a reader thinks in people and places. Within
//! one article a surname refers to the full name used elsewhere ("Witkoff" → "Steve
//! Witkoff"), "US", "U.S." and "United States" are one country, and one entity should
//! not be a PERSON in one paragraph and an ORG in the next.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

const ALIASES: &str = include_str!("../../../data/entities/aliases.json");

/// A mention as a detector (or a person) produced it. Byte range into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMention {
    pub range: Range<usize>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedMention {
    pub range: Range<usize>,
    /// The label after making the entity's mentions agree.
    pub label: String,
    /// Index into the entity list.
    pub entity: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub name: String,
    pub label: String,
    /// Indices into the mention list.
    pub mentions: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub mentions: Vec<LinkedMention>,
    pub entities: Vec<Entity>,
}

#[derive(Deserialize)]
struct AliasFile {
    aliases: HashMap<String, Vec<String>>,
}

/// Canonical names by normalised surface form.
pub struct Aliases {
    by_form: HashMap<String, String>,
}

impl Aliases {
    pub fn built_in() -> Aliases {
        let file: AliasFile =
            serde_json::from_str(ALIASES).expect("the built-in alias table is valid JSON");
        let mut by_form = HashMap::new();
        for (canonical, forms) in file.aliases {
            by_form.insert(alias_key(&canonical), canonical.clone());
            for form in forms {
                by_form.insert(alias_key(&form), canonical.clone());
            }
        }
        Aliases { by_form }
    }

    fn canonical(&self, surface: &str) -> Option<&str> {
        self.by_form.get(&alias_key(surface)).map(String::as_str)
    }
}

/// Dots and a leading "the" do not matter; case matters only for short all-capital
/// acronyms, so "WHO" is the organisation and "who" is not.
fn alias_key(surface: &str) -> String {
    let trimmed = surface.trim();
    let without_the = ["the ", "The "]
        .iter()
        .find_map(|the| trimmed.strip_prefix(the))
        .unwrap_or(trimmed);
    let undotted: String = without_the.chars().filter(|c| *c != '.').collect();
    let is_acronym = undotted.chars().count() <= 4 && undotted.chars().all(|c| c.is_uppercase());
    if is_acronym {
        undotted
    } else {
        undotted.to_lowercase()
    }
}

/// The name a mention is known by: possessive and leading "the" removed.
fn surface_name(text: &str) -> &str {
    let text = text.trim();
    let text = text
        .strip_suffix("'s")
        .or_else(|| text.strip_suffix("’s"))
        .unwrap_or(text);
    ["the ", "The "]
        .iter()
        .find_map(|the| text.strip_prefix(the))
        .unwrap_or(text)
}

/// Groups `mentions` (sorted by position) of `text` into entities.
pub fn link(text: &str, mentions: &[RawMention], aliases: &Aliases) -> Linked {
    let names: Vec<&str> = mentions
        .iter()
        .map(|m| surface_name(&text[m.range.clone()]))
        .collect();
    let full_person_names: Vec<(usize, &str)> = names
        .iter()
        .enumerate()
        .filter(|(i, name)| mentions[*i].label == "PERSON" && name.split_whitespace().count() >= 2)
        .map(|(i, name)| (i, *name))
        .collect();

    let mut key_of_mention: Vec<String> = Vec::with_capacity(mentions.len());
    for (i, name) in names.iter().enumerate() {
        let key = if let Some(canonical) = aliases.canonical(name) {
            canonical.to_string()
        } else if let Some(full) = full_name_for(name, i, &full_person_names) {
            full.to_string()
        } else {
            name.to_string()
        };
        key_of_mention.push(key);
    }

    let mut entity_of_key: HashMap<&str, usize> = HashMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    for (i, key) in key_of_mention.iter().enumerate() {
        let index = *entity_of_key.entry(key.as_str()).or_insert_with(|| {
            entities.push(Entity {
                name: key.clone(),
                label: String::new(),
                mentions: Vec::new(),
            });
            entities.len() - 1
        });
        entities[index].mentions.push(i);
    }
    for entity in &mut entities {
        entity.label = agreed_label(&entity.mentions, mentions, &names);
    }
    let mentions = mentions
        .iter()
        .enumerate()
        .map(|(i, mention)| {
            let entity = entity_of_key[key_of_mention[i].as_str()];
            LinkedMention {
                range: mention.range.clone(),
                label: entities[entity].label.clone(),
                entity,
            }
        })
        .collect();
    Linked { mentions, entities }
}

/// A one-word name that is the last word of a full name used in the article: the
/// nearest earlier full name wins, else the first later one.
fn full_name_for<'a>(name: &str, at: usize, full_names: &[(usize, &'a str)]) -> Option<&'a str> {
    if name.split_whitespace().count() != 1 {
        return None;
    }
    let matches = |full: &&(usize, &str)| full.1.split_whitespace().last() == Some(name);
    let earlier = full_names.iter().rev().filter(|f| f.0 < at).find(matches);
    earlier
        .or_else(|| full_names.iter().filter(|f| f.0 > at).find(matches))
        .map(|(_, full)| *full)
}

/// The label most mentions carry; on a tie, the label of the longest mention.
fn agreed_label(members: &[usize], mentions: &[RawMention], names: &[&str]) -> String {
    let mut votes: HashMap<&str, (usize, usize)> = HashMap::new();
    for &i in members {
        let vote = votes.entry(mentions[i].label.as_str()).or_default();
        vote.0 += 1;
        vote.1 = vote.1.max(names[i].len());
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(label, _)| label.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions_of(text: &str, spans: &[(&str, &str)]) -> Vec<RawMention> {
        let mut from = 0;
        spans
            .iter()
            .map(|(surface, label)| {
                let start = from + text[from..].find(surface).unwrap();
                from = start + surface.len();
                RawMention {
                    range: start..from,
                    label: label.to_string(),
                }
            })
            .collect()
    }

    fn entity_names(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        let linked = link(text, &mentions_of(text, spans), &Aliases::built_in());
        linked
            .mentions
            .iter()
            .map(|m| (linked.entities[m.entity].name.clone(), m.label.clone()))
            .collect()
    }

    #[test]
    fn surnames_link_to_full_names_before_or_after() {
        let text = "Witkoff spoke. Steve Witkoff and Jared Kushner met. Kushner left; Witkoff's aide stayed.";
        let names = entity_names(
            text,
            &[
                ("Witkoff", "PERSON"),
                ("Steve Witkoff", "PERSON"),
                ("Jared Kushner", "PERSON"),
                ("Kushner", "PERSON"),
                ("Witkoff's", "PERSON"),
            ],
        );
        let just_names: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            just_names,
            [
                "Steve Witkoff",
                "Steve Witkoff",
                "Jared Kushner",
                "Jared Kushner",
                "Steve Witkoff"
            ]
        );
    }

    #[test]
    fn aliases_name_one_entity() {
        let text = "The US and the U.S. Treasury; the United States said.";
        let names = entity_names(
            text,
            &[("US", "GPE"), ("U.S.", "GPE"), ("United States", "GPE")],
        );
        assert!(names.iter().all(|(name, _)| name == "United States"));
    }

    #[test]
    fn an_entitys_mentions_agree_on_one_label() {
        let text = "Donald Trump spoke. Trump left. Trump returned.";
        let names = entity_names(
            text,
            &[
                ("Donald Trump", "PERSON"),
                ("Trump", "ORG"),
                ("Trump", "PERSON"),
            ],
        );
        assert!(
            names
                .iter()
                .all(|(name, label)| name == "Donald Trump" && label == "PERSON")
        );
    }

    #[test]
    fn acronyms_keep_their_case() {
        assert_eq!(alias_key("WHO"), "WHO");
        assert_eq!(alias_key("the U.S."), "US");
        assert_eq!(alias_key("United States"), "united states");
    }
}
