//! Which mentions are one entity, as a person corrects the linker: renaming an entity,
//! merging two, splitting a mention off into an entity of its own. The sidecar keeps
//! these as entity items listing mention ids; the linker's own grouping is only a
//! suggestion and is never written unless a person changes it.

use std::collections::HashMap;

use serde_json::Map;

use super::ids::now;
use super::review::EXTRACTOR;
use super::schema::{Entity, ItemMeta, Origin, Status};
use super::store::Store;

/// Each mention's entity as the sidecar has it: mention id → (label, name).
pub fn names_by_mention(store: &Store) -> HashMap<String, (String, String)> {
    let mut names = HashMap::new();
    for entity in &store.sidecar.entities {
        for mention in &entity.mentions {
            names.insert(mention.clone(), (entity.label.clone(), entity.name.clone()));
        }
    }
    names
}

/// Names the entity made of `mentions` (sidecar mention ids). The entity item already
/// holding any of them is renamed and takes them all; otherwise the linker's grouping is
/// written first under its own name, then renamed, so the history shows both names.
pub fn rename(
    store: &mut Store,
    mentions: &[String],
    label: &str,
    linked_name: &str,
    name: &str,
    annotator: &str,
) -> String {
    let id = held_by(store, mentions, label, linked_name, annotator);
    take_into(store, &id, mentions, annotator, |entity| {
        entity.name = name.to_string();
    });
    id
}

/// Moves the mentions of one entity into another, which keeps its name; the emptied
/// entity item is removed.
pub fn merge(
    store: &mut Store,
    from: &[String],
    into: &[String],
    label: &str,
    into_name: &str,
    annotator: &str,
) -> String {
    let id = held_by(store, into, label, into_name, annotator);
    let everything: Vec<String> = into.iter().chain(from).cloned().collect();
    take_into(store, &id, &everything, annotator, |_| {});
    id
}

/// Makes one mention an entity of its own, named as written.
pub fn split(store: &mut Store, mention: &str, label: &str, name: &str, annotator: &str) -> String {
    let origin = Origin::Annotator {
        annotator: annotator.to_string(),
    };
    let mentions = [mention.to_string()];
    let id = insert(store, &[], label, name, origin, annotator);
    take_into(store, &id, &mentions, annotator, |_| {});
    id
}

fn extractor() -> Origin {
    Origin::Extractor {
        extractor: EXTRACTOR.to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The entity item holding any of `mentions`, else a new one written as the linker
/// grouped them, under `linked_name`.
fn held_by(
    store: &mut Store,
    mentions: &[String],
    label: &str,
    linked_name: &str,
    annotator: &str,
) -> String {
    let holder = store
        .sidecar
        .entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| mentions.contains(m)))
        .map(|e| e.meta.id.clone());
    holder.unwrap_or_else(|| insert(store, mentions, label, linked_name, extractor(), annotator))
}

fn insert(
    store: &mut Store,
    mentions: &[String],
    label: &str,
    name: &str,
    origin: Origin,
    annotator: &str,
) -> String {
    let status = match origin {
        Origin::Extractor { .. } => Status::Suggested,
        Origin::Annotator { .. } => Status::Manual,
    };
    let entity = Entity {
        meta: ItemMeta {
            id: String::new(),
            status,
            origin,
            created: now(),
            updated: now(),
            orphaned: false,
        },
        name: name.to_string(),
        label: label.to_string(),
        mentions: mentions.to_vec(),
        extra: Map::new(),
    };
    store.insert(entity, annotator)
}

/// Puts `mentions` into entity `id` (and `change` on it), taking them out of every other
/// entity; an entity left with no mentions is removed.
fn take_into(
    store: &mut Store,
    id: &str,
    mentions: &[String],
    annotator: &str,
    change: impl FnOnce(&mut Entity),
) {
    let others: Vec<String> = store
        .sidecar
        .entities
        .iter()
        .filter(|e| e.meta.id != id && e.mentions.iter().any(|m| mentions.contains(m)))
        .map(|e| e.meta.id.clone())
        .collect();
    for other in others {
        let empty = store
            .sidecar
            .entities
            .iter()
            .any(|e| e.meta.id == other && e.mentions.iter().all(|m| mentions.contains(m)));
        if empty {
            store.remove::<Entity>(&other, annotator);
        } else {
            store.update::<Entity>(&other, annotator, |e| {
                e.mentions.retain(|m| !mentions.contains(m));
            });
        }
    }
    store.update::<Entity>(id, annotator, |entity| {
        for mention in mentions {
            if !entity.mentions.contains(mention) {
                entity.mentions.push(mention.clone());
            }
        }
        if entity.meta.status == Status::Suggested {
            entity.meta.status = Status::Edited;
        }
        change(entity);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, SourceFormat};

    fn store() -> Store {
        let article = Article::from_clean_text(
            "/nonexistent/entities-test.txt".into(),
            SourceFormat::PlainText,
            "Dana Price met Price and D. Price.".into(),
        );
        Store::open(&article)
    }

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn renaming_writes_the_linkers_group_then_the_new_name() {
        let mut store = store();
        let id = rename(
            &mut store,
            &ids(&["m-1", "m-2"]),
            "PERSON",
            "Price",
            "Dana Price",
            "ana",
        );
        let entity = &store.sidecar.entities[0];
        assert_eq!(
            (entity.meta.id.as_str(), entity.name.as_str()),
            (id.as_str(), "Dana Price")
        );
        assert_eq!(entity.meta.status, Status::Edited);
        assert_eq!(entity.mentions, ids(&["m-1", "m-2"]));
        let first = store.sidecar.history[0].after.as_deref().unwrap();
        assert_eq!(first["name"], "Price");
        assert_eq!(names_by_mention(&store)["m-2"].1, "Dana Price");
    }

    #[test]
    fn merging_moves_the_mentions_and_removes_the_emptied_entity() {
        let mut store = store();
        rename(
            &mut store,
            &ids(&["m-3"]),
            "PERSON",
            "D. Price",
            "D. Price",
            "ana",
        );
        merge(
            &mut store,
            &ids(&["m-3"]),
            &ids(&["m-1", "m-2"]),
            "PERSON",
            "Dana Price",
            "ana",
        );
        assert_eq!(store.sidecar.entities.len(), 1);
        let entity = &store.sidecar.entities[0];
        assert_eq!(entity.name, "Dana Price");
        assert_eq!(entity.mentions, ids(&["m-1", "m-2", "m-3"]));
    }

    #[test]
    fn splitting_takes_one_mention_out_into_its_own_entity() {
        let mut store = store();
        rename(
            &mut store,
            &ids(&["m-1", "m-2"]),
            "PERSON",
            "Price",
            "Dana Price",
            "ana",
        );
        split(&mut store, "m-2", "PERSON", "Price", "ana");
        let names = names_by_mention(&store);
        assert_eq!(names["m-1"].1, "Dana Price");
        assert_eq!(names["m-2"].1, "Price");
        let own = store
            .sidecar
            .entities
            .iter()
            .find(|e| e.name == "Price")
            .unwrap();
        assert_eq!(own.meta.status, Status::Manual);
        // Undo puts the mention back, one step at a time.
        store.undo("ana");
        store.undo("ana");
        store.undo("ana");
        assert_eq!(names_by_mention(&store)["m-2"].1, "Dana Price");
    }
}
