//! Correcting where things are, from the keyboard: moving either boundary of a
//! suggestion (or of a person's own item) by a word or a character, and setting a claim's
//! cue and source. Recorded through `annotate::reshape`.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::annotate::reshape::Reshape;
use crate::annotate::review::{Shape, SuggestionKind};
use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{Edit, ItemRef, state_of};

use super::action::Action;
use super::app::App;
use super::keymap::Mode;
use super::target::Wanted;

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

/// The labels a claim's source may carry when none is chosen by hand: who can say things.
const SPEAKERS: [&str; 4] = ["PERSON", "ORG", "NORP", "GPE"];

impl App {
    /// The entity mention the keys act on, as it is now: its range, its label, and
    /// whether it was rejected.
    pub(super) fn mention_here(&self) -> Option<(Range<usize>, String, bool)> {
        let (_, now) = self.target(Wanted::Mention).ok()?;
        Some((now.shape.range, now.label, now.status == Status::Rejected))
    }

    /// Runs an editing action.
    pub(super) fn edit(&mut self, action: Action) {
        let (edge, left, step) = match action {
            Action::SetCue => return self.set_cue(),
            Action::SetSource => return self.set_source(),
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
        self.move_boundary(edge, left, step);
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

    /// Moves one boundary of the item the keys act on.
    pub(super) fn move_boundary(&mut self, edge: Edge, left: bool, step: Step) {
        let Some((item, now)) = self.target_or_say(Wanted::Any) else {
            return;
        };
        if self.refuse_rejected(&now) {
            return;
        }
        let Some(range) = moved(self.desk.text(), &now.shape.range, edge, left, step) else {
            self.info("that boundary cannot move further".to_string());
            return;
        };
        let words: String = self.desk.text().get(range.clone()).unwrap_or("").into();
        if self
            .record(Edit::Reshape(item, Reshape::Range(range)))
            .is_some()
        {
            let words: String = words.chars().take(60).collect();
            self.info(format!("now “{words}”"));
        }
    }

    /// Makes the selection, or the word under the cursor, the cue of the claim the keys
    /// act on.
    pub(super) fn set_cue(&mut self) {
        let Some((item, _)) = self.target_or_say(Wanted::Claim) else {
            return;
        };
        let range = self
            .selection_range()
            .or_else(|| super::annotating::word_at(self.desk.text(), self.reading.cursor));
        let Some(range) = range else {
            self.info("put the cursor on the cue, or select it".to_string());
            return;
        };
        let words: String = self.desk.text().get(range.clone()).unwrap_or("").into();
        if self
            .record(Edit::Reshape(item, Reshape::Cue(range)))
            .is_some()
        {
            self.reading.selection = None;
            self.info(format!("cue “{words}”"));
        }
    }

    /// Sets the source of the claim the keys act on: the selection (a span, so it
    /// follows edits and exports as one), else the entity mention under the cursor, else
    /// the nearest named subject (a person, organisation, group or place) in the claim's
    /// sentence.
    pub(super) fn set_source(&mut self) {
        let Some((claim, now)) = self.target_or_say(Wanted::Claim) else {
            return;
        };
        if let Some(range) = self.selection_range() {
            let words: String = self.desk.text().get(range.clone()).unwrap_or("").into();
            if self
                .record(Edit::Reshape(claim, Reshape::SourceSpan(range)))
                .is_some()
            {
                self.reading.selection = None;
                self.info(format!("source “{words}”"));
            }
            return;
        }
        let found = self
            .source_mention(&now.shape)
            .map(|(mention, range)| {
                let edit = Edit::SourceMention {
                    claim: claim.clone(),
                    mention,
                };
                (edit, range)
            })
            .or_else(|| {
                let range = self.suggested_source(&now.shape)?;
                Some((
                    Edit::Reshape(claim.clone(), Reshape::SourceSpan(range.clone())),
                    range,
                ))
            });
        let Some((edit, range)) = found else {
            self.info("no named subject near this claim: select the source".to_string());
            return;
        };
        let words: String = self.desk.text().get(range).unwrap_or("").into();
        if self.record(edit).is_some() {
            self.set_current_item(Some(claim));
            self.info(format!("source “{words}”"));
        }
    }

    /// The source the claim detector found for a claim with this cue, else for the
    /// nearest claim in the same sentence: where no entity mention names the speaker, the
    /// detector's reading of the sentence still does.
    fn suggested_source(&self, claim: &Shape) -> Option<Range<usize>> {
        let annotations = &self.desk.document()?.annotations;
        let cue = claim.cue.clone().unwrap_or(claim.range.clone());
        let sentence = crate::extract::sentences::sentence_at(self.desk.text(), cue.start)?;
        annotations
            .suggestions
            .iter()
            .filter_map(|s| match &s.kind {
                SuggestionKind::Claim {
                    cue: theirs,
                    source: Some(source),
                    ..
                } => Some((theirs, source)),
                _ => None,
            })
            .filter(|(_, source)| sentence.start <= source.start && source.end <= sentence.end)
            .filter(|(_, r)| r.end <= claim.range.start || claim.range.end <= r.start)
            .min_by_key(|(theirs, _)| (*theirs != &cue, theirs.start.abs_diff(cue.start)))
            .map(|(_, source)| source.clone())
    }

    /// The mention to take as a source, and where it is: the one under the cursor
    /// (outside review), else the speaker-like mention nearest the cue in the claim's
    /// sentence, outside its content, preferring one before the cue. Rejected mentions
    /// are never taken.
    fn source_mention(&self, claim: &Shape) -> Option<(ItemRef, Range<usize>)> {
        let annotations = &self.desk.document()?.annotations;
        // Under the cursor, or in the claim's sentence: those two paragraphs.
        let cue = claim.cue.clone().unwrap_or(claim.range.clone());
        let mut paragraphs = vec![self.paragraph_at(self.reading.cursor)];
        paragraphs.push(self.paragraph_at(cue.start));
        paragraphs.dedup();
        let items = paragraphs
            .into_iter()
            .flat_map(|paragraph| annotations.items_in(paragraph));
        let mentions = items.filter_map(|item| {
            let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
            let live = now.kind == ItemKind::Mention && now.status != Status::Rejected;
            live.then_some((item, now.shape.range, now.label))
        });
        let mentions: Vec<(ItemRef, Range<usize>, String)> = mentions.collect();
        let cursor = self.reading.cursor;
        if self.mode != Mode::Review
            && let Some((item, range, _)) = mentions
                .iter()
                .find(|(_, r, _)| r.start <= cursor && cursor < r.end)
        {
            return Some((item.clone(), range.clone()));
        }
        let sentence = crate::extract::sentences::sentence_at(self.desk.text(), cue.start)?;
        mentions
            .into_iter()
            .filter(|(_, _, label)| SPEAKERS.contains(&label.as_str()))
            .filter(|(_, r, _)| sentence.start <= r.start && r.end <= sentence.end)
            .filter(|(_, r, _)| r.end <= claim.range.start || claim.range.end <= r.start)
            .min_by_key(|(_, r, _)| (r.start > cue.start, r.start.abs_diff(cue.start)))
            .map(|(item, range, _)| (item, range))
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
