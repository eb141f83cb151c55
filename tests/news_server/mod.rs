//! A news site on 127.0.0.1 for the feed tests: a real HTTP server (tiny_http) serving
//! routes the test sets and changes while it runs, counting every request it gets and
//! how many of them were conditional.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Response, Server, StatusCode};

#[derive(Clone)]
pub enum Route {
    /// 200 with this body and content type; an `ETag` when given, honoured with a 304.
    Body {
        body: Vec<u8>,
        content_type: &'static str,
        etag: Option<String>,
    },
    Redirect(String),
    Status(u16),
    /// The body after a pause.
    Slow(Duration, Vec<u8>),
    /// Gzip-encoded bytes, sent with `Content-Encoding: gzip`.
    Gzipped(Vec<u8>),
    /// A `Content-Length` far larger than the few bytes that follow.
    Announces(usize),
}

impl Route {
    pub fn feed(body: String) -> Route {
        let etag = format!(
            "\"{:x}\"",
            body.len() * 31 + body.bytes().map(usize::from).sum::<usize>()
        );
        Route::Body {
            body: body.into_bytes(),
            content_type: "application/rss+xml",
            etag: Some(etag),
        }
    }

    pub fn page(body: String) -> Route {
        Route::Body {
            body: body.into_bytes(),
            content_type: "text/html; charset=utf-8",
            etag: None,
        }
    }
}

#[derive(Default)]
pub struct Counts {
    pub requests: HashMap<String, usize>,
    pub conditional: HashMap<String, usize>,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.requests.values().sum()
    }

    pub fn total_conditional(&self) -> usize {
        self.conditional.values().sum()
    }
}

pub struct NewsServer {
    pub base: String,
    server: Arc<Server>,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    pub counts: Arc<Mutex<Counts>>,
}

impl NewsServer {
    pub fn start() -> NewsServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("a loopback port is free"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let counts: Arc<Mutex<Counts>> = Arc::default();
        let (listener, table, tally) = (server.clone(), routes.clone(), counts.clone());
        std::thread::spawn(move || {
            for request in listener.incoming_requests() {
                let (table, tally) = (table.clone(), tally.clone());
                std::thread::spawn(move || answer(request, &table, &tally));
            }
        });
        NewsServer {
            base: format!("http://127.0.0.1:{port}"),
            server,
            routes,
            counts,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    pub fn reset_counts(&self) {
        *self.counts.lock().unwrap() = Counts::default();
    }

    pub fn requests_for(&self, path: &str) -> usize {
        self.counts
            .lock()
            .unwrap()
            .requests
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for NewsServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn answer(
    request: tiny_http::Request,
    routes: &Mutex<HashMap<String, Route>>,
    counts: &Mutex<Counts>,
) {
    let path = request.url().to_string();
    let if_none_match = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.to_string());
    let conditional = if_none_match.is_some()
        || request
            .headers()
            .iter()
            .any(|h| h.field.equiv("If-Modified-Since"));
    {
        let mut counts = counts.lock().unwrap();
        *counts.requests.entry(path.clone()).or_default() += 1;
        if conditional {
            *counts.conditional.entry(path.clone()).or_default() += 1;
        }
    }
    let route = routes.lock().unwrap().get(&path).cloned();
    let header =
        |name: &str, value: &str| Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap();
    let _ = match route {
        None => request.respond(Response::from_string("no such page").with_status_code(404)),
        Some(Route::Status(code)) => {
            request.respond(Response::from_string("").with_status_code(code))
        }
        Some(Route::Redirect(to)) => request.respond(
            Response::from_string("")
                .with_status_code(301)
                .with_header(header("Location", &to)),
        ),
        Some(Route::Body {
            body,
            content_type,
            etag,
        }) => {
            if etag.is_some() && etag == if_none_match {
                request.respond(Response::from_string("").with_status_code(304))
            } else {
                let mut response =
                    Response::from_data(body).with_header(header("Content-Type", content_type));
                if let Some(etag) = etag {
                    response = response.with_header(header("ETag", &etag));
                }
                request.respond(response)
            }
        }
        Some(Route::Slow(pause, body)) => {
            std::thread::sleep(pause);
            request.respond(Response::from_data(body))
        }
        Some(Route::Gzipped(bytes)) => request.respond(
            Response::from_data(bytes)
                .with_header(header("Content-Encoding", "gzip"))
                .with_header(header("Content-Type", "application/rss+xml")),
        ),
        Some(Route::Announces(length)) => request.respond(
            Response::new(
                StatusCode(200),
                vec![header("Content-Type", "text/html")],
                Cursor::new(b"<html>".to_vec()),
                Some(length),
                None,
            )
            .with_chunked_threshold(usize::MAX),
        ),
    };
}

/// An RSS 2.0 feed of `items` (title, link).
pub fn rss(title: &str, items: &[(String, String)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.test/</link><description>{title}</description>\n"
    );
    for (i, (item_title, link)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><title>{item_title}</title><link>{link}</link><guid isPermaLink=\"false\">{title}-{i}</guid><pubDate>Sat, 05 Dec 2026 0{}:00:00 GMT</pubDate></item>\n",
            i % 10
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// An Atom feed of `items` (title, link).
pub fn atom(title: &str, items: &[(String, String)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{title}</title><id>urn:copydesk-test:{title}</id><updated>2026-12-05T10:00:00Z</updated>\n"
    );
    for (i, (item_title, link)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<entry><title>{item_title}</title><link href=\"{link}\"/><id>urn:copydesk-test:{title}:{i}</id><updated>2026-12-05T10:00:00Z</updated></entry>\n"
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// A JSON Feed 1.1 of `items` (title, link).
pub fn json_feed(title: &str, items: &[(String, String)]) -> String {
    let items: Vec<serde_json::Value> = items
        .iter()
        .enumerate()
        .map(|(i, (item_title, link))| {
            serde_json::json!({"id": format!("{title}-{i}"), "title": item_title, "url": link, "date_published": "2026-12-05T10:00:00Z"})
        })
        .collect();
    serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}).to_string()
}

/// A small news page of our own writing, different for every `n`.
pub fn story_page(title: &str, n: usize) -> String {
    format!(
        "<!doctype html><html><head><title>{title} | Loopback Ledger</title></head><body><article><h1>{title}</h1>\
         <p>The harbour board met on Tuesday to discuss item {n} of its agenda, officials said.</p>\
         <p>Councillor Mara Ellison said the board would publish its findings next month, and a spokesperson for the port denied that the vote had been delayed.</p>\
         <p>Residents reportedly asked for a second hearing on the proposal number {n}.</p></article></body></html>"
    )
}
