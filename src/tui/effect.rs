//! Work an action asks for that touches the disk. `update` records it here and returns;
//! the shell (the terminal loop, `settle` for `render` and the tests) runs it, so no key
//! waits on the file system inside `update`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::annotate::teaching::{Teaching, teach};
use crate::extract::lexicons::Lexicons;

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
            }
        }
        any
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
