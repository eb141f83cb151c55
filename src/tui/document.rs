//! One open article with what the extractors found in it and the person's annotations:
//! the data every layer reads, kept apart from any layer's state.

use std::ops::Range;

use crate::article::Article;
use crate::extract::analysis::EntityMention;
use crate::extract::claims::ClaimSuggestion;

use super::annotating::Annotations;
use super::spans::SpanIndex;

/// One article, what was found in it, and what a person decided about it.
#[derive(Debug)]
pub struct Document {
    pub article: Article,
    pub annotations: Annotations,
    /// `None` while claim detection still runs (off the UI thread for long articles).
    pub claims: Option<Vec<ClaimSuggestion>>,
    /// Sorted by start.
    pub entities: Vec<EntityMention>,
    /// Whether any entity detector has delivered (an empty list then means none found).
    pub entities_detected: bool,
    entity_index: SpanIndex,
    claim_content_index: SpanIndex,
    /// Claim indices in the order of their spans' starts, which `claim_content_index`
    /// is built over (claims themselves are kept in cue order, the order people read).
    claim_span_order: Vec<usize>,
    /// Sorted starts of entity mentions and claim cues, for next/previous jumps.
    /// Its row in the library.
    pub entry: usize,
    /// Whether the worker has been asked for its findings.
    pub analysis_requested: bool,
}

impl Document {
    pub fn new(article: Article) -> Document {
        Document {
            annotations: Annotations::open(&article),
            article,
            claims: None,
            entities: Vec::new(),
            entities_detected: false,
            entity_index: SpanIndex::default(),
            claim_content_index: SpanIndex::default(),
            claim_span_order: Vec::new(),
            entry: 0,
            analysis_requested: false,
        }
    }

    pub fn set_claims(&mut self, mut claims: Vec<ClaimSuggestion>) {
        claims.sort_by_key(|c| (c.cue.start, c.content.start));
        let mut order: Vec<usize> = (0..claims.len()).collect();
        order.sort_by_key(|&i| claim_span(&claims[i]).start);
        let spans: Vec<Range<usize>> = order.iter().map(|&i| claim_span(&claims[i])).collect();
        self.claim_content_index = SpanIndex::new(spans.iter());
        self.claim_span_order = order;
        self.claims = Some(claims);
        self.refresh_suggestions();
    }

    fn refresh_suggestions(&mut self) {
        let claims = self.claims.as_deref().unwrap_or_default();
        let text = &self.article.text;
        self.annotations
            .set_suggestions(text, &self.entities, claims);
    }

    pub fn set_entities(&mut self, mut entities: Vec<EntityMention>) {
        entities.sort_by_key(|e| (e.range.start, e.range.end));
        self.entity_index = SpanIndex::new(entities.iter().map(|e| &e.range));
        self.entities = entities;
        self.entities_detected = true;
        self.refresh_suggestions();
        self.apply_entity_names();
    }

    pub fn entities_in(&self, window: Range<usize>) -> impl Iterator<Item = &EntityMention> {
        let w = window.clone();
        self.entity_index
            .candidates(window)
            .filter_map(|i| self.entities.get(i))
            .filter(move |e| e.range.start < w.end && e.range.end > w.start)
    }

    pub fn claims_in(&self, window: Range<usize>) -> impl Iterator<Item = &ClaimSuggestion> {
        let w = window.clone();
        let claims = self.claims.as_deref().unwrap_or(&[]);
        self.claim_content_index
            .candidates(window)
            .filter_map(|i| self.claim_span_order.get(i))
            .filter_map(|&i| claims.get(i))
            .filter(move |c| {
                (c.content.start < w.end && c.content.end > w.start)
                    || (c.cue.start < w.end && c.cue.end > w.start)
            })
    }
}

/// Everything a claim covers: its content and its cue, which may lie outside it.
fn claim_span(claim: &ClaimSuggestion) -> Range<usize> {
    claim.content.start.min(claim.cue.start)..claim.content.end.max(claim.cue.end)
}
