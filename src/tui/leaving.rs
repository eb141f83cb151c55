//! Leaving the reader with decisions that could not be saved (a read-only folder, a full
//! disk): `q` first says so and asks for `q` again, and what is still unsaved on the way
//! out goes to a rescue file that is named on exit and merged back when the article is
//! next opened. Quitting otherwise never asks: every save succeeds or is retried.

use crate::annotate::rescue::{RescueFolder, take_in};

use super::app::App;

impl App {
    /// `q`: leaves at once unless some decisions failed to save and the person has not
    /// yet been told so since their last key.
    pub(super) fn request_quit(&mut self) {
        let failing: Vec<&str> = self
            .desk
            .documents
            .iter()
            .filter(|document| document.annotations.unsaved_since.is_some())
            .filter_map(|document| document.annotations.save_error.as_deref())
            .collect();
        if failing.is_empty() || self.quit_pending {
            self.should_quit = true;
            return;
        }
        // The key comes first: a long path in the reason may not fit on the status bar.
        let articles = match failing.len() {
            1 => "1 article's decisions".to_string(),
            n => format!("{n} articles' decisions"),
        };
        let text = format!(
            "q again to quit and keep {articles} in a rescue file: not saved ({})",
            failing[0]
        );
        self.error(text);
        self.quit_pending = true;
    }

    /// Where rescue files go; the rescues waiting for the articles already open are
    /// merged in now.
    pub fn set_rescue_folder(&mut self, folder: Option<RescueFolder>) {
        self.desk.rescue_folder = folder;
        for index in 0..self.desk.documents.len() {
            self.take_in_rescues(index);
        }
    }

    /// Merges the rescues waiting for a just-opened article's sidecar into it, in
    /// memory, to be saved with its next save (which then removes them).
    pub(super) fn take_in_rescues(&mut self, index: usize) {
        let Some(folder) = &self.desk.rescue_folder else {
            return;
        };
        let Some(document) = self.desk.documents.get_mut(index) else {
            return;
        };
        let annotations = &mut document.annotations;
        let rescues = folder.rescues_for(annotations.store.path());
        let mut merged = 0;
        let mut problem = None;
        for rescue in rescues {
            match take_in(&mut annotations.store, &rescue) {
                Ok(_) => {
                    merged += 1;
                    annotations.rescued.push(rescue);
                }
                Err(error) => problem = Some(error.to_string()),
            }
        }
        if merged > 0 {
            annotations.mark_unsaved();
            annotations.refresh_decisions(&document.article.text);
            self.rebuild_sidebar();
        }
        match (merged, problem) {
            (_, Some(problem)) => self.error(format!("rescue not merged: {problem}")),
            (0, None) => {}
            (1, None) => self.info("merged the decisions of 1 rescue file".to_string()),
            (n, None) => self.info(format!("merged the decisions of {n} rescue files")),
        }
    }

    /// After the last save on the way out: writes each sidecar still unsaved to a rescue
    /// file and says, one line each, where its decisions are.
    pub fn rescue_unsaved(&self) -> Vec<String> {
        self.desk.documents
            .iter()
            .filter(|document| document.annotations.unsaved_since.is_some())
            .map(|document| {
                let annotations = &document.annotations;
                let article = &document.article.source;
                let reason = annotations.save_error.as_deref().unwrap_or("not saved");
                let sidecar = annotations.store.path().display();
                let written = match &self.desk.rescue_folder {
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
}
