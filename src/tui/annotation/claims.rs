//! Correcting a claim or a span from the keyboard: negation, note, either boundary moved
//! by a word or a character, and the claim's cue and source.

use std::ops::Range;

use crate::annotate::reshape::Reshape;
use crate::annotate::review::{Shape, SuggestionKind};
use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{Edit, ItemRef, state_of};
use crate::extract::sentences::sentence_at;

use super::super::annotating::word_at;
use super::super::editing::{Edge, Step, moved};
use super::super::keymap::Mode;
use super::super::prompt::Prompt;
use super::{Annotator, Opened, Wanted};

/// The labels a claim's source may carry when none is chosen by hand: who can say things.
const SPEAKERS: [&str; 4] = ["PERSON", "ORG", "NORP", "GPE"];

impl Annotator<'_> {
    pub(super) fn flip_negation(&mut self) {
        if let Some((item, _)) = self.target_or_say(Wanted::Claim)
            && self.record(Edit::FlipNegation(item)).is_some()
        {
            self.info("negation flipped".to_string());
        }
    }

    /// Opens the note editor on the claim the keys act on, with its note so far.
    pub(super) fn start_note(&mut self) {
        let Some((item, now)) = self.target_or_say(Wanted::Claim) else {
            return;
        };
        if self.refuse_rejected(&now) {
            return;
        }
        let existing = self.desk.document().and_then(|d| {
            let id = now.id.as_deref()?;
            let claims = &d.annotations.store.sidecar.claims;
            claims.iter().find(|c| c.meta.id == id)?.note.clone()
        });
        self.open(Opened::Prompt(Prompt::Note {
            claim: item,
            text: existing.unwrap_or_default(),
        }));
    }

    pub(super) fn save_note(&mut self, claim: ItemRef, text: String) {
        if self.record(Edit::Note(claim, text)).is_some() {
            self.info("note saved on the claim".to_string());
        }
    }

    /// Moves one boundary of the item the keys act on.
    pub(super) fn move_boundary(&mut self, edge: Edge, left: bool, step: Step) {
        let Some((item, now)) = self.target_or_say(Wanted::Any) else {
            return;
        };
        if self.refuse_rejected(&now) {
            return;
        }
        let Some(range) = moved(self.text(), &now.shape.range, edge, left, step) else {
            return self.info("that boundary cannot move further".to_string());
        };
        let words = self.words(range.clone(), 60);
        if self
            .record(Edit::Reshape(item, Reshape::Range(range)))
            .is_some()
        {
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
            .aim
            .selection
            .clone()
            .or_else(|| word_at(self.text(), self.aim.cursor));
        let Some(range) = range else {
            return self.info("put the cursor on the cue, or select it".to_string());
        };
        let words = self.words(range.clone(), usize::MAX);
        if self
            .record(Edit::Reshape(item, Reshape::Cue(range)))
            .is_some()
        {
            self.reply.clear_selection = true;
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
        if let Some(range) = self.aim.selection.clone() {
            let words = self.words(range.clone(), usize::MAX);
            if self
                .record(Edit::Reshape(claim, Reshape::SourceSpan(range)))
                .is_some()
            {
                self.reply.clear_selection = true;
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
            return self.info("no named subject near this claim: select the source".to_string());
        };
        let words = self.words(range, usize::MAX);
        if self.record(edit).is_some() {
            self.reply.current_item = Some(Some(claim));
            self.info(format!("source “{words}”"));
        }
    }

    /// The source the claim detector found for a claim with this cue, else for the
    /// nearest claim in the same sentence: where no entity mention names the speaker, the
    /// detector's reading of the sentence still does.
    fn suggested_source(&self, claim: &Shape) -> Option<Range<usize>> {
        let annotations = &self.desk.document()?.annotations;
        let cue = claim.cue.clone().unwrap_or(claim.range.clone());
        let sentence = sentence_at(self.text(), cue.start)?;
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
        let cursor = self.aim.cursor;
        let mut paragraphs = vec![self.desk.paragraph_at(cursor)];
        paragraphs.push(self.desk.paragraph_at(cue.start));
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
        if self.aim.mode != Mode::Review
            && let Some((item, range, _)) = mentions
                .iter()
                .find(|(_, r, _)| r.start <= cursor && cursor < r.end)
        {
            return Some((item.clone(), range.clone()));
        }
        let sentence = sentence_at(self.text(), cue.start)?;
        mentions
            .into_iter()
            .filter(|(_, _, label)| SPEAKERS.contains(&label.as_str()))
            .filter(|(_, r, _)| sentence.start <= r.start && r.end <= sentence.end)
            .filter(|(_, r, _)| r.end <= claim.range.start || claim.range.end <= r.start)
            .min_by_key(|(_, r, _)| (r.start > cue.start, r.start.abs_diff(cue.start)))
            .map(|(item, range, _)| (item, range))
    }
}
