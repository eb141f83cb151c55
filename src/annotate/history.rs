//! Every change to a sidecar goes through here and is logged: who, when, which item,
//! its state before and after. The log is saved with the sidecar, so undo and redo work
//! across sessions and "who labelled this, and when" always has an answer.
//!
//! Undo is itself a logged change that reverts an earlier entry; redo reverts the undo.
//! The undo and redo stacks are derived from the log, so nothing else is stored; they
//! are derived once and then kept up as entries are logged, so a press costs the same
//! with five annotations or five thousand.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::ids::{new_id, now};
use super::items::Item;
use super::schema::{HistoryEntry, ItemKind};
use super::store::Store;
use crate::for_item_kind;

/// What undo and redo need from the log, by position in it. Positions change only when
/// the whole log is replaced or merged, and then this is derived again.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Replay {
    /// The entries undo would revert next, the latest last.
    undo: Vec<usize>,
    /// The entries redo would revert next, the latest last.
    redo: Vec<usize>,
    /// Where each entry is, by entry id, so an entry a revert names is found at once.
    position: HashMap<String, usize>,
    /// Where each item's first logged state is: for an extractor's item, what the
    /// extractor suggested.
    first: HashMap<String, usize>,
}

impl Replay {
    fn of(history: &[HistoryEntry]) -> Replay {
        let mut replay = Replay::default();
        for (at, entry) in history.iter().enumerate() {
            replay.add(at, entry);
        }
        replay
    }

    fn add(&mut self, at: usize, entry: &HistoryEntry) {
        let target = entry.reverts.as_ref().and_then(|id| self.position.get(id));
        match target.copied() {
            Some(target) if self.undo.last() == Some(&target) => {
                self.undo.pop();
                self.redo.push(at);
            }
            Some(target) if self.redo.last() == Some(&target) => {
                self.redo.pop();
                self.undo.push(at);
            }
            _ => {
                self.undo.push(at);
                self.redo.clear();
            }
        }
        self.position.insert(entry.id.clone(), at);
        if entry.before.is_some() || entry.after.is_some() {
            self.first.entry(entry.item.clone()).or_insert(at);
        }
    }
}

/// What one undo or redo did, so the reader can say so and go there.
#[derive(Debug, Clone, PartialEq)]
pub struct Reverted {
    /// The item of the step's first change: the one the person acted on.
    pub kind: ItemKind,
    pub item: String,
    /// That item as it was before the undo or redo and as it is now (`None`: absent).
    pub before: Option<Arc<Value>>,
    pub after: Option<Arc<Value>>,
    /// Every item the step changed, each once.
    pub touched: Vec<(ItemKind, String)>,
    /// How many logged changes were reverted.
    pub entries: usize,
}

impl Store {
    /// Adds an item, giving it a fresh id and timestamps. Returns the id.
    pub fn insert<T: Item>(&mut self, mut item: T, by: &str) -> String {
        let id = new_id(T::ID_PREFIX);
        let stamp = now();
        let meta = item.meta_mut();
        meta.id = id.clone();
        meta.created = stamp.clone();
        meta.updated = stamp;
        let after = to_value(&item);
        T::list_mut(self.sidecar_mut_logged()).push(item);
        self.log(T::KIND, &id, None, after, None, by);
        id
    }

    /// Changes an item in place; `false` if there is no item with that id.
    pub fn update<T: Item>(&mut self, id: &str, by: &str, change: impl FnOnce(&mut T)) -> bool {
        let Some(item) = T::list_mut(self.sidecar_mut_logged())
            .iter_mut()
            .find(|i| i.meta().id == id)
        else {
            return false;
        };
        let before = to_value(&*item);
        change(item);
        item.meta_mut().id = id.to_string();
        item.meta_mut().updated = now();
        let after = to_value(&*item);
        self.log(T::KIND, id, before, after, None, by);
        true
    }

    pub fn remove<T: Item>(&mut self, id: &str, by: &str) -> Option<T> {
        let list = T::list_mut(self.sidecar_mut_logged());
        let position = list.iter().position(|i| i.meta().id == id)?;
        let item = list.remove(position);
        self.log(T::KIND, id, to_value(&item), None, None, by);
        Some(item)
    }

    /// Runs `change` as one step: every history entry it makes is undone and redone
    /// together.
    /// Inside another step, it is part of that one.
    pub fn in_one_step<T>(&mut self, change: impl FnOnce(&mut Store) -> T) -> T {
        if self.step.is_some() {
            return change(self);
        }
        self.step = Some(new_id("s"));
        let result = change(self);
        self.step = None;
        result
    }

    /// Reverts the latest change not yet undone (with the rest of its step).
    pub fn undo(&mut self, by: &str) -> Option<Reverted> {
        self.revert_step(false, by)
    }

    /// Re-applies the latest undone change (with the rest of its step), if nothing new
    /// happened since the undo.
    pub fn redo(&mut self, by: &str) -> Option<Reverted> {
        self.revert_step(true, by)
    }

    /// The item's first logged state: for an extractor's item, where the extractor put
    /// it and what it called it.
    pub fn first_state(&self, item: &str) -> Option<&Value> {
        let entry = &self.sidecar.history[*self.replay().first.get(item)?];
        entry.before.as_deref().or(entry.after.as_deref())
    }

    fn replay(&self) -> &Replay {
        self.replay
            .get_or_init(|| Replay::of(&self.sidecar.history))
    }

    /// Reverts the entries at the top of the undo (or redo) stack that share a step,
    /// latest first, as one new step.
    fn revert_step(&mut self, redo: bool, by: &str) -> Option<Reverted> {
        let replay = self.replay();
        let stack = if redo { &replay.redo } else { &replay.undo };
        let history = &self.sidecar.history;
        let &last = stack.last()?;
        let step = history[last].step.as_ref();
        let mut group = vec![last];
        if step.is_some() {
            group.extend(
                stack
                    .iter()
                    .rev()
                    .skip(1)
                    .take_while(|&&at| history[at].step.as_ref() == step),
            );
        }
        let logged_from = history.len();
        let reverted = self.in_one_step(|store| {
            group
                .into_iter()
                .filter_map(|at| store.revert(at, by))
                .collect::<Vec<_>>()
        });
        let (kind, item) = reverted.last()?.clone();
        let logged = &self.sidecar.history[logged_from..];
        let of_item = || logged.iter().filter(|entry| entry.item == item);
        let before = of_item().next().and_then(|entry| entry.before.clone());
        let after = of_item().next_back().and_then(|entry| entry.after.clone());
        let mut touched: Vec<(ItemKind, String)> = Vec::new();
        for change in &reverted {
            if !touched.contains(change) {
                touched.push(change.clone());
            }
        }
        Some(Reverted {
            kind,
            item,
            before,
            after,
            touched,
            entries: reverted.len(),
        })
    }

    fn revert(&mut self, at: usize, by: &str) -> Option<(ItemKind, String)> {
        let entry = self.sidecar.history.get(at)?.clone();
        let current = self.item_value(entry.kind, &entry.item);
        let before = entry.before.as_deref().cloned();
        self.set_item(entry.kind, &entry.item, before.clone())?;
        self.log(entry.kind, &entry.item, current, before, Some(entry.id), by);
        Some((entry.kind, entry.item))
    }

    fn item_value(&self, kind: ItemKind, id: &str) -> Option<Value> {
        for_item_kind!(kind, T => T::list(&self.sidecar)
            .iter()
            .find(|i| i.meta().id == id)
            .and_then(to_value))
    }

    /// Puts an item into the state `state` (`None`: absent). `None` if the state does not
    /// fit the item kind, in which case nothing changed.
    fn set_item(&mut self, kind: ItemKind, id: &str, state: Option<Value>) -> Option<()> {
        for_item_kind!(kind, T => {
            let item: Option<T> = match state {
                Some(value) => Some(serde_json::from_value(value).ok()?),
                None => None,
            };
            let list = T::list_mut(self.sidecar_mut_logged());
            let position = list.iter().position(|i| i.meta().id == id);
            match (position, item) {
                (Some(at), Some(item)) => list[at] = item,
                (Some(at), None) => {
                    list.remove(at);
                }
                (None, Some(item)) => list.push(item),
                (None, None) => {}
            }
            Some(())
        })
    }

    fn log(
        &mut self,
        kind: ItemKind,
        item: &str,
        before: Option<Value>,
        after: Option<Value>,
        reverts: Option<String>,
        by: &str,
    ) {
        let entry = HistoryEntry {
            id: new_id("h"),
            at: now(),
            by: by.to_string(),
            kind,
            item: item.to_string(),
            before: before.map(Arc::new),
            after: after.map(Arc::new),
            reverts,
            step: self.step.clone(),
            extra: Map::new(),
        };
        let at = self.sidecar.history.len();
        if let Some(replay) = self.replay.get_mut() {
            replay.add(at, &entry);
        }
        self.sidecar_mut_logged().history.push(entry);
    }
}

fn to_value<T: serde::Serialize>(item: &T) -> Option<Value> {
    serde_json::to_value(item).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Map;

    use super::*;
    use crate::annotate::anchor::make_span;
    use crate::annotate::schema::{ItemMeta, Mention, Origin, Status};
    use crate::article::text_index::TextIndex;
    use crate::article::{Article, SourceFormat};

    #[derive(Debug, Clone)]
    enum Op {
        Insert(usize),
        Update(usize),
        Remove(usize),
        InsertAndUpdate(usize),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..8usize).prop_map(Op::Insert),
            2 => (0..8usize).prop_map(Op::Update),
            1 => (0..8usize).prop_map(Op::Remove),
            1 => (0..8usize).prop_map(Op::InsertAndUpdate),
            3 => Just(Op::Undo),
            2 => Just(Op::Redo),
        ]
    }

    fn mention(index: &TextIndex, at: usize) -> Mention {
        Mention {
            meta: ItemMeta {
                id: String::new(),
                status: Status::Manual,
                origin: Origin::Annotator {
                    annotator: "ana".into(),
                },
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span: make_span(index, at * 4..at * 4 + 3).unwrap(),
            label: "ORG".into(),
            confidence: None,
            extra: Map::new(),
        }
    }

    fn apply(store: &mut Store, index: &TextIndex, op: &Op) {
        let nth = |store: &Store, n: usize| {
            let mentions = &store.sidecar.mentions;
            (!mentions.is_empty()).then(|| mentions[n % mentions.len()].meta.id.clone())
        };
        let relabel = |m: &mut Mention| m.label.push('X');
        match *op {
            Op::Insert(at) => {
                store.insert(mention(index, at), "ana");
            }
            Op::Update(n) => {
                if let Some(id) = nth(store, n) {
                    store.update::<Mention>(&id, "ana", relabel);
                }
            }
            Op::Remove(n) => {
                if let Some(id) = nth(store, n) {
                    store.remove::<Mention>(&id, "ana");
                }
            }
            Op::InsertAndUpdate(at) => store.in_one_step(|store| {
                let id = store.insert(mention(index, at), "ana");
                store.update::<Mention>(&id, "ana", relabel);
            }),
            Op::Undo => {
                store.undo("ana");
            }
            Op::Redo => {
                store.redo("ana");
            }
        }
    }

    proptest! {
        #[test]
        fn the_kept_stacks_are_what_replaying_the_log_gives(
            ops in prop::collection::vec(op(), 0..60),
            derived_after in 0..60usize,
        ) {
            let article = Article::from_clean_text(
                "/nonexistent/history-test.txt".into(),
                SourceFormat::PlainText,
                "one two six ten red tan big old".into(),
            );
            let index = TextIndex::new(&article.text);
            let mut store = Store::open(&article);
            for (n, op) in ops.iter().enumerate() {
                if n == derived_after {
                    store.replay();
                }
                apply(&mut store, &index, op);
                if let Some(kept) = store.replay.get() {
                    prop_assert_eq!(kept, &Replay::of(&store.sidecar.history), "after {:?}", op);
                }
            }
        }
    }
}
