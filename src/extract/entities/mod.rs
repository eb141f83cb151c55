//! Entities an article mentions: the built-in NER model's mentions, grouped into
//! entities by the document-level linking layer.

pub mod linking;
pub mod user_lexicon;

use std::ops::Range;
use std::sync::OnceLock;

use linking::{Aliases, Linked, RawMention, link};
use user_lexicon::UserLexicon;

use super::ner;

fn aliases() -> &'static Aliases {
    static ALIASES: OnceLock<Aliases> = OnceLock::new();
    ALIASES.get_or_init(Aliases::built_in)
}

/// Detects the entity mentions in `text`, corrected by the user's lexicon, and groups
/// them into entities.
pub fn detect_entities(text: &str, user: &UserLexicon) -> Linked {
    let mentions: Vec<RawMention> = ner::detect(text)
        .into_iter()
        .map(|entity| RawMention {
            range: without_leading_article(text, entity.start..entity.end),
            label: entity.label.to_string(),
        })
        .collect();
    link(text, &user.apply(text, mentions), aliases())
}

/// OntoNotes, which the model learned from, often counts "the" as part of a name
/// ("the Middle East"); CoNLL and newsroom style guides do not, and a reviewer
/// accepting "the Kremlin" would teach the wrong boundary. The article is dropped
/// only when a name is left after it.
fn without_leading_article(text: &str, range: Range<usize>) -> Range<usize> {
    let mention = &text[range.clone()];
    match mention.get(..4) {
        Some(first) if first.eq_ignore_ascii_case("the ") && mention.len() > 4 => {
            range.start + 4..range.end
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_the_is_not_part_of_the_name() {
        let text = "In the Middle East, the end.";
        let start = text.find("the Middle").unwrap();
        let trimmed = without_leading_article(text, start..start + "the Middle East".len());
        assert_eq!(&text[trimmed], "Middle East");
        let only = text.find("the ").unwrap();
        assert_eq!(&text[without_leading_article(text, only..only + 3)], "the");
    }
}
