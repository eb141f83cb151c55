//! What the interchange tests share: a person finishing an article's review, and an
//! export with what a fresh import cannot bring back (who made each item) left out.

use copydesk::annotate::Store;
use copydesk::annotate::completeness::{self, Layer};
use copydesk::annotate::schema::{ReviewHow, Status};
use copydesk::article::{Article, LoadOptions, load};
use copydesk::interchange::Format;
use serde_json::Value;

/// The person finished both layers: the article is complete training data.
pub fn mark_reviewed(store: &mut Store, article: &Article) {
    let reviewed = &mut store.sidecar_mut().reviewed;
    for layer in Layer::ALL {
        *completeness::mark_mut(reviewed, layer) = Some(completeness::new_mark(
            "ana",
            ReviewHow::Marked,
            &article.id,
        ));
    }
}

/// A person reviews what came back and accepts it all: the article is complete again.
pub fn accept_everything(path: &str, options: LoadOptions) {
    let article = load(path, options).unwrap().articles.remove(0);
    let mut store = Store::open(&article);
    let sidecar = store.sidecar_mut();
    for mention in &mut sidecar.mentions {
        mention.meta.status = Status::Accepted;
    }
    for claim in &mut sidecar.claims {
        claim.meta.status = Status::Accepted;
    }
    for note in &mut sidecar.notes {
        note.meta.status = Status::Accepted;
    }
    mark_reviewed(&mut store, &article);
    store.save().unwrap();
}

/// The export without what says who made each item, which an import into a fresh
/// sidecar cannot bring back: spaCy's per-span details, Label Studio's predictions.
pub fn comparable(format: Format, bytes: &[u8]) -> Vec<u8> {
    let strip = |mut value: Value| {
        match format {
            Format::Spacy => {
                value["meta"]
                    .as_object_mut()
                    .map(|m| m.remove("span_details"));
                value.as_object_mut().map(|m| m.remove("_task_hash"));
            }
            Format::LabelStudio => {
                for task in value.as_array_mut().into_iter().flatten() {
                    task.as_object_mut().map(|t| t.remove("predictions"));
                }
            }
            _ => {}
        }
        value
    };
    match format {
        Format::Spacy => String::from_utf8_lossy(bytes)
            .lines()
            .map(|line| strip(serde_json::from_str(line).unwrap()).to_string() + "\n")
            .collect::<String>()
            .into_bytes(),
        Format::LabelStudio => strip(serde_json::from_slice(bytes).unwrap())
            .to_string()
            .into_bytes(),
        _ => bytes.to_vec(),
    }
}
