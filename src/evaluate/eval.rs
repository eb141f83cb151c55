//! `copydesk eval`: an extractor's suggestions against what people decided.
//!
//! Gold is every accepted, edited and manual item. The extractor's prediction of an item
//! is what it first suggested, as the history's first state of the item records it,
//! whatever happened to the item since: a suggestion a person fixed and then accepted is
//! still the extractor's mistake. An item without history counts as it is, except an
//! edited one, which counts as a prediction that matched nothing. Another extractor
//! credited with an item (`also_suggested_by`) predicted what it was credited with.
//! Suggestions nobody has looked at are left out and counted per article, unless their
//! layer is marked fully reviewed: then what the person did not mark is not there, and
//! the suggestion is a false positive. A layer
//! (entities, claims) the extractor made nothing in is not scored at all, so an
//! entity recogniser is not charged every claim as a miss. Entities match on exact span
//! and label, and again on overlap; claims on their cue span (the content span when
//! there is no cue) and label, with negation accuracy over the claims that match.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::score::{Scores, ratio, shown};
use super::sidecars;
use crate::annotate::also_suggested::{self, AlsoSuggested};
use crate::annotate::completeness;
use crate::annotate::items::Item;
use crate::annotate::schema::{Claim, Mention, Origin, Sidecar, Status};
use crate::article::load::article_specs;
use crate::interchange::foreign::ReadError;
use crate::interchange::import::{ImportOptions, Staged, stage};

#[derive(Debug, Default)]
pub struct Evaluation {
    /// The extractor scored; `None` for every extractor's items by their own origin.
    pub origin: Option<String>,
    pub sidecars: usize,
    pub entities_exact: Scores,
    pub entities_overlap: Scores,
    pub claims: Scores,
    pub produced: Layers,
    /// Matched claims whose negation the extractor got right, of all matched claims.
    pub negation_right: usize,
    pub negation_total: usize,
    /// The extractor's suggestions nobody decided on yet, by article (those with any).
    pub undecided: Vec<(String, usize)>,
    pub problems: Vec<String>,
}

/// Which layers the extractor made anything in (decided or not).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    pub entities: bool,
    pub claims: bool,
}

/// Whether an item's origin is the extractor being measured (any extractor when no name).
fn by_extractor(origin: &Origin, name: Option<&str>) -> bool {
    match origin {
        Origin::Extractor { extractor, .. } => name.is_none_or(|n| n == extractor),
        Origin::Annotator { .. } => false,
    }
}

/// The item as its extractor first made it: the state before its first logged change,
/// or what its creation logged.
fn as_suggested<T: Item + DeserializeOwned>(sidecar: &Sidecar, item: &T) -> Option<T> {
    let first = sidecar
        .history
        .iter()
        .find(|entry| entry.item == item.meta().id && entry.kind == T::KIND)?;
    let state = first.before.as_deref().or(first.after.as_deref())?;
    T::deserialize(state).ok()
}

/// An edited item whose first version is unknown: a range no gold item can match.
const UNKNOWN: Range<usize> = usize::MAX..usize::MAX;

/// What is compared: the mention, or the claim's cue (else content), its label, and a
/// claim's negation.
#[derive(Debug, Clone)]
struct Predicted {
    range: Range<usize>,
    label: String,
    negated: bool,
}

impl Predicted {
    fn key(&self) -> (Range<usize>, String) {
        (self.range.clone(), self.label.clone())
    }

    fn credited(also: &AlsoSuggested) -> Predicted {
        let range = match also.cue {
            Some(cue) => cue.start..cue.end,
            None => also.start..also.end,
        };
        Predicted {
            range,
            label: also.label.clone(),
            negated: also.negated,
        }
    }
}

trait Scored: Item {
    const LAYER: &'static str;
    fn predicted(&self) -> Predicted;
    fn extra(&self) -> &Map<String, Value>;
}

impl Scored for Mention {
    const LAYER: &'static str = "mention";
    fn predicted(&self) -> Predicted {
        Predicted {
            range: self.span.start..self.span.end,
            label: self.label.clone(),
            negated: false,
        }
    }
    fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }
}

impl Scored for Claim {
    const LAYER: &'static str = "claim";
    fn predicted(&self) -> Predicted {
        let span = self.cue.as_ref().unwrap_or(&self.content);
        Predicted {
            range: span.start..span.end,
            label: self.label.clone(),
            negated: self.negated,
        }
    }
    fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }
}

/// One layer of one sidecar: the extractor's decided predictions and the gold.
struct Layer {
    predicted: Vec<Predicted>,
    gold: Vec<Predicted>,
    undecided: usize,
    produced: bool,
}

fn layer<T: Scored>(
    sidecar: &Sidecar,
    items: &[T],
    reviewed: bool,
    origin: Option<&str>,
    problems: &mut Vec<String>,
    name: &str,
) -> Layer {
    let mut layer = Layer {
        predicted: Vec::new(),
        gold: Vec::new(),
        undecided: 0,
        produced: false,
    };
    for item in items.iter().filter(|i| !i.meta().orphaned) {
        let meta = item.meta();
        if meta.status.is_gold() {
            layer.gold.push(item.predicted());
        }
        let mut made = Vec::new();
        if by_extractor(&meta.origin, origin) && meta.status != Status::Manual {
            made.push(match as_suggested(sidecar, item) {
                Some(first) => first.predicted(),
                None if meta.status == Status::Edited => Predicted {
                    range: UNKNOWN,
                    ..item.predicted()
                },
                None => item.predicted(),
            });
        }
        // Credits are scored only when the extractor is named: without a name, every
        // item already counts once by its own origin.
        if let Some(name_wanted) = origin {
            match also_suggested::read(item.extra()) {
                Ok(list) => made.extend(
                    list.iter()
                        .filter(|also| also.extractor == name_wanted)
                        .map(Predicted::credited),
                ),
                Err(problem) => {
                    problems.push(format!("{name}: {} {}: {problem}", T::LAYER, meta.id))
                }
            }
        }
        layer.produced |= !made.is_empty();
        // In a layer a person finished reviewing, whatever they did not mark is not an
        // entity (or a claim), so a prediction nobody decided that matches no gold item
        // is wrong, not pending.
        match meta.status {
            Status::Suggested if !reviewed => layer.undecided += made.len(),
            _ => layer.predicted.extend(made),
        }
    }
    layer
}

pub fn evaluate(paths: &[String], origin: Option<&str>) -> Evaluation {
    let mut evaluation = Evaluation {
        origin: origin.map(String::from),
        ..Evaluation::default()
    };
    for file in sidecars::find(paths) {
        match sidecars::read(&file) {
            Ok(sidecar) => evaluation.add(&file, &sidecar),
            Err(problem) => evaluation.problems.push(problem),
        }
    }
    evaluation
}

/// Scores an outside extractor's file (read as `import` reads it, its records matched to
/// articles as `import` matches them) against the sidecars under `paths`, writing
/// nothing: the file is imported in memory only. The figures are therefore those of
/// `import` followed by `eval --origin`, including that items the origin already has in
/// the sidecars count as its predictions. A matched article with no sidecar yet is scored
/// too (its predictions can only be undecided); one whose sidecar lies outside `paths`
/// is reported and left out, as `eval` of those paths would leave it out. The articles
/// of `paths` are those records are matched to by text (`options.articles` is ignored).
pub fn evaluate_predictions(
    paths: &[String],
    file: &str,
    options: &ImportOptions,
) -> Result<Evaluation, ReadError> {
    let options = ImportOptions {
        articles: article_files(paths),
        ..options.clone()
    };
    let (staged, report) = stage(file, &options)?;
    let mut evaluation = Evaluation {
        origin: Some(options.origin.0.clone()),
        problems: report.problems,
        ..Evaluation::default()
    };
    let mut on_disk: BTreeMap<PathBuf, (PathBuf, Arc<Sidecar>)> = BTreeMap::new();
    let mut fresh = Vec::new();
    for Staged { store, .. } in staged {
        let path = store.path().to_path_buf();
        match std::fs::canonicalize(&path) {
            Ok(at) => {
                on_disk.insert(at, (path, store.sidecar));
            }
            Err(_) => fresh.push((path, store.sidecar)),
        }
    }
    for found in sidecars::find(paths) {
        let staged = std::fs::canonicalize(&found)
            .ok()
            .and_then(|at| on_disk.remove(&at));
        match staged {
            Some((_, sidecar)) => evaluation.add(&found, &sidecar),
            None => match sidecars::read(&found) {
                Ok(sidecar) => evaluation.add(&found, &sidecar),
                Err(problem) => evaluation.problems.push(problem),
            },
        }
    }
    for (path, sidecar) in fresh {
        evaluation.add(&path, &sidecar);
    }
    for (path, _) in on_disk.into_values() {
        evaluation.problems.push(format!(
            "{}: the predictions name this article, but its sidecar is not under the paths given; not scored",
            path.display()
        ));
    }
    Ok(evaluation)
}

/// The articles under `paths`, without the predictions file itself: kept among them, a
/// JSONL file of predictions is also a corpus whose records have the very texts of the
/// articles, and records would be matched to those copies instead of the articles.
fn article_files(paths: &[String]) -> Vec<String> {
    article_specs(paths)
        .into_iter()
        .filter(|spec| !spec.ends_with(sidecars::SUFFIX))
        .collect()
}

/// The article a sidecar belongs to, as a path from where the command runs.
fn article_name(file: &Path, sidecar: &Sidecar) -> String {
    let folder = file.parent().unwrap_or(Path::new(""));
    let mut path = PathBuf::new();
    for part in folder.join(&sidecar.article.path).components() {
        let after_a_name = matches!(path.components().next_back(), Some(Component::Normal(_)));
        if part == Component::ParentDir && after_a_name {
            path.pop();
        } else {
            path.push(part);
        }
    }
    path.to_string_lossy().into_owned()
}

impl Evaluation {
    fn add(&mut self, file: &Path, sidecar: &Sidecar) {
        self.sidecars += 1;
        let origin = self.origin.clone();
        let origin = origin.as_deref();
        let name = file.display().to_string();
        let reviewed =
            |layer| completeness::marked_for(&sidecar.reviewed, layer, &sidecar.article.sha256);
        let mentions = layer(
            sidecar,
            &sidecar.mentions,
            reviewed(completeness::Layer::Entities),
            origin,
            &mut self.problems,
            &name,
        );
        let claims = layer(
            sidecar,
            &sidecar.claims,
            reviewed(completeness::Layer::Claims),
            origin,
            &mut self.problems,
            &name,
        );
        let undecided = mentions.undecided + claims.undecided;
        if undecided > 0 {
            self.undecided
                .push((article_name(file, sidecar), undecided));
        }
        self.produced.entities |= mentions.produced;
        self.produced.claims |= claims.produced;
        let keys = |items: &[Predicted]| items.iter().map(Predicted::key).collect::<Vec<_>>();
        let (predicted, gold) = (keys(&mentions.predicted), keys(&mentions.gold));
        self.entities_exact.add(&predicted, &gold, false);
        self.entities_overlap.add(&predicted, &gold, true);
        let (predicted, gold) = (keys(&claims.predicted), keys(&claims.gold));
        for (p, g) in self.claims.add(&predicted, &gold, false) {
            self.negation_total += 1;
            if claims.predicted[p].negated == claims.gold[g].negated {
                self.negation_right += 1;
            }
        }
    }

    pub fn negation_accuracy(&self) -> Option<f64> {
        ratio(self.negation_right, self.negation_total)
    }

    pub fn undecided_total(&self) -> usize {
        self.undecided.iter().map(|(_, n)| n).sum()
    }

    fn who(&self) -> String {
        match &self.origin {
            Some(origin) => crate::terminal_safe(origin).into_owned(),
            None => "any extractor".to_string(),
        }
    }

    pub fn table(&self) -> String {
        let mut out = format!("{} sidecars, scoring {}\n\n", self.sidecars, self.who());
        let absent = |layer: &str| format!("{layer}: not produced by {}, not scored\n", self.who());
        if self.produced.entities {
            out.push_str(&self.entities_exact.table("entities (exact)"));
            out.push('\n');
            out.push_str(&self.entities_overlap.table("entities (overlap)"));
        } else {
            out.push_str(&absent("entities"));
        }
        out.push('\n');
        if self.produced.claims {
            out.push_str(&self.claims.table("claims (cue span, label)"));
            out.push_str(&format!(
                "\nnegation accuracy on matched claims: {}/{} = {}\n",
                self.negation_right,
                self.negation_total,
                shown(self.negation_accuracy())
            ));
        } else {
            out.push_str(&absent("claims"));
        }
        out.push_str(&format!(
            "\nundecided suggestions (not scored): {} in {} articles\n",
            self.undecided_total(),
            self.undecided.len()
        ));
        for (article, count) in &self.undecided {
            out.push_str(&format!(
                "  {count:>6}  {}\n",
                crate::terminal_safe(article)
            ));
        }
        out
    }

    pub fn json(&self) -> Value {
        let entities = self.produced.entities.then(|| {
            serde_json::json!({
                "exact": self.entities_exact.json(),
                "overlap": self.entities_overlap.json(),
            })
        });
        let claims = self.produced.claims.then(|| self.claims.json());
        let negation = self.produced.claims.then(|| {
            serde_json::json!({
                "right": self.negation_right,
                "total": self.negation_total,
                "accuracy": self.negation_accuracy(),
            })
        });
        let by_article: Vec<Value> = self
            .undecided
            .iter()
            .map(|(article, n)| serde_json::json!({"article": article, "suggestions": n}))
            .collect();
        serde_json::json!({
            "origin": self.origin,
            "sidecars": self.sidecars,
            "produced": {"entities": self.produced.entities, "claims": self.produced.claims},
            "entities": entities,
            "claims": claims,
            "negation": negation,
            "undecided": self.undecided_total(),
            "undecided_by_article": by_article,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::schema::{ArticleRef, SCHEMA};

    fn sidecar(path: &str) -> Sidecar {
        Sidecar {
            schema: SCHEMA.into(),
            article: ArticleRef {
                path: path.into(),
                sha256: String::new(),
                length: 0,
                title: None,
                extra: Map::new(),
            },
            annotators: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            claims: Vec::new(),
            notes: Vec::new(),
            history: Vec::new(),
            reviewed: Default::default(),
            extra: Map::new(),
        }
    }

    #[test]
    fn an_article_is_named_from_where_the_command_runs() {
        let file = Path::new("news/story.txt.copydesk.json");
        assert_eq!(article_name(file, &sidecar("story.txt")), "news/story.txt");
        let in_corpus = Path::new("news/wire.jsonl.copydesk/7.copydesk.json");
        let named = article_name(in_corpus, &sidecar("../wire.jsonl#7"));
        assert_eq!(named, "news/wire.jsonl#7");
        let at_root = Path::new("7.copydesk.json");
        assert_eq!(
            article_name(at_root, &sidecar("../wire.jsonl#7")),
            "../wire.jsonl#7"
        );
    }

    fn mention(start: usize, label: &str, status: Status, origin: Origin) -> Mention {
        Mention {
            meta: crate::annotate::schema::ItemMeta {
                id: format!("m-{start}"),
                status,
                origin,
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span: crate::annotate::schema::Span {
                start,
                end: start + 3,
                exact: String::new(),
                prefix: String::new(),
                suffix: String::new(),
                extra: Map::new(),
            },
            label: label.into(),
            confidence: None,
            extra: Map::new(),
        }
    }

    #[test]
    fn an_undecided_prediction_in_a_finished_layer_is_a_false_positive() {
        let ner = || Origin::Extractor {
            extractor: "ner".into(),
            version: "1".into(),
        };
        let mut sidecar = sidecar("story.txt");
        sidecar.mentions = vec![
            mention(0, "ORG", Status::Accepted, ner()),
            mention(10, "PERSON", Status::Suggested, ner()),
        ];
        let score = |sidecar: &Sidecar| {
            let mut evaluation = Evaluation::default();
            evaluation.add(Path::new("story.txt.copydesk.json"), sidecar);
            let overall = evaluation.entities_exact.overall();
            (overall.tp, overall.fp, evaluation.undecided_total())
        };
        assert_eq!(
            score(&sidecar),
            (1, 0, 1),
            "not reviewed: pending, not wrong"
        );
        sidecar.reviewed.entities = Some(completeness::new_mark(
            "ana",
            crate::annotate::schema::ReviewHow::Marked,
            &sidecar.article.sha256,
        ));
        assert_eq!(
            score(&sidecar),
            (1, 1, 0),
            "reviewed: the person left it out"
        );
    }
}
