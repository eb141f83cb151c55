//! The review layer: which suggestion is under review and which the filter admits. It
//! steps through the article's suggestions on its own, answers the reader's review
//! keys with a [`ReviewReply`] ([`Reviewer`]) and words the review bar (`bar`); the
//! reader only applies the reply.

mod bar;
mod steps;

use crate::annotate::review::Suggestion;

use super::annotating::{Annotations, ReviewFilter};

pub use steps::{ReviewCommand, ReviewReply, Reviewer};

/// What the review layer keeps between keys.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// The index of the suggestion under review, while reviewing.
    pub current: Option<usize>,
    pub filter: ReviewFilter,
    /// Whether the open picker or prompt returns to review.
    pub returns: bool,
    /// Review goes on in the article just opened once its suggestions are in.
    pub when_analysed: bool,
}

/// Where a step through the suggestions ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stepped {
    Moved,
    /// Nothing further on: the end of the article's suggestions.
    Last,
    /// Nothing further back.
    First,
    /// Not reviewing.
    Nowhere,
}

impl ReviewState {
    /// The suggestion under review.
    pub fn target<'a>(&self, annotations: &'a Annotations) -> Option<&'a Suggestion> {
        annotations.suggestions.get(self.current?)
    }

    /// The first undecided suggestion the filter admits from `cursor` on, else from the
    /// top, else the first.
    pub fn first_from(&self, annotations: &Annotations, cursor: usize) -> usize {
        let pending = |s: &Suggestion| annotations.decided(s).is_none() && self.filter.admits(s);
        annotations
            .suggestions
            .iter()
            .position(|s| s.place() >= cursor && pending(s))
            .or_else(|| annotations.suggestions.iter().position(pending))
            .unwrap_or(0)
    }

    /// Moves to the next (or previous) suggestion the filter admits; `pending_only`
    /// skips decided ones.
    pub fn step(
        &mut self,
        annotations: &Annotations,
        forward: bool,
        pending_only: bool,
    ) -> Stepped {
        let count = annotations.suggestions.len();
        let Some(current) = self.current.filter(|&i| i < count) else {
            return Stepped::Nowhere;
        };
        let wanted = |i: &usize| {
            let suggestion = &annotations.suggestions[*i];
            self.filter.admits(suggestion)
                && (!pending_only || annotations.decided(suggestion).is_none())
        };
        let next = match forward {
            true => (current + 1..count).find(wanted),
            false => (0..current).rev().find(wanted),
        };
        match (next, forward) {
            (Some(next), _) => {
                self.current = Some(next);
                Stepped::Moved
            }
            (None, true) => Stepped::Last,
            (None, false) => Stepped::First,
        }
    }

    /// Narrows review to entities, then claims, then `label` (the current suggestion's),
    /// then back to everything.
    pub fn cycle_filter(&mut self, label: Option<String>) {
        self.filter = match (&self.filter, label) {
            (ReviewFilter::All, _) => ReviewFilter::Entities,
            (ReviewFilter::Entities, _) => ReviewFilter::Claims,
            (ReviewFilter::Claims, Some(label)) => ReviewFilter::Label(label),
            _ => ReviewFilter::All,
        };
    }
}
