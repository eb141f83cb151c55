//! Item ids and timestamps.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new id such as `m-3f9a1c07b2e4`: unique across processes and machines in practice
/// (time, process id and a counter are hashed), so two annotators working on copies of
/// one sidecar never mint the same id and merging by id stays sound.
pub fn new_id(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let seed = format!("{nanos}/{}/{count}", std::process::id());
    let digest = Sha256::digest(seed.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

/// The current time in RFC 3339 UTC with milliseconds. The fixed width makes the
/// strings sort in time order, which merging relies on.
pub fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id("m")).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.starts_with("m-") && id.len() == 14));
    }

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let stamp = now();
        assert_eq!(stamp.len(), "2026-11-26T06:00:00.000Z".len());
        assert!(stamp.ends_with('Z'));
    }
}
