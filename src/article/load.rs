//! Reading a path given by the user into articles: size and sanity checks, decoding,
//! recognising the format by content (the extension only breaks ties), and dispatch
//! to the reader for that format.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::decode::decode;
use super::model::{Article, SourceFormat};
use super::normalize::normalize;
use super::{html, json_record, markdown, provenance, text_dump};

pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// `false` takes a text or Markdown file as it is: its decoded text, character for
    /// character, is the article's, so offsets a user has into the file stay right.
    pub clean: bool,
    pub max_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            clean: true,
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

/// A problem with one input, phrased for the person who gave it: `PATH: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub problem: String,
}

impl LoadError {
    fn new(path: impl Into<String>, problem: impl Into<String>) -> Self {
        LoadError {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

impl std::error::Error for LoadError {}

/// What one path yielded. A corpus can give articles and problems at once: a bad line
/// never stops the good ones from loading.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub problems: Vec<LoadError>,
    /// Non-fatal notes about the whole file (an encoding guess).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    TextDump,
    Html,
    Json,
    Jsonl,
    Markdown,
}

/// Which articles of a corpus the user asked for: all, or those whose line number or
/// `id` is the part after `#` (`corpus.jsonl#3`, `corpus.jsonl#a17`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    All,
    Part(String),
}

/// Loads every article named by `spec`: a file, or `FILE#N` / `FILE#ID` inside a corpus.
pub fn load(spec: &str, options: LoadOptions) -> Result<Loaded, LoadError> {
    let (path, selector) = split_selector(spec);
    let (text, warning) = read_text(path, options.max_size)?;
    let format = detect_format(path, &text);
    let mut loaded = match format {
        InputFormat::Json | InputFormat::Jsonl => load_corpus(path, &text, format, &selector)?,
        _ => {
            if selector != Selector::All {
                return Err(LoadError::new(
                    spec,
                    "only JSON and JSONL corpora hold more than one article; drop the #part",
                ));
            }
            let mut article = read_single(path, &text, format, options);
            attach_provenance(&mut article, Path::new(path));
            Loaded {
                articles: vec![article],
                ..Loaded::default()
            }
        }
    };
    if let Some(warning) = warning {
        loaded.warnings.push(warning.clone());
        for article in &mut loaded.articles {
            article.warnings.insert(0, warning.clone());
        }
    }
    Ok(loaded)
}

/// Fills the article's URL, fetch time, feed and raw-bytes hash from the fetch record
/// beside it, when copydesk fetched it; a damaged record is a warning on the article.
fn attach_provenance(article: &mut Article, path: &Path) {
    match provenance::read_for(path) {
        Ok(Some(record)) => {
            let metadata = &mut article.metadata;
            metadata.url = Some(record.url);
            metadata.fetched = Some(record.fetched);
            metadata.raw_sha256 = Some(record.raw_sha256);
            metadata.feed = record.feed;
        }
        Ok(None) => {}
        Err(problem) => article.warnings.push(problem),
    }
}

/// Files to open for each path: a folder gives its article files in name order
/// (hidden files and sidecars left out).
pub fn article_specs(paths: &[String]) -> Vec<String> {
    let mut specs = Vec::new();
    for path in paths {
        let Ok(entries) = std::fs::read_dir(path) else {
            specs.push(path.clone());
            continue;
        };
        let mut files: Vec<std::path::PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                !name.starts_with('.')
                    && !name.ends_with(".copydesk.json")
                    && !name.ends_with(provenance::SUFFIX)
            })
            .collect();
        files.sort();
        specs.extend(files.iter().map(|p| p.to_string_lossy().into_owned()));
    }
    specs
}

fn split_selector(spec: &str) -> (&str, Selector) {
    if Path::new(spec).exists() {
        return (spec, Selector::All);
    }
    match spec.rsplit_once('#') {
        Some((path, part)) if !part.is_empty() => (path, Selector::Part(part.to_string())),
        _ => (spec, Selector::All),
    }
}

fn read_text(path: &str, max_size: u64) -> Result<(String, Option<String>), LoadError> {
    let metadata = std::fs::metadata(path).map_err(|e| LoadError::new(path, io_problem(&e)))?;
    if metadata.is_dir() {
        return Err(LoadError::new(path, "is a directory; give an article file"));
    }
    if metadata.len() > max_size {
        return Err(LoadError::new(
            path,
            format!(
                "is {}, over the {} limit; raise it with --max-size BYTES if this really is one article",
                size_in_words(metadata.len()),
                size_in_words(max_size)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::new(path, io_problem(&e)))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::new(path, "is empty"));
    }
    let decoded = decode(&bytes).map_err(|e| LoadError::new(path, e.to_string()))?;
    Ok((decoded.text, decoded.warning))
}

fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot be read: {error}"),
    }
}

/// The format of a file, by its content first and its extension second.
pub fn detect_format(path: &str, text: &str) -> InputFormat {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        let is_single_document = serde_json::from_str::<Value>(text).is_ok();
        return match extension.as_str() {
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "json" => InputFormat::Json,
            _ if is_single_document => InputFormat::Json,
            _ => InputFormat::Jsonl,
        };
    }
    let head: String = start
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_markup = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.contains("<head")
        || head.contains("<body");
    if has_markup || matches!(extension.as_str(), "html" | "htm" | "xhtml") {
        return InputFormat::Html;
    }
    if matches!(extension.as_str(), "md" | "markdown") || markdown::looks_like_markdown(start) {
        return InputFormat::Markdown;
    }
    InputFormat::TextDump
}

/// Public so the fuzz targets clean decoded bytes through the same dispatch `load` uses,
/// without a file on disk.
pub fn read_single(path: &str, text: &str, format: InputFormat, options: LoadOptions) -> Article {
    match format {
        InputFormat::Html => html::extract(text).into_article(path.to_string(), SourceFormat::Html),
        InputFormat::Markdown if options.clean => {
            markdown::read(&normalize(text)).into_article(path.to_string(), SourceFormat::Markdown)
        }
        InputFormat::TextDump if options.clean => text_dump::clean(&normalize(text))
            .into_article(path.to_string(), SourceFormat::TextDump),
        _ => Article::from_clean_text(path.to_string(), SourceFormat::PlainText, text.to_string()),
    }
}

fn load_corpus(
    path: &str,
    text: &str,
    format: InputFormat,
    selector: &Selector,
) -> Result<Loaded, LoadError> {
    let records: Vec<(usize, Result<Value, String>)> = match format {
        InputFormat::Json => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items
                .into_iter()
                .map(Ok)
                .enumerate()
                .map(|(i, v)| (i + 1, v))
                .collect(),
            Ok(value) => vec![(1, Ok(value))],
            Err(e) => {
                return Err(LoadError::new(
                    path,
                    format!(
                        "is not valid JSON at line {} column {}: {e}",
                        e.line(),
                        e.column()
                    ),
                ));
            }
        },
        _ => text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                let parsed = serde_json::from_str::<Value>(line).map_err(|e| {
                    format!(
                        "line {} is not valid JSON (column {}): {e}",
                        i + 1,
                        e.column()
                    )
                });
                (i + 1, parsed)
            })
            .collect(),
    };
    let mut loaded = Loaded::default();
    for (number, record) in records {
        let record = match record {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                if selects(selector, number, None) {
                    let problem = format!("record {number} is not a JSON object");
                    loaded.problems.push(LoadError::new(path, problem));
                }
                continue;
            }
            Err(problem) => {
                if selects(selector, number, None) {
                    loaded.problems.push(LoadError::new(path, problem));
                }
                continue;
            }
        };
        let id = json_record::record_id(&record);
        if !selects(selector, number, id.as_deref()) {
            continue;
        }
        // The record's own id is stable when the corpus is edited; its line number is not.
        let key = id.unwrap_or_else(|| number.to_string());
        let source = format!("{path}#{key}");
        match json_record::read_record(&record) {
            Ok(cleaned) => loaded
                .articles
                .push(cleaned.into_article(source, SourceFormat::Json)),
            Err(problem) => loaded.problems.push(LoadError::new(source, problem)),
        }
    }
    if loaded.articles.is_empty() && loaded.problems.is_empty() {
        let problem = match selector {
            Selector::All => "holds no articles".to_string(),
            Selector::Part(part) => format!("has no article at line {part} or with id {part:?}"),
        };
        return Err(LoadError::new(path, problem));
    }
    Ok(loaded)
}

fn selects(selector: &Selector, number: usize, id: Option<&str>) -> bool {
    match selector {
        Selector::All => true,
        Selector::Part(part) => id == Some(part.as_str()) || part.parse() == Ok(number),
    }
}

/// One line of a JSONL corpus as an article, with the source `load` would give it
/// (`PATH#ID`, or `PATH#LINE` when the record has no id), so a corpus can be streamed a
/// line at a time. `None` for a blank line.
pub fn corpus_line(path: &str, number: usize, line: &str) -> Option<Result<Article, LoadError>> {
    if line.trim().is_empty() {
        return None;
    }
    let record = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(record)) => record,
        Ok(_) => {
            let problem = format!("record {number} is not a JSON object");
            return Some(Err(LoadError::new(path, problem)));
        }
        Err(e) => {
            let problem = format!(
                "line {number} is not valid JSON (column {}): {e}",
                e.column()
            );
            return Some(Err(LoadError::new(path, problem)));
        }
    };
    let key = json_record::record_id(&record).unwrap_or_else(|| number.to_string());
    let source = format!("{path}#{key}");
    Some(match json_record::read_record(&record) {
        Ok(cleaned) => Ok(cleaned.into_article(source, SourceFormat::Json)),
        Err(problem) => Err(LoadError::new(source, problem)),
    })
}

/// A size as a person reads it: whole MiB rounded up had called a 3 KB file "1 MiB"
/// and a 1K limit "0 MiB".
fn size_in_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        0..KIB => format!("{bytes} bytes"),
        KIB..0x10_0000 => format!("{:.1} KiB", bytes as f64 / KIB as f64),
        _ => format!("{:.1} MiB", bytes as f64 / (KIB * KIB) as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::size_in_words;

    #[test]
    fn sizes_in_a_limit_message_are_never_rounded_to_zero() {
        assert_eq!(size_in_words(1024), "1.0 KiB");
        assert_eq!(size_in_words(4056), "4.0 KiB");
        assert_eq!(size_in_words(900), "900 bytes");
        assert_eq!(size_in_words(64 * 1024 * 1024), "64.0 MiB");
    }
}
