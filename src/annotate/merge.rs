//! Merging a sidecar that changed on disk (another copydesk, a `git pull`) into ours.
//!
//! Items are matched by id. Where both sides changed an item, the later `updated` wins;
//! where the two are equally recent but differ, both are kept (theirs under a new id)
//! so that no one's judgement is silently dropped. Items we deleted stay deleted; items
//! only they have are added. Histories are united.

use std::collections::HashSet;

use super::ids::new_id;
use super::items::Item;
use super::schema::{Claim, Entity, Mention, Note, Sidecar};

/// Merges `theirs` into `ours` and says, one line per kind of decision, what happened.
pub fn merge_from_disk(ours: &mut Sidecar, theirs: Sidecar) -> Vec<String> {
    let deleted_by_us: HashSet<String> = ours
        .history
        .iter()
        .filter(|entry| entry.after.is_none())
        .map(|entry| entry.item.clone())
        .collect();
    let mut tally = Tally::default();
    merge_items::<Mention>(ours, &theirs, &deleted_by_us, &mut tally);
    merge_items::<Entity>(ours, &theirs, &deleted_by_us, &mut tally);
    merge_items::<Claim>(ours, &theirs, &deleted_by_us, &mut tally);
    merge_items::<Note>(ours, &theirs, &deleted_by_us, &mut tally);

    let known: HashSet<String> = ours.history.iter().map(|entry| entry.id.clone()).collect();
    ours.history.extend(
        theirs
            .history
            .into_iter()
            .filter(|entry| !known.contains(&entry.id)),
    );
    // Stable: entries made in the same millisecond keep their order, which undo relies on.
    ours.history.sort_by(|a, b| a.at.cmp(&b.at));
    for annotator in theirs.annotators {
        if !ours.annotators.iter().any(|a| a.id == annotator.id) {
            ours.annotators.push(annotator);
        }
    }
    super::completeness::merge(&mut ours.reviewed, theirs.reviewed);
    for (key, value) in theirs.extra {
        ours.extra.entry(key).or_insert(value);
    }
    tally.lines()
}

#[derive(Default)]
struct Tally {
    added: usize,
    theirs_newer: usize,
    both_kept: usize,
}

impl Tally {
    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.added > 0 {
            lines.push(format!(
                "merged {} items added on disk by someone else",
                self.added
            ));
        }
        if self.theirs_newer > 0 {
            lines.push(format!(
                "took {} newer versions of items from disk",
                self.theirs_newer
            ));
        }
        if self.both_kept > 0 {
            lines.push(format!(
                "kept both versions of {} items changed on both sides at the same time",
                self.both_kept
            ));
        }
        lines
    }
}

fn merge_items<T: Item>(
    ours: &mut Sidecar,
    theirs: &Sidecar,
    deleted_by_us: &HashSet<String>,
    tally: &mut Tally,
) {
    for their_item in T::list(theirs) {
        let id = &their_item.meta().id;
        let list = T::list_mut(ours);
        match list.iter_mut().find(|item| &item.meta().id == id) {
            None if deleted_by_us.contains(id) => {}
            None => {
                list.push(their_item.clone());
                tally.added += 1;
            }
            Some(our_item) if our_item == their_item => {}
            Some(our_item) => match their_item.meta().updated.cmp(&our_item.meta().updated) {
                std::cmp::Ordering::Greater => {
                    *our_item = their_item.clone();
                    tally.theirs_newer += 1;
                }
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    let mut copy = their_item.clone();
                    copy.meta_mut().id = new_id(T::ID_PREFIX);
                    list.push(copy);
                    tally.both_kept += 1;
                }
            },
        }
    }
}
