//! Where `import` may write. An import file comes from another tool, and its records
//! name their articles by path; followed blindly, a record saying `/etc/x` or
//! `../../elsewhere` would have copydesk create a sidecar wherever that tool (or whoever
//! wrote the file) chose. So a sidecar is written only when both the article and the
//! sidecar, with every `..` and symlink resolved, lie inside a root the person named:
//! the `--to` paths, or the current folder without them.

use std::io;
use std::path::{Component, Path, PathBuf};

#[derive(Debug)]
pub struct WriteRoots {
    /// Each root resolved, with the folder its articles' sidecars may go in.
    roots: Vec<Root>,
}

#[derive(Debug)]
struct Root {
    /// An article must be this file, or inside this folder.
    articles: PathBuf,
    /// Its sidecar must be inside this folder: the root itself, or a file root's folder
    /// (where `a.txt.copydesk.json` and `c.jsonl.copydesk/` sit).
    sidecars: PathBuf,
}

impl WriteRoots {
    /// The roots for `--to` paths (a corpus record selector `#key` names its file), or
    /// the current folder when there are none. A path that cannot be resolved is left
    /// out: nothing can be written under it anyway.
    pub fn new(to: &[String]) -> WriteRoots {
        let named: Vec<PathBuf> = if to.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            to.iter()
                .map(|path| PathBuf::from(file_part(path)))
                .collect()
        };
        let roots = named
            .iter()
            .filter_map(|path| {
                let articles = std::fs::canonicalize(path).ok()?;
                let sidecars = if articles.is_dir() {
                    articles.clone()
                } else {
                    articles.parent()?.to_path_buf()
                };
                Some(Root { articles, sidecars })
            })
            .collect();
        WriteRoots { roots }
    }

    /// Whether the sidecar `sidecar` of the article `article_source` may be written.
    pub fn allows(&self, article_source: &str, sidecar: &Path) -> bool {
        let (Ok(article), Ok(sidecar)) = (
            resolve(Path::new(file_part(article_source))),
            resolve(sidecar),
        ) else {
            return false;
        };
        self.roots.iter().any(|root| {
            (article == root.articles || article.starts_with(&root.articles))
                && sidecar.starts_with(&root.sidecars)
        })
    }

    /// The roots as the person named them, for the message about a refused record.
    pub fn describe(to: &[String]) -> String {
        if to.is_empty() {
            "the current folder (name the articles' folder with --to)".to_string()
        } else {
            format!("--to {}", to.join(" "))
        }
    }
}

/// A corpus article's source is `FILE#KEY`; the file is what lies on disk. A file whose
/// name itself holds `#` is taken whole.
fn file_part(source: &str) -> &str {
    match source.rsplit_once('#') {
        Some((file, _)) if !Path::new(source).exists() => file,
        _ => source,
    }
}

/// The path a write to `path` would really reach: the longest existing ancestor with
/// its symlinks resolved, then the rest, in which a `..` is refused (it could climb out
/// of a folder that does not exist yet). An existing symlink at the end is followed, as
/// the atomic writer follows it.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return Err(io::Error::other("no part of the path exists"));
        };
        rest.push(name.to_os_string());
        existing = parent;
    }
    let mut resolved = std::fs::canonicalize(existing)?;
    for name in rest.iter().rev() {
        if Path::new(name)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::other("the path climbs with .."));
        }
        resolved.push(name);
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "text").unwrap();
    }

    #[test]
    fn articles_inside_a_root_folder_may_be_written() {
        let dir = scratch();
        let article = dir.path().join("news/a.txt");
        touch(&article);
        let roots = WriteRoots::new(&[dir.path().join("news").to_string_lossy().into()]);
        let source = article.to_string_lossy();
        assert!(roots.allows(&source, &article.with_file_name("a.txt.copydesk.json")));
        let corpus = dir.path().join("news/c.jsonl");
        touch(&corpus);
        let key = format!("{}#k1", corpus.display());
        let sidecar = dir.path().join("news/c.jsonl.copydesk/k1.copydesk.json");
        assert!(roots.allows(&key, &sidecar));
    }

    #[test]
    fn paths_out_of_the_root_are_refused_however_they_get_there() {
        let dir = scratch();
        let inside = dir.path().join("news/a.txt");
        let outside = dir.path().join("elsewhere/b.txt");
        touch(&inside);
        touch(&outside);
        let roots = WriteRoots::new(&[dir.path().join("news").to_string_lossy().into()]);
        let sidecar = |article: &Path| article.with_file_name("b.txt.copydesk.json");
        // Named outright, absolute or through `..`.
        assert!(!roots.allows(&outside.to_string_lossy(), &sidecar(&outside)));
        let climbing = dir.path().join("news/../elsewhere/b.txt");
        assert!(!roots.allows(&climbing.to_string_lossy(), &sidecar(&climbing)));
        // The article is inside, but its sidecar's folder is a link out.
        #[cfg(unix)]
        {
            let corpus = dir.path().join("news/c.jsonl");
            touch(&corpus);
            std::os::unix::fs::symlink(
                dir.path().join("elsewhere"),
                dir.path().join("news/c.jsonl.copydesk"),
            )
            .unwrap();
            let sidecar = dir.path().join("news/c.jsonl.copydesk/k.copydesk.json");
            assert!(!roots.allows(&format!("{}#k", corpus.display()), &sidecar));
            // Or the sidecar itself is a link out.
            std::os::unix::fs::symlink(
                dir.path().join("elsewhere/stolen.json"),
                dir.path().join("news/a.txt.copydesk.json"),
            )
            .unwrap();
            let linked = dir.path().join("news/a.txt.copydesk.json");
            assert!(!roots.allows(&inside.to_string_lossy(), &linked));
        }
    }

    #[test]
    fn a_file_root_allows_that_article_only() {
        let dir = scratch();
        let chosen = dir.path().join("a.txt");
        let other = dir.path().join("b.txt");
        touch(&chosen);
        touch(&other);
        let roots = WriteRoots::new(&[chosen.to_string_lossy().into()]);
        assert!(roots.allows(
            &chosen.to_string_lossy(),
            &dir.path().join("a.txt.copydesk.json")
        ));
        assert!(!roots.allows(
            &other.to_string_lossy(),
            &dir.path().join("b.txt.copydesk.json")
        ));
    }
}
