//! What the reader works on, apart from how any layer shows it: the library, the
//! articles opened from it, the extractors and who is annotating. Layers read it; only
//! the edits of an annotation session and the shell's effects change it.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::annotate::rescue::RescueFolder;
use crate::annotate::session::{Applied, Edit, EditError, Session, Undone};
use crate::article::text_index::TextIndex;
use crate::extract::claims::lexicon::Lexicon;
use crate::extract::lexicons::Lexicons;

use super::document::Document;
use super::library::{DetailState, Details, Library, SortKey};

pub struct Desk {
    /// The articles opened so far, in the order they were opened.
    pub documents: Vec<Document>,
    pub current: usize,
    pub library: Library,
    /// The extractors, once attached ([`super::connect`]); short articles are analysed
    /// with them as they open.
    pub lexicons: Option<Arc<Lexicons>>,
    /// Whether the worker still has to be given `lexicons` (after a teaching).
    pub(super) lexicons_changed: bool,
    /// Where the person's own files are (`entities.json` is taught into).
    pub config_dir: Option<PathBuf>,
    /// Recorded on every decision.
    pub annotator: String,
    /// The claim labels of the active lexicon, the user's own included.
    pub claim_labels: Vec<String>,
    /// Where decisions that cannot be saved go on quitting; none in tests and `render`.
    pub rescue_folder: Option<RescueFolder>,
}

impl Desk {
    pub fn new(library: Library) -> Desk {
        Desk {
            documents: Vec::new(),
            current: 0,
            library,
            lexicons: None,
            lexicons_changed: false,
            config_dir: None,
            annotator: "anonymous".to_string(),
            claim_labels: Lexicon::built_in()
                .labels
                .into_iter()
                .map(|label| label.name)
                .collect(),
            rescue_folder: None,
        }
    }

    pub fn document(&self) -> Option<&Document> {
        self.documents.get(self.current)
    }

    pub fn text(&self) -> &str {
        self.document().map_or("", |d| d.article.text.as_str())
    }

    pub fn paragraphs(&self) -> &[Range<usize>] {
        self.document().map_or(&[], |d| &d.article.paragraphs)
    }

    /// The paragraph around byte `at`, else the line: where the items a key there can
    /// act on are.
    pub fn paragraph_at(&self, at: usize) -> Range<usize> {
        let found = self
            .paragraphs()
            .iter()
            .find(|p| p.start <= at && at <= p.end);
        found.cloned().unwrap_or_else(|| {
            let text = self.text();
            let start = text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let end = text
                .get(at..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| at + i);
            start..end
        })
    }

    /// What the worker should do next: findings for opened articles, and the details of
    /// the rows on screen (of every row, once the list is sorted by a detail).
    pub fn take_jobs(&mut self, listed_rows: Option<usize>) -> Vec<super::worker::Job> {
        use super::worker::Job;
        let mut jobs = Vec::new();
        if std::mem::take(&mut self.lexicons_changed)
            && let Some(lexicons) = &self.lexicons
        {
            jobs.push(Job::UseLexicons(Arc::clone(lexicons)));
        }
        for (index, document) in self.documents.iter_mut().enumerate() {
            if document.claims.is_none() && !document.analysis_requested {
                document.analysis_requested = true;
                jobs.push(Job::Analyse {
                    document: index,
                    text: document.article.text.clone(),
                });
            }
        }
        let Some(listed_rows) = listed_rows else {
            return jobs;
        };
        let library = &mut self.library;
        let shown = library.order.iter().skip(library.top).take(listed_rows);
        let mut wanted: Vec<usize> = shown.copied().collect();
        if library.sort != SortKey::File {
            wanted.extend(library.order.iter().copied());
        }
        for entry in wanted {
            let row = &mut library.entries[entry];
            if row.details == DetailState::Unknown && row.document.is_none() {
                row.details = DetailState::Requested;
                jobs.push(Job::Details {
                    entry,
                    source: row.source.clone(),
                });
            }
        }
        jobs
    }

    /// Takes in the details the worker read for a library row; `true` when the row was
    /// there to take them.
    pub fn take_details(&mut self, entry: usize, result: Result<Details, String>) -> bool {
        let Some(row) = self.library.entries.get_mut(entry) else {
            return false;
        };
        row.details = match result {
            Ok(details) => DetailState::Known(details),
            Err(problem) => DetailState::Failed(problem),
        };
        true
    }

    /// Applies an edit to the open article's sidecar, the one way anything changes
    /// what a person decided.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        self.in_session(|session| session.apply(edit))
    }

    /// Takes back the last step of the open article (or puts it back).
    pub fn undo(&mut self, redo: bool) -> Result<Undone, EditError> {
        if let Some(document) = self.documents.get_mut(self.current) {
            document.annotations.unsettle();
        }
        let undone = self.in_session(|session| session.undo(redo))?;
        if let Some(document) = self.documents.get_mut(self.current) {
            document.apply_entity_names();
        }
        Ok(undone)
    }

    /// Runs `change` in a session on the open article; whatever it changed is due for
    /// saving and the review marks follow it.
    fn in_session<T>(
        &mut self,
        change: impl FnOnce(&mut Session) -> Result<T, EditError>,
    ) -> Result<T, EditError> {
        let document = self
            .documents
            .get_mut(self.current)
            .ok_or(EditError::NoTarget)?;
        let text = document.article.text.as_str();
        let annotations = &mut document.annotations;
        annotations.char_starts(text);
        let starts = annotations.char_starts.as_deref().unwrap_or_default();
        let index = TextIndex::with_char_starts(text, starts);
        let changed = Session::open(
            &mut annotations.store,
            &mut annotations.decisions,
            &index,
            &annotations.suggestions,
            &self.annotator,
        )
        .and_then(|mut session| change(&mut session))?;
        annotations.refresh_review_marks(&document.article.id, &self.annotator);
        annotations.mark_unsaved();
        Ok(changed)
    }
}
