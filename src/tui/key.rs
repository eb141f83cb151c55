//! Our own key-chord type. Crossterm's `KeyEvent` compares kind and state too, so two
//! presses of the same key can differ; keymaps and replayed keys need plain equality.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Space,
    F(u8),
}

/// A key with Ctrl and Alt. Shift is folded into the character ("G", not "S-g") so
/// that what the terminal sends and what a keymap says always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyChord {
    pub const fn plain(key: Key) -> KeyChord {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
        }
    }

    /// `None` for key releases (dropped: a release is not a key press) and keys copydesk
    /// has no name for. Repeats are kept so holding `j` scrolls.
    pub fn from_event(event: &KeyEvent) -> Option<KeyChord> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let key = match event.code {
            KeyCode::Char(' ') => Key::Space,
            KeyCode::Char(c) if ctrl => Key::Char(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Insert => Key::Insert,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::F(n) => Key::F(n),
            _ => return None,
        };
        Some(KeyChord { key, ctrl, alt })
    }

    /// Parses one key in keymap notation: `j`, `G`, `C-d`, `A-x`, `PageDown`, `S-Tab`.
    pub fn parse(notation: &str) -> Result<KeyChord, String> {
        let mut rest = notation;
        let mut chord = KeyChord::plain(Key::Space);
        let mut shift = false;
        loop {
            if rest.chars().count() <= 2 {
                break;
            }
            if let Some(r) = rest.strip_prefix("C-") {
                chord.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                chord.alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("S-") {
                shift = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        chord.key = match (chars.next(), chars.next()) {
            (Some(c), None) if chord.ctrl => Key::Char(c.to_ascii_lowercase()),
            (Some(c), None) if shift => Key::Char(c.to_uppercase().next().unwrap_or(c)),
            (Some(c), None) => Key::Char(c),
            _ => named(rest).ok_or_else(|| {
                format!("{notation:?} is not a key; write a character, C-x, A-x, or a name such as Enter, Esc, Tab, PageDown, F1")
            })?,
        };
        if shift && chord.key == Key::Tab {
            chord.key = Key::BackTab;
        }
        Ok(chord)
    }

    /// Parses a space-separated sequence (`"g g"`).
    pub fn parse_sequence(notation: &str) -> Result<Vec<KeyChord>, String> {
        let keys: Vec<KeyChord> = notation
            .split_whitespace()
            .map(KeyChord::parse)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err("an empty key; write a key such as \"j\" or \"g g\"".to_string());
        }
        Ok(keys)
    }

    /// Keys for `copydesk render --keys`: like a sequence, but a word that is not a key
    /// name is typed letter by letter, so `"/ council Enter"` searches for "council".
    pub fn parse_replay(notation: &str) -> Result<Vec<KeyChord>, String> {
        let mut keys = Vec::new();
        for word in notation.split_whitespace() {
            match KeyChord::parse(word) {
                Ok(chord) => keys.push(chord),
                Err(error) => {
                    let modified = ["C-", "A-", "S-"].iter().any(|p| word.starts_with(p));
                    if modified && word.chars().count() > 2 {
                        return Err(error);
                    }
                    keys.extend(word.chars().map(|c| KeyChord::plain(Key::Char(c))));
                }
            }
        }
        Ok(keys)
    }
}

fn named(name: &str) -> Option<Key> {
    Some(match name {
        "Enter" | "Return" | "CR" => Key::Enter,
        "Esc" | "Escape" => Key::Esc,
        "Tab" => Key::Tab,
        "BackTab" => Key::BackTab,
        "Backspace" | "BS" => Key::Backspace,
        "Delete" | "Del" => Key::Delete,
        "Insert" => Key::Insert,
        "Up" => Key::Up,
        "Down" => Key::Down,
        "Left" => Key::Left,
        "Right" => Key::Right,
        "Home" => Key::Home,
        "End" => Key::End,
        "PageUp" => Key::PageUp,
        "PageDown" => Key::PageDown,
        "Space" => Key::Space,
        _ => {
            let n: u8 = name.strip_prefix('F')?.parse().ok()?;
            return (1..=24).contains(&n).then_some(Key::F(n));
        }
    })
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.key {
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "F{n}"),
            Key::Space => f.write_str("Space"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("S-Tab"),
            Key::Backspace => f.write_str("Backspace"),
            Key::Delete => f.write_str("Delete"),
            Key::Insert => f.write_str("Insert"),
            Key::Up => f.write_str("Up"),
            Key::Down => f.write_str("Down"),
            Key::Left => f.write_str("Left"),
            Key::Right => f.write_str("Right"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::PageUp => f.write_str("PageUp"),
            Key::PageDown => f.write_str("PageDown"),
        }
    }
}

/// Writes a sequence the way keymaps spell it: `g g`.
pub fn sequence_to_string(keys: &[KeyChord]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips() {
        for notation in [
            "j", "G", "C-d", "A-x", "PageDown", "S-Tab", "Enter", "F5", "?", "Space",
        ] {
            let chord = KeyChord::parse(notation).unwrap();
            assert_eq!(chord.to_string(), notation);
        }
        assert_eq!(KeyChord::parse("C-D"), KeyChord::parse("C-d"));
        assert!(KeyChord::parse("Foo").is_err());
        assert_eq!(KeyChord::parse("-").unwrap().key, Key::Char('-'));
    }

    #[test]
    fn replay_types_words() {
        let keys = KeyChord::parse_replay("/ ab Enter").unwrap();
        assert_eq!(sequence_to_string(&keys), "/ a b Enter");
        assert!(KeyChord::parse_replay("C-Foo").is_err());
    }
}
