//! Teaching the detector from the reader: the mention under the cursor (or under review)
//! goes into the person's `entities.json`, to always be found with its label, or, if they
//! rejected it, never to be suggested with it. Articles analysed from then on use it.

use crate::annotate::teaching::Teaching;

use super::app::App;
use super::effect::Effect;

impl App {
    pub(super) fn teach(&mut self) {
        let Some(dir) = self.desk.config_dir.clone() else {
            self.error("no config directory to keep entities.json in".to_string());
            return;
        };
        let Some((range, label, rejected)) = self.mention_here() else {
            self.info("put the cursor on an entity mention to teach it".to_string());
            return;
        };
        let text = self.desk.text().get(range).unwrap_or("").to_string();
        let teaching = match rejected {
            true => Teaching::Never,
            false => Teaching::Always,
        };
        self.effects.push(Effect::Teach {
            dir,
            teaching,
            text,
            label,
        });
    }
}
