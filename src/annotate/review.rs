//! Reviewing what the extractors suggested: a person accepts or rejects each suggestion,
//! and the decision becomes an item in the sidecar, with the extractor as its origin so
//! `eval` can later say how good the extractor was.
//!
//! Suggestions themselves stay in memory until decided: an article that was only read
//! leaves no sidecar behind, and re-running a better detector never fights stale
//! suggestions. A suggestion is matched to its decision by kind and span.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde_json::Map;

use super::anchor::make_span;
use super::ids::now;
use super::schema::{
    Annotator, Claim, ClaimSource, ItemKind, ItemMeta, Mention, Origin, Span, Status,
};
use super::store::Store;
use crate::article::text_index::TextIndex;

/// The name decisions on built-in suggestions record as their origin.
pub const EXTRACTOR: &str = "copydesk";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuggestionKind {
    Entity {
        label: String,
    },
    Claim {
        label: String,
        cue: Range<usize>,
        negated: bool,
        source: Option<Range<usize>>,
    },
}

/// Something an extractor found. Byte ranges into the article text: the mention for an
/// entity, the content for a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub range: Range<usize>,
    pub kind: SuggestionKind,
}

impl Suggestion {
    /// Where a reader meets it: a claim at its cue, an entity at its mention. The
    /// reader keeps suggestions in this order.
    pub fn place(&self) -> usize {
        match &self.kind {
            SuggestionKind::Claim { cue, .. } => cue.start,
            SuggestionKind::Entity { .. } => self.range.start,
        }
    }

    pub fn label(&self) -> &str {
        match &self.kind {
            SuggestionKind::Entity { label } | SuggestionKind::Claim { label, .. } => label,
        }
    }

    fn item_kind(&self) -> ItemKind {
        match self.kind {
            SuggestionKind::Entity { .. } => ItemKind::Mention,
            SuggestionKind::Claim { .. } => ItemKind::Claim,
        }
    }

    /// What identifies it among the decisions: its kind and the byte range of the
    /// mention, or of the claim's cue (two claims can share a sentence but never a cue).
    pub(crate) fn key(&self) -> (ItemKind, usize, usize) {
        let range = match &self.kind {
            SuggestionKind::Entity { .. } => &self.range,
            SuggestionKind::Claim { cue, .. } => cue,
        };
        (self.item_kind(), range.start, range.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
}

/// Where an item sits in the text now, in bytes: the mention or the claim's content,
/// and a claim's cue and source (a source that is a mention, or free text found near the
/// cue).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    pub range: Range<usize>,
    pub cue: Option<Range<usize>>,
    pub source: Option<Range<usize>>,
}

impl Suggestion {
    /// Where the extractor put it.
    pub fn shape(&self) -> Shape {
        match &self.kind {
            SuggestionKind::Entity { .. } => Shape {
                range: self.range.clone(),
                ..Shape::default()
            },
            SuggestionKind::Claim { cue, source, .. } => Shape {
                range: self.range.clone(),
                cue: Some(cue.clone()),
                source: source.clone(),
            },
        }
    }
}

/// A decision found in the sidecar for a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub id: String,
    pub status: Status,
    pub label: String,
    /// The label the extractor gave it (its first logged label): what the running
    /// precision counts a decision against, as `eval` does, so a relabel is a miss of
    /// the label suggested and nothing to the label chosen.
    pub suggested_label: String,
    /// Whether the item came from an extractor (as opposed to a person adding it).
    pub suggested: bool,
    /// Where it is now: a person may have moved its boundaries, cue or source.
    pub shape: Shape,
}

/// An item a person added, which no suggestion stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manual {
    pub id: String,
    pub kind: ItemKind,
    pub label: String,
    pub shape: Shape,
}

/// Where the extractor put an item: its kind and the bytes of the mention, or of the
/// claim's cue (see [`Suggestion::key`]).
type Key = (ItemKind, usize, usize);

/// The sidecar's decisions by kind and byte range in `text`, kept up to date after each
/// change so drawing a frame never searches the item lists or counts code points.
#[derive(Debug, Default, Clone)]
pub struct Decisions {
    /// Keyed by where the extractor put the item, which stays its key when a person
    /// moves it. Of two items with one key, the later in the sidecar stands here.
    by_span: HashMap<Key, Decided>,
    /// Items a person added, drawn from here. In text order.
    pub manual: Vec<Manual>,
    /// Every keyed item's key by item id, those another item stands in front of too, so
    /// refreshing an item finds what it shares its key with without a search.
    keys: HashMap<String, Key>,
}

/// What one item adds to the decisions.
struct Entry {
    key: Key,
    decided: Decided,
    manual: Option<Manual>,
}

impl Decisions {
    pub fn of(store: &Store, index: &TextIndex) -> Decisions {
        let sidecar = &store.sidecar;
        let mention_spans: HashMap<&str, Range<usize>> = sidecar
            .mentions
            .iter()
            .filter_map(|m| Some((m.meta.id.as_str(), bytes(index, &m.span)?)))
            .collect();
        let mention_range = |id: &str| mention_spans.get(id).cloned();
        let mut decisions = Decisions::default();
        let mentions = sidecar
            .mentions
            .iter()
            .filter_map(|mention| mention_entry(store, index, mention));
        let claims = sidecar
            .claims
            .iter()
            .filter_map(|claim| claim_entry(store, index, claim, &mention_range));
        for entry in mentions.chain(claims) {
            decisions.add(entry);
        }
        decisions
            .manual
            .sort_by_key(|m| (m.shape.range.start, m.shape.range.end));
        decisions
    }

    fn add(&mut self, entry: Entry) {
        self.put(entry.key, entry.decided);
        self.manual.extend(entry.manual);
    }

    fn put(&mut self, key: Key, decided: Decided) {
        self.keys.insert(decided.id.clone(), key);
        self.by_span.insert(key, decided);
    }

    /// Brings the decisions on the items `touched` (the rest as they were) up to date
    /// with the sidecar, as [`Decisions::of`] would, in time proportional to what was
    /// touched: after an undo, rebuilding all of it took longer than a frame.
    pub fn refresh_items(
        &mut self,
        store: &Store,
        index: &TextIndex,
        touched: &[(ItemKind, String)],
    ) {
        let sidecar = &store.sidecar;
        let mut ids: HashSet<(ItemKind, &str)> = touched
            .iter()
            .filter(|(kind, _)| matches!(kind, ItemKind::Mention | ItemKind::Claim))
            .map(|(kind, id)| (*kind, id.as_str()))
            .collect();
        // A claim draws the span of the mention it cites as its source.
        let mentions_touched = touched.iter().any(|(kind, _)| *kind == ItemKind::Mention);
        if mentions_touched {
            let citing: Vec<(ItemKind, &str)> = sidecar
                .claims
                .iter()
                .filter_map(|claim| match &claim.source {
                    Some(ClaimSource::Mention(id)) if ids.contains(&(ItemKind::Mention, id)) => {
                        Some((ItemKind::Claim, claim.meta.id.as_str()))
                    }
                    _ => None,
                })
                .collect();
            ids.extend(citing);
        }
        if ids.is_empty() {
            return;
        }
        let mut affected: HashSet<Key> = HashSet::new();
        for (_, id) in &ids {
            affected.extend(self.keys.remove(*id));
        }
        self.manual
            .retain(|m| !ids.contains(&(m.kind, m.id.as_str())));
        let mention_range = |id: &str| {
            let mention = sidecar.mentions.iter().find(|m| m.meta.id == id)?;
            bytes(index, &mention.span)
        };
        let entry_of = |kind: ItemKind, id: &str| match kind {
            ItemKind::Mention => {
                let mention = sidecar.mentions.iter().find(|m| m.meta.id == id)?;
                mention_entry(store, index, mention)
            }
            _ => {
                let claim = sidecar.claims.iter().find(|c| c.meta.id == id)?;
                claim_entry(store, index, claim, &mention_range)
            }
        };
        let mut fresh: HashMap<&str, Decided> = HashMap::new();
        for &(kind, id) in &ids {
            let Some(entry) = entry_of(kind, id) else {
                continue;
            };
            affected.insert(entry.key);
            self.keys.insert(id.to_string(), entry.key);
            if let Some(manual) = entry.manual {
                let range = (manual.shape.range.start, manual.shape.range.end);
                let at = self.manual.partition_point(|m| {
                    let r = &m.shape.range;
                    (r.start, r.end) <= range
                });
                self.manual.insert(at, manual);
            }
            fresh.insert(id, entry.decided);
        }
        let mut holders: HashMap<Key, Vec<&str>> = HashMap::new();
        for (id, key) in &self.keys {
            if affected.contains(key) {
                holders.entry(*key).or_default().push(id);
            }
        }
        let mut winners: Vec<(Key, Option<Decided>)> = Vec::new();
        for key in affected {
            let Some(ids) = holders.get(&key) else {
                winners.push((key, None));
                continue;
            };
            let winner = match ids.as_slice() {
                [only] => *only,
                _ => latest_in_sidecar(store, key.0, ids),
            };
            let decided = match fresh.get(winner) {
                Some(decided) => Some(decided.clone()),
                None => entry_of(key.0, winner).map(|entry| entry.decided),
            };
            winners.push((key, decided));
        }
        for (key, decided) in winners {
            match decided {
                Some(decided) => self.by_span.insert(key, decided),
                None => self.by_span.remove(&key),
            };
        }
    }

    /// The manual item with this id.
    pub fn manual_item(&self, id: &str) -> Option<&Manual> {
        self.manual.iter().find(|m| m.id == id)
    }

    /// The decision on the mention suggested at `bytes`, if any.
    pub fn mention(&self, bytes: &Range<usize>) -> Option<&Decided> {
        self.by_span
            .get(&(ItemKind::Mention, bytes.start, bytes.end))
    }

    /// The decision on the claim suggested with its cue at `cue`, if any.
    pub fn claim(&self, cue: &Range<usize>) -> Option<&Decided> {
        self.by_span.get(&(ItemKind::Claim, cue.start, cue.end))
    }

    pub fn get(&self, suggestion: &Suggestion) -> Option<&Decided> {
        self.by_span.get(&suggestion.key())
    }

    /// The decision recorded as item `id`, whatever suggestion it stands for.
    pub(super) fn by_id_mut(&mut self, id: &str) -> Option<&mut Decided> {
        let key = self.keys.get(id)?;
        self.by_span.get_mut(key).filter(|d| d.id == id)
    }

    pub(super) fn get_mut(&mut self, suggestion: &Suggestion) -> Option<&mut Decided> {
        self.by_span.get_mut(&suggestion.key())
    }

    /// Where the item `id` was suggested: kind and byte range of its mention or cue.
    pub fn key_of(&self, id: &str) -> Option<(ItemKind, Range<usize>)> {
        self.keys
            .get(id)
            .map(|&(kind, start, end)| (kind, start..end))
    }

    /// The decisions a person corrected, with their kind: their shapes may reach beyond
    /// where the extractor put them, so drawing cannot find them by the suggestion alone.
    pub fn edited(&self) -> impl Iterator<Item = (ItemKind, &Decided)> {
        self.by_span
            .iter()
            .filter(|(_, d)| d.status == Status::Edited)
            .map(|((kind, _, _), d)| (*kind, d))
    }

    pub(super) fn relabel_manual(&mut self, id: &str, label: &str) {
        if let Some(manual) = self.manual.iter_mut().find(|m| m.id == id) {
            manual.label = label.to_string();
        }
        if let Some(decided) = self.by_id_mut(id) {
            decided.label = label.to_string();
        }
    }

    /// Accepted ÷ decided per label, over the decisions on extractor suggestions: the
    /// extractor's running precision while a person reviews.
    pub fn precision_by_label(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for decided in self.by_span.values().filter(|d| d.suggested) {
            let (accepted, total) = counts.entry(decided.suggested_label.as_str()).or_default();
            match decided.status {
                Status::Accepted => {
                    *accepted += 1;
                    *total += 1;
                }
                // A corrected label or boundary was not what the extractor said.
                Status::Rejected | Status::Edited => *total += 1,
                Status::Suggested | Status::Manual => {}
            }
        }
        counts
    }
}

fn decided(store: &Store, meta: &ItemMeta, label: &str, shape: Shape) -> Decided {
    let first_label = store
        .first_state(&meta.id)
        .and_then(|state| state.get("label")?.as_str());
    Decided {
        id: meta.id.clone(),
        status: meta.status,
        label: label.to_string(),
        suggested_label: first_label.unwrap_or(label).to_string(),
        suggested: matches!(meta.origin, Origin::Extractor { .. }),
        shape,
    }
}

fn bytes(index: &TextIndex, span: &Span) -> Option<Range<usize>> {
    index.bytes_of(span.start..span.end)
}

/// Where the extractor put the item: its first logged state, else where it is now.
fn key_of(store: &Store, index: &TextIndex, kind: ItemKind, id: &str, now: &Span) -> Option<Key> {
    let logged = store.first_state(id).and_then(|state| {
        let field = match kind {
            ItemKind::Claim if state.get("cue").is_some_and(|c| !c.is_null()) => "cue",
            ItemKind::Claim => "content",
            _ => "span",
        };
        let span = state.get(field)?;
        let start = usize::try_from(span.get("start")?.as_u64()?).ok()?;
        let end = usize::try_from(span.get("end")?.as_u64()?).ok()?;
        index.bytes_of(start..end)
    });
    let range = logged.or_else(|| bytes(index, now))?;
    Some((kind, range.start, range.end))
}

/// A person's own item where the extractor suggested the same counts as a decision on
/// that suggestion too, so a manual item is both.
fn entry(store: &Store, key: Key, meta: &ItemMeta, label: &str, shape: Shape) -> Entry {
    let manual = (meta.status == Status::Manual).then(|| Manual {
        id: meta.id.clone(),
        kind: key.0,
        label: label.to_string(),
        shape: shape.clone(),
    });
    Entry {
        key,
        decided: decided(store, meta, label, shape),
        manual,
    }
}

fn mention_entry(store: &Store, index: &TextIndex, mention: &Mention) -> Option<Entry> {
    let shape = Shape {
        range: bytes(index, &mention.span)?,
        ..Shape::default()
    };
    let key = key_of(
        store,
        index,
        ItemKind::Mention,
        &mention.meta.id,
        &mention.span,
    )?;
    Some(entry(store, key, &mention.meta, &mention.label, shape))
}

fn claim_entry(
    store: &Store,
    index: &TextIndex,
    claim: &Claim,
    mention_range: &dyn Fn(&str) -> Option<Range<usize>>,
) -> Option<Entry> {
    let range = bytes(index, &claim.content)?;
    let cue = claim.cue.as_ref().and_then(|cue| bytes(index, cue));
    let source = match &claim.source {
        Some(ClaimSource::Mention(id)) => mention_range(id),
        Some(ClaimSource::Span(span)) => bytes(index, span),
        Some(ClaimSource::Text(words)) => {
            locate_near(index.text(), words, cue.as_ref().unwrap_or(&range))
        }
        None => None,
    };
    let shape = Shape { range, cue, source };
    let now = claim.cue.as_ref().unwrap_or(&claim.content);
    let key = key_of(store, index, ItemKind::Claim, &claim.meta.id, now)?;
    Some(entry(store, key, &claim.meta, &claim.label, shape))
}

/// Of items sharing a key, the one later in the sidecar, which [`Decisions::of`] puts
/// in front.
fn latest_in_sidecar<'a>(store: &Store, kind: ItemKind, ids: &[&'a str]) -> &'a str {
    let position = |id: &str| match kind {
        ItemKind::Mention => store.sidecar.mentions.iter().position(|m| m.meta.id == id),
        _ => store.sidecar.claims.iter().position(|c| c.meta.id == id),
    };
    ids.iter()
        .copied()
        .max_by_key(|id| position(id))
        .unwrap_or_default()
}

/// Free text (a claim's source that is no mention) found in `text`: the occurrence
/// nearest to `near`, within a paragraph's reach of it.
fn locate_near(text: &str, words: &str, near: &Range<usize>) -> Option<Range<usize>> {
    const REACH: usize = 600;
    if words.is_empty() {
        return None;
    }
    let mut from = near.start.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (near.end + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let distance = |at: usize| at.abs_diff(near.start);
    text[from..to]
        .match_indices(words)
        .map(|(at, _)| from + at)
        .min_by_key(|&at| distance(at))
        .map(|at| at..at + words.len())
}

/// Records a person's verdict on a suggestion: a new item the first time, a status
/// change after that, and keeps `decisions` up to date without rebuilding it (a verdict
/// must reach the screen in well under a frame, even with thousands of annotations).
/// Returns the item's id, or `None` when the suggestion's span does not fit the text.
pub fn decide(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    verdict: Verdict,
    annotator: &str,
) -> Option<String> {
    let status = match verdict {
        Verdict::Accept => Status::Accepted,
        Verdict::Reject => Status::Rejected,
    };
    let id = record(store, decisions, index, suggestion, status, annotator)?;
    let decided = match decisions.get(suggestion).cloned() {
        // What a person already did to the item (a label, a boundary) stays.
        Some(earlier) => Decided {
            status: status_after(status, earlier.status),
            ..earlier
        },
        None => Decided {
            id: id.clone(),
            status,
            label: suggestion.label().to_string(),
            suggested_label: suggestion.label().to_string(),
            suggested: true,
            shape: suggestion.shape(),
        },
    };
    decisions.put(suggestion.key(), decided);
    Some(id)
}

/// The sidecar item standing for a suggestion, made now as a `suggested` item if there
/// is none, so something else (an entity) can refer to it without deciding on it.
pub fn hold(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    annotator: &str,
) -> Option<String> {
    if let Some(decided) = decisions.get(suggestion) {
        return Some(decided.id.clone());
    }
    let id = record(
        store,
        decisions,
        index,
        suggestion,
        Status::Suggested,
        annotator,
    )?;
    decisions.put(
        suggestion.key(),
        Decided {
            id: id.clone(),
            status: Status::Suggested,
            label: suggestion.label().to_string(),
            suggested_label: suggestion.label().to_string(),
            suggested: true,
            shape: suggestion.shape(),
        },
    );
    Some(id)
}

/// Accepting a suggestion a person already fixed keeps it edited: the fix is still
/// theirs, and eval and the running precision must not credit the extractor.
fn status_after(verdict: Status, before: Status) -> Status {
    if verdict == Status::Accepted && before == Status::Edited {
        Status::Edited
    } else {
        verdict
    }
}

fn record(
    store: &mut Store,
    decisions: &Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    status: Status,
    annotator: &str,
) -> Option<String> {
    note_annotator(store, annotator);
    if let Some(existing) = decisions.get(suggestion).cloned() {
        let set = |meta: &mut ItemMeta| meta.status = status_after(status, meta.status);
        let changed = match suggestion.item_kind() {
            ItemKind::Claim => store.update::<Claim>(&existing.id, annotator, |c| set(&mut c.meta)),
            _ => store.update::<Mention>(&existing.id, annotator, |m| set(&mut m.meta)),
        };
        return changed.then_some(existing.id);
    }
    let span = |range: &Range<usize>| make_span(index, index.chars_of(range.clone()));
    let meta = ItemMeta {
        id: String::new(),
        status,
        origin: Origin::Extractor {
            extractor: EXTRACTOR.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        created: now(),
        updated: now(),
        orphaned: false,
    };
    let id = match &suggestion.kind {
        SuggestionKind::Entity { label } => {
            let mention = Mention {
                meta,
                span: span(&suggestion.range)?,
                label: label.clone(),
                confidence: None,
                extra: Map::new(),
            };
            store.insert(mention, annotator)
        }
        SuggestionKind::Claim {
            label,
            cue,
            negated,
            source,
        } => {
            let claim = Claim {
                meta,
                content: span(&suggestion.range)?,
                cue: Some(span(cue)?),
                label: label.clone(),
                negated: *negated,
                source: source.as_ref().and_then(span).map(ClaimSource::Span),
                note: None,
                extra: Map::new(),
            };
            store.insert(claim, annotator)
        }
    };
    Some(id)
}

/// Gives a suggestion another label: recorded as the extractor's item, first accepted
/// with its own label and then edited, so the history keeps what was suggested (which
/// `eval` scores) and what the person corrected it to.
pub fn relabel(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    label: &str,
    annotator: &str,
) -> Option<String> {
    let id = decide(
        store,
        decisions,
        index,
        suggestion,
        Verdict::Accept,
        annotator,
    )?;
    let edit = |meta: &mut ItemMeta| meta.status = Status::Edited;
    match suggestion.item_kind() {
        ItemKind::Claim => store.update::<Claim>(&id, annotator, |claim| {
            edit(&mut claim.meta);
            claim.label = label.to_string();
        }),
        _ => store.update::<Mention>(&id, annotator, |mention| {
            edit(&mut mention.meta);
            mention.label = label.to_string();
        }),
    };
    if let Some(decided) = decisions.by_span.get_mut(&suggestion.key()) {
        decided.status = Status::Edited;
        decided.label = label.to_string();
    }
    Some(id)
}

/// Changes a claim suggestion's details: its negation or its note. The suggestion is
/// accepted first if it was undecided; flipping negation is a correction (`edited`),
/// a note is not.
pub fn amend_claim(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    amendment: ClaimAmendment,
    annotator: &str,
) -> Option<String> {
    if !matches!(suggestion.kind, SuggestionKind::Claim { .. }) {
        return None;
    }
    let id = decided_or_accepted(store, decisions, index, suggestion, annotator)?;
    let mut edited = false;
    store.update::<Claim>(&id, annotator, |claim| match amendment {
        ClaimAmendment::FlipNegation => {
            claim.negated = !claim.negated;
            if claim.meta.status != Status::Manual {
                claim.meta.status = Status::Edited;
                edited = true;
            }
        }
        ClaimAmendment::Note(note) => {
            claim.note = Some(note).filter(|n| !n.trim().is_empty());
        }
    });
    if let (true, Some(decided)) = (edited, decisions.by_span.get_mut(&suggestion.key())) {
        decided.status = Status::Edited;
    }
    Some(id)
}

/// The item of a suggestion someone decided on; an undecided one is accepted first, since
/// correcting a suggestion's details says it is right otherwise.
pub(super) fn decided_or_accepted(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    annotator: &str,
) -> Option<String> {
    match decisions
        .get(suggestion)
        .filter(|d| d.status != Status::Suggested)
    {
        Some(decided) => Some(decided.id.clone()),
        None => decide(
            store,
            decisions,
            index,
            suggestion,
            Verdict::Accept,
            annotator,
        ),
    }
}

pub enum ClaimAmendment {
    FlipNegation,
    Note(String),
}

/// What a person can tag a span as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Entity,
    Claim,
}

/// Adds what the extractors missed: a mention or a claim (its content; cue and source
/// are set later) that a person marked, with status `manual`. `bytes` must lie on
/// character boundaries of the indexed text; it is widened to whole grapheme clusters.
pub fn tag(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    kind: TagKind,
    bytes: Range<usize>,
    label: &str,
    annotator: &str,
) -> Option<String> {
    let span = make_span(index, index.chars_of(bytes))?;
    let range = index.bytes_of(span.start..span.end)?;
    note_annotator(store, annotator);
    let meta = ItemMeta {
        id: String::new(),
        status: Status::Manual,
        origin: Origin::Annotator {
            annotator: annotator.to_string(),
        },
        created: now(),
        updated: now(),
        orphaned: false,
    };
    let (id, item_kind) = match kind {
        TagKind::Entity => {
            let mention = Mention {
                meta,
                span,
                label: label.to_string(),
                confidence: None,
                extra: Map::new(),
            };
            (store.insert(mention, annotator), ItemKind::Mention)
        }
        TagKind::Claim => {
            let claim = Claim {
                meta,
                content: span,
                cue: None,
                label: label.to_string(),
                negated: false,
                source: None,
                note: None,
                extra: Map::new(),
            };
            (store.insert(claim, annotator), ItemKind::Claim)
        }
    };
    let at = decisions.manual.partition_point(|m| {
        let r = &m.shape.range;
        (r.start, r.end) < (range.start, range.end)
    });
    let manual = Manual {
        id: id.clone(),
        kind: item_kind,
        label: label.to_string(),
        shape: Shape {
            range,
            ..Shape::default()
        },
    };
    decisions.put(
        (item_kind, manual.shape.range.start, manual.shape.range.end),
        Decided {
            id: id.clone(),
            status: Status::Manual,
            label: label.to_string(),
            suggested_label: label.to_string(),
            suggested: false,
            shape: manual.shape.clone(),
        },
    );
    decisions.manual.insert(at, manual);
    Some(id)
}

fn note_annotator(store: &mut Store, annotator: &str) {
    if !store.sidecar.annotators.iter().any(|a| a.id == annotator) {
        store.sidecar_mut_logged().annotators.push(Annotator {
            id: annotator.to_string(),
            name: None,
            extra: Map::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, SourceFormat};

    fn article() -> Article {
        Article::from_clean_text(
            "/nonexistent/review-test.txt".into(),
            SourceFormat::PlainText,
            "Zoë Ruiz said the port would close.".into(),
        )
    }

    fn person(text: &str) -> Suggestion {
        Suggestion {
            range: 0..text.find(" said").unwrap(),
            kind: SuggestionKind::Entity {
                label: "PERSON".into(),
            },
        }
    }

    fn claim(text: &str) -> Suggestion {
        let cue = text.find("said").unwrap();
        Suggestion {
            range: cue + 5..text.len() - 1,
            kind: SuggestionKind::Claim {
                label: "said".into(),
                cue: cue..cue + 4,
                negated: false,
                source: Some(0..cue - 1),
            },
        }
    }

    #[test]
    fn a_verdict_becomes_an_item_with_code_point_spans_and_then_changes_its_status() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        let id = decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Accept,
            "ana",
        )
        .unwrap();
        let mention = &store.sidecar.mentions[0];
        assert_eq!((mention.span.start, mention.span.end), (0, 8));
        assert_eq!(mention.span.exact, "Zoë Ruiz");
        assert_eq!(mention.meta.status, Status::Accepted);
        assert_eq!(store.sidecar.annotators[0].id, "ana");
        let again = decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Reject,
            "ana",
        )
        .unwrap();
        assert_eq!(again, id, "the same item, not a second one");
        assert_eq!(store.sidecar.mentions.len(), 1);
        assert_eq!(store.sidecar.mentions[0].meta.status, Status::Rejected);
        assert_eq!(store.sidecar.history.len(), 2);
        assert_eq!(store.sidecar.history[1].by, "ana");
    }

    #[test]
    fn accepting_a_suggestion_a_person_fixed_keeps_it_edited() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        relabel(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            "ORG",
            "ana",
        )
        .unwrap();
        assert_eq!(store.sidecar.mentions[0].meta.status, Status::Edited);
        decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Accept,
            "ana",
        );
        assert_eq!(
            store.sidecar.mentions[0].meta.status,
            Status::Edited,
            "the extractor would be credited with the person's fix"
        );
        assert_eq!(
            decisions.get(&person(text)),
            Decisions::of(&store, &index).get(&person(text)),
            "the running precision would credit the extractor until the next rebuild"
        );
    }

    #[test]
    fn claims_keep_cue_source_and_label_and_precision_counts_per_label() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        decide(
            &mut store,
            &mut decisions,
            &index,
            &claim(text),
            Verdict::Accept,
            "ana",
        )
        .unwrap();
        decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Reject,
            "ana",
        )
        .unwrap();
        let claim_item = &store.sidecar.claims[0];
        assert_eq!(claim_item.cue.as_ref().unwrap().exact, "said");
        assert_eq!(claim_item.content.exact, "the port would close");
        let Some(ClaimSource::Span(source)) = &claim_item.source else {
            panic!("the source is not a span: {:?}", claim_item.source);
        };
        assert_eq!(source.exact, "Zoë Ruiz");
        assert_eq!(
            Decisions::of(&store, &index).get(&claim(text)),
            decisions.get(&claim(text)),
            "kept up to date as rebuilt"
        );
        assert_eq!(
            decisions.get(&claim(text)).unwrap().status,
            Status::Accepted
        );
        let precision = decisions.precision_by_label();
        assert_eq!(precision["said"], (1, 1));
        assert_eq!(precision["PERSON"], (0, 1));
    }

    #[test]
    fn a_tagged_span_is_a_manual_item_drawn_from_the_decisions() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        let port = text.find("port").unwrap();
        let id = tag(
            &mut store,
            &mut decisions,
            &index,
            TagKind::Entity,
            port..port + 4,
            "FAC",
            "ana",
        )
        .unwrap();
        let mention = &store.sidecar.mentions[0];
        assert_eq!(mention.meta.id, id);
        assert_eq!(mention.meta.status, Status::Manual);
        assert_eq!(
            (mention.span.start, mention.span.exact.as_str()),
            (18, "port")
        );
        let manual = &decisions.manual[0];
        assert_eq!(
            (manual.kind, &manual.shape.range, manual.label.as_str()),
            (ItemKind::Mention, &(port..port + 4), "FAC")
        );
        assert_eq!(Decisions::of(&store, &index).manual, decisions.manual);
        tag(
            &mut store,
            &mut decisions,
            &index,
            TagKind::Claim,
            0..text.len(),
            "hedged",
            "ana",
        )
        .unwrap();
        assert_eq!(store.sidecar.claims[0].label, "hedged");
        assert_eq!(store.sidecar.claims[0].meta.status, Status::Manual);
    }

    #[test]
    fn a_relabelled_suggestion_is_edited_and_its_history_keeps_the_suggested_label() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        relabel(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            "ORG",
            "ana",
        )
        .unwrap();
        let mention = &store.sidecar.mentions[0];
        assert_eq!(
            (mention.label.as_str(), mention.meta.status),
            ("ORG", Status::Edited)
        );
        let created = store.sidecar.history[0].after.as_ref().unwrap();
        assert_eq!(created["label"], "PERSON");
        assert_eq!(decisions.get(&person(text)).unwrap().status, Status::Edited);
        assert_eq!(
            Decisions::of(&store, &index)
                .get(&person(text))
                .unwrap()
                .label,
            "ORG"
        );
    }

    #[test]
    fn a_relabel_counts_as_a_miss_of_the_label_the_extractor_suggested() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        relabel(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            "ORG",
            "ana",
        )
        .unwrap();
        let rebuilt = Decisions::of(&store, &index);
        for precision in [decisions.precision_by_label(), rebuilt.precision_by_label()] {
            assert_eq!(
                precision.get("PERSON"),
                Some(&(0, 1)),
                "as eval: a PERSON false positive"
            );
            assert_eq!(precision.get("ORG"), None, "the extractor never said ORG");
        }
    }

    #[test]
    fn negation_and_notes_amend_a_claim() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        let flip = ClaimAmendment::FlipNegation;
        amend_claim(
            &mut store,
            &mut decisions,
            &index,
            &claim(text),
            flip,
            "ana",
        )
        .unwrap();
        let note = ClaimAmendment::Note("check the council minutes".into());
        amend_claim(
            &mut store,
            &mut decisions,
            &index,
            &claim(text),
            note,
            "ana",
        )
        .unwrap();
        let item = &store.sidecar.claims[0];
        assert!(item.negated);
        assert_eq!(item.meta.status, Status::Edited);
        assert_eq!(item.note.as_deref(), Some("check the council minutes"));
        assert_eq!(store.sidecar.claims.len(), 1);
        let entity = ClaimAmendment::FlipNegation;
        assert!(
            amend_claim(
                &mut store,
                &mut decisions,
                &index,
                &person(text),
                entity,
                "ana"
            )
            .is_none()
        );
    }

    #[test]
    fn undo_takes_a_decision_back() {
        let article = article();
        let text = &article.text;
        let mut store = Store::open(&article);
        let index = TextIndex::new(text);
        let mut decisions = Decisions::default();
        decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Accept,
            "ana",
        )
        .unwrap();
        decide(
            &mut store,
            &mut decisions,
            &index,
            &person(text),
            Verdict::Reject,
            "ana",
        )
        .unwrap();
        store.undo("ana").unwrap();
        assert_eq!(store.sidecar.mentions[0].meta.status, Status::Accepted);
        store.undo("ana").unwrap();
        assert!(store.sidecar.mentions.is_empty());
        store.redo("ana").unwrap();
        assert_eq!(store.sidecar.mentions[0].meta.status, Status::Accepted);
    }

    mod refreshing {
        use proptest::prelude::*;

        use super::*;
        use crate::annotate::reshape::{Reshape, reshape_suggestion};

        const TEXT: &str = "Ana Ruiz met Bo Lee; Cy Park said the port would close.";

        fn suggestions() -> Vec<Suggestion> {
            let at = |words: &str| {
                let start = TEXT.find(words).unwrap();
                start..start + words.len()
            };
            let entity = |words| Suggestion {
                range: at(words),
                kind: SuggestionKind::Entity {
                    label: "PERSON".into(),
                },
            };
            let claim = Suggestion {
                range: at("the port would close"),
                kind: SuggestionKind::Claim {
                    label: "said".into(),
                    cue: at("said"),
                    negated: false,
                    source: Some(at("Cy Park")),
                },
            };
            vec![
                entity("Ana Ruiz"),
                entity("Bo Lee"),
                entity("Cy Park"),
                claim,
            ]
        }

        #[derive(Debug, Clone)]
        enum Op {
            Decide(usize, bool),
            Relabel(usize),
            Flip,
            Shrink(usize),
            CiteMention(usize),
            Tag(usize, bool),
            Undo,
            Redo,
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                3 => (0..4usize, any::<bool>()).prop_map(|(s, yes)| Op::Decide(s, yes)),
                1 => (0..4usize).prop_map(Op::Relabel),
                1 => Just(Op::Flip),
                1 => (0..3usize).prop_map(Op::Shrink),
                1 => (0..3usize).prop_map(Op::CiteMention),
                2 => (0..4usize, any::<bool>()).prop_map(|(s, entity)| Op::Tag(s, entity)),
                4 => Just(Op::Undo),
                2 => Just(Op::Redo),
            ]
        }

        /// The decisions, with the items a person added in a fixed order: of two at the
        /// same place, which comes first is not part of what they say.
        type Comparable = (
            HashMap<Key, Decided>,
            HashMap<String, Key>,
            Vec<(usize, usize, String)>,
        );

        fn comparable(decisions: &Decisions) -> Comparable {
            let mut manual: Vec<_> = decisions
                .manual
                .iter()
                .map(|m| (m.shape.range.start, m.shape.range.end, format!("{m:?}")))
                .collect();
            manual.sort();
            (decisions.by_span.clone(), decisions.keys.clone(), manual)
        }

        proptest! {
            #[test]
            fn refreshing_what_an_undo_touched_gives_the_decisions_rebuilt_whole(
                ops in prop::collection::vec(op(), 1..40),
            ) {
                let article = Article::from_clean_text(
                    "/nonexistent/refresh-test.txt".into(),
                    SourceFormat::PlainText,
                    TEXT.into(),
                );
                let index = TextIndex::new(&article.text);
                let mut store = Store::open(&article);
                let suggestions = suggestions();
                let mut decisions = Decisions::default();
                for op in &ops {
                    let undone = match *op {
                        Op::Decide(s, yes) => {
                            let verdict = if yes { Verdict::Accept } else { Verdict::Reject };
                            decide(&mut store, &mut decisions, &index, &suggestions[s], verdict, "ana");
                            None
                        }
                        Op::Relabel(s) => {
                            relabel(&mut store, &mut decisions, &index, &suggestions[s], "ORG", "ana");
                            None
                        }
                        Op::Flip => {
                            let flip = ClaimAmendment::FlipNegation;
                            amend_claim(&mut store, &mut decisions, &index, &suggestions[3], flip, "ana");
                            None
                        }
                        Op::Shrink(s) => {
                            let range = &suggestions[s].range;
                            let change = Reshape::Range(range.start..range.end - 1);
                            reshape_suggestion(&mut store, &mut decisions, &index, &suggestions[s], &change, "ana");
                            None
                        }
                        Op::CiteMention(s) => {
                            if let Some(mention) = decisions.get(&suggestions[s]).cloned() {
                                let source = ClaimSource::Mention(mention.id);
                                let change = Reshape::Source(source, mention.shape.range);
                                reshape_suggestion(&mut store, &mut decisions, &index, &suggestions[3], &change, "ana");
                            }
                            None
                        }
                        Op::Tag(s, entity) => {
                            let kind = if entity { TagKind::Entity } else { TagKind::Claim };
                            let range = suggestions[s].range.clone();
                            tag(&mut store, &mut decisions, &index, kind, range, "NEW", "ana");
                            None
                        }
                        Op::Undo => store.undo("ana"),
                        Op::Redo => store.redo("ana"),
                    };
                    let Some(reverted) = undone else {
                        decisions = Decisions::of(&store, &index);
                        continue;
                    };
                    let mut refreshed = decisions.clone();
                    refreshed.refresh_items(&store, &index, &reverted.touched);
                    decisions = Decisions::of(&store, &index);
                    prop_assert_eq!(comparable(&refreshed), comparable(&decisions), "after {:?}", op);
                }
            }
        }
    }
}
