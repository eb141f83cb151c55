//! The terminal reader. Only this module and `main.rs` know about ratatui and crossterm;
//! the state ([`app`]) is plain data driven by [`action::Action`]s, so the real terminal
//! ([`terminal`]), `copydesk render` and the tests all go through the same
//! `handle_key` → `update` → `render` path.

pub mod action;
pub mod annotating;
pub mod annotation;
pub mod app;
pub mod changes_view;
pub mod desk;
pub mod document;
pub mod done;
pub mod editing;
pub mod effect;
pub mod entity_names;
pub mod feed_keys;
pub mod feed_list;
pub mod feed_list_view;
pub mod help;
pub mod key;
pub mod keymap;
pub mod leaving;
pub mod library;
pub mod library_view;
pub mod opening;
pub mod picker;
pub mod prompt;
pub mod reading;
pub mod render;
pub mod replies;
pub mod review;
pub mod reviewing;
pub mod saver;
pub mod saving;
pub mod sidebar;
pub mod sidebar_picks;
pub mod spans;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod worker;
pub mod wrap;

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::extract::lexicons::Lexicons;

use app::App;
use key::KeyChord;
use keymap::Keymap;
use library::Library;
use theme::Theme;
use worker::Worker;

/// An article gets its entities and claims before its first frame when it is at most this
/// long (detection runs at about half a megabyte a second); longer ones are analysed on
/// the worker thread so no frame is held up.
pub const SYNC_ANALYSIS_BYTES: usize = 32 * 1024;

/// The app on a library, with the named keymap and theme (user files in `config_dir`
/// win): one article opens at once, several show the list.
pub fn build_app(
    library: Library,
    keymap: &str,
    theme: Option<&str>,
    config_dir: Option<&std::path::Path>,
) -> Result<App, String> {
    let keymap = Keymap::load(keymap, config_dir)?;
    let theme = Theme::select(theme, config_dir)?;
    Ok(App::with_library(library, keymap, theme))
}

/// Gives the app its extractors: the current article is analysed now if it is short,
/// everything else on the returned worker once it is started.
pub fn connect(app: &mut App, lexicons: Lexicons) -> Worker {
    app.use_claim_labels(&lexicons);
    let lexicons = Arc::new(lexicons);
    app.desk.lexicons = Some(Arc::clone(&lexicons));
    app.analyse_current_if_short();
    Worker::spawn(lexicons, app.desk.library.options)
}

/// Does all the work the app wants right here, for a finished screen without a worker:
/// `copydesk render` and the tests. Does nothing before [`connect`].
pub fn settle(app: &mut App) {
    app.refresh_sidebar();
    let Some(lexicons) = app.desk.lexicons.clone() else {
        return;
    };
    loop {
        let jobs = app.take_jobs();
        if jobs.is_empty() {
            return;
        }
        let options = app.desk.library.options;
        let finished: Vec<_> = jobs
            .into_iter()
            .filter_map(|job| worker::run_job(job, &lexicons, options))
            .collect();
        app.apply(finished);
    }
}

/// Replays `keys` against the app at the given size and returns the final screen:
/// `copydesk render`, the snapshot tests and the benchmarks all use this.
pub fn render_headless(app: &mut App, width: u16, height: u16, keys: &[KeyChord]) -> Buffer {
    app.set_size(width, height);
    settle(app);
    for &key in keys {
        if app.should_quit {
            break;
        }
        let effects = app.handle_key(key);
        app.run_effects(effects);
        settle(app);
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
    /// Who is annotating, recorded on every decision; the OS user when not set.
    pub annotator: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mouse: true,
            annotator: None,
        }
    }
}

impl Settings {
    /// The configured annotator, else the OS user, else "anonymous".
    pub fn annotator(&self) -> String {
        self.annotator
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "anonymous".to_string())
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
