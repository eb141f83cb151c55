//! Where things are in the text: the boundary a key moves and by how much, growing a
//! selection to the next unit around it, and the edit keys turned into annotation
//! commands (which [`super::annotation`] applies).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::annotation::Command;
use super::app::App;

/// Which end of a span moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// How far a boundary moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Word,
    Character,
}

impl App {
    /// Runs an editing action.
    pub(super) fn edit(&mut self, action: Action) {
        let (edge, left, step) = match action {
            Action::SetCue => return self.annotate(Command::SetCue),
            Action::SetSource => return self.annotate(Command::SetSource),
            Action::StartLeft => (Edge::Start, true, Step::Word),
            Action::StartRight => (Edge::Start, false, Step::Word),
            Action::EndLeft => (Edge::End, true, Step::Word),
            Action::EndRight => (Edge::End, false, Step::Word),
            Action::StartLeftChar => (Edge::Start, true, Step::Character),
            Action::StartRightChar => (Edge::Start, false, Step::Character),
            Action::EndLeftChar => (Edge::End, true, Step::Character),
            Action::EndRightChar => (Edge::End, false, Step::Character),
            _ => return,
        };
        self.annotate(Command::MoveBoundary(edge, left, step));
    }

    /// Grows the selection to the next unit around it: the word, the quote, the
    /// sentence, the paragraph.
    pub(super) fn expand_selection(&mut self) {
        let current = self
            .selection_range()
            .unwrap_or(self.reading.cursor..self.reading.cursor);
        let Some(document) = self.desk.document() else {
            return;
        };
        let text = document.article.text.as_str();
        let paragraph = document
            .article
            .paragraphs
            .iter()
            .find(|p| p.start <= current.start && current.end <= p.end.max(p.start + 1))
            .cloned();
        let units = [
            super::annotating::word_at(text, current.start),
            paragraph
                .clone()
                .and_then(|p| quote_around(text, &p, &current)),
            self.sentence_at_cursor(),
            paragraph,
        ];
        let grows = |unit: &Range<usize>| {
            unit.start <= current.start && current.end <= unit.end && unit.len() > current.len()
        };
        let Some(unit) = units.into_iter().flatten().find(grows) else {
            self.info("the selection is the whole paragraph".to_string());
            return;
        };
        self.reading.selection = Some(unit.start);
        self.reading.cursor = unit.end;
    }
}

/// The words between the quotation marks around `inner`, within `paragraph`: marks are
/// paired in order (“…”, "…", «…»).
fn quote_around(
    text: &str,
    paragraph: &Range<usize>,
    inner: &Range<usize>,
) -> Option<Range<usize>> {
    let body = text.get(paragraph.clone())?;
    let marks: Vec<usize> = body
        .char_indices()
        .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»'))
        .map(|(at, _)| paragraph.start + at)
        .collect();
    marks.chunks_exact(2).find_map(|pair| {
        let open = pair[0] + text[pair[0]..].chars().next()?.len_utf8();
        let close = pair[1];
        (open <= inner.start && inner.end <= close && open < close).then_some(open..close)
    })
}

/// `range` with one boundary moved a word or a grapheme left or right, never empty and
/// never across a line break; `None` when it cannot move.
pub fn moved(
    text: &str,
    range: &Range<usize>,
    edge: Edge,
    left: bool,
    step: Step,
) -> Option<Range<usize>> {
    let at = match edge {
        Edge::Start => range.start,
        Edge::End => range.end,
    };
    let to = match (step, left) {
        (Step::Character, true) => {
            let before = text.get(..at)?;
            at - before.graphemes(true).next_back()?.len()
        }
        (Step::Character, false) => at + text.get(at..)?.graphemes(true).next()?.len(),
        (Step::Word, _) => word_boundary(text, at, edge, left)?,
    };
    let new = match edge {
        Edge::Start => to..range.end,
        Edge::End => range.start..to,
    };
    let inside = text.get(new.clone())?;
    (new.start < new.end && !inside.contains('\n')).then_some(new)
}

/// The next word start (for a start boundary) or word end (for an end boundary) to the
/// left or right of `at`, looked for within a paragraph's reach.
fn word_boundary(text: &str, at: usize, edge: Edge, left: bool) -> Option<usize> {
    const REACH: usize = 400;
    let mut from = at.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let points = text[from..to]
        .split_word_bound_indices()
        .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
        .map(|(i, word)| match edge {
            Edge::Start => from + i,
            Edge::End => from + i + word.len(),
        });
    let points: Vec<usize> = points.collect();
    match left {
        true => points.into_iter().rev().find(|&p| p < at),
        false => points.into_iter().find(|&p| p > at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Officials at Eastbay Port said the cranes were safe.\nNext line.";

    fn at(words: &str) -> Range<usize> {
        let start = TEXT.find(words).unwrap();
        start..start + words.len()
    }

    fn show(range: Option<Range<usize>>) -> Option<&'static str> {
        range.map(|r| &TEXT[r])
    }

    #[test]
    fn boundaries_move_by_whole_words_and_by_graphemes() {
        let port = at("Eastbay");
        let word = Step::Word;
        assert_eq!(
            show(moved(TEXT, &port, Edge::End, false, word)),
            Some("Eastbay Port")
        );
        assert_eq!(
            show(moved(TEXT, &port, Edge::Start, true, word)),
            Some("at Eastbay")
        );
        assert_eq!(show(moved(TEXT, &port, Edge::Start, false, word)), None);
        let both = at("Eastbay Port");
        assert_eq!(
            show(moved(TEXT, &both, Edge::End, true, word)),
            Some("Eastbay")
        );
        let character = Step::Character;
        assert_eq!(
            show(moved(TEXT, &port, Edge::End, true, character)),
            Some("Eastba")
        );
        assert_eq!(
            show(moved(TEXT, &port, Edge::Start, true, character)),
            Some(" Eastbay")
        );
    }

    #[test]
    fn a_boundary_never_crosses_a_line_or_empties_the_span() {
        let safe = at("safe.");
        assert_eq!(moved(TEXT, &safe, Edge::End, false, Step::Word), None);
        let one = at("E");
        assert_eq!(moved(TEXT, &one, Edge::End, true, Step::Character), None);
    }

    #[test]
    fn a_grapheme_cluster_moves_whole() {
        let text = "Zoë 👩‍💻 typed";
        let start = text.find("👩").unwrap();
        let end = text.find(" typed").unwrap();
        let left = moved(text, &(start..end), Edge::End, true, Step::Character);
        assert_eq!(left, None, "the only grapheme cannot go");
        let right = moved(text, &(start..end), Edge::End, false, Step::Character).unwrap();
        assert_eq!(&text[right], "👩‍💻 ");
    }
}
