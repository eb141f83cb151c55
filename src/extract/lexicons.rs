//! The built-in lexicons with the user's own from the config directory: `claims.json`
//! (labels and cues) and `entities.json` (always- and never-entities).

use std::path::Path;

use super::claims::lexicon::Lexicon;
use super::entities::user_lexicon::UserLexicon;

pub struct Lexicons {
    pub claims: Lexicon,
    pub entities: UserLexicon,
}

impl Lexicons {
    pub fn built_in() -> Lexicons {
        Lexicons {
            claims: Lexicon::built_in(),
            entities: UserLexicon::default(),
        }
    }

    /// The lexicons with the user's files from `config_dir` (when there is one), and a
    /// warning for each user file that could not be used.
    pub fn load(config_dir: Option<&Path>) -> (Lexicons, Vec<String>) {
        let Some(dir) = config_dir else {
            return (Lexicons::built_in(), Vec::new());
        };
        let (claims, claims_warning) = Lexicon::with_user_file(&dir.join("claims.json"));
        let (entities, entities_warning) = UserLexicon::load(&dir.join("entities.json"));
        let warnings = claims_warning.into_iter().chain(entities_warning).collect();
        (Lexicons { claims, entities }, warnings)
    }
}
