//! `copydesk export`: articles and their sidecars out to a training-set format.
//!
//! Streams: articles are read, converted and written a chunk at a time, each chunk
//! spread over every core, so memory stays flat however large the corpus (a `.jsonl`
//! corpus is read a line at a time). Output order is input order.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use super::document::{Document, Selection};
use super::{Format, Losses, brat, conll, csv, docbin, doccano, hf, labelstudio, spacy, w3c};
use crate::annotate::Store;
use crate::annotate::sidecar_path;
use crate::article::load::{article_specs, corpus_line};
use crate::article::{Article, LoadOptions, load};
use crate::parallel::parallel_map;

/// Articles converted per round; bounds memory, keeps every core busy.
const CHUNK: usize = 256;

/// Article names kept per reason an article was left out, for the summary.
const EXAMPLES: usize = 3;

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub selection: Selection,
    pub load: LoadOptions,
    pub jobs: Option<usize>,
    /// Also write articles a person has not finished reviewing, their unreviewed text
    /// marked missing (only formats that can say so; see [`Format::says_missing`]).
    pub include_partial: bool,
    /// What doccano's offsets count; the other formats have one unit each.
    pub offsets: super::offsets::Unit,
}

/// Where the export goes: a stream (stdout or a file), or a folder for brat's pairs.
pub enum Sink<'a> {
    Stream(&'a mut dyn Write),
    Folder(PathBuf),
}

#[derive(Debug, Default)]
pub struct ExportReport {
    pub articles: usize,
    pub items: usize,
    pub without_sidecar: usize,
    /// Articles left out because an exported layer is not fully reviewed, by reason
    /// (`entities: 4 suggestions undecided`), with the first few article names.
    pub not_reviewed: BTreeMap<String, (usize, Vec<String>)>,
    pub not_reviewed_articles: usize,
    /// Articles written with `--include-partial` that are not fully reviewed.
    pub partial: usize,
    /// Items whose text is gone from the corrected article (left out).
    pub orphaned: usize,
    pub losses: Losses,
    /// Bad input, one line each: `PATH: what is wrong`.
    pub problems: Vec<String>,
}

/// One piece of input: a file (or `FILE#N`) to load whole, or one line of a JSONL corpus.
enum Unit {
    Spec(String),
    Line {
        path: String,
        number: usize,
        line: Result<String, String>,
    },
}

/// What converting one unit gave.
#[derive(Default)]
struct Converted {
    /// Bytes for the stream, one entry per article.
    records: Vec<Vec<u8>>,
    /// brat pairs: (stem, text, ann).
    pairs: Vec<(String, String, String)>,
    /// DocBin docs, which go out together at the end.
    docs: Vec<docbin::Doc>,
    /// Labels written, for brat's `annotation.conf`: mentions', claims'.
    labels: (BTreeSet<String>, BTreeSet<String>),
    items: usize,
    without_sidecar: usize,
    not_reviewed: Vec<(String, String)>,
    not_reviewed_articles: usize,
    partial: usize,
    orphaned: usize,
    losses: Losses,
    problems: Vec<String>,
}

pub fn export(paths: &[String], options: &ExportOptions, sink: Sink) -> io::Result<ExportReport> {
    if let Some(refusal) = refusal(options) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, refusal));
    }
    let mut report = ExportReport::default();
    let (mut stream, folder) = match sink {
        Sink::Stream(stream) => (Some(stream), None),
        Sink::Folder(folder) => {
            std::fs::create_dir_all(&folder)?;
            (None, Some(folder))
        }
    };
    let mut prelude = Vec::new();
    match options.format {
        Format::Csv => csv::header(&mut prelude).map_err(io::Error::other)?,
        Format::LabelStudio => labelstudio::begin(&mut prelude),
        _ => {}
    }
    if let Some(out) = stream.as_mut() {
        out.write_all(&prelude)?;
    }
    let mut bin = docbin::DocBin::default();
    let mut stems = HashSet::new();
    let mut labels = (BTreeSet::new(), BTreeSet::new());
    let mut units = Units::new(paths, options.load.max_size);
    loop {
        let chunk: Vec<Unit> = units.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        for converted in parallel_map(&chunk, options.jobs, |unit| convert(unit, options)) {
            report.items += converted.items;
            report.without_sidecar += converted.without_sidecar;
            report.partial += converted.partial;
            report.not_reviewed_articles += converted.not_reviewed_articles;
            for (reason, article) in converted.not_reviewed {
                let (count, examples) = report.not_reviewed.entry(reason).or_default();
                *count += 1;
                if examples.len() < EXAMPLES {
                    examples.push(article);
                }
            }
            report.orphaned += converted.orphaned;
            report.losses.absorb(converted.losses);
            report.problems.extend(converted.problems);
            labels.0.extend(converted.labels.0);
            labels.1.extend(converted.labels.1);
            for record in converted.records {
                if let Some(out) = stream.as_mut() {
                    if options.format == Format::LabelStudio && report.articles > 0 {
                        out.write_all(labelstudio::separator())?;
                    }
                    out.write_all(&record)?;
                }
                report.articles += 1;
            }
            for doc in converted.docs {
                bin.add(doc);
                report.articles += 1;
            }
            for (stem, text, ann) in converted.pairs {
                if let Some(folder) = &folder {
                    let stem = unique(&mut stems, stem);
                    write_pair(folder, &stem, &text, &ann)?;
                }
                report.articles += 1;
            }
        }
        report.problems.append(&mut units.problems);
    }
    if let Some(folder) = &folder {
        let conf = brat::conf(&labels.0, &labels.1);
        crate::annotate::atomic::write_atomically_with(
            &folder.join("annotation.conf"),
            conf.as_bytes(),
            |f, b| f.write_all(b),
        )?;
    }
    if let Some(out) = stream.as_mut() {
        if options.format == Format::LabelStudio {
            let mut end = Vec::new();
            labelstudio::end(&mut end, report.articles == 0);
            out.write_all(&end)?;
        }
        if options.format == Format::Docbin {
            out.write_all(&bin.to_bytes()?)?;
        }
        out.flush()?;
    }
    Ok(report)
}

/// Why the format cannot carry what was asked without turning it into false training
/// data, if it cannot.
pub fn refusal(options: &ExportOptions) -> Option<String> {
    let name = options.format.name();
    if options.include_partial && !options.format.says_missing() {
        return Some(format!(
            "{name} cannot mark unreviewed text as missing, so --include-partial would train \
             it as negative; use spacy, labelstudio, w3c, docbin or hf"
        ));
    }
    let not_gold = options
        .selection
        .statuses
        .iter()
        .find(|status| !status.is_gold());
    if let Some(status) = not_gold
        && !options.format.says_status()
    {
        let status = serde_json::to_value(status).unwrap_or_default();
        let status = status.as_str().unwrap_or("that status");
        return Some(format!(
            "{name} cannot say an item is {status}: it would be read as gold; \
             use spacy/prodigy (reject records), csv or w3c"
        ));
    }
    if options.selection.layers.is_empty() {
        return Some("--layers names no layer".to_string());
    }
    None
}

fn unique(stems: &mut HashSet<String>, stem: String) -> String {
    let mut candidate = stem.clone();
    let mut n = 1;
    while !stems.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{stem}_{n}");
    }
    candidate
}

fn write_pair(folder: &Path, stem: &str, text: &str, ann: &str) -> io::Result<()> {
    let write = |name: String, bytes: &[u8]| {
        crate::annotate::atomic::write_atomically_with(&folder.join(name), bytes, |f, b| {
            f.write_all(b)
        })
    };
    write(format!("{stem}.txt"), text.as_bytes())?;
    write(format!("{stem}.ann"), ann.as_bytes())
}

/// The units of `paths`, lazily: folders expand to their files, `.jsonl` corpora to
/// their lines.
struct Units {
    specs: std::vec::IntoIter<String>,
    lines: Option<(String, io::BufReader<std::fs::File>, usize)>,
    max_size: u64,
    problems: Vec<String>,
}

impl Units {
    fn new(paths: &[String], max_size: u64) -> Units {
        Units {
            specs: article_specs(paths).into_iter(),
            lines: None,
            max_size,
            problems: Vec::new(),
        }
    }
}

fn streams_by_line(spec: &str) -> bool {
    let path = Path::new(spec);
    path.is_file()
        && matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("jsonl" | "ndjson")
        )
}

impl Iterator for Units {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some((path, reader, number)) = self.lines.as_mut() {
                let mut bytes = Vec::new();
                match reader.read_until(b'\n', &mut bytes) {
                    Ok(0) => self.lines = None,
                    Ok(_) => {
                        *number += 1;
                        let line = if bytes.len() as u64 > self.max_size {
                            Err(format!("line {number} is over the size limit (--max-size)"))
                        } else {
                            crate::article::decode::decode(&bytes)
                                .map(|decoded| decoded.text)
                                .map_err(|e| format!("line {number}: {e}"))
                        };
                        return Some(Unit::Line {
                            path: path.clone(),
                            number: *number,
                            line,
                        });
                    }
                    Err(error) => {
                        self.problems
                            .push(format!("{path}: cannot be read: {error}"));
                        self.lines = None;
                    }
                }
                continue;
            }
            let spec = self.specs.next()?;
            if !streams_by_line(&spec) {
                return Some(Unit::Spec(spec));
            }
            match std::fs::File::open(&spec) {
                Ok(file) => self.lines = Some((spec, io::BufReader::new(file), 0)),
                Err(error) => self
                    .problems
                    .push(format!("{spec}: cannot be read: {error}")),
            }
        }
    }
}

fn convert(unit: &Unit, options: &ExportOptions) -> Converted {
    let mut converted = Converted::default();
    let articles: Vec<Article> = match unit {
        Unit::Spec(spec) => match load(spec, options.load) {
            Ok(loaded) => {
                converted
                    .problems
                    .extend(loaded.problems.iter().map(ToString::to_string));
                loaded.articles
            }
            Err(error) => {
                converted.problems.push(error.to_string());
                Vec::new()
            }
        },
        Unit::Line { path, number, line } => match line {
            Err(problem) => {
                converted.problems.push(format!("{path}: {problem}"));
                Vec::new()
            }
            Ok(line) => match corpus_line(path, *number, line) {
                None => Vec::new(),
                Some(Ok(article)) => vec![article],
                Some(Err(error)) => {
                    converted.problems.push(error.to_string());
                    Vec::new()
                }
            },
        },
    };
    for article in articles {
        if !sidecar_path(&article.source).exists() {
            converted.without_sidecar += 1;
            continue;
        }
        let store = Store::open(&article);
        if let Some(reason) = store.read_only_reason() {
            let path = store.path().display();
            converted.problems.push(format!("{path}: {reason}"));
            continue;
        }
        converted.orphaned += store.orphans().len();
        let sidecar = std::sync::Arc::unwrap_or_clone(store.sidecar);
        let doc = Document::new(article, sidecar, &options.selection);
        if !doc.fully_reviewed() {
            if !options.include_partial {
                converted.not_reviewed_articles += 1;
                for (layer, why) in &doc.incomplete {
                    let reason = format!("{}: {why}", layer.name());
                    converted
                        .not_reviewed
                        .push((reason, doc.article.source.clone()));
                }
                continue;
            }
            converted.partial += 1;
        }
        converted.items += doc.mentions.len() + doc.claims.len() + doc.notes.len();
        let mut bytes = Vec::new();
        let losses = &mut converted.losses;
        let written = match options.format {
            Format::Spacy => spacy::write(&doc, losses, &mut bytes).map_err(io::Error::other),
            Format::Doccano => {
                doccano::write(&doc, options.offsets, losses, &mut bytes).map_err(io::Error::other)
            }
            Format::LabelStudio => {
                labelstudio::write(&doc, losses, &mut bytes).map_err(io::Error::other)
            }
            Format::W3c => w3c::write(&doc, losses, &mut bytes).map_err(io::Error::other),
            Format::Csv => csv::write(&doc, losses, &mut bytes).map_err(io::Error::other),
            Format::Conll => {
                conll::write(&doc, losses, &mut bytes);
                Ok(())
            }
            Format::Hf(scheme) => {
                let labels = options.selection.labels.as_deref().unwrap_or_default();
                let (reviewed, rejected) = (docbin::Reviewed::of(&doc), docbin::rejected(&doc));
                hf::write(
                    &doc,
                    labels,
                    scheme,
                    reviewed.entities,
                    &rejected,
                    losses,
                    &mut bytes,
                )
                .map_err(io::Error::other)
            }
            Format::Docbin => {
                let (reviewed, rejected) = (docbin::Reviewed::of(&doc), docbin::rejected(&doc));
                converted
                    .docs
                    .extend(docbin::doc(&doc, reviewed, &rejected, losses));
                continue;
            }
            Format::Brat => {
                let (mention_labels, claim_labels) = &mut converted.labels;
                mention_labels.extend(doc.mentions.iter().map(|m| m.label.clone()));
                claim_labels.extend(doc.claims.iter().map(|c| c.label.clone()));
                let ann = brat::write(&doc, losses);
                let stem = brat::file_stem(&doc.article.source);
                converted.pairs.push((stem, doc.article.text, ann));
                continue;
            }
        };
        match written {
            Ok(()) => converted.records.push(bytes),
            Err(error) => converted.problems.push(format!(
                "{}: cannot be written: {error}",
                doc.article.source
            )),
        }
    }
    converted
}
