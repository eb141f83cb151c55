//! What changed between two stored versions of one page: the cleaned articles compared
//! paragraph by paragraph (a reader of news cares which paragraphs were added, cut or
//! rewritten, not which bytes of markup moved).

use std::path::{Path, PathBuf};

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::article::provenance;
use crate::article::{Article, LoadOptions, load};

/// One stretch of the comparison, in the newer version's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// This many paragraphs as they were.
    Same(usize),
    Removed(Vec<String>),
    Added(Vec<String>),
}

/// The stored page this one is a newer version of, if its fetch record names one.
pub fn previous_version(page: &Path) -> Result<Option<PathBuf>, String> {
    let Some(record) = provenance::read_for(page)? else {
        return Ok(None);
    };
    Ok(record.previous.map(|name| page.with_file_name(name)))
}

/// The paragraphs (title first) of `article`.
fn paragraphs(article: &Article) -> Vec<&str> {
    let text = article.text.as_str();
    let words = article
        .paragraphs
        .iter()
        .filter_map(|range| text.get(range.clone()));
    words.collect()
}

/// The changes from `older` to `newer`, paragraph by paragraph.
pub fn compare(older: &Article, newer: &Article) -> Vec<Change> {
    let (old, new) = (paragraphs(older), paragraphs(newer));
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
    let mut changes = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old, &new) {
        match op {
            DiffOp::Equal { len, .. } => changes.push(Change::Same(len)),
            DiffOp::Delete {
                old_index, old_len, ..
            } => changes.push(Change::Removed(owned(&old[old_index..old_index + old_len]))),
            DiffOp::Insert {
                new_index, new_len, ..
            } => changes.push(Change::Added(owned(&new[new_index..new_index + new_len]))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                changes.push(Change::Removed(owned(&old[old_index..old_index + old_len])));
                changes.push(Change::Added(owned(&new[new_index..new_index + new_len])));
            }
        }
    }
    changes
}

/// The changes from the version before `page` to `page`, both read as the reader reads
/// them; `None` when the page is the only version.
pub fn changes_since_previous(
    page: &Path,
    newer: &Article,
    options: LoadOptions,
) -> Result<Option<(PathBuf, Vec<Change>)>, String> {
    let Some(previous) = previous_version(page)? else {
        return Ok(None);
    };
    let loaded = load(&previous.display().to_string(), options).map_err(|e| e.to_string())?;
    let older = loaded
        .articles
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: holds no article", previous.display()))?;
    Ok(Some((previous, compare(&older, newer))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Metadata, SourceFormat};

    fn article(paragraphs: &[&str]) -> Article {
        Article::assemble(
            "page.html".to_string(),
            SourceFormat::Markdown,
            Metadata::default(),
            paragraphs.iter().map(|p| p.to_string()).collect(),
        )
    }

    #[test]
    fn a_rewritten_paragraph_is_one_removed_and_one_added_between_the_ones_kept() {
        let older = article(&[
            "Crane cables corroded",
            "Inspectors found corroded cables on Monday.",
            "The port said nothing.",
            "The board meets on Friday.",
        ]);
        let newer = article(&[
            "Crane cables corroded",
            "Inspectors found corroded cables on Monday.",
            "The port authority denied that the crane was unsafe.",
            "The board meets on Friday.",
            "Update: the crane reopened on Saturday.",
        ]);
        assert_eq!(
            compare(&older, &newer),
            [
                Change::Same(2),
                Change::Removed(vec!["The port said nothing.".to_string()]),
                Change::Added(vec![
                    "The port authority denied that the crane was unsafe.".to_string()
                ]),
                Change::Same(1),
                Change::Added(vec!["Update: the crane reopened on Saturday.".to_string()]),
            ]
        );
    }
}
