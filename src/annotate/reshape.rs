//! Correcting where an item sits: a mention's or a claim's boundaries, a claim's cue, a
//! claim's source. A suggestion is accepted first if it was undecided and then edited, so
//! the history keeps where the extractor put it (its key among the decisions, and what
//! `eval` scores); an item a person added stays theirs (`manual`).

use std::ops::Range;

use super::anchor::make_span;
use super::review::{Decisions, Suggestion, SuggestionKind, decided_or_accepted};
use super::schema::{Claim, ClaimSource, ItemKind, Mention, Status};
use super::store::Store;
use crate::article::text_index::TextIndex;

/// What to change. Ranges are bytes of the indexed text on character boundaries; they
/// are widened to whole grapheme clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reshape {
    /// The mention, or the claim's content.
    Range(Range<usize>),
    Cue(Range<usize>),
    /// A mention (by item id) or free text, and where it is in the text.
    Source(ClaimSource, Range<usize>),
    /// The text at the range, a source span of its own, anchored like the cue.
    SourceSpan(Range<usize>),
}

/// Reshapes a suggestion. `None` when the change does not fit it (a cue for an entity,
/// a range that is empty or outside the text).
pub fn reshape_suggestion(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    suggestion: &Suggestion,
    change: &Reshape,
    annotator: &str,
) -> Option<String> {
    let kind = match suggestion.kind {
        SuggestionKind::Entity { .. } => ItemKind::Mention,
        SuggestionKind::Claim { .. } => ItemKind::Claim,
    };
    fits(kind, change, index.text())?;
    let id = decided_or_accepted(store, decisions, index, suggestion, annotator)?;
    let applied = apply(store, index, kind, &id, change, annotator)?;
    if let Some(decided) = decisions.get_mut(suggestion) {
        decided.status = Status::Edited;
        applied.onto(&mut decided.shape);
    }
    Some(id)
}

/// Reshapes an item a person added (by id).
pub fn reshape_manual(
    store: &mut Store,
    decisions: &mut Decisions,
    index: &TextIndex,
    id: &str,
    change: &Reshape,
    annotator: &str,
) -> Option<String> {
    let kind = decisions.manual_item(id)?.kind;
    fits(kind, change, index.text())?;
    let applied = apply(store, index, kind, id, change, annotator)?;
    let manual = decisions.manual.iter_mut().find(|m| m.id == id)?;
    applied.onto(&mut manual.shape);
    let shape = manual.shape.clone();
    if let Some(decided) = decisions.by_id_mut(id) {
        decided.shape = shape;
    }
    decisions
        .manual
        .sort_by_key(|m| (m.shape.range.start, m.shape.range.end));
    Some(id.to_string())
}

/// Whether the change makes sense for the kind of item, with a range that is not empty
/// and lies in the text, so nothing is recorded for a change that cannot be made.
fn fits(kind: ItemKind, change: &Reshape, text: &str) -> Option<()> {
    let range = match (kind, change) {
        (ItemKind::Mention, Reshape::Range(range)) | (ItemKind::Claim, Reshape::Range(range)) => {
            range
        }
        (
            ItemKind::Claim,
            Reshape::Cue(range) | Reshape::Source(_, range) | Reshape::SourceSpan(range),
        ) => range,
        _ => return None,
    };
    (range.start < range.end && text.get(range.clone()).is_some()).then_some(())
}

/// The change as made, with its range widened to whole graphemes.
struct Applied {
    change: Reshape,
}

impl Applied {
    fn onto(self, shape: &mut super::review::Shape) {
        match self.change {
            Reshape::Range(range) => shape.range = range,
            Reshape::Cue(range) => shape.cue = Some(range),
            Reshape::Source(_, range) | Reshape::SourceSpan(range) => shape.source = Some(range),
        }
    }
}

fn apply(
    store: &mut Store,
    index: &TextIndex,
    kind: ItemKind,
    id: &str,
    change: &Reshape,
    annotator: &str,
) -> Option<Applied> {
    let span = |bytes: &Range<usize>| {
        if bytes.start >= bytes.end {
            return None;
        }
        make_span(index, index.chars_of(bytes.clone()))
    };
    let widened = |span: &super::schema::Span| index.bytes_of(span.start..span.end);
    let edit = |status: &mut Status| {
        if *status != Status::Manual {
            *status = Status::Edited;
        }
    };
    let (updated, applied) = match (kind, change) {
        (ItemKind::Mention, Reshape::Range(bytes)) => {
            let span = span(bytes)?;
            let range = widened(&span)?;
            let updated = store.update::<Mention>(id, annotator, |mention| {
                edit(&mut mention.meta.status);
                mention.span = span;
            });
            (updated, Reshape::Range(range))
        }
        (ItemKind::Claim, Reshape::Range(bytes) | Reshape::Cue(bytes)) => {
            let span = span(bytes)?;
            let range = widened(&span)?;
            let is_cue = matches!(change, Reshape::Cue(_));
            let updated = store.update::<Claim>(id, annotator, |claim| {
                edit(&mut claim.meta.status);
                match is_cue {
                    true => claim.cue = Some(span),
                    false => claim.content = span,
                }
            });
            let applied = match is_cue {
                true => Reshape::Cue(range),
                false => Reshape::Range(range),
            };
            (updated, applied)
        }
        (ItemKind::Claim, Reshape::Source(source, range)) => {
            let updated = store.update::<Claim>(id, annotator, |claim| {
                edit(&mut claim.meta.status);
                claim.source = Some(source.clone());
            });
            (updated, Reshape::Source(source.clone(), range.clone()))
        }
        (ItemKind::Claim, Reshape::SourceSpan(bytes)) => {
            let span = span(bytes)?;
            let range = widened(&span)?;
            let updated = store.update::<Claim>(id, annotator, |claim| {
                edit(&mut claim.meta.status);
                claim.source = Some(ClaimSource::Span(span));
            });
            (updated, Reshape::SourceSpan(range))
        }
        _ => return None,
    };
    updated.then_some(Applied { change: applied })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::review::Decisions;
    use crate::article::{Article, SourceFormat};

    const TEXT: &str = "Officials at Eastbay Port said the cranes were safe.";

    fn article() -> Article {
        Article::from_clean_text(
            "/nonexistent/reshape-test.txt".into(),
            SourceFormat::PlainText,
            TEXT.into(),
        )
    }

    fn at(words: &str) -> Range<usize> {
        let start = TEXT.find(words).unwrap();
        start..start + words.len()
    }

    fn entity() -> Suggestion {
        Suggestion {
            range: at("Eastbay"),
            kind: SuggestionKind::Entity {
                label: "ORG".into(),
            },
        }
    }

    fn claim() -> Suggestion {
        Suggestion {
            range: at("the cranes were safe"),
            kind: SuggestionKind::Claim {
                label: "said".into(),
                cue: at("said"),
                negated: false,
                source: Some(at("Officials")),
            },
        }
    }

    #[test]
    fn a_moved_boundary_is_an_edit_that_keeps_the_suggestion_as_its_key() {
        let article = article();
        let index = TextIndex::new(&article.text);
        let mut store = Store::open(&article);
        let mut decisions = Decisions::default();
        let change = Reshape::Range(at("Eastbay Port"));
        let id = reshape_suggestion(
            &mut store,
            &mut decisions,
            &index,
            &entity(),
            &change,
            "ana",
        )
        .unwrap();
        let mention = &store.sidecar.mentions[0];
        assert_eq!(mention.meta.id, id);
        assert_eq!(mention.meta.status, Status::Edited);
        assert_eq!(mention.span.exact, "Eastbay Port");
        // Rebuilt from the sidecar (as after reopening), the decision is still found
        // under the suggestion, and knows where the mention is now.
        let rebuilt = Decisions::of(&store, &index);
        let decided = rebuilt.get(&entity()).unwrap();
        assert_eq!(decided.status, Status::Edited);
        assert_eq!(decided.shape.range, at("Eastbay Port"));
        assert_eq!(decisions.get(&entity()).unwrap().shape, decided.shape);
    }

    #[test]
    fn a_claims_cue_and_source_change_and_stay_found_after_reopening() {
        let article = article();
        let index = TextIndex::new(&article.text);
        let mut store = Store::open(&article);
        let mut decisions = Decisions::default();
        let port = reshape_suggestion(
            &mut store,
            &mut decisions,
            &index,
            &entity(),
            &Reshape::Range(at("Eastbay Port")),
            "ana",
        )
        .unwrap();
        let cue = Reshape::Cue(at("were"));
        reshape_suggestion(&mut store, &mut decisions, &index, &claim(), &cue, "ana").unwrap();
        let source = Reshape::Source(ClaimSource::Mention(port), at("Eastbay Port"));
        reshape_suggestion(&mut store, &mut decisions, &index, &claim(), &source, "ana").unwrap();
        let stored = &store.sidecar.claims[0];
        assert_eq!(stored.cue.as_ref().unwrap().exact, "were");
        assert_eq!(stored.meta.status, Status::Edited);
        let rebuilt = Decisions::of(&store, &index);
        let shape = &rebuilt.get(&claim()).unwrap().shape;
        assert_eq!(shape.cue, Some(at("were")));
        assert_eq!(shape.source, Some(at("Eastbay Port")));
        assert_eq!(shape.range, at("the cranes were safe"));
        let officials = Reshape::SourceSpan(at("Officials"));
        reshape_suggestion(
            &mut store,
            &mut decisions,
            &index,
            &claim(),
            &officials,
            "ana",
        )
        .unwrap();
        let Some(ClaimSource::Span(span)) = &store.sidecar.claims[0].source else {
            panic!("{:?}", store.sidecar.claims[0].source);
        };
        assert_eq!(span.exact, "Officials");
        let rebuilt = Decisions::of(&store, &index);
        let shape = &rebuilt.get(&claim()).unwrap().shape;
        assert_eq!(shape.source, Some(at("Officials")));
    }

    #[test]
    fn an_entity_has_no_cue_and_an_empty_range_is_refused() {
        let article = article();
        let index = TextIndex::new(&article.text);
        let mut store = Store::open(&article);
        let mut decisions = Decisions::default();
        let cue = Reshape::Cue(at("said"));
        assert!(
            reshape_suggestion(&mut store, &mut decisions, &index, &entity(), &cue, "ana")
                .is_none()
        );
        let empty = Reshape::Range(5..5);
        assert!(
            reshape_suggestion(&mut store, &mut decisions, &index, &entity(), &empty, "ana")
                .is_none()
        );
        assert!(store.sidecar.history.is_empty(), "nothing was recorded");
    }
}
