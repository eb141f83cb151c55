//! Labels: tagging a span the detector missed, and relabelling an item or every mention
//! of an entity, through the label picker.

use std::ops::Range;

use crate::annotate::review::TagKind;
use crate::annotate::schema::{ItemKind, Status};
use crate::annotate::session::{Edit, ItemRef};
use crate::extract::sentences::sentence_at;

use super::super::annotating::{ENTITY_LABELS, word_at};
use super::super::keymap::Mode;
use super::super::picker::Picker;
use super::{Annotator, Opened, Wanted};

impl Annotator<'_> {
    /// Opens the label picker for the selection, else for the word (entity) or the
    /// sentence (claim) under the cursor.
    pub(super) fn start_tagging(&mut self, kind: TagKind) {
        let (text, cursor) = (self.text(), self.aim.cursor);
        let range = self.aim.selection.clone().or_else(|| match kind {
            TagKind::Entity => word_at(text, cursor),
            TagKind::Claim => sentence_at(text, cursor),
        });
        let range = match kind {
            TagKind::Claim => range.map(|r| without_full_stop(text, r)),
            TagKind::Entity => range,
        };
        let Some(range) = range else {
            return self.info("nothing to tag here".to_string());
        };
        let labels = self.labels_for(kind);
        self.open(Opened::Picker(Picker {
            kind,
            relabel: Vec::new(),
            range,
            labels,
            filter: String::new(),
            selected: 0,
        }));
    }

    fn labels_for(&self, kind: TagKind) -> Vec<String> {
        match kind {
            TagKind::Entity => ENTITY_LABELS.iter().map(|l| l.to_string()).collect(),
            TagKind::Claim => self.desk.claim_labels.clone(),
        }
    }

    /// Opens the label picker to give the item the keys act on another label.
    pub(super) fn start_relabel(&mut self) {
        let Some((item, now)) = self.target_or_say(Wanted::Any) else {
            return;
        };
        if self.refuse_rejected(&now) {
            return;
        }
        self.open_relabel(vec![item], now.kind, now.shape.range);
    }

    /// Opens the label picker for every live mention of the entity: one pick relabels
    /// them all, as one undo step.
    pub(super) fn relabel_entity(&mut self, label: &str, entity: &str) {
        let Some(document) = self.desk.document() else {
            return;
        };
        let live: Vec<_> = document
            .members(label, entity)
            .into_iter()
            .filter(|m| m.now.status != Status::Rejected)
            .collect();
        let Some(first) = live.first() else {
            let key = self.key_for(Mode::Normal, super::super::action::Action::Accept);
            return self.info(format!(
                "every mention of {entity} is rejected: {key} accepts one"
            ));
        };
        let range = first.now.shape.range.clone();
        let items = live.into_iter().map(|m| m.item).collect();
        self.open_relabel(items, ItemKind::Mention, range);
    }

    /// Opens the label picker for `items`, all of `kind`; `range` is what it shows.
    fn open_relabel(&mut self, items: Vec<ItemRef>, kind: ItemKind, range: Range<usize>) {
        let kind = match kind {
            ItemKind::Claim => TagKind::Claim,
            _ => TagKind::Entity,
        };
        let labels = self.labels_for(kind);
        self.open(Opened::Picker(Picker {
            kind,
            relabel: items,
            range,
            labels,
            filter: String::new(),
            selected: 0,
        }));
    }

    /// Tags or relabels with the label the picker closed on, or says none matched.
    pub(super) fn pick(&mut self, picker: Picker, label: Option<String>) {
        self.reply.clear_selection = true;
        let Some(label) = label else {
            return self.info("no label matches; nothing tagged".to_string());
        };
        let words = self.words(picker.range.clone(), 40);
        let relabelling = !picker.relabel.is_empty();
        let edit = match picker.relabel.len() {
            0 => Edit::Tag {
                kind: picker.kind,
                range: picker.range,
                label: label.clone(),
            },
            1 => Edit::Relabel(picker.relabel[0].clone(), label.clone()),
            _ => Edit::Each(
                picker
                    .relabel
                    .into_iter()
                    .map(|item| Edit::Relabel(item, label.clone()))
                    .collect(),
            ),
        };
        let Some(applied) = self.record(edit) else {
            return;
        };
        match (relabelling, applied.count) {
            (true, 1) => {
                self.reply.review_next = self.aim.mode == Mode::Review;
                self.info(format!("relabelled “{words}” as {label}"));
            }
            (true, n) => self.info(format!("relabelled {n} mentions of “{words}” as {label}")),
            (false, _) => self.info(format!("tagged “{words}” as {label}")),
        }
    }
}

/// A claim's content without the full stop that ends its sentence (but "U.S." keeps
/// its own).
fn without_full_stop(text: &str, range: Range<usize>) -> Range<usize> {
    let words = text.get(range.clone()).unwrap_or_default();
    let mut last = words.chars().rev();
    match (last.next(), last.next()) {
        (Some('.'), Some(c)) if c.is_lowercase() || c.is_ascii_digit() => {
            range.start..range.end - 1
        }
        _ => range,
    }
}
