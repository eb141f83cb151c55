//! The accounting invariant: every non-blank line of a text dump (as normalised), and
//! every piece of text a reader could see on an HTML page, ends up where a person can
//! find it — in the body, the title or other metadata, a caption, or `removed` with its
//! reason. A cleaner that drops a lede silently fails here, whatever its F1.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use copydesk::article::model::Cleaned;
use copydesk::article::normalize::normalize;
use copydesk::article::{html, text_dump};
use ego_tree::iter::Edge;
use proptest::prelude::*;
use scraper::{Html, Node};

/// The lines of `text` the cleaning put nowhere, 1-based, with their text.
fn unaccounted(text: &str) -> Vec<(usize, String)> {
    let normalized = normalize(text);
    let cleaned = text_dump::clean(&normalized);
    let removed: HashSet<usize> = cleaned.removed.iter().filter_map(|r| r.line).collect();
    let starts: HashSet<usize> = cleaned.body_lines.iter().copied().collect();
    let metadata = &cleaned.metadata;
    let mut elsewhere: Vec<&str> = cleaned.body.iter().map(String::as_str).collect();
    elsewhere.extend(metadata.title.as_deref());
    elsewhere.extend(metadata.date_raw.as_deref());
    elsewhere.extend(metadata.section.as_deref());
    elsewhere.extend(metadata.site.as_deref());
    elsewhere.extend(metadata.byline.iter().map(String::as_str));
    for caption in &cleaned.captions {
        elsewhere.push(&caption.text);
        elsewhere.extend(caption.credit.as_deref());
    }
    normalized
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .filter(|(n, line)| {
            !removed.contains(n)
                && !starts.contains(n)
                && !elsewhere.iter().any(|place| place.contains(line))
        })
        .map(|(n, line)| (n, line.to_string()))
        .collect()
}

#[test]
fn every_line_of_every_dev_dump_is_accounted_for() {
    let folder = std::path::Path::new("../shared/extraction-dev/text");
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!(
            "SKIPPED every_line_of_every_dev_dump_is_accounted_for: {} not present",
            folder.display()
        );
        return;
    };
    let mut pages = 0;
    let mut lost = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        pages += 1;
        for (line, content) in unaccounted(&text) {
            lost.push(format!("{}:{line}: {content}", path.display()));
        }
    }
    assert!(pages >= 61, "only {pages} dev dumps found");
    assert!(
        lost.is_empty(),
        "{} lines lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

fn dump_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("The harbour board said on Tuesday that the pier would open in the spring.".to_string()),
        2 => Just("Engineers had warned in January that the steel supplier was struggling badly.".to_string()),
        1 => Just("By Sam Lee".to_string()),
        1 => Just("Nov. 20, 2031, 9:28 AM UTC".to_string()),
        1 => Just("* Share this on Facebook".to_string()),
        1 => Just("Subscribe to our newsletter".to_string()),
        1 => Just("Photo: Jane Roe/Harbour Press".to_string()),
        1 => Just("Pier opening slips to spring".to_string()),
        1 => Just("Home | News | Sport".to_string()),
        1 => Just("W hile the ferry waited, the crew slept in the cabin below deck.".to_string()),
        1 => Just("© 2031 Coast Gazette".to_string()),
        2 => Just(String::new()),
        2 => "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,12}[.]?",
    ]
}

proptest! {
    #[test]
    fn every_line_of_a_generated_dump_is_accounted_for(
        lines in prop::collection::vec(dump_line(), 0..60)
    ) {
        let text = lines.join("\n");
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "lost {:?} from {:?}", lost, text);
    }
}

/// Everything `cleaned` put somewhere, whitespace taken out (extractors re-space text
/// around inline elements), places apart by a character no text has. The body is one
/// place: a page paragraph the cleaner cut in two is split, not lost.
fn squeezed_places(cleaned: &Cleaned) -> String {
    let squeeze = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let metadata = &cleaned.metadata;
    let body = cleaned.body.concat();
    let mut places: Vec<&str> = vec![&body];
    places.extend(metadata.title.as_deref());
    places.extend(metadata.date_raw.as_deref());
    places.extend(metadata.section.as_deref());
    places.extend(metadata.site.as_deref());
    places.extend(metadata.byline.iter().map(String::as_str));
    for caption in &cleaned.captions {
        places.push(&caption.text);
        places.extend(caption.credit.as_deref());
    }
    places.extend(cleaned.removed.iter().map(|line| line.text.as_str()));
    places
        .iter()
        .map(|place| squeeze(place))
        .collect::<Vec<_>>()
        .join("\u{0}")
}

/// The visible text nodes of `page` that the cleaning put nowhere. Text nodes, not
/// paragraphs: a word the cleaner lost from inside a paragraph is caught too.
fn unaccounted_html(page: &str) -> Vec<String> {
    let cleaned = html::extract(page);
    let document = Html::parse_document(page);
    let mut hidden_depth = 0usize;
    let mut texts = Vec::new();
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) if hidden_depth > 0 || html::is_invisible(element) => {
                    hidden_depth += 1
                }
                Node::Text(text) if hidden_depth == 0 => {
                    let text: String = normalize(text)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if !text.is_empty() {
                        texts.push(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) if node.value().is_element() && hidden_depth > 0 => hidden_depth -= 1,
            Edge::Close(_) => {}
        }
    }
    let places = squeezed_places(&cleaned);
    let searcher = AhoCorasick::new(&texts).unwrap();
    let mut found = vec![false; texts.len()];
    for hit in searcher.find_overlapping_iter(&places) {
        found[hit.pattern().as_usize()] = true;
    }
    texts
        .into_iter()
        .zip(found)
        .filter(|(_, found)| !found)
        .map(|(text, _)| text)
        .collect()
}

#[test]
fn every_visible_text_of_every_dev_page_is_accounted_for() {
    let folder = std::path::Path::new("../shared/extraction-dev/html");
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!(
            "SKIPPED every_visible_text_of_every_dev_page_is_accounted_for: {} not present",
            folder.display()
        );
        return;
    };
    let mut pages = 0;
    let mut lost = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let page = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        pages += 1;
        for text in unaccounted_html(&page) {
            lost.push(format!("{}: {text}", path.display()));
        }
    }
    assert!(pages >= 61, "only {pages} dev pages found");
    assert!(
        lost.is_empty(),
        "{} texts lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

fn sentence() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("The harbour board said on Tuesday that the pier would open in the spring.".to_string()),
        2 => Just("Engineers had warned in <em>January</em> that the <a href=\"/s\">steel supplier</a> was struggling.".to_string()),
        1 => Just("Councillor Ines Okafor said the delay&nbsp;cost &pound;2m, &ldquo;at least&rdquo;.".to_string()),
        1 => Just("Ferries ran late<br>and the crew slept below deck.".to_string()),
        2 => "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,14}[.]",
    ]
}

fn page_block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(sentence(), 1..4).prop_map(|s| format!("<p>{}</p>", s.join(" "))),
        1 => Just("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li>Sport</li></ul></nav>".to_string()),
        1 => Just("<header><h1>Pier opening slips to spring</h1><span>By Sam Lee</span></header>".to_string()),
        1 => Just("<figure><img src=\"p.jpg\"><figcaption>The pier at dusk. Photo: Jane Roe/Harbour Press</figcaption></figure>".to_string()),
        1 => Just("<aside><h3>Most read</h3><ul><li><a href=\"/a\">Tram fares rise again</a></li></ul></aside>".to_string()),
        1 => Just("<div class=\"share\"><button>Share</button><a href=\"#\">Email</a></div>".to_string()),
        1 => Just("<div hidden>Never shown text</div><script>var seen = false;</script>".to_string()),
        1 => Just("<footer><p>&copy; 2031 Coast Gazette</p><a href=\"/terms\">Terms</a></footer>".to_string()),
        1 => sentence().prop_map(|s| format!("<div>{s}</div>")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn every_visible_text_of_a_generated_page_is_accounted_for(
        blocks in prop::collection::vec(page_block(), 0..24),
        wrapped in any::<bool>(),
    ) {
        let body = blocks.concat();
        let body = if wrapped { format!("<article>{body}</article>") } else { body };
        let page = format!(
            "<html><head><title>Pier | Coast Gazette</title></head><body>{body}</body></html>"
        );
        let lost = unaccounted_html(&page);
        prop_assert!(lost.is_empty(), "lost {:?} from {}", lost, page);
    }
}
