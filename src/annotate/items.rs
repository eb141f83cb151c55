//! What the four item kinds have in common, so storing, merging, history and undo are
//! written once for all of them.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::schema::{Claim, ClaimSource, Entity, ItemKind, ItemMeta, Mention, Note, Sidecar, Span};

pub trait Item: Clone + PartialEq + Serialize + DeserializeOwned + 'static {
    const KIND: ItemKind;
    /// The prefix of new ids of this kind (`m-…`, `e-…`, `c-…`, `n-…`).
    const ID_PREFIX: &'static str;
    fn meta(&self) -> &ItemMeta;
    fn meta_mut(&mut self) -> &mut ItemMeta;
    fn list(sidecar: &Sidecar) -> &Vec<Self>;
    fn list_mut(sidecar: &mut Sidecar) -> &mut Vec<Self>;
    /// The spans that point into the article text (none for entities).
    fn spans_mut(&mut self) -> Vec<&mut Span>;
    fn spans(&self) -> Vec<&Span>;
}

impl Item for Mention {
    const KIND: ItemKind = ItemKind::Mention;
    const ID_PREFIX: &'static str = "m";
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
    fn list(sidecar: &Sidecar) -> &Vec<Self> {
        &sidecar.mentions
    }
    fn list_mut(sidecar: &mut Sidecar) -> &mut Vec<Self> {
        &mut sidecar.mentions
    }
    fn spans_mut(&mut self) -> Vec<&mut Span> {
        vec![&mut self.span]
    }
    fn spans(&self) -> Vec<&Span> {
        vec![&self.span]
    }
}

impl Item for Entity {
    const KIND: ItemKind = ItemKind::Entity;
    const ID_PREFIX: &'static str = "e";
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
    fn list(sidecar: &Sidecar) -> &Vec<Self> {
        &sidecar.entities
    }
    fn list_mut(sidecar: &mut Sidecar) -> &mut Vec<Self> {
        &mut sidecar.entities
    }
    fn spans_mut(&mut self) -> Vec<&mut Span> {
        Vec::new()
    }
    fn spans(&self) -> Vec<&Span> {
        Vec::new()
    }
}

impl Item for Claim {
    const KIND: ItemKind = ItemKind::Claim;
    const ID_PREFIX: &'static str = "c";
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
    fn list(sidecar: &Sidecar) -> &Vec<Self> {
        &sidecar.claims
    }
    fn list_mut(sidecar: &mut Sidecar) -> &mut Vec<Self> {
        &mut sidecar.claims
    }
    /// Content first (items sort by it), then the cue and a source that is a span.
    fn spans_mut(&mut self) -> Vec<&mut Span> {
        let source = match &mut self.source {
            Some(ClaimSource::Span(span)) => Some(span),
            _ => None,
        };
        std::iter::once(&mut self.content)
            .chain(self.cue.as_mut())
            .chain(source)
            .collect()
    }
    fn spans(&self) -> Vec<&Span> {
        let source = match &self.source {
            Some(ClaimSource::Span(span)) => Some(span),
            _ => None,
        };
        std::iter::once(&self.content)
            .chain(self.cue.as_ref())
            .chain(source)
            .collect()
    }
}

impl Item for Note {
    const KIND: ItemKind = ItemKind::Note;
    const ID_PREFIX: &'static str = "n";
    fn meta(&self) -> &ItemMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut ItemMeta {
        &mut self.meta
    }
    fn list(sidecar: &Sidecar) -> &Vec<Self> {
        &sidecar.notes
    }
    fn list_mut(sidecar: &mut Sidecar) -> &mut Vec<Self> {
        &mut sidecar.notes
    }
    fn spans_mut(&mut self) -> Vec<&mut Span> {
        vec![&mut self.span]
    }
    fn spans(&self) -> Vec<&Span> {
        vec![&self.span]
    }
}

/// Runs `$body` with `$T` bound to the item type of a runtime [`ItemKind`].
#[macro_export]
macro_rules! for_item_kind {
    ($kind:expr, $T:ident => $body:expr) => {
        match $kind {
            $crate::annotate::schema::ItemKind::Mention => {
                type $T = $crate::annotate::schema::Mention;
                $body
            }
            $crate::annotate::schema::ItemKind::Entity => {
                type $T = $crate::annotate::schema::Entity;
                $body
            }
            $crate::annotate::schema::ItemKind::Claim => {
                type $T = $crate::annotate::schema::Claim;
                $body
            }
            $crate::annotate::schema::ItemKind::Note => {
                type $T = $crate::annotate::schema::Note;
                $body
            }
        }
    };
}
