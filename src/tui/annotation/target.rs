//! Which item a key acts on, answered here and nowhere else: in review, the item under
//! review; with the sidebar focused, the row chosen there (never the text cursor's item);
//! in the text, the item the person just made or changed while the cursor stays in its
//! sentence, else the item under the cursor, else the nearest claim in the sentence.
//!
//! Rejected items come last everywhere: a key pressed near a rejected suggestion and a
//! live item acts on the live one, and a rejected one is reached only when nothing else
//! is there (the session then refuses any change but a verdict).

use std::ops::Range;

use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{ItemRef, ItemState, state_of};
use crate::extract::sentences::sentence_at;

use super::super::app::Pane;
use super::super::desk::Desk;
use super::super::keymap::Mode;
use super::super::sidebar::SidebarRow;
use super::Aim;

/// What kind of item the action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// A mention before a claim where both are under the cursor.
    Any,
    /// Like `Any`, for accepting or rejecting: a rejected item under the cursor is what
    /// a verdict names, before any live claim elsewhere in the sentence.
    Verdict,
    Claim,
    Mention,
}

impl Wanted {
    fn admits(self, kind: ItemKind) -> bool {
        match self {
            Wanted::Any | Wanted::Verdict => true,
            Wanted::Claim => kind == ItemKind::Claim,
            Wanted::Mention => kind == ItemKind::Mention,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Wanted::Any | Wanted::Verdict => "suggestion or item",
            Wanted::Claim => "claim",
            Wanted::Mention => "entity mention",
        }
    }
}

impl Aim {
    /// The item the next action applies to, with how it is now; `Err` says in words why
    /// there is none.
    pub fn target(&self, desk: &Desk, wanted: Wanted) -> Result<(ItemRef, ItemState), String> {
        let document = desk.document().ok_or("no article open")?;
        let annotations = &document.annotations;
        let state =
            |item: &ItemRef| state_of(&annotations.decisions, &annotations.suggestions, item);
        let found = match (self.mode, self.focus) {
            (Mode::Review, _) => self
                .own_item_in_review(desk, wanted)
                .or(self.reviewed.map(ItemRef::Suggestion)),
            (_, Pane::Sidebar) => return self.sidebar_target(desk, wanted),
            _ => self.text_target(desk, wanted),
        };
        let item = found.ok_or_else(|| format!("no {} here", wanted.noun()))?;
        let now = state(&item).ok_or_else(|| format!("no {} here", wanted.noun()))?;
        if !wanted.admits(now.kind) {
            return Err(format!("no {} here", wanted.noun()));
        }
        Ok((item, now))
    }

    /// The sidebar's chosen claim; an entity row stands for all its mentions, which only
    /// the entity-wide actions take.
    fn sidebar_target(&self, desk: &Desk, wanted: Wanted) -> Result<(ItemRef, ItemState), String> {
        let row = self.sidebar_row.as_ref().map(|(_, row)| row);
        let annotations = &desk.document().ok_or("no article open")?.annotations;
        match row {
            Some(SidebarRow::Claim(item)) => {
                let now = state_of(&annotations.decisions, &annotations.suggestions, item)
                    .ok_or("that claim is gone")?;
                if !wanted.admits(now.kind) {
                    return Err(format!("no {} here", wanted.noun()));
                }
                Ok((item.clone(), now))
            }
            Some(SidebarRow::Entity { .. }) => {
                Err("this acts on one item: Tab to the text and put the cursor on it".to_string())
            }
            _ => Err("pick a row in the sidebar".to_string()),
        }
    }

    /// In review, an item the person just tagged stays the target of its cue, source
    /// and corrections while the cursor is in its sentence; moving on drops it.
    fn own_item_in_review(&self, desk: &Desk, wanted: Wanted) -> Option<ItemRef> {
        let item = self.current_item.clone()?;
        if !matches!(item, ItemRef::Manual(_)) {
            return None;
        }
        let annotations = &desk.document()?.annotations;
        let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
        let sentence = sentence_at(desk.text(), self.cursor)?;
        (wanted.admits(now.kind) && within(&now, &sentence)).then_some(item)
    }

    fn text_target(&self, desk: &Desk, wanted: Wanted) -> Option<ItemRef> {
        let annotations = &desk.document()?.annotations;
        let cursor = self.cursor;
        let sentence = sentence_at(desk.text(), cursor);
        let state =
            |item: &ItemRef| state_of(&annotations.decisions, &annotations.suggestions, item);
        let current = self.current_item.as_ref().and_then(|item| {
            let now = state(item)?;
            let fits = wanted.admits(now.kind)
                && (now.status != Status::Rejected || wanted == Wanted::Verdict);
            fits.then(|| (now, item.clone()))
        });
        let items = annotations
            .items_in(desk.paragraph_at(cursor))
            .filter_map(|item| Some((state(&item)?, item)))
            .filter(|(now, _)| wanted.admits(now.kind));
        let mut items: Vec<(ItemState, ItemRef)> = items.collect();
        // Live before rejected; an entity, the narrower thing, before a claim; a
        // person's own item before a suggestion in the same place.
        items.sort_by_key(|(now, item)| {
            (
                now.status == Status::Rejected,
                now.kind != ItemKind::Mention,
                matches!(item, ItemRef::Suggestion(_)),
            )
        });
        let live = |now: &ItemState| now.status != Status::Rejected;
        let under = items
            .iter()
            .find(|(now, _)| live(now) && touches(now, cursor))
            .cloned();
        // The item just made or changed stays the target while the cursor is on it
        // (unless something narrower is), or elsewhere in its sentence with nothing live
        // under the cursor.
        let current_here = current.clone().filter(|(now, _)| {
            let narrowest = now.kind == ItemKind::Mention;
            let unmoved = cursor == self.current_item_cursor;
            unmoved
                || touches(now, cursor)
                    && (narrowest || under.as_ref().is_none_or(|(u, _)| u.kind == now.kind))
        });
        let current_near = || {
            let sentence = sentence.as_ref()?;
            current.clone().filter(|(now, _)| within(now, sentence))
        };
        let in_sentence = || {
            let sentence = sentence.as_ref()?;
            items
                .iter()
                .filter(|(now, _)| live(now) && now.kind == ItemKind::Claim)
                .filter(|(now, _)| overlaps(&now.shape.range, sentence))
                .min_by_key(|(now, _)| now.shape.range.start.abs_diff(cursor))
                .cloned()
        };
        let rejected_under = || items.iter().find(|(now, _)| touches(now, cursor)).cloned();
        let found = match wanted {
            Wanted::Verdict => current_here
                .or(under)
                .or_else(rejected_under)
                .or_else(current_near)
                .or_else(in_sentence),
            _ => current_here
                .or(under)
                .or_else(current_near)
                .or_else(in_sentence)
                .or_else(rejected_under),
        };
        found.map(|(_, item)| item.clone())
    }
}

fn inside(range: &Range<usize>, at: usize) -> bool {
    range.start <= at && at < range.end
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether the cursor is on the item: its words, or a claim's cue or source.
fn touches(item: &ItemState, at: usize) -> bool {
    let shape = &item.shape;
    inside(&shape.range, at)
        || shape.cue.as_ref().is_some_and(|r| inside(r, at))
        || shape.source.as_ref().is_some_and(|r| inside(r, at))
}

fn within(item: &ItemState, sentence: &Range<usize>) -> bool {
    overlaps(&item.shape.range, sentence)
}
