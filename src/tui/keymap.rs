//! Keymaps from JSON: per mode, a key or key sequence mapped to an action name. The
//! shipped files are compiled in; a file of the same name in the user's config
//! directory overrides them key by key (`null` unbinds a key).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};

use super::action::Action;
use super::key::{Key, KeyChord, sequence_to_string};

/// The shipped keymaps, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.json")),
    ("plain", include_str!("../../keymaps/plain.json")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Mode {
    #[default]
    Normal,
    Search,
    Help,
    Review,
    Picker,
    Note,
    Library,
    /// Typing the library's filter.
    Filter,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Normal,
        Mode::Search,
        Mode::Help,
        Mode::Review,
        Mode::Picker,
        Mode::Note,
        Mode::Library,
        Mode::Filter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Search => "search",
            Mode::Help => "help",
            Mode::Review => "review",
            Mode::Picker => "picker",
            Mode::Note => "note",
            Mode::Library => "library",
            Mode::Filter => "filter",
        }
    }
}

/// What a key press, together with the keys already pending, means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The keys so far start a longer binding: wait for more.
    Pending,
    Unbound,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    pub name: String,
    bindings: BTreeMap<Mode, BTreeMap<Vec<KeyChord>, Action>>,
    prefixes: BTreeMap<Mode, BTreeSet<Vec<KeyChord>>>,
}

/// One mode's entries in file order, duplicates kept, so a key written twice is caught.
struct Entries(Vec<(String, Option<String>)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping keys to action names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Option<String>>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

type RawKeymap = BTreeMap<String, Entries>;

impl Keymap {
    /// A shipped keymap, with the user's file of the same name (if any) merged over it.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Keymap, String> {
        let built_in = BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, j)| *j);
        let user_path = config_dir.map(|dir| dir.join("keymaps").join(format!("{name}.json")));
        let user = match user_path.as_deref() {
            Some(path) if path.exists() => Some(
                std::fs::read_to_string(path)
                    .map_err(|e| format!("keymap {}: cannot be read: {e}", path.display()))
                    .map(|json| (path.display().to_string(), json))?,
            ),
            _ => None,
        };
        let mut keymap = match (built_in, &user) {
            (Some(json), _) => Keymap::from_json(name, json)?,
            (None, Some((path, json))) => return Keymap::from_json(path, json),
            (None, None) => {
                let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "no keymap named {name:?}; the shipped ones are {}",
                    names.join(", ")
                ));
            }
        };
        if let Some((path, json)) = user {
            keymap.merge_json(&path, &json)?;
        }
        Ok(keymap)
    }

    pub fn built_in(name: &str) -> Result<Keymap, String> {
        Keymap::load(name, None)
    }

    pub fn from_json(name: &str, json: &str) -> Result<Keymap, String> {
        let mut keymap = Keymap {
            name: name.to_string(),
            ..Keymap::default()
        };
        keymap.merge_json(name, json)?;
        Ok(keymap)
    }

    /// Applies `json` over this keymap. Within one file a key may appear once per mode:
    /// a key bound to two actions is an error naming both.
    fn merge_json(&mut self, origin: &str, json: &str) -> Result<(), String> {
        let raw: RawKeymap =
            serde_json::from_str(json).map_err(|e| format!("keymap {origin}: {e}"))?;
        for (mode_name, Entries(entries)) in raw {
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.name() == mode_name)
                .ok_or_else(|| {
                    format!(
                        "keymap {origin}: unknown mode {mode_name:?}; modes are normal, search, help"
                    )
                })?;
            let mut seen: BTreeMap<Vec<KeyChord>, (String, Option<String>)> = BTreeMap::new();
            for (notation, action_name) in entries {
                let keys = KeyChord::parse_sequence(&notation)
                    .map_err(|e| format!("keymap {origin}, mode {mode_name}: {e}"))?;
                if let Some((first, first_action)) = seen.get(&keys) {
                    return Err(format!(
                        "keymap {origin}, mode {mode_name}: {notation:?} is bound twice, to {} (as {first:?}) and to {}; keep one",
                        first_action.as_deref().unwrap_or("null"),
                        action_name.as_deref().unwrap_or("null"),
                    ));
                }
                seen.insert(keys, (notation, action_name));
            }
            let mode_map = self.bindings.entry(mode).or_default();
            for (keys, (notation, action_name)) in seen {
                match action_name {
                    None => {
                        mode_map.remove(&keys);
                    }
                    Some(action_name) => {
                        let action = Action::from_name(&action_name).ok_or_else(|| {
                            format!(
                                "keymap {origin}, mode {mode_name}: {notation:?} names no action {action_name:?}; see `copydesk render --keys ?` for the list"
                            )
                        })?;
                        mode_map.insert(keys, action);
                    }
                }
            }
        }
        self.check_prefixes()
    }

    /// "g" cannot be both a binding and the start of "g g": the second would never fire.
    fn check_prefixes(&mut self) -> Result<(), String> {
        self.prefixes.clear();
        for (mode, map) in &self.bindings {
            let prefixes = self.prefixes.entry(*mode).or_default();
            for keys in map.keys() {
                for end in 1..keys.len() {
                    prefixes.insert(keys[..end].to_vec());
                }
            }
            for (keys, action) in map {
                if prefixes.contains(keys) {
                    let longer = map
                        .iter()
                        .find(|(k, _)| k.len() > keys.len() && k.starts_with(keys))
                        .map(|(k, a)| format!("{:?} ({})", sequence_to_string(k), a.name()))
                        .unwrap_or_default();
                    return Err(format!(
                        "keymap {}, mode {}: {:?} is bound to {} and also starts {longer}; unbind one",
                        self.name,
                        mode.name(),
                        sequence_to_string(keys),
                        action.name()
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn lookup(&self, mode: Mode, keys: &[KeyChord]) -> Lookup {
        if let Some(action) = self.bindings.get(&mode).and_then(|m| m.get(keys)) {
            return Lookup::Action(*action);
        }
        if self.prefixes.get(&mode).is_some_and(|p| p.contains(keys)) {
            return Lookup::Pending;
        }
        Lookup::Unbound
    }

    /// Every binding of a mode, grouped by action in `Action::ALL` order: the help text.
    pub fn bindings_by_action(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        let Some(map) = self.bindings.get(&mode) else {
            return Vec::new();
        };
        Action::ALL
            .iter()
            .filter_map(|&action| {
                let mut keys: Vec<&Vec<KeyChord>> = map
                    .iter()
                    .filter(|(_, a)| **a == action)
                    .map(|(k, _)| k)
                    .collect();
                // Plain letters first, then named keys, then chords with Ctrl or Alt.
                keys.sort_by_key(|k| {
                    let modified = k.iter().any(|c| c.ctrl || c.alt);
                    let named = k.iter().any(|c| !matches!(c.key, Key::Char(_)));
                    (modified, named, k.len(), sequence_to_string(k))
                });
                let keys: Vec<String> = keys.into_iter().map(|k| sequence_to_string(k)).collect();
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect()
    }

    /// The first key bound to `action` in `mode`, for hints such as "? for help".
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.bindings_by_action(mode)
            .into_iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_keymaps_load() {
        for (name, _) in BUILT_IN {
            let keymap = Keymap::built_in(name).unwrap();
            assert_eq!(
                keymap.lookup(Mode::Normal, &KeyChord::parse_sequence("q").unwrap()),
                Lookup::Action(Action::Quit)
            );
        }
        let default = Keymap::built_in("default").unwrap();
        let g = KeyChord::parse_sequence("g").unwrap();
        assert_eq!(default.lookup(Mode::Normal, &g), Lookup::Pending);
        let gg = KeyChord::parse_sequence("g g").unwrap();
        assert_eq!(
            default.lookup(Mode::Normal, &gg),
            Lookup::Action(Action::Top)
        );
    }

    #[test]
    fn a_key_bound_twice_names_both_actions() {
        let error =
            Keymap::from_json("t", r#"{"normal": {"j": "next_line", "j": "quit"}}"#).unwrap_err();
        assert!(
            error.contains("next_line") && error.contains("quit"),
            "{error}"
        );
        let error = Keymap::from_json("t", r#"{"normal": {"C-d": "next_line", "C-D": "quit"}}"#)
            .unwrap_err();
        assert!(
            error.contains("next_line") && error.contains("quit"),
            "{error}"
        );
    }

    #[test]
    fn a_key_and_a_sequence_it_starts_conflict() {
        let error =
            Keymap::from_json("t", r#"{"normal": {"g": "top", "g g": "bottom"}}"#).unwrap_err();
        assert!(error.contains("top") && error.contains("bottom"), "{error}");
    }

    #[test]
    fn unknown_names_are_errors() {
        assert!(Keymap::from_json("t", r#"{"normal": {"j": "fly"}}"#).is_err());
        assert!(Keymap::from_json("t", r#"{"visual": {"j": "quit"}}"#).is_err());
        assert!(Keymap::built_in("nope").unwrap_err().contains("default"));
    }

    #[test]
    fn user_file_overrides_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("keymaps")).unwrap();
        std::fs::write(
            dir.path().join("keymaps/default.json"),
            r#"{"normal": {"j": "quit", "k": null}}"#,
        )
        .unwrap();
        let keymap = Keymap::load("default", Some(dir.path())).unwrap();
        let key = |k: &str| KeyChord::parse_sequence(k).unwrap();
        assert_eq!(
            keymap.lookup(Mode::Normal, &key("j")),
            Lookup::Action(Action::Quit)
        );
        assert_eq!(keymap.lookup(Mode::Normal, &key("k")), Lookup::Unbound);
        assert_eq!(
            keymap.lookup(Mode::Normal, &key("w")),
            Lookup::Action(Action::NextWord)
        );
    }
}
