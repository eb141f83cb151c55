//! The terminal reader. Only this module and `main.rs` know about ratatui and crossterm;
//! the state ([`app`]) is plain data driven by [`action::Action`]s, so the real terminal
//! ([`terminal`]), `copydesk render` and the tests all go through the same
//! `handle_key` → `update` → `render` path.

pub mod action;
pub mod app;
pub mod key;
pub mod keymap;
pub mod render;
pub mod spans;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap;

use std::sync::mpsc::{Receiver, channel};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::article::Article;
use crate::extract::claims::lexicon::Lexicon;
use crate::extract::claims::{ClaimSuggestion, detect_claims};

use app::{App, Document};
use key::KeyChord;
use keymap::Keymap;
use theme::Theme;

/// Articles up to this size get their claims before the first frame; longer ones in the
/// background, so the first frame of a huge article is not held up.
pub const SYNC_ANALYSIS_BYTES: usize = 256 * 1024;

/// Builds the app with the named keymap and theme (user files in `config_dir` win).
pub fn build_app(
    articles: Vec<Article>,
    keymap: &str,
    theme: Option<&str>,
    config_dir: Option<&std::path::Path>,
) -> Result<App, String> {
    let keymap = Keymap::load(keymap, config_dir)?;
    let theme = Theme::select(theme, config_dir)?;
    let documents = articles.into_iter().map(Document::new).collect();
    Ok(App::new(documents, keymap, theme))
}

/// Finds claims in the short articles now and in the long ones on a worker thread,
/// whose results arrive through the returned channel.
pub fn analyse(app: &mut App, lexicon: Lexicon) -> Receiver<(usize, Vec<ClaimSuggestion>)> {
    let (sender, receiver) = channel();
    let mut later = Vec::new();
    for index in 0..app.documents.len() {
        let text = &app.documents[index].article.text;
        if text.len() <= SYNC_ANALYSIS_BYTES {
            let claims = detect_claims(text, &lexicon);
            app.set_claims(index, claims);
        } else {
            later.push((index, text.clone()));
        }
    }
    if !later.is_empty() {
        std::thread::spawn(move || {
            for (index, text) in later {
                if sender
                    .send((index, detect_claims(&text, &lexicon)))
                    .is_err()
                {
                    break;
                }
            }
        });
    }
    receiver
}

/// Replays `keys` against the app at the given size and returns the final screen:
/// `copydesk render`, the snapshot tests and the benchmarks all use this.
pub fn render_headless(app: &mut App, width: u16, height: u16, keys: &[KeyChord]) -> Buffer {
    app.set_size(width, height);
    for &key in keys {
        if app.should_quit {
            break;
        }
        app.handle_key(key);
    }
    let backend = TestBackend::new(width, height);
    match Terminal::new(backend) {
        Ok(mut terminal) => {
            let drawn = terminal.draw(|frame| render::render(app, frame)).is_ok();
            if drawn {
                return terminal.backend().buffer().clone();
            }
            Buffer::empty(Rect::new(0, 0, width, height))
        }
        Err(_) => Buffer::empty(Rect::new(0, 0, width, height)),
    }
}

/// Reader settings from `config.json` in the config directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Mouse capture blocks the terminal's own text selection, so it can be turned off.
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { mouse: true }
    }
}

impl Settings {
    pub fn load(config_dir: Option<&std::path::Path>) -> Result<Settings, String> {
        let Some(path) = config_dir.map(|d| d.join("config.json")) else {
            return Ok(Settings::default());
        };
        if !path.exists() {
            return Ok(Settings::default());
        }
        let json = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
        serde_json::from_str(&json).map_err(|e| format!("{}: {e}", path.display()))
    }
}
