//! Work done off the UI thread: the extractors on an opened article, and the library's
//! details (title, date, counts, progress) row by row. The app says what it wants
//! ([`App::take_jobs`](super::app::App::take_jobs)) and takes results as they arrive, so
//! no frame waits for detection or for reading articles.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::article::LoadOptions;
use crate::article::collection::Source;
use crate::extract::analysis::{Analysis, analyse_text};
use crate::extract::lexicons::Lexicons;

use super::library::{Details, details_of};

pub enum Job {
    /// An opened article's entities and claims.
    Analyse { document: usize, text: String },
    /// A library row's details.
    Details { entry: usize, source: Source },
    /// Lexicons to use from now on (the person taught the detector a name).
    UseLexicons(Arc<Lexicons>),
}

pub enum Done {
    Analysis(usize, Analysis),
    Details(usize, Result<Details, String>),
}

/// Does one job where it is called: the worker thread, or a test or `copydesk render`
/// that wants the finished screen.
pub fn run_job(job: Job, lexicons: &Lexicons, options: LoadOptions) -> Option<Done> {
    match job {
        Job::Analyse { document, text } => {
            Some(Done::Analysis(document, analyse_text(&text, lexicons)))
        }
        Job::Details { entry, source } => {
            Some(Done::Details(entry, details_of(&source, options, lexicons)))
        }
        Job::UseLexicons(_) => None,
    }
}

/// The worker thread. It waits for [`Worker::start`], which the terminal loop calls once
/// the first frame is on screen, so nothing competes with that frame.
pub struct Worker {
    jobs: Sender<Vec<Job>>,
    pub results: Receiver<Done>,
    go: Option<Sender<()>>,
}

impl Worker {
    pub fn spawn(mut lexicons: Arc<Lexicons>, options: LoadOptions) -> Worker {
        let (jobs, inbox) = channel::<Vec<Job>>();
        let (done, results) = channel();
        let (go, wait) = channel::<()>();
        std::thread::spawn(move || {
            if wait.recv().is_err() {
                return;
            }
            let mut queue = Queue::default();
            loop {
                if queue.is_empty() {
                    match inbox.recv() {
                        Ok(batch) => queue.add(batch),
                        Err(_) => return,
                    }
                }
                while let Ok(batch) = inbox.try_recv() {
                    queue.add(batch);
                }
                let Some(job) = queue.next() else { continue };
                if let Job::UseLexicons(newer) = job {
                    lexicons = newer;
                    continue;
                }
                let Some(finished) = run_job(job, &lexicons, options) else {
                    continue;
                };
                if done.send(finished).is_err() {
                    return;
                }
            }
        });
        Worker {
            jobs,
            results,
            go: Some(go),
        }
    }

    pub fn start(&mut self) {
        if let Some(go) = self.go.take() {
            let _ = go.send(());
        }
    }

    pub fn send(&self, jobs: Vec<Job>) {
        if !jobs.is_empty() {
            let _ = self.jobs.send(jobs);
        }
    }
}

/// An opened article's analysis goes before any library row; among rows, the batch asked
/// for last (what is on screen now) goes first, in its own order.
#[derive(Default)]
struct Queue {
    analyses: VecDeque<Job>,
    details: Vec<VecDeque<Job>>,
}

impl Queue {
    fn is_empty(&self) -> bool {
        self.analyses.is_empty() && self.details.is_empty()
    }

    fn add(&mut self, batch: Vec<Job>) {
        let mut details = VecDeque::new();
        for job in batch {
            match job {
                Job::Analyse { .. } | Job::UseLexicons(_) => self.analyses.push_back(job),
                Job::Details { .. } => details.push_back(job),
            }
        }
        if !details.is_empty() {
            self.details.push(details);
        }
    }

    fn next(&mut self) -> Option<Job> {
        if let Some(job) = self.analyses.pop_front() {
            return Some(job);
        }
        while let Some(batch) = self.details.last_mut() {
            if let Some(job) = batch.pop_front() {
                return Some(job);
            }
            self.details.pop();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(entry: usize) -> Job {
        Job::Details {
            entry,
            source: Source::File(format!("{entry}.txt")),
        }
    }

    fn order(queue: &mut Queue) -> Vec<String> {
        std::iter::from_fn(|| queue.next())
            .map(|job| match job {
                Job::Analyse { document, .. } => format!("a{document}"),
                Job::Details { entry, .. } => format!("d{entry}"),
                Job::UseLexicons(_) => "lexicons".to_string(),
            })
            .collect()
    }

    #[test]
    fn analyses_come_first_then_the_rows_asked_for_last() {
        let mut queue = Queue::default();
        queue.add(vec![details(1), details(2)]);
        queue.add(vec![
            details(7),
            Job::UseLexicons(Arc::new(Lexicons::built_in())),
            Job::Analyse {
                document: 0,
                text: String::new(),
            },
            details(8),
        ]);
        // New lexicons come before the analyses asked for after them.
        assert_eq!(
            order(&mut queue),
            ["lexicons", "a0", "d7", "d8", "d1", "d2"]
        );
        assert!(queue.is_empty());
    }
}
