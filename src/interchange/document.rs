//! One article and the annotations chosen for export, in the shape every writer reads:
//! items filtered by status and label, claim sources resolved to spans, and who made
//! each decision.

use std::collections::HashMap;

use crate::annotate::completeness;
pub use crate::annotate::completeness::{Incomplete, Layer};
use crate::annotate::items::Item;
use crate::annotate::schema::{Claim, ClaimSource, Entity, Mention, Note, Origin, Sidecar, Status};
use crate::article::Article;

/// Which items go out. People's decisions (accepted, edited, manual) by default:
/// suggestions nobody looked at are not training data, and rejected ones are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub statuses: Vec<Status>,
    /// Mention and claim labels to keep; `None` keeps all.
    pub labels: Option<Vec<String>>,
    /// The layers that go out; an article must be fully reviewed in each of them.
    pub layers: Vec<Layer>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            statuses: vec![Status::Accepted, Status::Edited, Status::Manual],
            labels: None,
            layers: Layer::ALL.to_vec(),
        }
    }
}

impl Selection {
    fn keeps(&self, status: Status, orphaned: bool, label: Option<&str>) -> bool {
        !orphaned && self.statuses.contains(&status) && self.keeps_label(label)
    }

    fn keeps_label(&self, label: Option<&str>) -> bool {
        match (&self.labels, label) {
            (Some(labels), Some(label)) => labels.iter().any(|l| l == label),
            _ => true,
        }
    }

    fn exports(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }
}

/// A claim's source as the formats can say it: a span of the text or free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Span { start: usize, end: usize },
    Text(String),
}

pub struct Document {
    pub article: Article,
    /// Mentions sorted by position.
    pub mentions: Vec<Mention>,
    pub claims: Vec<Claim>,
    pub notes: Vec<Note>,
    /// Clusters with at least one exported mention.
    pub entities: Vec<Entity>,
    /// What extractors suggested, as they first suggested it (from the history), whatever
    /// people made of it since: the predictions formats that keep them apart can carry.
    pub suggested_mentions: Vec<Mention>,
    pub suggested_claims: Vec<Claim>,
    /// The exported layers a person has not finished reviewing, with why.
    pub incomplete: Vec<(Layer, Incomplete)>,
    layers: Vec<Layer>,
    /// The person who last decided each item (from the history), by item id.
    deciders: HashMap<String, String>,
    /// Mention spans by id, over the whole sidecar, so a claim's source resolves even
    /// when its mention is filtered out.
    mention_spans: HashMap<String, (usize, usize)>,
    /// Byte offset of every code point, and the text length at the end.
    char_starts: Vec<usize>,
}

impl Document {
    pub fn new(article: Article, mut sidecar: Sidecar, selection: &Selection) -> Document {
        let incomplete = selection
            .layers
            .iter()
            .filter_map(|&layer| {
                completeness::check(&sidecar, layer, &article.id)
                    .err()
                    .map(|why| (layer, why))
            })
            .collect();
        let mention_spans = sidecar
            .mentions
            .iter()
            .filter(|m| !m.meta.orphaned)
            .map(|m| (m.meta.id.clone(), (m.span.start, m.span.end)))
            .collect();
        if !selection.exports(Layer::Entities) {
            sidecar.mentions.clear();
        }
        if !selection.exports(Layer::Claims) {
            sidecar.claims.clear();
        }
        let suggested_mentions = first_suggested(&sidecar, &sidecar.mentions)
            .into_iter()
            .filter(|m| selection.keeps_label(Some(&m.label)))
            .collect();
        let suggested_claims = first_suggested(&sidecar, &sidecar.claims)
            .into_iter()
            .filter(|c| selection.keeps_label(Some(&c.label)))
            .collect();
        let mut deciders = HashMap::new();
        for entry in &sidecar.history {
            deciders.insert(entry.item.clone(), entry.by.clone());
        }
        let mut mentions: Vec<Mention> = sidecar
            .mentions
            .into_iter()
            .filter(|m| selection.keeps(m.meta.status, m.meta.orphaned, Some(&m.label)))
            .collect();
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        let mut claims: Vec<Claim> = sidecar
            .claims
            .into_iter()
            .filter(|c| selection.keeps(c.meta.status, c.meta.orphaned, Some(&c.label)))
            .collect();
        claims.sort_by_key(|c| (c.content.start, c.content.end));
        let notes = sidecar
            .notes
            .into_iter()
            .filter(|n| selection.keeps(n.meta.status, n.meta.orphaned, None))
            .collect();
        let kept: std::collections::HashSet<&str> =
            mentions.iter().map(|m| m.meta.id.as_str()).collect();
        let entities = sidecar
            .entities
            .into_iter()
            .filter(|e| selection.keeps(e.meta.status, false, None))
            .filter(|e| e.mentions.iter().any(|id| kept.contains(id.as_str())))
            .collect();
        let mut char_starts: Vec<usize> = article.text.char_indices().map(|(at, _)| at).collect();
        char_starts.push(article.text.len());
        Document {
            char_starts,
            article,
            mentions,
            claims,
            notes,
            entities,
            suggested_mentions,
            suggested_claims,
            incomplete,
            layers: selection.layers.clone(),
            deciders,
            mention_spans,
        }
    }

    /// Whether `layer` goes out and a person finished reviewing it: only then may a
    /// format treat the text outside its items as negative.
    pub fn complete(&self, layer: Layer) -> bool {
        self.exports(layer) && !self.incomplete.iter().any(|(l, _)| *l == layer)
    }

    pub fn exports(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }

    /// Whether every exported layer is complete.
    pub fn fully_reviewed(&self) -> bool {
        self.incomplete.is_empty()
    }

    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Who made the item what it is: the last person in its history, else its origin.
    pub fn decider(&self, id: &str, origin: &Origin) -> String {
        if let Some(by) = self.deciders.get(id) {
            return by.clone();
        }
        match origin {
            Origin::Annotator { annotator } => annotator.clone(),
            Origin::Extractor { extractor, .. } => extractor.clone(),
        }
    }

    pub fn source(&self, claim: &Claim) -> Option<Source> {
        match claim.source.as_ref()? {
            ClaimSource::Mention(id) => self
                .mention_spans
                .get(id)
                .map(|&(start, end)| Source::Span { start, end }),
            ClaimSource::Span(span) => Some(Source::Span {
                start: span.start,
                end: span.end,
            }),
            ClaimSource::Text(text) => Some(Source::Text(text.clone())),
        }
    }

    /// The text of a code point range (empty when out of bounds, which a sidecar that
    /// `copydesk check` accepts never has).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let byte = |at: usize| self.char_starts.get(at).copied();
        match (byte(start), byte(end)) {
            (Some(from), Some(to)) if from <= to => &self.article.text[from..to],
            _ => "",
        }
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// Whether a code point offset falls between two grapheme clusters.
    pub fn is_grapheme_boundary(&self, at: usize) -> bool {
        let text = &self.article.text;
        self.char_starts.get(at).is_some_and(|&byte| {
            unicode_segmentation::GraphemeCursor::new(byte, text.len(), true)
                .is_boundary(text, 0)
                .unwrap_or(true)
        })
    }

    /// The code point offset of a byte offset (a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        self.char_starts.partition_point(|&at| at < byte)
    }
}

/// Extractors' items as first suggested: the state before their first logged change, or
/// what their creation logged, else the item as it is. Items whose first state is
/// orphaned or unreadable are left out.
fn first_suggested<T: Item>(sidecar: &Sidecar, items: &[T]) -> Vec<T> {
    let mut first: HashMap<&str, &serde_json::Value> = HashMap::new();
    for entry in &sidecar.history {
        if entry.kind != T::KIND || first.contains_key(entry.item.as_str()) {
            continue;
        }
        if let Some(state) = entry.before.as_deref().or(entry.after.as_deref()) {
            first.insert(entry.item.as_str(), state);
        }
    }
    items
        .iter()
        .filter(|item| matches!(item.meta().origin, Origin::Extractor { .. }))
        .filter_map(|item| match first.get(item.meta().id.as_str()) {
            Some(state) => T::deserialize(*state).ok(),
            None => Some(item.clone()),
        })
        .filter(|item| {
            !item.meta().orphaned && matches!(item.meta().origin, Origin::Extractor { .. })
        })
        .collect()
}
