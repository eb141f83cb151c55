//! Leaving the reader with decisions that could not be saved (a read-only folder, a full
//! disk): `q` first says so and asks for `q` again, and what is still unsaved on the way
//! out goes to a rescue file that is named on exit and merged back when the article is
//! next opened. Quitting otherwise never asks: every save succeeds or is retried.

use crate::annotate::rescue::RescueFolder;

use super::app::App;
use super::saving::{Rescued, SaveReport};

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
        let rescued = self.desk.set_rescue_folder(folder);
        self.report_rescued(rescued);
    }

    /// Says what merging rescue files did, and shows what they brought back.
    pub(super) fn report_rescued(&mut self, rescued: Rescued) {
        if rescued.merged > 0 {
            self.rebuild_sidebar();
        }
        match (rescued.merged, rescued.problem) {
            (_, Some(problem)) => self.error(format!("rescue not merged: {problem}")),
            (0, None) => {}
            (1, None) => self.info("merged the decisions of 1 rescue file".to_string()),
            (n, None) => self.info(format!("merged the decisions of {n} rescue files")),
        }
    }

    /// Says what a round of saving has to tell: what was merged from disk, what failed.
    /// A retry that fails again leaves the warning of a pending quit on the status bar:
    /// it names the failure too.
    pub fn report_saves(&mut self, report: SaveReport) {
        if !report.merged.is_empty() {
            self.rebuild_sidebar();
            self.info(format!(
                "the sidecar had changed on disk: {}",
                report.merged.join("; ")
            ));
        }
        if self.quit_pending {
            return;
        }
        if let Some(first) = report.failures.first() {
            self.error(format!("not saved: {first}"));
        }
    }

    /// Writes every unsaved sidecar now and says what failed.
    pub fn save_all(&mut self) {
        let report = self.desk.save_all();
        self.report_saves(report);
    }
}
