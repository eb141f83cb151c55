//! Writing sidecars on their own thread, so no frame ever waits for the disk: the UI
//! thread hands over a copy of the sidecar ([`PendingSave`]) and carries on; the result
//! comes back through [`Saver::results`]. Saves of one sidecar never overlap, since the
//! app starts the next only when the last has come back.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::annotate::store::{PendingSave, SaveError, SaveOutcome};

/// A save to make: which opened article, and how many changes its sidecar held then.
pub struct SaveJob {
    pub document: usize,
    pub generation: u64,
    pub pending: PendingSave,
}

pub struct Saved {
    pub document: usize,
    pub generation: u64,
    pub result: Result<SaveOutcome, SaveError>,
}

pub struct Saver {
    jobs: Option<Sender<SaveJob>>,
    pub results: Receiver<Saved>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    pub fn spawn() -> Saver {
        let (jobs, inbox) = channel::<SaveJob>();
        let (done, results) = channel();
        let thread = std::thread::spawn(move || {
            for job in inbox {
                let saved = Saved {
                    document: job.document,
                    generation: job.generation,
                    result: job.pending.write(),
                };
                if done.send(saved).is_err() {
                    return;
                }
            }
        });
        Saver {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
        }
    }

    pub fn send(&self, jobs: Vec<SaveJob>) {
        if let Some(sender) = &self.jobs {
            for job in jobs {
                let _ = sender.send(job);
            }
        }
    }

    /// Lets every save already handed over finish, and returns their results: quitting
    /// takes these in before the last, direct save.
    pub fn finish(mut self) -> Vec<Saved> {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.results.try_iter().collect()
    }
}
