//! Writing the desk's sidecars: which are due, the copies the saver thread writes, what
//! came back, the last save on the way out, and the rescue files for what could not be
//! written. None of it knows about a screen; what the person should hear comes back as
//! a [`SaveReport`] for the reader to show.

use std::time::Instant;

use crate::annotate::rescue::{RescueFolder, take_in};

use super::desk::Desk;
use super::saver::{SaveJob, Saved};

/// What a round of saving has to tell the person.
#[derive(Debug, Default)]
#[must_use]
pub struct SaveReport {
    /// One line per sidecar that could not be written.
    pub failures: Vec<String>,
    /// Changes someone else made to a sidecar on disk, merged into ours while saving.
    pub merged: Vec<String>,
}

/// What merging the rescue files waiting for an article did.
#[derive(Debug, Default)]
#[must_use]
pub struct Rescued {
    pub merged: usize,
    pub problem: Option<String>,
}

impl Desk {
    /// Whether some decision has waited long enough to be written.
    pub fn save_due(&self, now: Instant) -> bool {
        self.documents.iter().any(|d| d.annotations.save_due(now))
    }

    /// Copies of the sidecars whose decisions are due, for the saver thread.
    pub fn take_saves(&mut self, now: Instant) -> (Vec<SaveJob>, SaveReport) {
        let mut jobs = Vec::new();
        let mut report = SaveReport::default();
        for (index, document) in self.documents.iter_mut().enumerate() {
            let annotations = &mut document.annotations;
            if !annotations.save_due(now) {
                continue;
            }
            match annotations.store.begin_save() {
                Ok(pending) => {
                    annotations.saving = true;
                    jobs.push(SaveJob {
                        document: index,
                        generation: annotations.generation,
                        pending,
                    });
                }
                Err(error) => report.failures.push(annotations.failed(&error)),
            }
        }
        (jobs, report)
    }

    /// Takes in saves the saver thread finished.
    pub fn finish_saves(&mut self, results: Vec<Saved>) -> SaveReport {
        let mut report = SaveReport::default();
        for saved in results {
            let Some(document) = self.documents.get_mut(saved.document) else {
                continue;
            };
            let annotations = &mut document.annotations;
            annotations.saving = false;
            match saved.result {
                Ok(outcome) => {
                    let finished = annotations.store.finish_save(outcome);
                    annotations.saved(saved.generation);
                    if !finished.merged.is_empty() {
                        annotations.refresh_decisions(&document.article.text);
                        report.merged.extend(finished.merged);
                    }
                }
                Err(error) => report.failures.push(annotations.failed(&error)),
            }
        }
        report
    }

    /// Writes every sidecar with unsaved decisions here and now: on quitting (after the
    /// saver thread has finished) and where there is no saver thread. Failed decisions
    /// stay in memory, to be tried again.
    pub fn save_all(&mut self) -> SaveReport {
        let mut report = SaveReport::default();
        for document in &mut self.documents {
            let annotations = &mut document.annotations;
            if annotations.unsaved_since.is_none() {
                continue;
            }
            let generation = annotations.generation;
            match annotations.store.save() {
                Ok(_) => annotations.saved(generation),
                Err(error) => report.failures.push(annotations.failed(&error)),
            }
        }
        report
    }

    /// "saved", "unsaved", "save failed" or "read-only" for the status bar; nothing
    /// while the article has no annotations at all.
    pub fn save_state(&self) -> Option<&'static str> {
        let annotations = &self.document()?.annotations;
        if annotations.store.read_only_reason().is_some() {
            Some("read-only")
        } else if annotations.save_error.is_some() {
            Some("save failed")
        } else if annotations.unsaved_since.is_some() {
            Some("unsaved")
        } else if annotations.store.sidecar.history.is_empty() {
            None
        } else {
            Some("saved")
        }
    }

    /// Merges the rescues waiting for an opened article's sidecar into it, in memory,
    /// to be saved with its next save (which then removes them).
    pub fn take_in_rescues(&mut self, index: usize) -> Rescued {
        let mut rescued = Rescued::default();
        let (Some(folder), Some(document)) = (&self.rescue_folder, self.documents.get_mut(index))
        else {
            return rescued;
        };
        let annotations = &mut document.annotations;
        for rescue in folder.rescues_for(annotations.store.path()) {
            match take_in(&mut annotations.store, &rescue) {
                Ok(_) => {
                    rescued.merged += 1;
                    annotations.rescued.push(rescue);
                }
                Err(error) => rescued.problem = Some(error.to_string()),
            }
        }
        if rescued.merged > 0 {
            annotations.mark_unsaved();
            annotations.refresh_decisions(&document.article.text);
        }
        rescued
    }

    /// After the last save on the way out: writes each sidecar still unsaved to a rescue
    /// file and says, one line each, where its decisions are.
    pub fn rescue_unsaved(&self) -> Vec<String> {
        self.documents
            .iter()
            .filter(|document| document.annotations.unsaved_since.is_some())
            .map(|document| {
                let annotations = &document.annotations;
                let article = &document.article.source;
                let reason = annotations.save_error.as_deref().unwrap_or("not saved");
                let sidecar = annotations.store.path().display();
                let written = match &self.rescue_folder {
                    Some(folder) => folder
                        .write(&annotations.store, reason)
                        .map_err(|error| error.to_string()),
                    None => Err("no folder for rescue files".to_string()),
                };
                match written {
                    Ok(file) => format!(
                        "decisions for {sidecar} not saved ({reason}); kept in {} — opening {article} again or `copydesk check --merge-rescued {article}` puts them back",
                        file.display()
                    ),
                    Err(problem) => format!(
                        "decisions for {sidecar} are lost: not saved ({reason}) and no rescue file ({problem})"
                    ),
                }
            })
            .collect()
    }

    /// Where rescue files go; hands back what merging the rescues waiting for the
    /// articles already open did.
    pub fn set_rescue_folder(&mut self, folder: Option<RescueFolder>) -> Rescued {
        self.rescue_folder = folder;
        let mut all = Rescued::default();
        for index in 0..self.documents.len() {
            let rescued = self.take_in_rescues(index);
            all.merged += rescued.merged;
            all.problem = rescued.problem.or(all.problem);
        }
        all
    }
}
