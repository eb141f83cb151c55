//! `copydesk import`: another tool's annotations become `suggested` items in the
//! sidecars, with their origin named, to be reviewed like copydesk's own suggestions.
//!
//! An item is placed only where its text is the article's text: each reader has already
//! converted its format's offsets to code points and refused spans counted in another
//! unit ([`super::offsets`]); a record whose text differs from the article has each item
//! checked at its offsets, and one that does not match is reported, never shifted.
//!
//! A Label Studio annotation by a person comes in under the origin `NAME:ANNOTATOR`
//! (`labelstudio:7` for user 7 by default), so each annotator's work stays apart and
//! `eval --origin` can score one of them. Nothing a person decided is changed; an item
//! that is already there (same span and label) is not added again, but the importing
//! origin is credited with it (see `annotate::also_suggested`), so importing twice adds
//! nothing and `eval --origin` still counts it among that origin's predictions.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Map;

use super::document::Source;
use super::foreign::{ForeignRecord, ForeignSpan, ReadError};
use super::offsets::Unit;
use super::write_roots::WriteRoots;
use super::{brat, detect, doccano, labelstudio, spacy};
use crate::annotate::Store;
use crate::annotate::also_suggested::{AlsoSuggested, Bounds};
use crate::annotate::anchor::make_span;
use crate::annotate::review::Decisions;
use crate::annotate::schema::{
    Claim, ClaimSource, ItemKind, ItemMeta, Mention, Note, Origin, Span, Status,
};
use crate::annotate::session::{Edit, Foreign, Session};
use crate::annotate::store::sidecar_path;
use crate::article::load::article_specs;
use crate::article::model::sha256_hex;
use crate::article::text_index::TextIndex;
use crate::article::{Article, LoadOptions, load};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Spacy,
    Doccano,
    Brat,
    LabelStudio,
    Detect,
}

impl ImportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Spacy => "spacy",
            ImportFormat::Doccano => "doccano",
            ImportFormat::Brat => "brat",
            ImportFormat::LabelStudio => "labelstudio",
            ImportFormat::Detect => "copydesk-detect",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// Who made the annotations: the extractor name and version recorded as their origin.
    pub origin: (String, String),
    /// Articles to match records against by text, for files that do not name theirs.
    pub articles: Vec<String>,
    pub load: LoadOptions,
    /// What doccano's offsets count; the other formats have one unit each.
    pub offsets: Unit,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub records: usize,
    pub added: usize,
    pub already_there: usize,
    /// Of those, items made by someone else that the origin is now credited with too.
    pub credited: usize,
    pub sidecars_saved: usize,
    /// Items, records or files that could not be imported, one line each.
    pub problems: Vec<String>,
}

/// Reads the records of an import file (a brat `.ann`, or a folder of brat pairs).
pub fn read(path: &str, format: ImportFormat, unit: Unit) -> Result<Vec<ForeignRecord>, ReadError> {
    if format == ImportFormat::Brat {
        return read_brat(path);
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| ReadError(format!("cannot be read: {e}")))?;
    Ok(match format {
        ImportFormat::Spacy => spacy::read(&text),
        ImportFormat::Doccano => doccano::read(&text, unit),
        ImportFormat::LabelStudio => labelstudio::read(&text)?,
        ImportFormat::Detect | ImportFormat::Brat => detect::read(&text),
    })
}

fn read_brat(path: &str) -> Result<Vec<ForeignRecord>, ReadError> {
    let path = Path::new(path);
    let mut anns: Vec<std::path::PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)
            .map_err(|e| ReadError(format!("cannot be read: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ann"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    anns.sort();
    let mut records = Vec::new();
    for (i, ann_path) in anns.iter().enumerate() {
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| ReadError(format!("{}: cannot be read: {e}", p.display())))
        };
        let ann = read(ann_path)?;
        let text = read(&ann_path.with_extension("txt"))?;
        records.push(brat::read(&ann, text, i + 1));
    }
    Ok(records)
}

pub fn import(file: &str, options: &ImportOptions) -> Result<ImportReport, ReadError> {
    let (staged, mut report) = stage(file, options)?;
    for Staged { mut store, changed } in staged {
        if changed {
            match store.save() {
                Ok(_) => report.sidecars_saved += 1,
                Err(error) => report
                    .problems
                    .push(format!("{}: {error}", store.path().display())),
            }
        }
    }
    Ok(report)
}

/// A sidecar with an import applied in memory, not yet saved.
pub struct Staged {
    pub store: Store,
    /// Whether the import added or credited anything in it.
    pub changed: bool,
}

/// Everything `import` does except saving: `eval --predictions` scores a file through
/// this, so its figures are those an import followed by `eval --origin` would give.
pub fn stage(
    file: &str,
    options: &ImportOptions,
) -> Result<(Vec<Staged>, ImportReport), ReadError> {
    let records = read(file, options.format, options.offsets)?;
    let mut report = ImportReport::default();
    let mut articles = Articles {
        by_id: HashMap::new(),
        files: HashMap::new(),
        options: options.load,
    };
    // An import file kept beside the articles is not one of them: read as a corpus, its
    // records would be articles with the very texts the records are matched by.
    let itself = std::fs::canonicalize(file).ok();
    for spec in article_specs(&options.articles) {
        if itself.is_some() && std::fs::canonicalize(&spec).ok() == itself {
            continue;
        }
        match load(&spec, options.load) {
            Ok(loaded) => articles
                .by_id
                .extend(loaded.articles.into_iter().map(|a| (a.id.clone(), a))),
            Err(error) => report.problems.push(error.to_string()),
        }
    }
    let folder = Path::new(file).parent().unwrap_or(Path::new(""));
    let roots = WriteRoots::new(&options.articles);
    // Records of one article are gathered, so its sidecar is opened and saved once.
    let mut by_article: Vec<(Article, Vec<ForeignRecord>)> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for record in records {
        report.records += 1;
        let Some(article) = articles.find(&record, folder) else {
            let at = place_of(file, &record, None);
            for problem in &record.problems {
                report.problems.push(format!("{at}: {problem}"));
            }
            report.problems.push(format!(
                "{at}: no article matches it (name the articles with --to)"
            ));
            continue;
        };
        let at = place_of(file, &record, Some(&article));
        for problem in &record.problems {
            report.problems.push(format!("{at}: {problem}"));
        }
        let sidecar = sidecar_path(&article.source);
        if !roots.allows(&article.source, &sidecar) {
            report.problems.push(format!(
                "{at}: not imported: it would write {}, outside {}",
                sidecar.display(),
                WriteRoots::describe(&options.articles)
            ));
            continue;
        }
        let key = article.source.clone();
        match position.get(&key) {
            Some(&i) => by_article[i].1.push(record),
            None => {
                position.insert(key, by_article.len());
                by_article.push((article, vec![record]));
            }
        }
    }
    let mut staged = Vec::new();
    for (article, records) in by_article {
        let mut store = Store::open(&article);
        if let Some(reason) = store.read_only_reason() {
            let path = store.path().display();
            report
                .problems
                .push(format!("{path}: {reason}; nothing imported into it"));
            continue;
        }
        let before = report.added + report.credited;
        for record in records {
            let at = place_of(file, &record, Some(&article));
            add_record(&mut store, &article, &record, &at, options, &mut report);
        }
        let changed = report.added + report.credited > before;
        staged.push(Staged { store, changed });
    }
    Ok((staged, report))
}

/// Where a record is, for reports: the file, the record, whose annotation it is, and
/// the article it was matched to.
fn place_of(file: &str, record: &ForeignRecord, article: Option<&Article>) -> String {
    let mut at = format!("{file} record {}", record.number);
    if let Some(annotator) = &record.annotator {
        at.push_str(&format!(" (annotator {annotator})"));
    }
    if let Some(article) = article {
        at.push_str(&format!(" for {}", article.source));
    }
    at
}

/// The articles records can belong to: those given with `--to` (by text hash) and the
/// files records name, each file read once however many records point into it.
struct Articles {
    by_id: HashMap<String, Article>,
    files: HashMap<String, Vec<Article>>,
    options: LoadOptions,
}

impl Articles {
    /// The article a record belongs to: one of `--to` with the record's article id or
    /// text, else the one its `source` names (as given, or relative to the import file).
    fn find(&mut self, record: &ForeignRecord, folder: &Path) -> Option<Article> {
        let id = record.article_id.clone().or_else(|| {
            let whole = record.text.as_ref().filter(|_| record.text_offset == 0);
            whole.map(sha256_hex)
        });
        if let Some(found) = id.and_then(|id| self.by_id.get(&id)) {
            return Some(found.clone());
        }
        let source = record.source.as_ref()?;
        let relative = folder.join(source).to_string_lossy().into_owned();
        [source.clone(), relative]
            .into_iter()
            .find_map(|spec| self.named(&spec))
    }

    fn named(&mut self, spec: &str) -> Option<Article> {
        let file = match spec.rsplit_once('#') {
            Some((file, _)) if !Path::new(spec).exists() => file,
            _ => spec,
        };
        if !self.files.contains_key(file) {
            let loaded = load(file, self.options)
                .map(|l| l.articles)
                .unwrap_or_default();
            self.files.insert(file.to_string(), loaded);
        }
        let articles = self.files.get(file)?;
        match articles.iter().find(|a| a.source == spec) {
            Some(article) => Some(article.clone()),
            None if file == spec && articles.len() == 1 => articles.first().cloned(),
            None => None,
        }
    }
}

fn add_record(
    store: &mut Store,
    article: &Article,
    record: &ForeignRecord,
    at: &str,
    options: &ImportOptions,
    report: &mut ImportReport,
) {
    let index = TextIndex::new(&article.text);
    let theirs = record.text.as_deref().map(TextIndex::new);
    let (mut extractor, version) = options.origin.clone();
    if let Some(annotator) = &record.annotator {
        extractor = format!("{extractor}:{annotator}");
    }
    let origin = Origin::Extractor {
        extractor: extractor.clone(),
        version,
    };
    // Every item comes in through the session, as the reader's edits do.
    let mut decisions = Decisions::default();
    let mut session = match Session::open(store, &mut decisions, &index, &[], &extractor) {
        Ok(session) => session,
        Err(error) => {
            report.problems.push(format!("{at}: {error}"));
            return;
        }
    };
    let place = |start: usize, end: usize, what: &str| -> Result<Span, String> {
        let ours = index.slice(start..end);
        let shift = record.text_offset;
        let expected = match &theirs {
            Some(theirs) if start >= shift => theirs.slice(start - shift..end - shift),
            Some(_) => None,
            None => ours,
        };
        let shown = |text: Option<&str>| {
            crate::terminal_safe(text.unwrap_or("(outside the text)")).into_owned()
        };
        match (ours, expected) {
            (Some(ours), Some(expected)) if ours == expected => {}
            _ => {
                return Err(format!(
                    "{at}: {what} {start}..{end} {:?} does not match the article there ({:?}); not imported",
                    shown(expected),
                    shown(ours)
                ));
            }
        }
        match make_span(&index, start..end) {
            Some(span) if span.start == start && span.end == end => Ok(span),
            _ => Err(format!(
                "{at}: {what} {start}..{end} splits a character; not imported"
            )),
        }
    };
    let meta = || ItemMeta {
        id: String::new(),
        status: Status::Suggested,
        origin: origin.clone(),
        created: String::new(),
        updated: String::new(),
        orphaned: false,
    };
    for ForeignSpan { start, end, label } in &record.mentions {
        let span = match place(*start, *end, label) {
            Ok(span) => span,
            Err(problem) => {
                report.problems.push(problem);
                continue;
            }
        };
        let exists = session
            .sidecar()
            .mentions
            .iter()
            .find(|m| m.span.start == span.start && m.span.end == span.end && &m.label == label)
            .map(|m| m.meta.id.clone());
        if let Some(id) = exists {
            report.already_there += 1;
            let also = predicted(&options.origin, span.start..span.end, label, None, false);
            let credit = Edit::AlsoSuggested {
                kind: ItemKind::Mention,
                id,
                also,
            };
            report.credited += usize::from(session.apply(credit).is_ok());
            continue;
        }
        let mention = Mention {
            meta: meta(),
            span,
            label: label.clone(),
            confidence: None,
            extra: Map::new(),
        };
        match session.apply(Edit::Suggest(Foreign::Mention(Box::new(mention)))) {
            Ok(_) => report.added += 1,
            Err(error) => report.problems.push(format!("{at}: {error}")),
        }
    }
    for claim in &record.claims {
        let what = format!("claim {}", claim.content.label);
        let content = place(claim.content.start, claim.content.end, &what);
        let cue = claim
            .cue
            .map(|(start, end)| place(start, end, &format!("cue of {what}")));
        // A source span is checked like the content; it names a mention when one is
        // there, else it stays a span of its own, so a round trip keeps it a span.
        let source = match &claim.source {
            Some(Source::Span { start, end }) => Some(
                place(*start, *end, &format!("source of {what}")).map(|span| {
                    let mention = session
                        .sidecar()
                        .mentions
                        .iter()
                        .find(|m| m.span.start == span.start && m.span.end == span.end);
                    match mention {
                        Some(mention) => ClaimSource::Mention(mention.meta.id.clone()),
                        None => ClaimSource::Span(span),
                    }
                }),
            ),
            Some(Source::Text(text)) => Some(Ok(ClaimSource::Text(text.clone()))),
            None => None,
        };
        let (content, cue, source) = match (content, cue.transpose(), source.transpose()) {
            (Ok(content), Ok(cue), Ok(source)) => (content, cue, source),
            (Err(problem), _, _) | (_, Err(problem), _) | (_, _, Err(problem)) => {
                report.problems.push(problem);
                continue;
            }
        };
        let label = &claim.content.label;
        let exists = session
            .sidecar()
            .claims
            .iter()
            .find(|c| {
                c.content.start == content.start
                    && c.content.end == content.end
                    && &c.label == label
            })
            .map(|c| c.meta.id.clone());
        if let Some(id) = exists {
            report.already_there += 1;
            let cue = cue.as_ref().map(|cue| cue.start..cue.end);
            let range = content.start..content.end;
            let also = predicted(&options.origin, range, label, cue, claim.negated);
            let credit = Edit::AlsoSuggested {
                kind: ItemKind::Claim,
                id,
                also,
            };
            report.credited += usize::from(session.apply(credit).is_ok());
            continue;
        }
        let claim = Claim {
            meta: meta(),
            content,
            cue,
            label: label.clone(),
            negated: claim.negated,
            source,
            note: claim.note.clone(),
            extra: Map::new(),
        };
        match session.apply(Edit::Suggest(Foreign::Claim(Box::new(claim)))) {
            Ok(_) => report.added += 1,
            Err(error) => report.problems.push(format!("{at}: {error}")),
        }
    }
    for (start, end, text) in &record.notes {
        let span = match place(*start, *end, "note") {
            Ok(span) => span,
            Err(problem) => {
                report.problems.push(problem);
                continue;
            }
        };
        let exists = session
            .sidecar()
            .notes
            .iter()
            .any(|n| n.span.start == span.start && n.span.end == span.end && &n.text == text);
        if exists {
            report.already_there += 1;
            continue;
        }
        let note = Note {
            meta: meta(),
            span,
            text: text.clone(),
            extra: Map::new(),
        };
        match session.apply(Edit::Suggest(Foreign::Note(Box::new(note)))) {
            Ok(_) => report.added += 1,
            Err(error) => report.problems.push(format!("{at}: {error}")),
        }
    }
}

/// What the importing origin predicted, to credit it with an item already there.
fn predicted(
    (extractor, version): &(String, String),
    range: std::ops::Range<usize>,
    label: &str,
    cue: Option<std::ops::Range<usize>>,
    negated: bool,
) -> AlsoSuggested {
    AlsoSuggested {
        extractor: extractor.clone(),
        version: version.clone(),
        start: range.start,
        end: range.end,
        label: label.to_string(),
        cue: cue.map(|cue| Bounds {
            start: cue.start,
            end: cue.end,
        }),
        negated,
    }
}
