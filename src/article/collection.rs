//! The articles behind the paths a person names, listed without reading them: a folder's
//! files, and a JSONL corpus's lines by their byte ranges. Listing 10,000 articles must
//! take a blink, so nothing is decoded or cleaned here; [`Source::load`] does that for one
//! article when it is wanted.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use super::load::{LoadError, LoadOptions, article_specs, corpus_line, load};
use super::model::Article;

/// Where one listed article comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file holding one article (or a corpus not recognised by its name).
    File(String),
    /// One line of a JSONL corpus: 1-based line number and byte range in the file.
    Record {
        corpus: String,
        line: usize,
        bytes: Range<u64>,
    },
    /// Already in memory: a record of a JSON-array corpus, or an article handed over.
    Loaded(Box<Article>),
}

/// One row of a listing.
#[derive(Debug, Clone)]
pub struct Listed {
    pub source: Source,
    /// What the list shows before the article is read: its file name, `corpus#LINE`.
    pub name: String,
}

impl Source {
    /// Reads, decodes and cleans the article(s). A file usually holds one; a corpus that
    /// was not recognised by its name when listed gives all of its records.
    pub fn load(&self, options: LoadOptions) -> Result<Vec<Article>, LoadError> {
        match self {
            Source::File(path) => {
                let loaded = load(path, options)?;
                match loaded.articles.is_empty() {
                    true => Err(loaded.problems.into_iter().next().unwrap_or(LoadError {
                        path: path.clone(),
                        problem: "holds no articles".to_string(),
                    })),
                    false => Ok(loaded.articles),
                }
            }
            Source::Record {
                corpus,
                line,
                bytes,
            } => {
                let text = read_range(corpus, bytes.clone()).map_err(|problem| LoadError {
                    path: corpus.clone(),
                    problem,
                })?;
                match corpus_line(corpus, *line, &text) {
                    Some(result) => result.map(|article| vec![article]),
                    None => Err(LoadError {
                        path: format!("{corpus}#{line}"),
                        problem: "the line is blank now; the corpus changed since it was listed"
                            .to_string(),
                    }),
                }
            }
            Source::Loaded(article) => Ok(vec![(**article).clone()]),
        }
    }

    /// The article itself when it is in memory, leaving a source that reads it again in
    /// its place: whoever opens it keeps it, so the listing need not hold a second copy
    /// (of what may be a 10 MB article opened at start-up).
    pub fn take_loaded(&mut self) -> Option<Article> {
        let Source::Loaded(article) = self else {
            return None;
        };
        let again = Source::File(article.source.clone());
        match std::mem::replace(self, again) {
            Source::Loaded(article) => Some(*article),
            _ => None,
        }
    }
}

fn read_range(path: &str, bytes: Range<u64>) -> Result<String, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    file.seek(SeekFrom::Start(bytes.start))
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut buffer = Vec::new();
    file.take(bytes.end - bytes.start)
        .read_to_end(&mut buffer)
        .map_err(|e| format!("cannot be read: {e}"))?;
    String::from_utf8(buffer).map_err(|_| "a line is not UTF-8".to_string())
}

/// Lists the articles behind `paths` in order: folders give their files by name, JSONL
/// corpora (`.jsonl`, `.ndjson`) one row per non-blank line, JSON-array corpora one row
/// per record. Problems (a corpus that cannot be read) are returned beside the rows.
pub fn list(paths: &[String], options: LoadOptions) -> (Vec<Listed>, Vec<LoadError>) {
    let mut listed = Vec::new();
    let mut problems = Vec::new();
    for path in article_specs(paths) {
        let result = match extension(&path).as_str() {
            "jsonl" | "ndjson" => list_lines(&path, &mut listed),
            "json" if starts_with_bracket(&path) => list_array(&path, options, &mut listed),
            _ => {
                listed.push(Listed {
                    name: display_name(&path, paths),
                    source: Source::File(path),
                });
                Ok(())
            }
        };
        if let Err(problem) = result {
            problems.push(problem);
        }
    }
    (listed, problems)
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// A file named on the command line keeps the path as given; a file found in a folder
/// shows its name only, since the folder is the same for all of them.
fn display_name(path: &str, named: &[String]) -> String {
    if named.iter().any(|n| n == path) {
        return path.to_string();
    }
    display_name_of_file(path)
}

fn starts_with_bracket(path: &str) -> bool {
    let mut head = [0u8; 512];
    let Ok(read) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    head[..read]
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
        == Some(&b'[')
}

fn list_lines(path: &str, listed: &mut Vec<Listed>) -> Result<(), LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_string(),
        problem: format!("cannot be read: {e}"),
    })?;
    let name = display_name_of_file(path);
    let mut start = 0;
    let mut line = 0;
    while start < bytes.len() {
        line += 1;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        if !bytes[start..end].iter().all(u8::is_ascii_whitespace) {
            listed.push(Listed {
                name: format!("{name}#{line}"),
                source: Source::Record {
                    corpus: path.to_string(),
                    line,
                    bytes: start as u64..end as u64,
                },
            });
        }
        start = end + 1;
    }
    Ok(())
}

fn display_name_of_file(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || path.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// A JSON array has to be parsed whole to find its records, so its articles are loaded
/// while listing; such corpora are rare and small next to JSONL ones.
fn list_array(path: &str, options: LoadOptions, listed: &mut Vec<Listed>) -> Result<(), LoadError> {
    let loaded = load(path, options)?;
    for article in loaded.articles {
        listed.push(Listed {
            name: display_name_of_file(&article.source),
            source: Source::Loaded(Box::new(article)),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listed: &[Listed]) -> Vec<&str> {
        listed.iter().map(|l| l.name.as_str()).collect()
    }

    #[test]
    fn a_folder_lists_files_by_name_and_corpus_lines_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "Second article.\n").unwrap();
        std::fs::write(dir.path().join("a.txt"), "First article.\n").unwrap();
        std::fs::write(dir.path().join("a.txt.copydesk.json"), "{}").unwrap();
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"id\": \"x1\", \"text\": \"One.\"}\n\n{\"text\": \"Two.\"}\n",
        )
        .unwrap();
        let folder = dir.path().to_string_lossy().into_owned();
        let (listed, problems) = list(&[folder], LoadOptions::default());
        assert!(problems.is_empty());
        assert_eq!(names(&listed), ["a.txt", "b.txt", "c.jsonl#1", "c.jsonl#3"]);
        let second = listed[3].source.load(LoadOptions::default()).unwrap();
        assert_eq!(second[0].text, "Two.");
        assert!(second[0].source.ends_with("c.jsonl#3"));
        let first = listed[2].source.load(LoadOptions::default()).unwrap();
        assert!(first[0].source.ends_with("c.jsonl#x1"));
    }

    #[test]
    fn a_json_array_corpus_gives_a_row_per_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.json");
        std::fs::write(
            &path,
            r#"[{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}]"#,
        )
        .unwrap();
        let (listed, _) = list(
            &[path.to_string_lossy().into_owned()],
            LoadOptions::default(),
        );
        assert_eq!(names(&listed), ["corpus.json#a", "corpus.json#b"]);
        // Taken out once, a row can still read its article again from the file.
        let mut source = listed[1].source.clone();
        let taken = source.take_loaded().unwrap();
        assert_eq!(taken.text, "Two.");
        assert!(source.take_loaded().is_none());
        assert_eq!(source.load(LoadOptions::default()).unwrap()[0].text, "Two.");
    }

    #[test]
    fn a_missing_file_is_listed_and_fails_when_loaded_with_its_name() {
        let (listed, _) = list(&["no/such.txt".to_string()], LoadOptions::default());
        assert_eq!(names(&listed), ["no/such.txt"]);
        let error = listed[0].source.load(LoadOptions::default()).unwrap_err();
        assert_eq!(error.to_string(), "no/such.txt: no such file");
    }
}
