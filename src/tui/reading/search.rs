//! Search in the text layer: typing the query after `/`, and jumping between matches.

use std::ops::Range;

use super::super::action::Action;
use super::super::app::Message;
use super::ReadingState;

#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What is being typed after `/`.
    pub input: String,
    pub query: String,
    pub matches: Vec<Range<usize>>,
    /// ASCII-lowercased copy of the text (same byte offsets), made at the first search.
    lower: Option<String>,
}

/// Where the search prompt goes after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// Still typing.
    Open,
    /// Closed, with what the search found to say.
    Closed(Option<Message>),
}

impl Search {
    /// Forgets the matches of the article shown before.
    pub fn forget(&mut self) {
        self.matches.clear();
        self.lower = None;
    }
}

impl ReadingState {
    /// The keys of the search prompt; a plain character is typed with [`Search::input`].
    pub fn update_search(&mut self, action: Action, text: &str, rows: usize) -> Typed {
        match action {
            Action::Cancel => {
                self.search.input.clear();
                Typed::Closed(None)
            }
            Action::DeleteBackward => {
                self.search.input.pop();
                Typed::Open
            }
            Action::Activate => {
                let input = std::mem::take(&mut self.search.input);
                let query = match input.is_empty() {
                    true => self.search.query.clone(),
                    false => input,
                };
                Typed::Closed(self.run_search(query, text, rows))
            }
            _ => Typed::Open,
        }
    }

    /// Smart case: a query with no capital letter ignores ASCII case.
    fn run_search(&mut self, query: String, text: &str, rows: usize) -> Option<Message> {
        let search = &mut self.search;
        search.matches.clear();
        search.query = query.clone();
        if query.is_empty() {
            return None;
        }
        let fold = !query.chars().any(char::is_uppercase);
        search.matches = if fold {
            let lower = search
                .lower
                .get_or_insert_with(|| text.to_ascii_lowercase());
            let needle = query.to_ascii_lowercase();
            lower
                .match_indices(&needle)
                .map(|(at, m)| at..at + m.len())
                .collect()
        } else {
            text.match_indices(&query)
                .map(|(at, m)| at..at + m.len())
                .collect()
        };
        if search.matches.is_empty() {
            return Some(Message::error(format!("no match for {}", quoted(&query))));
        }
        Some(self.jump_to_match(true, true, rows))
    }

    pub(super) fn jump_to_match(
        &mut self,
        forward: bool,
        include_here: bool,
        rows: usize,
    ) -> Message {
        let matches = &self.search.matches;
        if matches.is_empty() {
            return Message::error(match self.search.query.is_empty() {
                true => "no search yet: press / to search".to_string(),
                false => format!("no match for {}", quoted(&self.search.query)),
            });
        }
        let cursor = self.cursor;
        let (index, wrapped) = if forward {
            let at = matches.partition_point(|m| match include_here {
                true => m.start < cursor,
                false => m.start <= cursor,
            });
            match at < matches.len() {
                true => (at, false),
                false => (0, true),
            }
        } else {
            let at = matches.partition_point(|m| m.start < cursor);
            match at.checked_sub(1) {
                Some(i) => (i, false),
                None => (matches.len() - 1, true),
            }
        };
        self.cursor = matches[index].start;
        let total = matches.len();
        let wrap_note = if wrapped { " (search wrapped)" } else { "" };
        let said = Message::info(format!(
            "{} {} of {total}{wrap_note}",
            quoted(&self.search.query),
            index + 1
        ));
        self.after_jump(rows);
        said
    }
}

fn quoted(text: &str) -> String {
    format!("“{}”", super::super::view::display_safe(text))
}
