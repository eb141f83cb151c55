//! The label picker as a layer: its list, filter and choice are its own; what the chosen
//! label does to the article is the reader's (`annotating`).

use crate::annotate::review::TagKind;
use crate::annotate::session::ItemRef;

use super::action::Action;

/// Choosing a label for a span about to be tagged: the labels narrow as the person
/// types; Enter or a digit picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: TagKind,
    /// The items being relabelled (every mention of an entity from the sidebar); none
    /// when tagging new text.
    pub relabel: Vec<ItemRef>,
    /// Byte range of the text being tagged.
    pub range: std::ops::Range<usize>,
    pub labels: Vec<String>,
    pub filter: String,
    /// Index into [`Picker::visible`].
    pub selected: usize,
}

/// What a key in the picker came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Open,
    /// The label chosen; `None` when the filter left no label.
    Chosen(Option<String>),
    Cancelled,
    Quit,
}

impl Picker {
    /// The labels matching the filter: those starting with it first, then those
    /// containing it, case-insensitively.
    pub fn visible(&self) -> Vec<&str> {
        let filter = self.filter.to_lowercase();
        let (mut starting, mut containing) = (Vec::new(), Vec::new());
        for label in &self.labels {
            let lower = label.to_lowercase();
            if lower.starts_with(&filter) {
                starting.push(label.as_str());
            } else if lower.contains(&filter) {
                containing.push(label.as_str());
            }
        }
        starting.extend(containing);
        starting
    }

    /// Typing: a digit picks that row, anything else narrows the list.
    pub fn type_char(&mut self, c: char) -> Picked {
        if let Some(digit) = c.to_digit(10).filter(|d| *d >= 1) {
            return self.choose(digit as usize - 1);
        }
        self.filter.push(c);
        self.selected = 0;
        Picked::Open
    }

    pub fn update(&mut self, action: Action) -> Picked {
        let count = self.visible().len();
        match action {
            Action::Activate => return self.choose(self.selected),
            Action::Cancel => return Picked::Cancelled,
            Action::Quit => return Picked::Quit,
            Action::DeleteBackward => {
                self.filter.pop();
                self.selected = 0;
            }
            Action::NextLine if count > 0 => self.selected = (self.selected + 1) % count,
            Action::PreviousLine if count > 0 => {
                self.selected = (self.selected + count - 1) % count;
            }
            _ => {}
        }
        Picked::Open
    }

    fn choose(&self, row: usize) -> Picked {
        Picked::Chosen(self.visible().get(row).map(|label| label.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> Picker {
        Picker {
            kind: TagKind::Entity,
            relabel: Vec::new(),
            range: 0..4,
            labels: ["PERSON", "ORG", "GPE"].map(String::from).to_vec(),
            filter: String::new(),
            selected: 0,
        }
    }

    #[test]
    fn a_digit_chooses_its_row_of_what_the_filter_left() {
        let mut picker = picker();
        assert_eq!(picker.type_char('o'), Picked::Open);
        assert_eq!(picker.visible(), ["ORG", "PERSON"]);
        assert_eq!(picker.type_char('2'), Picked::Chosen(Some("PERSON".into())));
        assert_eq!(picker.type_char('9'), Picked::Chosen(None));
    }

    #[test]
    fn moving_wraps_and_enter_takes_the_row_shown() {
        let mut picker = picker();
        assert_eq!(picker.update(Action::PreviousLine), Picked::Open);
        assert_eq!(
            picker.update(Action::Activate),
            Picked::Chosen(Some("GPE".into()))
        );
        assert_eq!(picker.update(Action::Cancel), Picked::Cancelled);
    }
}
