//! `copydesk feeds`, `update` and `fetch` against a real HTTP server on 127.0.0.1: the
//! 20 × 50 bar (each page fetched once, a re-run only conditional), every hostile answer
//! a server can give, provenance carried into an export, and versions that never
//! overwrite a page.

mod news_server;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use news_server::{NewsServer, Route, atom, json_feed, rss, story_page};
use sha2::{Digest, Sha256};

fn copydesk(library: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .arg("--library")
        .arg(library)
        .output()
        .expect("copydesk runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, for "nothing changed" checks.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_file() {
            files.insert(
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    files
}

fn feed_state(library: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(library.join("feeds.json")).unwrap())
        .expect("feeds.json is intact JSON")
}

#[test]
fn twenty_feeds_of_fifty_items_fetch_each_page_once_and_a_rerun_asks_only_conditionally() {
    let server = NewsServer::start();
    let library = tempfile::tempdir().unwrap();
    let mut feed_urls = Vec::new();
    for feed in 0..20 {
        let items: Vec<(String, String)> = (0..50)
            .map(|i| {
                let path = format!("/news/{feed}/story-{i}");
                server.route(
                    &path,
                    Route::page(story_page(&format!("Story {feed}-{i}"), i)),
                );
                (format!("Story {feed}-{i}"), server.url(&path))
            })
            .collect();
        let (path, body) = match feed % 3 {
            0 => (
                format!("/feeds/{feed}.rss"),
                rss(&format!("Feed {feed}"), &items),
            ),
            1 => (
                format!("/feeds/{feed}.atom"),
                atom(&format!("Feed {feed}"), &items),
            ),
            _ => (
                format!("/feeds/{feed}.json"),
                json_feed(&format!("Feed {feed}"), &items),
            ),
        };
        server.route(&path, Route::feed(body));
        feed_urls.push(server.url(&path));
    }
    let mut add = vec!["feeds", "add"];
    add.extend(feed_urls.iter().map(String::as_str));
    let added = copydesk(library.path(), &add);
    assert!(added.status.success(), "{}", stderr(&added));

    let first = copydesk(library.path(), &["update"]);
    assert!(first.status.success(), "{}", stderr(&first));
    {
        let counts = server.counts.lock().unwrap();
        assert_eq!(counts.total(), 20 + 1000, "{:?}", counts.requests);
        assert!(
            counts.requests.values().all(|&n| n == 1),
            "a path asked for twice"
        );
        assert_eq!(counts.total_conditional(), 0);
    }
    let articles = library.path().join("articles");
    let stored = snapshot(&articles);
    assert_eq!(stored.len(), 2000, "1000 pages and their fetch records");
    let state = feed_state(library.path());
    assert_eq!(state["items"].as_array().unwrap().len(), 1000);
    assert!(
        state["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["page"].is_string())
    );

    server.reset_counts();
    let again = copydesk(library.path(), &["update"]);
    assert!(again.status.success(), "{}", stderr(&again));
    {
        let counts = server.counts.lock().unwrap();
        assert_eq!(counts.total(), 20, "{:?}", counts.requests);
        assert_eq!(
            counts.total_conditional(),
            20,
            "every feed asked conditionally"
        );
    }
    assert_eq!(snapshot(&articles), stored, "nothing new stored");
    let mut state_again = feed_state(library.path());
    let mut state_before = state;
    for state in [&mut state_again, &mut state_before] {
        for feed in state["feeds"].as_array_mut().unwrap() {
            feed.as_object_mut().unwrap().remove("checked");
        }
    }
    assert_eq!(state_again, state_before, "items and validators unchanged");
    assert!(stderr(&again).contains("0 new item(s); 0 page(s) stored"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn every_hostile_answer_is_reported_in_words_and_the_library_stays_intact() {
    let server = NewsServer::start();
    let library = tempfile::tempdir().unwrap();
    // A good feed first, fetched while all is well.
    let good_items: Vec<(String, String)> = (0..3)
        .map(|i| {
            let path = format!("/good/{i}");
            server.route(&path, Route::page(story_page("Good", i)));
            (format!("Good {i}"), server.url(&path))
        })
        .collect();
    server.route("/good.rss", Route::feed(rss("Good", &good_items)));
    let added = copydesk(library.path(), &["feeds", "add", &server.url("/good.rss")]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(copydesk(library.path(), &["update"]).status.success());
    let articles = library.path().join("articles");
    let kept = snapshot(&articles);
    assert_eq!(kept.len(), 6);

    // A redirected feed whose item goes through two redirects.
    server.route(
        "/moved.rss",
        Route::Redirect(server.url("/feeds/moved.rss")),
    );
    server.route(
        "/feeds/moved.rss",
        Route::feed(rss("Moved", &[("Moved story".into(), server.url("/go/1"))])),
    );
    server.route("/go/1", Route::Redirect(server.url("/go/2")));
    server.route("/go/2", Route::Redirect(server.url("/stories/moved")));
    server.route("/stories/moved", Route::page(story_page("Moved", 1)));
    // Items pointing outside the web, beside one good one.
    server.route(
        "/schemes.rss",
        Route::feed(rss(
            "Schemes",
            &[
                ("Local file".into(), "file:///etc/passwd".into()),
                ("Script".into(), "javascript:alert(1)".into()),
                ("Fine".into(), server.url("/stories/fine")),
            ],
        )),
    );
    server.route("/stories/fine", Route::page(story_page("Fine", 2)));
    server.route("/loop", Route::Redirect(server.url("/loop")));
    server.route("/missing.rss", Route::Status(404));
    server.route("/broken.rss", Route::Status(500));
    server.route(
        "/slow.rss",
        Route::Slow(Duration::from_secs(6), b"<rss/>".to_vec()),
    );
    server.route(
        "/bomb.rss",
        Route::Gzipped(gzip(&vec![0u8; 8 * 1024 * 1024])),
    );
    server.route("/huge.rss", Route::Announces(2_000_000_000));
    server.route(
        "/malformed.rss",
        Route::feed("<rss version=\"2.0\"><channel><title>Half".to_string()),
    );
    // The good feed goes bad: what it gave before must stay.
    server.route("/good.rss", Route::Status(500));

    let hostile = [
        "/moved.rss",
        "/schemes.rss",
        "/loop",
        "/missing.rss",
        "/broken.rss",
        "/slow.rss",
        "/bomb.rss",
        "/huge.rss",
        "/malformed.rss",
    ];
    let mut add = vec!["feeds".to_string(), "add".to_string()];
    add.extend(hostile.iter().map(|p| server.url(p)));
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    assert!(copydesk(library.path(), &add).status.success());

    let started = Instant::now();
    let run = copydesk(
        library.path(),
        &["update", "--timeout", "2", "--max-size", "1M"],
    );
    let took = started.elapsed();
    let said = stderr(&run);
    assert_eq!(
        run.status.code(),
        Some(1),
        "failures give exit status 1: {said}"
    );
    assert!(
        took < Duration::from_secs(5),
        "took {took:?}: something hung past its timeout"
    );
    for (path, expected) in [
        ("/loop", "more than 5 redirects"),
        ("/missing.rss", "HTTP 404 Not Found"),
        ("/broken.rss", "HTTP 500 Internal Server Error"),
        ("/good.rss", "HTTP 500"),
        ("/slow.rss", "no complete answer within 2 s"),
        (
            "/bomb.rss",
            "the answer is over the 1 MiB limit (after decompression)",
        ),
        (
            "/huge.rss",
            "the server announces 2.0 GB, over the 1 MiB limit",
        ),
        ("/malformed.rss", "not a feed"),
    ] {
        let line = format!("feed {}: {expected}", server.url(path));
        assert!(said.contains(&line), "missing {line:?} in:\n{said}");
    }
    assert!(said.contains("page file:///etc/passwd: file:///etc/passwd: a file: link; copydesk fetches only http and https"), "{said}");
    assert!(
        said.contains("page javascript:alert(1): javascript:alert(1): a javascript: link"),
        "{said}"
    );
    assert_eq!(server.requests_for("/stories/fine"), 1);
    assert_eq!(server.requests_for("/stories/moved"), 1);

    let state = feed_state(library.path());
    let items = state["items"].as_array().unwrap();
    let good_pages = items
        .iter()
        .filter(|i| i["feed"] == server.url("/good.rss"))
        .filter(|i| i["page"].is_string())
        .count();
    assert_eq!(good_pages, 3, "the failing feed's stored items are kept");
    let now = snapshot(&articles);
    for (name, bytes) in &kept {
        assert_eq!(now.get(name), Some(bytes), "{name} changed or vanished");
    }
    let moved = items.iter().find(|i| i["title"] == "Moved story").unwrap();
    let record: serde_json::Value =
        serde_json::from_slice(&now[&format!("{}.fetch.json", moved["page"].as_str().unwrap())])
            .unwrap();
    assert_eq!(record["requested"], server.url("/go/1"));
    assert_eq!(
        record["url"],
        server.url("/stories/moved"),
        "the URL after redirects"
    );
    assert_eq!(record["feed"], server.url("/moved.rss"));
    let feeds = state["feeds"].as_array().unwrap();
    let problem = |path: &str| {
        feeds
            .iter()
            .find(|f| f["url"] == server.url(path))
            .and_then(|f| f["problem"].as_str())
            .map(str::to_string)
    };
    assert_eq!(
        problem("/missing.rss").as_deref(),
        Some("HTTP 404 Not Found")
    );
    assert_eq!(problem("/moved.rss"), None);
}

#[test]
fn a_fetched_page_carries_its_url_and_raw_hash_into_the_cleaned_article_and_the_export() {
    let server = NewsServer::start();
    let library = tempfile::tempdir().unwrap();
    let page = story_page("Harbour board delays its vote", 7);
    server.route("/story", Route::page(page.clone()));
    let fetched = copydesk(library.path(), &["fetch", &server.url("/story")]);
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    let stored = library
        .path()
        .join("articles/127.0.0.1-")
        .to_string_lossy()
        .into_owned();
    let entries: Vec<_> = std::fs::read_dir(library.path().join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let article = &entries[0];
    assert!(
        article.to_string_lossy().starts_with(&stored),
        "{article:?}"
    );
    let sha = format!("{:x}", Sha256::digest(page.as_bytes()));

    let clean = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["clean", "--format", "json"])
        .arg(article)
        .output()
        .unwrap();
    assert!(clean.status.success(), "{}", stderr(&clean));
    let cleaned: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(cleaned["metadata"]["url"], server.url("/story"));
    assert_eq!(cleaned["metadata"]["raw_sha256"], sha);
    assert!(
        cleaned["metadata"]["fetched"]
            .as_str()
            .unwrap()
            .starts_with("20")
    );

    // The detector's suggestions into a sidecar, then out as Prodigy tasks.
    let detected = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("detect")
        .arg(article)
        .output()
        .unwrap();
    let detections = library.path().join("detected.json");
    std::fs::write(&detections, &detected.stdout).unwrap();
    let imported = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["import", "--format", "detect"])
        .arg(&detections)
        .arg("--to")
        .arg(library.path().join("articles"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", stderr(&imported));
    let export = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "export",
            "--format",
            "prodigy",
            "--include-partial",
            "--status",
            "suggested",
        ])
        .arg(library.path().join("articles"))
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&export.stdout)
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["meta"]["url"], server.url("/story"));
    assert_eq!(first["meta"]["raw_sha256"], sha);

    // Label Studio will not write suggestions as gold: the task carries the article alone.
    let export = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["export", "--format", "labelstudio", "--include-partial"])
        .arg(library.path().join("articles"))
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    let tasks: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(tasks[0]["data"]["url"], server.url("/story"), "{tasks}");
    assert_eq!(tasks[0]["data"]["raw_sha256"], sha);
}

#[test]
fn a_page_fetched_again_with_new_content_is_a_new_version_beside_the_untouched_old_one() {
    let server = NewsServer::start();
    let library = tempfile::tempdir().unwrap();
    server.route("/story", Route::page(story_page("First version", 1)));
    assert!(
        copydesk(library.path(), &["fetch", &server.url("/story")])
            .status
            .success()
    );
    let articles = library.path().join("articles");
    let before = snapshot(&articles);
    let again = copydesk(library.path(), &["fetch", &server.url("/story")]);
    assert!(stderr(&again).contains("unchanged"), "{}", stderr(&again));
    assert_eq!(snapshot(&articles), before);

    server.route("/story", Route::page(story_page("Corrected version", 1)));
    let changed = copydesk(library.path(), &["fetch", &server.url("/story")]);
    assert!(
        stderr(&changed).contains("new version"),
        "{}",
        stderr(&changed)
    );
    let after = snapshot(&articles);
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{name} was overwritten");
    }
    let (new_record, _) = after
        .iter()
        .find(|(name, _)| name.ends_with(".v2.html.fetch.json"))
        .expect("a second version");
    let record: serde_json::Value = serde_json::from_slice(&after[new_record]).unwrap();
    let previous = record["previous"].as_str().unwrap();
    assert!(
        before.contains_key(previous),
        "{previous} is the first version"
    );
    assert!(previous.ends_with("-story.html"), "{previous}");
}

#[test]
fn robots_txt_is_asked_only_when_opted_in_and_then_obeyed() {
    let server = NewsServer::start();
    let library = tempfile::tempdir().unwrap();
    server.route(
        "/robots.txt",
        Route::Body {
            body: b"User-agent: *\nDisallow: /private/\n".to_vec(),
            content_type: "text/plain",
            etag: None,
        },
    );
    server.route("/private/memo", Route::page(story_page("Memo", 1)));
    let polite = copydesk(
        library.path(),
        &["fetch", "--robots", &server.url("/private/memo")],
    );
    assert_eq!(polite.status.code(), Some(1));
    assert!(stderr(&polite).contains("robots.txt asks copydesk not to fetch it"));
    assert_eq!(server.requests_for("/private/memo"), 0);
    let plain = copydesk(library.path(), &["fetch", &server.url("/private/memo")]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert_eq!(
        server.requests_for("/robots.txt"),
        1,
        "asked once, in the opted-in run"
    );
}

#[test]
fn subscriptions_come_in_from_newsboat_and_go_out_and_back_as_opml_with_their_tags() {
    let library = tempfile::tempdir().unwrap();
    let urls = library.path().join("urls");
    std::fs::write(
        &urls,
        "https://harbour.test/rss.xml local \"city hall\" ~\"Harbour Gazette\"\n\
         # a comment\nhttps://wire.test/atom.xml wire\nfile:///etc/passwd\n",
    )
    .unwrap();
    let imported = copydesk(library.path(), &["feeds", "import", urls.to_str().unwrap()]);
    assert_eq!(imported.status.code(), Some(1), "the file: line is refused");
    assert!(stderr(&imported).contains("2 feed(s) added, 0 already subscribed, 1 refused"));
    let opml = library.path().join("out.opml");
    assert!(
        copydesk(
            library.path(),
            &["feeds", "export", "-o", opml.to_str().unwrap()]
        )
        .status
        .success()
    );
    let other = tempfile::tempdir().unwrap();
    let back = copydesk(other.path(), &["feeds", "import", opml.to_str().unwrap()]);
    assert!(back.status.success(), "{}", stderr(&back));
    let here = feed_state(library.path())["feeds"].clone();
    let there = feed_state(other.path())["feeds"].clone();
    assert_eq!(here, there);
    assert_eq!(here[0]["tags"], serde_json::json!(["local", "city hall"]));
    assert_eq!(here[0]["title"], "Harbour Gazette");
    let listed = copydesk(library.path(), &["feeds", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("  1  Harbour Gazette  0 items, 0 unread  [local, city hall]"),
        "{listed}"
    );
}
