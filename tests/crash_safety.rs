//! A save killed at any moment leaves a sidecar that parses and holds a complete
//! earlier state. The test runs itself as a child process that saves over and over,
//! and kills it with SIGKILL at random moments.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use copydesk::annotate::anchor::{make_span, quote_matches};
use copydesk::annotate::schema::{ItemMeta, Mention, Origin, Status};
use copydesk::annotate::store::parse_sidecar;
use copydesk::annotate::{Store, sidecar_path};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use serde_json::Map;

const CHILD_ENV: &str = "COPYDESK_CRASH_CHILD_DIR";
const TEST_NAME: &str = "a_killed_save_leaves_a_complete_earlier_state";
const TEXT: &str = "Kremlin envoy 👍🏽 met 東京 officials in Florida on Tuesday, the ministry said.";
const ROUNDS: usize = 25;

fn article(dir: &Path) -> Article {
    let path = dir.join("story.txt");
    Article::from_clean_text(
        path.to_string_lossy().into_owned(),
        SourceFormat::PlainText,
        TEXT.to_string(),
    )
}

/// The child: 1,000 saves in a row, each adding one mention.
fn save_forever(dir: &Path) {
    let article = article(dir);
    let mut store = Store::open(&article);
    let index = TextIndex::new(TEXT);
    for i in 0..1000 {
        let start = i % 40;
        let mention = Mention {
            meta: ItemMeta {
                id: String::new(),
                status: Status::Suggested,
                origin: Origin::Annotator {
                    annotator: "crash".into(),
                },
                created: String::new(),
                updated: String::new(),
                orphaned: false,
            },
            span: make_span(&index, start..start + 5).unwrap(),
            label: "TEST".into(),
            confidence: None,
            extra: Map::new(),
        };
        store.insert(mention, "crash");
        store.save().expect("save");
    }
}

/// How many mentions the sidecar on disk holds (0 when there is none or it cannot be read).
fn saved_count(sidecar: &Path) -> usize {
    std::fs::read(sidecar)
        .ok()
        .and_then(|bytes| parse_sidecar(&bytes).ok())
        .map_or(0, |saved| saved.mentions.len())
}

#[cfg(unix)]
#[test]
fn a_killed_save_leaves_a_complete_earlier_state() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        save_forever(Path::new(&dir));
        return;
    }
    let dir = std::env::temp_dir().join(format!("copydesk-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let article = article(&dir);
    let sidecar = sidecar_path(&article.source);
    let index = TextIndex::new(TEXT);
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut last_count = 0;
    let mut kills_mid_run = 0;
    for _ in 0..ROUNDS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", TEST_NAME, "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .spawn()
            .unwrap();
        // Wait until this child has saved once (a loaded machine can take a while to
        // start it), then kill it a random moment later, while it is saving.
        let saves_before = saved_count(&sidecar);
        let started = std::time::Instant::now();
        while saved_count(&sidecar) == saves_before && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(seed % 100));
        if child.try_wait().unwrap().is_none() {
            kills_mid_run += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let Ok(bytes) = std::fs::read(&sidecar) else {
            continue;
        };
        let saved = parse_sidecar(&bytes).expect("the sidecar always parses after a kill");
        // Every save holds exactly the mentions its history created: a complete state.
        assert_eq!(saved.mentions.len(), saved.history.len());
        assert!(
            saved.mentions.len() >= last_count,
            "an earlier state, never an older one than before"
        );
        assert!(
            saved
                .mentions
                .iter()
                .all(|m| quote_matches(&index, &m.span))
        );
        last_count = saved.mentions.len();
    }
    assert!(
        kills_mid_run > ROUNDS / 2,
        "most kills should land while saving"
    );
    assert!(last_count > 0, "the child saved at least once");
}
