//! The line typed at the bottom of the screen (a claim's note, an entity's name) as a
//! layer: it owns its text and keys, and hands the finished text back to the reader.

use super::action::Action;

/// A line of text being typed at the bottom of the screen, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// A note on a claim.
    Note {
        claim: crate::annotate::session::ItemRef,
        text: String,
    },
    /// A new name for the entity `entity` (with `label`).
    EntityName {
        label: String,
        entity: String,
        text: String,
    },
}

impl Prompt {
    pub fn text(&self) -> &str {
        match self {
            Prompt::Note { text, .. } | Prompt::EntityName { text, .. } => text,
        }
    }

    pub fn text_mut(&mut self) -> &mut String {
        match self {
            Prompt::Note { text, .. } | Prompt::EntityName { text, .. } => text,
        }
    }

    /// What the status bar calls it.
    pub fn title(&self) -> &'static str {
        match self {
            Prompt::Note { .. } => "note",
            Prompt::EntityName { .. } => "name",
        }
    }
}

/// What a key in the prompt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompted {
    Open,
    Done,
    Cancelled,
    Quit,
}

impl Prompt {
    pub fn update(&mut self, action: Action) -> Prompted {
        match action {
            Action::Activate => Prompted::Done,
            Action::Cancel => Prompted::Cancelled,
            Action::Quit => Prompted::Quit,
            Action::DeleteBackward => {
                self.text_mut().pop();
                Prompted::Open
            }
            _ => Prompted::Open,
        }
    }
}
