//! The sidebar layer: the article's entities and claims as the sidecar has decided them.
//! Entities are grouped by their decided label (a relabel moves the row), a person's own
//! items are listed with the extractor's, rejected ones are kept but dimmed and counted
//! apart, and each heading counts items per status. The layer chooses a row; what a
//! chosen row does to the article is in `sidebar_picks`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::annotate::entities::names_by_mention;
use crate::annotate::review::SuggestionKind;
use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{ItemRef, ItemState, state_of};

use super::action::Action;
use super::document::Document;

/// What the sidebar layer keeps between keys.
#[derive(Debug, Clone, Default)]
pub struct SidebarState {
    /// Built when the article or its decisions change, not per frame.
    pub rows: Vec<SidebarRow>,
    /// Index into `rows` (always a selectable row when there is one).
    pub selected: Option<usize>,
    pub top: usize,
    /// The entity whose mentions are highlighted: (label, entity).
    pub entity: Option<(String, String)>,
    /// An edit changed what the rows show; they are rebuilt after the next frame.
    pub stale: bool,
}

/// A row of the sidebar. Built when the article or its findings change, not per frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidebarRow {
    Heading(String),
    Note(String),
    Group {
        label: String,
        count: usize,
    },
    /// An entity under its decided label: `count` live mentions, `rejected` turned down.
    Entity {
        label: String,
        entity: String,
        count: usize,
        rejected: usize,
    },
    Claim(crate::annotate::session::ItemRef),
    Blank,
}

impl SidebarRow {
    pub fn selectable(&self) -> bool {
        matches!(self, SidebarRow::Entity { .. } | SidebarRow::Claim(_))
    }
}

impl SidebarState {
    /// Builds the rows from the article's decisions as they are now.
    pub fn rebuild(&mut self, document: Option<&Document>) {
        self.stale = false;
        let mut rows = vec![SidebarRow::Heading("Entities".to_string())];
        let Some(document) = document else {
            self.rows = rows;
            return;
        };
        let mentions = document.mentions_now();
        // (rank, label) → entity → (live, rejected)
        let mut groups: BTreeMap<(usize, String), BTreeMap<String, (usize, usize)>> =
            BTreeMap::new();
        for member in &mentions {
            let label = member.now.label.to_uppercase();
            let counts = groups
                .entry((label_rank(&label), label))
                .or_default()
                .entry(member.entity.clone())
                .or_default();
            match member.now.status {
                Status::Rejected => counts.1 += 1,
                _ => counts.0 += 1,
            }
        }
        if groups.is_empty() {
            let note = match document.entities_detected {
                true => "none found",
                false => "detecting…",
            };
            rows.push(SidebarRow::Note(note.to_string()));
        } else {
            rows.push(SidebarRow::Note(status_counts(
                mentions.iter().map(|m| &m.now.status),
            )));
        }
        for ((_, label), entities) in groups {
            rows.push(SidebarRow::Group {
                label: label.clone(),
                count: entities.values().map(|(live, _)| live).sum(),
            });
            let mut entities: Vec<(String, (usize, usize))> = entities.into_iter().collect();
            // Live mentions first, most mentioned first; wholly rejected entities last.
            entities.sort_by(|a, b| {
                (b.1.0 > 0)
                    .cmp(&(a.1.0 > 0))
                    .then(b.1.0.cmp(&a.1.0))
                    .then_with(|| a.0.cmp(&b.0))
            });
            for (entity, (count, rejected)) in entities {
                rows.push(SidebarRow::Entity {
                    label: label.clone(),
                    entity,
                    count,
                    rejected,
                });
            }
        }
        rows.push(SidebarRow::Blank);
        let claims = document.claims_now();
        if document.claims.is_none() && claims.is_empty() {
            rows.push(SidebarRow::Heading("Claims".to_string()));
            rows.push(SidebarRow::Note("finding claims…".to_string()));
        } else {
            rows.push(SidebarRow::Heading(format!("Claims {}", claims.len())));
            match claims.is_empty() {
                true => rows.push(SidebarRow::Note("none found".to_string())),
                false => rows.push(SidebarRow::Note(status_counts(
                    claims.iter().map(|(_, now)| &now.status),
                ))),
            }
            rows.extend(claims.into_iter().map(|(item, _)| SidebarRow::Claim(item)));
        }
        self.rows = rows;
        self.selected = self
            .selected
            .filter(|&i| self.rows.get(i).is_some_and(SidebarRow::selectable))
            .or_else(|| self.rows.iter().position(SidebarRow::selectable));
    }

    /// The sidebar's own moves; everything else is the reader's.
    pub fn update(&mut self, action: Action, rows: usize) -> bool {
        match action {
            Action::NextLine | Action::NextEntity | Action::NextClaim => self.move_by(1, true),
            Action::PreviousLine | Action::PreviousEntity | Action::PreviousClaim => {
                self.move_by(1, false)
            }
            Action::HalfPageDown | Action::PageDown => self.move_by(rows / 2, true),
            Action::HalfPageUp | Action::PageUp => self.move_by(rows / 2, false),
            Action::Top => self.selected = self.rows.iter().position(SidebarRow::selectable),
            Action::Bottom => self.selected = self.rows.iter().rposition(SidebarRow::selectable),
            _ => return false,
        }
        true
    }

    fn move_by(&mut self, steps: usize, down: bool) {
        let Some(mut at) = self.selected else {
            return;
        };
        for _ in 0..steps.max(1) {
            let next = if down {
                self.rows
                    .iter()
                    .enumerate()
                    .skip(at + 1)
                    .find(|(_, r)| r.selectable())
                    .map(|(i, _)| i)
            } else {
                self.rows[..at].iter().rposition(SidebarRow::selectable)
            };
            match next {
                Some(i) => at = i,
                None => break,
            }
        }
        self.selected = Some(at);
    }

    /// Scrolls so the chosen row is among the `height` rows shown.
    pub fn into_view(&mut self, height: usize) {
        if let Some(selected) = self.selected {
            if selected < self.top {
                self.top = selected;
            } else if selected >= self.top + height {
                self.top = selected + 1 - height;
            }
        }
    }

    pub fn selected_row(&self) -> Option<&SidebarRow> {
        self.rows.get(self.selected?)
    }
}

/// A mention with its entity's name as shown.
#[derive(Debug, Clone)]
pub struct Member {
    pub item: ItemRef,
    pub now: ItemState,
    pub entity: String,
}

impl Document {
    /// Every entity mention, the extractor's and the person's own, as decided now.
    pub fn mentions_now(&self) -> Vec<Member> {
        let annotations = &self.annotations;
        let names: HashMap<&Range<usize>, &str> = self
            .entities
            .iter()
            .map(|m| (&m.range, m.entity.as_str()))
            .collect();
        let sidecar_names = names_by_mention(&annotations.store);
        let text = &self.article.text;
        let suggested = annotations
            .suggestions
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SuggestionKind::Entity { .. }))
            .filter_map(|(index, suggestion)| {
                let item = ItemRef::Suggestion(index);
                let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
                let entity = names
                    .get(&suggestion.range)
                    .map(|name| name.to_string())
                    .or_else(|| text.get(suggestion.range.clone()).map(str::to_string))?;
                Some(Member { item, now, entity })
            });
        let own = annotations
            .decisions
            .manual
            .iter()
            .filter(|m| m.kind == ItemKind::Mention)
            .filter_map(|manual| {
                let item = ItemRef::Manual(manual.id.clone());
                let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
                let entity = match sidecar_names.get(&manual.id) {
                    Some((_, name)) => name.clone(),
                    None => text.get(manual.shape.range.clone())?.to_string(),
                };
                Some(Member { item, now, entity })
            });
        let mut members: Vec<Member> = suggested.chain(own).collect();
        members.sort_by_key(|m| (m.now.shape.range.start, m.now.shape.range.end));
        members
    }

    /// The mentions of the entity shown as `entity` under `label`.
    pub fn members(&self, label: &str, entity: &str) -> Vec<Member> {
        let mut members = self.mentions_now();
        members.retain(|m| m.now.label.eq_ignore_ascii_case(label) && m.entity == entity);
        members
    }

    /// Every claim, the extractor's and the person's own, in text order (by cue, else
    /// content).
    pub fn claims_now(&self) -> Vec<(ItemRef, ItemState)> {
        let annotations = &self.annotations;
        let suggested = annotations
            .suggestions
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SuggestionKind::Claim { .. }))
            .map(|(index, _)| ItemRef::Suggestion(index));
        let own = annotations
            .decisions
            .manual
            .iter()
            .filter(|m| m.kind == ItemKind::Claim)
            .map(|m| ItemRef::Manual(m.id.clone()));
        let mut claims: Vec<(ItemRef, ItemState)> = suggested
            .chain(own)
            .filter_map(|item| {
                let now = state_of(&annotations.decisions, &annotations.suggestions, &item)?;
                Some((item, now))
            })
            .collect();
        claims.sort_by_key(|(_, now)| place(now));
        claims
    }
}

/// Where a reader meets an item: a claim at its cue, anything else at its start.
pub fn place(now: &ItemState) -> usize {
    now.shape
        .cue
        .as_ref()
        .map_or(now.shape.range.start, |cue| cue.start)
}

/// "3 accepted · 1 rejected · 2 yours · 12 to review".
fn status_counts<'a>(statuses: impl Iterator<Item = &'a Status>) -> String {
    const ORDER: [Status; 5] = [
        Status::Accepted,
        Status::Edited,
        Status::Manual,
        Status::Rejected,
        Status::Suggested,
    ];
    let mut counts = [0usize; 5];
    for status in statuses {
        if let Some(at) = ORDER.iter().position(|s| s == status) {
            counts[at] += 1;
        }
    }
    let parts: Vec<String> = ORDER
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(status, n)| format!("{n} {}", status.in_words()))
        .collect();
    parts.join(" · ")
}

/// PERSON, ORG, places, groups and dates first, in the order a reader scans them.
fn label_rank(label: &str) -> usize {
    ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"]
        .iter()
        .position(|l| *l == label)
        .unwrap_or(usize::MAX)
}
