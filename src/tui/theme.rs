//! Themes from JSON: style keys looked up with fallback along the dots
//! (`entity.person` → `entity` → `ui.text`), so a theme can be short and a new key never
//! leaves text unstyled. Shipped themes are compiled in; the user's own in the config
//! directory win.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.json")),
    ("light", include_str!("../../themes/light.json")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.json"),
    ),
    ("mono", include_str!("../../themes/mono.json")),
];

pub const DEFAULT: &str = "dark";

/// The key every lookup ends at.
const ROOT: &str = "ui.text";

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<String, Style>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum StyleSpec {
    /// A bare colour (name, index or #rrggbb) is the foreground.
    Fg(ColorSpec),
    Full {
        fg: Option<ColorSpec>,
        bg: Option<ColorSpec>,
        #[serde(default)]
        modifiers: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ColorSpec {
    Index(u8),
    Text(String),
}

impl Theme {
    /// `NO_COLOR` (set and not empty) picks `mono` whatever was asked, so highlights
    /// survive as bold, underline and reverse.
    pub fn select(name: Option<&str>, config_dir: Option<&Path>) -> Result<Theme, String> {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::select_with(name, no_color, config_dir)
    }

    pub fn select_with(
        name: Option<&str>,
        no_color: bool,
        config_dir: Option<&Path>,
    ) -> Result<Theme, String> {
        let name = if no_color {
            "mono"
        } else {
            name.unwrap_or(DEFAULT)
        };
        Theme::load(name, config_dir)
    }

    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, String> {
        if let Some(dir) = config_dir {
            let path = dir.join("themes").join(format!("{name}.json"));
            if path.exists() {
                let json = std::fs::read_to_string(&path)
                    .map_err(|e| format!("theme {}: cannot be read: {e}", path.display()))?;
                return Theme::from_json(name, &json)
                    .map_err(|e| format!("{e} (in {})", path.display()));
            }
        }
        match BUILT_IN.iter().find(|(n, _)| *n == name) {
            Some((_, json)) => Theme::from_json(name, json),
            None => {
                let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                Err(format!(
                    "no theme named {name:?}; the shipped ones are {}",
                    names.join(", ")
                ))
            }
        }
    }

    pub fn built_in(name: &str) -> Result<Theme, String> {
        Theme::load(name, None)
    }

    pub fn from_json(name: &str, json: &str) -> Result<Theme, String> {
        let file: ThemeFile =
            serde_json::from_str(json).map_err(|e| format!("theme {name}: {e}"))?;
        let mut styles = BTreeMap::new();
        for (key, spec) in file.styles {
            let style = spec
                .to_style()
                .map_err(|e| format!("theme {name}, style {key:?}: {e}"))?;
            styles.insert(key, style);
        }
        Ok(Theme {
            name: name.to_string(),
            styles,
        })
    }

    /// The style for `key`, falling back along the dots and finally to `ui.text`.
    pub fn get(&self, key: &str) -> Style {
        let mut key = key;
        loop {
            if let Some(style) = self.styles.get(key) {
                return *style;
            }
            match key.rfind('.') {
                Some(dot) => key = &key[..dot],
                None => break,
            }
        }
        self.styles.get(ROOT).copied().unwrap_or_default()
    }

    /// Like [`Theme::get`] but `None` when only the root matched, so a highlight layer
    /// that the theme leaves out adds nothing.
    pub fn layer(&self, key: &str) -> Style {
        let mut key = key;
        loop {
            if let Some(style) = self.styles.get(key) {
                return *style;
            }
            match key.rfind('.') {
                Some(dot) => key = &key[..dot],
                None => return Style::default(),
            }
        }
    }
}

impl StyleSpec {
    fn to_style(&self) -> Result<Style, String> {
        match self {
            StyleSpec::Fg(colour) => Ok(Style::default().fg(parse_color(colour)?)),
            StyleSpec::Full { fg, bg, modifiers } => {
                let mut style = Style::default();
                if let Some(fg) = fg {
                    style = style.fg(parse_color(fg)?);
                }
                if let Some(bg) = bg {
                    style = style.bg(parse_color(bg)?);
                }
                for name in modifiers {
                    style = style.add_modifier(parse_modifier(name)?);
                }
                Ok(style)
            }
        }
    }
}

fn parse_modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        _ => {
            return Err(format!(
                "unknown modifier {name:?}; use bold, dim, italic, underlined, reversed, crossed_out"
            ));
        }
    })
}

fn parse_color(spec: &ColorSpec) -> Result<Color, String> {
    let text = match spec {
        ColorSpec::Index(i) => return Ok(Color::Indexed(*i)),
        ColorSpec::Text(text) => text.as_str(),
    };
    if let Some(hex) = text.strip_prefix('#') {
        let valid = hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2).unwrap_or(""), 16).ok();
        return match (valid, channel(0), channel(2), channel(4)) {
            (true, Some(r), Some(g), Some(b)) => Ok(Color::Rgb(r, g, b)),
            _ => Err(format!("{text:?} is not a #rrggbb colour")),
        };
    }
    if let Ok(index) = text.parse::<u8>() {
        return Ok(Color::Indexed(index));
    }
    Ok(
        match text
            .to_ascii_lowercase()
            .replace(['_', '-', ' '], "")
            .as_str()
        {
            "reset" | "default" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" | "grey" => Color::Gray,
            "darkgray" | "darkgrey" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => {
                return Err(format!(
                    "{text:?} is not a colour; use a name (red, light_blue…), a 256-colour index, or #rrggbb"
                ));
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_themes_load() {
        for (name, _) in BUILT_IN {
            Theme::built_in(name).unwrap();
        }
    }

    #[test]
    fn lookup_falls_back_along_dots() {
        let theme = Theme::from_json(
            "t",
            r##"{"styles": {"ui.text": "white", "entity": {"fg": 33, "modifiers": ["bold"]},
                "entity.person": "#ff8000"}}"##,
        )
        .unwrap();
        assert_eq!(theme.get("entity.person").fg, Some(Color::Rgb(255, 128, 0)));
        assert_eq!(theme.get("entity.org").fg, Some(Color::Indexed(33)));
        assert!(
            theme
                .get("entity.org")
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert_eq!(theme.get("claim.cue").fg, Some(Color::White));
        assert_eq!(theme.layer("claim.cue"), Style::default());
    }

    #[test]
    fn bad_colours_and_modifiers_are_errors() {
        for json in [
            r##"{"styles": {"x": "#12345"}}"##,
            r#"{"styles": {"x": "chartreuse"}}"#,
            r#"{"styles": {"x": {"modifiers": ["shiny"]}}}"#,
        ] {
            let error = Theme::from_json("t", json).unwrap_err();
            assert!(error.contains("\"x\""), "{error}");
        }
        assert!(Theme::built_in("nope").unwrap_err().contains("dark"));
    }

    #[test]
    fn user_themes_win() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        std::fs::write(
            dir.path().join("themes/dark.json"),
            r#"{"styles": {"ui.text": "magenta"}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("themes/mine.json"), r#"{"styles": {}}"#).unwrap();
        let dark = Theme::load("dark", Some(dir.path())).unwrap();
        assert_eq!(dark.get("entity.person").fg, Some(Color::Magenta));
        assert!(Theme::load("mine", Some(dir.path())).is_ok());
        std::fs::write(dir.path().join("themes/bad.json"), "{").unwrap();
        let error = Theme::load("bad", Some(dir.path())).unwrap_err();
        assert!(error.contains("bad.json"), "{error}");
    }

    #[test]
    fn mono_has_no_colour() {
        let mono = Theme::built_in("mono").unwrap();
        for key in [
            "ui.text",
            "entity.person",
            "claim.cue",
            "search.match",
            "ui.cursor",
        ] {
            let style = mono.get(key);
            assert!(style.fg.is_none() && style.bg.is_none(), "{key}");
        }
    }
}
