//! Reviewing what the extractors suggested: a person accepts or rejects each suggestion,
//! and the decision becomes an item in the sidecar, with the extractor as its origin so
//! `eval` can later say how good the extractor was.
//!
//! Suggestions themselves stay in memory until decided: an article that was only read
//! leaves no sidecar behind, and re-running a better detector never fights stale
//! suggestions. A suggestion is matched to its decision by kind and span.

use std::collections::{BTreeMap, HashMap};
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
    fn key(&self) -> (ItemKind, usize, usize) {
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

/// The sidecar's decisions by kind and byte range in `text`, rebuilt after each change
/// so drawing a frame never searches the item lists or counts code points.
#[derive(Debug, Default, Clone)]
pub struct Decisions {
    /// Keyed by where the extractor put the item (see [`Suggestion::key`]), which stays
    /// its key when a person moves it.
    by_span: HashMap<(ItemKind, usize, usize), Decided>,
    /// Items a person added, drawn from here. In text order.
    pub manual: Vec<Manual>,
}

impl Decisions {
    pub fn of(store: &Store, index: &TextIndex) -> Decisions {
        let sidecar = &store.sidecar;
        let bytes = |span: &Span| index.bytes_of(span.start..span.end);
        let mention_spans: HashMap<&str, Range<usize>> = sidecar
            .mentions
            .iter()
            .filter_map(|m| Some((m.meta.id.as_str(), bytes(&m.span)?)))
            .collect();
        let first_states = first_states(sidecar);
        // The key is where the extractor put the item: its first logged state, else now.
        let key = |kind: ItemKind, id: &str, now: &Span| {
            let logged = first_states.get(id).and_then(|state| {
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
            let range = logged.or_else(|| bytes(now))?;
            Some((kind, range.start, range.end))
        };
        let mut by_span = HashMap::new();
        let mut manual = Vec::new();
        // A person's own item where the extractor suggested the same counts as a decision
        // on that suggestion too.
        let mut add =
            |key: Option<(ItemKind, usize, usize)>, meta: &ItemMeta, label: &str, shape: Shape| {
                let Some(key) = key else {
                    return;
                };
                by_span.insert(key, decided(meta, label, shape.clone()));
                if meta.status == Status::Manual {
                    manual.push(Manual {
                        id: meta.id.clone(),
                        kind: key.0,
                        label: label.to_string(),
                        shape,
                    });
                }
            };
        for mention in &sidecar.mentions {
            let Some(range) = bytes(&mention.span) else {
                continue;
            };
            let shape = Shape {
                range,
                ..Shape::default()
            };
            let found = key(ItemKind::Mention, &mention.meta.id, &mention.span);
            add(found, &mention.meta, &mention.label, shape);
        }
        for claim in &sidecar.claims {
            let Some(range) = bytes(&claim.content) else {
                continue;
            };
            let cue = claim.cue.as_ref().and_then(bytes);
            let source = match &claim.source {
                Some(ClaimSource::Mention(id)) => mention_spans.get(id.as_str()).cloned(),
                Some(ClaimSource::Span(span)) => bytes(span),
                Some(ClaimSource::Text(words)) => {
                    locate_near(index.text(), words, cue.as_ref().unwrap_or(&range))
                }
                None => None,
            };
            let shape = Shape { range, cue, source };
            let now = claim.cue.as_ref().unwrap_or(&claim.content);
            let found = key(ItemKind::Claim, &claim.meta.id, now);
            add(found, &claim.meta, &claim.label, shape);
        }
        manual.sort_by_key(|m| (m.shape.range.start, m.shape.range.end));
        Decisions { by_span, manual }
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
        self.by_span.values_mut().find(|d| d.id == id)
    }

    pub(super) fn get_mut(&mut self, suggestion: &Suggestion) -> Option<&mut Decided> {
        self.by_span.get_mut(&suggestion.key())
    }

    /// Drops a person's own item that was removed from the sidecar.
    pub(super) fn forget(&mut self, id: &str) {
        self.by_span.retain(|_, d| d.id != id);
        self.manual.retain(|m| m.id != id);
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
            let (accepted, total) = counts.entry(decided.label.as_str()).or_default();
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

fn decided(meta: &ItemMeta, label: &str, shape: Shape) -> Decided {
    Decided {
        id: meta.id.clone(),
        status: meta.status,
        label: label.to_string(),
        suggested: matches!(meta.origin, Origin::Extractor { .. }),
        shape,
    }
}

/// Each item's first logged state (before its first change, or as created): for an
/// extractor's item, where the extractor put it.
fn first_states(sidecar: &super::schema::Sidecar) -> HashMap<&str, &serde_json::Value> {
    let mut states = HashMap::new();
    for entry in &sidecar.history {
        if let Some(state) = entry.before.as_deref().or(entry.after.as_deref()) {
            states.entry(entry.item.as_str()).or_insert(state);
        }
    }
    states
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
    decisions.by_span.insert(
        suggestion.key(),
        Decided {
            id: id.clone(),
            status: match verdict {
                Verdict::Accept => Status::Accepted,
                Verdict::Reject => Status::Rejected,
            },
            label: suggestion.label().to_string(),
            suggested: true,
            shape: suggestion.shape(),
        },
    );
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
    decisions.by_span.insert(
        suggestion.key(),
        Decided {
            id: id.clone(),
            status: Status::Suggested,
            label: suggestion.label().to_string(),
            suggested: true,
            shape: suggestion.shape(),
        },
    );
    Some(id)
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
        // Accepting a suggestion a person already fixed keeps it edited: the fix is still
        // theirs, and eval and the running precision must not credit the extractor.
        let set = |meta: &mut ItemMeta| {
            let keeps_edit = status == Status::Accepted && meta.status == Status::Edited;
            meta.status = if keeps_edit { Status::Edited } else { status };
        };
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
    decisions.by_span.insert(
        (item_kind, manual.shape.range.start, manual.shape.range.end),
        Decided {
            id: id.clone(),
            status: Status::Manual,
            label: label.to_string(),
            suggested: false,
            shape: manual.shape.clone(),
        },
    );
    decisions.manual.insert(at, manual);
    Some(id)
}

fn note_annotator(store: &mut Store, annotator: &str) {
    if !store.sidecar.annotators.iter().any(|a| a.id == annotator) {
        store.sidecar_mut().annotators.push(Annotator {
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
}
