//! Work an action asks for that touches the disk. `update` records it here and returns;
//! the shell (the terminal loop, `settle` for `render` and the tests) runs it, so no key
//! waits on the file system inside `update`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::annotate::teaching::{Teaching, teach};
use crate::extract::lexicons::Lexicons;
use crate::feeds::reading::record_read;

use super::app::App;

/// What a key that opens an article goes on to do once it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterOpen {
    Read,
    Review,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read library entry `entry` (its file and sidecar) and show it.
    Open { entry: usize, then: AfterOpen },
    /// Write a mention into the person's `entities.json` in `dir` and reload the
    /// lexicons from it.
    Teach {
        dir: PathBuf,
        teaching: Teaching,
        text: String,
        label: String,
    },
    /// Write read marks into the feed library at `root`.
    RecordRead {
        root: PathBuf,
        marks: Vec<crate::feeds::reading::ReadMark>,
    },
    /// Show a web page in the person's browser (`$BROWSER`, else the desktop's).
    OpenUrl(String),
    /// Run an update of the feed library on its own thread.
    Reload,
    /// Compare the open page with its previous version and show what changed.
    ShowChanges,
}

impl App {
    /// Runs the effects actions asked for; `true` when there were any, so the screen
    /// is drawn again.
    pub fn run_effects(&mut self, effects: Vec<Effect>) -> bool {
        let any = !effects.is_empty();
        for effect in effects {
            match effect {
                Effect::Open { entry, then } => self.opened(entry, then),
                Effect::Teach {
                    dir,
                    teaching,
                    text,
                    label,
                } => self.taught(&dir, teaching, &text, &label),
                Effect::RecordRead { root, marks } => {
                    if let Err(problem) = record_read(&root, &marks) {
                        self.error(problem.to_string());
                    }
                }
                Effect::OpenUrl(url) => self.browse(&url),
                Effect::Reload => self.start_reload(),
                Effect::ShowChanges => self.show_changes(),
            }
        }
        any
    }

    fn browse(&mut self, url: &str) {
        match webbrowser::open(url) {
            Ok(()) => self.info(format!("opened {url}")),
            Err(problem) => self.error(format!("{url}: no browser could open it ({problem})")),
        }
    }

    fn start_reload(&mut self) {
        let Some(feeds) = &mut self.desk.library.feeds else {
            return self.info("not a feed library: open one with `copydesk news`".to_string());
        };
        match feeds.start_reload() {
            true => self.info("updating the feeds…".to_string()),
            false => self.info("an update is running already".to_string()),
        }
    }

    fn taught(&mut self, dir: &std::path::Path, teaching: Teaching, text: &str, label: &str) {
        match teach(&dir.join("entities.json"), teaching, text, label) {
            Ok(added) => {
                let (lexicons, warnings) = Lexicons::load(Some(dir));
                self.desk.lexicons = Some(Arc::new(lexicons));
                self.desk.lexicons_changed = true;
                let what = match (teaching, added) {
                    (_, false) => "already known",
                    (Teaching::Always, true) => "will always be found",
                    (Teaching::Never, true) => "will not be suggested again",
                };
                match warnings.first() {
                    Some(warning) => self.error(warning.clone()),
                    None => self.info(format!("“{text}” as {label} {what} (entities.json)")),
                }
            }
            Err(problem) => self.error(problem),
        }
    }
}
