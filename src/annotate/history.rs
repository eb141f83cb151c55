//! Every change to a sidecar goes through here and is logged: who, when, which item,
//! its state before and after. The log is saved with the sidecar, so undo and redo work
//! across sessions and "who labelled this, and when" always has an answer.
//!
//! Undo is itself a logged change that reverts an earlier entry; redo reverts the undo.
//! The undo and redo stacks are rebuilt by replaying the log, so nothing else is stored.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::ids::{new_id, now};
use super::items::Item;
use super::schema::{HistoryEntry, ItemKind};
use super::store::Store;
use crate::for_item_kind;

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
        T::list_mut(self.sidecar_mut()).push(item);
        self.log(T::KIND, &id, None, after, None, by);
        id
    }

    /// Changes an item in place; `false` if there is no item with that id.
    pub fn update<T: Item>(&mut self, id: &str, by: &str, change: impl FnOnce(&mut T)) -> bool {
        let Some(item) = T::list_mut(self.sidecar_mut())
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
        let list = T::list_mut(self.sidecar_mut());
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

    /// Reverts the latest change not yet undone (with the rest of its step). Returns the
    /// item id it touched.
    pub fn undo(&mut self, by: &str) -> Option<String> {
        let (undo, _) = self.stacks();
        self.revert_step(&undo, by)
    }

    /// Re-applies the latest undone change (with the rest of its step), if nothing new
    /// happened since the undo.
    pub fn redo(&mut self, by: &str) -> Option<String> {
        let (_, redo) = self.stacks();
        self.revert_step(&redo, by)
    }

    /// Reverts the entries at the top of `stack` that share a step, latest first, as one
    /// new step.
    fn revert_step(&mut self, stack: &[String], by: &str) -> Option<String> {
        let step_of = |store: &Store, id: &str| {
            let entry = store.sidecar.history.iter().rev().find(|e| e.id == id)?;
            entry.step.clone()
        };
        let last = stack.last()?;
        let step = step_of(self, last);
        let mut group = vec![last.clone()];
        if step.is_some() {
            for id in stack.iter().rev().skip(1) {
                if step_of(self, id) != step {
                    break;
                }
                group.push(id.clone());
            }
        }
        self.in_one_step(|store| {
            let mut touched = None;
            for id in group {
                touched = store.revert(id, by).or(touched);
            }
            touched
        })
    }

    /// Ids of the entries that undo and redo would revert next, in order.
    fn stacks(&self) -> (Vec<String>, Vec<String>) {
        let mut undo: Vec<String> = Vec::new();
        let mut redo: Vec<String> = Vec::new();
        for entry in &self.sidecar.history {
            match &entry.reverts {
                Some(target) if undo.last() == Some(target) => {
                    undo.pop();
                    redo.push(entry.id.clone());
                }
                Some(target) if redo.last() == Some(target) => {
                    redo.pop();
                    undo.push(entry.id.clone());
                }
                _ => {
                    undo.push(entry.id.clone());
                    redo.clear();
                }
            }
        }
        (undo, redo)
    }

    fn revert(&mut self, entry_id: String, by: &str) -> Option<String> {
        let entry = self
            .sidecar
            .history
            .iter()
            .find(|e| e.id == entry_id)?
            .clone();
        let current = self.item_value(entry.kind, &entry.item);
        let before = entry.before.as_deref().cloned();
        self.set_item(entry.kind, &entry.item, before.clone())?;
        self.log(entry.kind, &entry.item, current, before, Some(entry_id), by);
        Some(entry.item)
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
            let list = T::list_mut(self.sidecar_mut());
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
        let step = self.step.clone();
        self.sidecar_mut().history.push(HistoryEntry {
            id: new_id("h"),
            at: now(),
            by: by.to_string(),
            kind,
            item: item.to_string(),
            before: before.map(Arc::new),
            after: after.map(Arc::new),
            reverts,
            step,
            extra: Map::new(),
        });
    }
}

fn to_value<T: serde::Serialize>(item: &T) -> Option<Value> {
    serde_json::to_value(item).ok()
}
