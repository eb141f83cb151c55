//! Running many fetches at once without hammering any one site: a fixed number of
//! worker threads, and never more than `per_host` requests in flight to the same host.
//! Results come back in the order the jobs were given.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

struct Queue<J> {
    waiting: VecDeque<(usize, String, J)>,
    in_flight: HashMap<String, usize>,
}

/// Runs `work` on every job, `workers` at a time and at most `per_host` at a time for
/// jobs whose `host` is the same.
pub fn run<J, R>(
    jobs: Vec<J>,
    host: impl Fn(&J) -> String,
    workers: usize,
    per_host: usize,
    work: impl Fn(J) -> R + Sync,
) -> Vec<R>
where
    J: Send,
    R: Send,
{
    let count = jobs.len();
    let queue = Mutex::new(Queue {
        waiting: jobs
            .into_iter()
            .enumerate()
            .map(|(index, job)| (index, host(&job), job))
            .collect(),
        in_flight: HashMap::new(),
    });
    let turn = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    let per_host = per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, count.max(1)) {
            scope.spawn(|| {
                while let Some((index, host, job)) = next_job(&queue, &turn, per_host) {
                    let result = work(job);
                    results
                        .lock()
                        .expect("no worker panics holding the results")[index] = Some(result);
                    let mut queue = queue.lock().expect("no worker panics holding the queue");
                    if let Some(n) = queue.in_flight.get_mut(&host) {
                        *n -= 1;
                    }
                    turn.notify_all();
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panicked")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// The first waiting job whose host has room, waiting while every waiting job's host is
/// busy; `None` when nothing is left.
fn next_job<J>(
    queue: &Mutex<Queue<J>>,
    turn: &Condvar,
    per_host: usize,
) -> Option<(usize, String, J)> {
    let mut queue = queue.lock().expect("no worker panics holding the queue");
    loop {
        if queue.waiting.is_empty() {
            return None;
        }
        let ready = queue
            .waiting
            .iter()
            .position(|(_, host, _)| queue.in_flight.get(host).copied().unwrap_or(0) < per_host);
        if let Some(position) = ready {
            let (index, host, job) = queue
                .waiting
                .remove(position)
                .expect("position is in range");
            *queue.in_flight.entry(host.clone()).or_default() += 1;
            return Some((index, host, job));
        }
        queue = turn
            .wait(queue)
            .expect("no worker panics holding the queue");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_keep_their_order_and_no_host_gets_more_than_its_share() {
        let busy: HashMap<&str, AtomicUsize> =
            [("a", AtomicUsize::new(0)), ("b", AtomicUsize::new(0))].into();
        let most: HashMap<&str, AtomicUsize> =
            [("a", AtomicUsize::new(0)), ("b", AtomicUsize::new(0))].into();
        let jobs: Vec<(usize, &str)> = (0..24)
            .map(|i| (i, if i % 3 == 0 { "b" } else { "a" }))
            .collect();
        let results = run(
            jobs,
            |(_, host)| host.to_string(),
            6,
            2,
            |(i, host)| {
                let now = busy[host].fetch_add(1, Ordering::SeqCst) + 1;
                most[host].fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
                busy[host].fetch_sub(1, Ordering::SeqCst);
                i * 10
            },
        );
        assert_eq!(results, (0..24).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(most["a"].load(Ordering::SeqCst), 2);
        assert!(most["b"].load(Ordering::SeqCst) <= 2);
    }
}
