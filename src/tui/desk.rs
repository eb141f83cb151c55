//! What the reader works on, apart from how any layer shows it: the library, the
//! articles opened from it, the extractors and who is annotating. Layers read it; only
//! the edits of an annotation session and the shell's effects change it.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::annotate::rescue::RescueFolder;
use crate::extract::claims::lexicon::Lexicon;
use crate::extract::lexicons::Lexicons;

use super::document::Document;
use super::library::Library;

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
}
