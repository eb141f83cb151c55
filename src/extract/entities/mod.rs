//! Entities an article mentions: the built-in NER model's mentions, grouped into
//! entities by the document-level linking layer.

pub mod linking;

use std::sync::OnceLock;

use linking::{Aliases, Linked, RawMention, link};

use super::ner;

fn aliases() -> &'static Aliases {
    static ALIASES: OnceLock<Aliases> = OnceLock::new();
    ALIASES.get_or_init(Aliases::built_in)
}

/// Detects the entity mentions in `text` and groups them into entities.
pub fn detect_entities(text: &str) -> Linked {
    let mentions: Vec<RawMention> = ner::detect(text)
        .into_iter()
        .map(|entity| RawMention {
            range: entity.start..entity.end,
            label: entity.label.to_string(),
        })
        .collect();
    link(text, &mentions, aliases())
}
