//! Opening articles on the desk: reading a library entry into a document (a corpus file
//! gives a row for each further record), analysing a short one before its first frame,
//! and finding the article after the current one, or the next still to review. The
//! reader shows what was opened; nothing here knows how.

use crate::article::Article;
use crate::article::collection::Source;
use crate::extract::analysis::{Analysis, analyse_text};

use super::desk::Desk;
use super::document::Document;
use super::library::{DetailState, Details, Entry};

/// An entry opened on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// The document it is, in `Desk::documents`.
    pub document: usize,
    /// Read from its file just now, rather than opened before.
    pub fresh: bool,
}

impl Desk {
    /// The next entry after the current one, in the shown order, that may still need
    /// review: not opened yet, or opened with undecided suggestions.
    pub fn next_unreviewed(&self) -> Option<usize> {
        let current = self.current_entry()?;
        let order = &self.library.order;
        let at = order.iter().position(|&e| e == current)?;
        let after = order[at + 1..].iter().chain(&order[..at]);
        after.copied().find(|&entry| {
            let listed = &self.library.entries[entry];
            match listed.document.and_then(|d| self.documents.get(d)) {
                Some(document) => {
                    let (decided, total) = document.annotations.progress();
                    decided < total || document.claims.is_none()
                }
                None => !matches!(listed.details, DetailState::Failed(_)),
            }
        })
    }

    /// The article the reader shows, as a library entry.
    pub fn current_entry(&self) -> Option<usize> {
        self.document().map(|d| d.entry)
    }

    /// Reads entry `entry` into a document, unless it is open already. A file that cannot
    /// be read stays in the list, marked, and the reason comes back.
    pub fn open_entry(&mut self, entry: usize) -> Result<Opened, String> {
        let row = self
            .library
            .entries
            .get_mut(entry)
            .ok_or("no such article")?;
        if let Some(document) = row.document {
            return Ok(Opened {
                document,
                fresh: false,
            });
        }
        let loaded = match row.source.take_loaded() {
            Some(article) => Ok(vec![article]),
            None => row.source.load(self.library.options),
        };
        let mut articles = loaded.map_err(|error| {
            let problem = error.to_string();
            self.library.entries[entry].details = DetailState::Failed(problem.clone());
            problem
        })?;
        let article = articles.remove(0);
        self.add_siblings(entry, articles);
        let index = self.documents.len();
        let mut document = Document::new(article);
        document.entry = entry;
        self.documents.push(document);
        self.library.entries[entry].document = Some(index);
        Ok(Opened {
            document: index,
            fresh: true,
        })
    }

    /// A file that turned out to be a corpus gets a row for each further record, shown
    /// right after it. The rows are added at the end of the entries, so no index held
    /// elsewhere (a document's row, a request on the worker) moves.
    fn add_siblings(&mut self, entry: usize, articles: Vec<Article>) {
        if articles.is_empty() {
            return;
        }
        let first = self.library.entries.len();
        let (file, _) = self.library.entries[entry].rank;
        self.library
            .entries
            .extend(articles.into_iter().enumerate().map(|(k, article)| Entry {
                name: article.source.rsplit('/').next().unwrap_or("").to_string(),
                source: Source::Loaded(Box::new(article)),
                details: DetailState::Unknown,
                document: None,
                rank: (file, k + 1),
            }));
        let added = first..self.library.entries.len();
        let order = &mut self.library.order;
        let position = order
            .iter()
            .position(|&i| i == entry)
            .map_or(order.len(), |p| p + 1);
        order.splice(position..position, added);
    }

    /// The findings of a short document, found now so its first frame shows them; long
    /// ones go to the worker.
    pub fn analyse_if_short(&mut self, index: usize) -> Option<Analysis> {
        let lexicons = self.lexicons.clone()?;
        let document = self.documents.get_mut(index)?;
        if document.claims.is_some()
            || document.analysis_requested
            || document.article.text.len() > super::SYNC_ANALYSIS_BYTES
        {
            return None;
        }
        document.analysis_requested = true;
        Some(analyse_text(&document.article.text, &lexicons))
    }

    /// The rows of open articles show what was decided in them since they were listed.
    pub fn refresh_open_details(&mut self) {
        for entry in &mut self.library.entries {
            if let Some(document) = entry.document {
                entry.details = DetailState::Known(Details::of(&self.documents[document]));
            }
        }
        self.library.refresh_order();
    }
}
