//! Other extractors that suggested an item already in the sidecar. An item has one
//! origin, but a second extractor that predicts the same span and label must still be
//! credited with it, or scoring that extractor (`eval --origin`) charges it a miss for
//! every entity it found that someone had already decided on. The credit lives in the
//! item's `also_suggested_by` list (kept in `extra`, so sidecars stay readable by older
//! copydesk versions), with what that extractor predicted, since the item itself may be
//! edited later.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::items::Item;
use super::schema::{Claim, Mention, Origin};
use super::store::Store;

pub const KEY: &str = "also_suggested_by";

/// One extractor's prediction of an item someone else made first. Offsets in code
/// points; for a claim, `start..end` is its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlsoSuggested {
    pub extractor: String,
    pub version: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Bounds>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub start: usize,
    pub end: usize,
}

/// The extractors recorded on an item besides its origin, or why the list is unreadable.
pub fn read(extra: &Map<String, Value>) -> Result<Vec<AlsoSuggested>, String> {
    match extra.get(KEY) {
        None => Ok(Vec::new()),
        Some(list) => Vec::<AlsoSuggested>::deserialize(list)
            .map_err(|e| format!("{KEY} cannot be read: {e}")),
    }
}

/// Credits `also` with the mention `id` (a logged change, by the extractor). `false`
/// when it already was (as the origin or in the list), when the list there cannot be
/// read (it is left as it is), or when there is no such mention.
pub fn credit_mention(store: &mut Store, id: &str, also: AlsoSuggested) -> bool {
    credit::<Mention>(
        store,
        id,
        also,
        |m| (&m.meta.origin, &m.extra),
        |m| &mut m.extra,
    )
}

/// Credits `also` with the claim `id`, as [`credit_mention`] does.
pub fn credit_claim(store: &mut Store, id: &str, also: AlsoSuggested) -> bool {
    credit::<Claim>(
        store,
        id,
        also,
        |c| (&c.meta.origin, &c.extra),
        |c| &mut c.extra,
    )
}

type Parts<T> = fn(&T) -> (&Origin, &Map<String, Value>);

fn credit<T: Item>(
    store: &mut Store,
    id: &str,
    also: AlsoSuggested,
    parts: Parts<T>,
    extra: fn(&mut T) -> &mut Map<String, Value>,
) -> bool {
    let Some(item) = T::list(&store.sidecar).iter().find(|i| i.meta().id == id) else {
        return false;
    };
    let (origin, current) = parts(item);
    if matches!(origin, Origin::Extractor { extractor, .. } if *extractor == also.extractor) {
        return false;
    }
    let Ok(mut list) = read(current) else {
        return false;
    };
    if list.iter().any(|other| other.extractor == also.extractor) {
        return false;
    }
    let by = also.extractor.clone();
    list.push(also);
    let Ok(value) = serde_json::to_value(list) else {
        return false;
    };
    store.update::<T>(id, &by, |item| {
        extra(item).insert(KEY.to_string(), value);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::make_span;
    use crate::annotate::schema::{ItemMeta, Status};
    use crate::article::text_index::TextIndex;
    use crate::article::{Article, SourceFormat};

    const TEXT: &str = "Ilse Varga opened the ferry terminal.";

    fn store_with_mention() -> (Store, String) {
        let article = Article::from_clean_text(
            "/nonexistent/also-suggested-test.txt".into(),
            SourceFormat::PlainText,
            TEXT.into(),
        );
        let mut store = Store::open(&article);
        let index = TextIndex::new(TEXT);
        let mention = Mention {
            meta: ItemMeta {
                id: String::new(),
                status: Status::Accepted,
                origin: Origin::Extractor {
                    extractor: "copydesk".into(),
                    version: "1".into(),
                },
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span: make_span(&index, 0..10).unwrap(),
            label: "PERSON".into(),
            confidence: None,
            extra: Map::new(),
        };
        let id = store.insert(mention, "copydesk");
        (store, id)
    }

    fn by(extractor: &str) -> AlsoSuggested {
        AlsoSuggested {
            extractor: extractor.into(),
            version: "3.8.0".into(),
            start: 0,
            end: 10,
            label: "PERSON".into(),
            cue: None,
            negated: false,
        }
    }

    #[test]
    fn an_extractor_is_credited_once_and_never_with_its_own_item() {
        let (mut store, id) = store_with_mention();
        assert!(
            !credit_mention(&mut store, &id, by("copydesk")),
            "its origin"
        );
        assert!(credit_mention(&mut store, &id, by("en_core_web_sm")));
        assert!(
            !credit_mention(&mut store, &id, by("en_core_web_sm")),
            "twice"
        );
        let credits = read(&store.sidecar.mentions[0].extra).unwrap();
        assert_eq!(credits, vec![by("en_core_web_sm")]);
        assert_eq!(store.sidecar.history.len(), 2, "the credit is logged");
        assert_eq!(store.sidecar.history[1].by, "en_core_web_sm");
        assert_eq!(
            store.sidecar.mentions[0].meta.origin,
            Origin::Extractor {
                extractor: "copydesk".into(),
                version: "1".into(),
            }
        );
    }

    #[test]
    fn a_list_that_cannot_be_read_is_left_as_it_is() {
        let (mut store, id) = store_with_mention();
        let garbled = Value::String("spaCy, probably".into());
        store.sidecar_mut().mentions[0]
            .extra
            .insert(KEY.into(), garbled.clone());
        assert!(read(&store.sidecar.mentions[0].extra).is_err());
        assert!(!credit_mention(&mut store, &id, by("en_core_web_sm")));
        assert_eq!(store.sidecar.mentions[0].extra[KEY], garbled);
    }
}
