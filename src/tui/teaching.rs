//! Teaching the detector from the reader: the mention under the cursor (or under review)
//! goes into the person's `entities.json`, to always be found with its label, or, if they
//! rejected it, never to be suggested with it. Articles analysed from then on use it.

use std::sync::Arc;

use crate::annotate::teaching::{Teaching, teach};
use crate::extract::lexicons::Lexicons;

use super::app::App;

impl App {
    pub(super) fn teach(&mut self) {
        let Some(dir) = self.config_dir.clone() else {
            self.error("no config directory to keep entities.json in".to_string());
            return;
        };
        let Some((range, label, rejected)) = self.mention_here() else {
            self.info("put the cursor on an entity mention to teach it".to_string());
            return;
        };
        let text = self.text().get(range).unwrap_or("").to_string();
        let teaching = match rejected {
            true => Teaching::Never,
            false => Teaching::Always,
        };
        match teach(&dir.join("entities.json"), teaching, &text, &label) {
            Ok(added) => {
                let (lexicons, warnings) = Lexicons::load(Some(&dir));
                self.lexicons = Some(Arc::new(lexicons));
                self.lexicons_changed = true;
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
