//! Main-content extraction and metadata for saved web pages.
//!
//! The body comes from two extractors that must agree (see `content.rs`);
//! title, byline, date and the rest come from the page's own JSON-LD and
//! meta tags (see `metadata.rs`). Everything leaving here is normalised.

mod accounting;
mod blocks;
mod captions;
mod content;
mod lede;
mod metadata;
mod promotion;
mod reflow;
mod spacing;
mod title;

use scraper::Html;

pub use blocks::is_invisible;

use super::model::{Caption, Cleaned, RemovalReason, RemovedLine};
use super::normalize::{normalize, normalize_inline};

/// How far into the body a repeated headline is looked for: extractors that
/// keep it put it first, sometimes after a kicker or section label.
const HEADLINE_SEARCH_DEPTH: usize = 3;

/// Deeper nesting than this is not a real article page (browsers flatten
/// anything past 512 levels too), and both extractors recurse over the tree:
/// past a few thousand levels they overflow the stack or take minutes.
const MAX_DEPTH: usize = 512;

/// The paragraphs of an HTML fragment that is already an article body (a scraper's
/// `articleBody` or `content` field): no main-content extraction, just text by block.
pub fn fragment_paragraphs(fragment: &str) -> Vec<String> {
    blocks::paragraphs(fragment)
        .iter()
        .map(|paragraph| normalize(paragraph))
        .filter(|paragraph| !paragraph.trim().is_empty())
        .collect()
}

/// Extracts the article from an already-decoded HTML page.
pub fn extract(html: &str) -> Cleaned {
    let document = Html::parse_document(html);
    let (metadata, metadata_warnings) = metadata::extract_metadata(&document);
    let body = if blocks::max_depth(&document) > MAX_DEPTH {
        content::Body {
            paragraphs: blocks::document_paragraphs(&document),
            removed: Vec::new(),
            warnings: vec![format!(
                "elements nested more than {MAX_DEPTH} deep; the body is the whole page's text"
            )],
            agreed: false,
            captions: Vec::new(),
        }
    } else {
        content::extract_body(html, &reflow::wrap_loose_text(&document))
    };

    let captions = if body.captions.is_empty() {
        captions::article_captions(&document)
    } else {
        body.captions
    };
    let mut removed = body.removed;
    let mut paragraphs: Vec<String> = body
        .paragraphs
        .iter()
        .map(|paragraph| normalize(paragraph))
        .filter(|paragraph| !paragraph.trim().is_empty())
        .collect();
    if let Some(title) = &metadata.title {
        drop_repeated_headline(&mut paragraphs, title, &mut removed);
    }
    drop_furniture(&mut paragraphs, &mut removed);
    drop_captions(&mut paragraphs, &captions, &mut removed);
    let restored = lede::restore_lede(
        &document,
        &mut paragraphs,
        metadata.title.as_deref(),
        &captions,
    );
    removed.retain(|line| !paragraphs[..restored].contains(&line.text));
    for line in &mut removed {
        line.text = normalize(&line.text);
    }
    let passed_over = accounting::unaccounted(
        &document,
        &accounting::Accounted {
            metadata: &metadata,
            captions: &captions,
            body: &paragraphs,
            removed: &removed,
        },
    );
    removed.extend(passed_over);
    Cleaned {
        metadata,
        captions,
        body: paragraphs,
        // HTML has no lines a person would recognise; removed blocks are listed apart.
        body_lines: Vec::new(),
        removed,
        warnings: metadata_warnings
            .iter()
            .chain(&body.warnings)
            .map(|warning| normalize_inline(warning))
            .collect(),
    }
}

/// Drops the headline when an extractor kept it as the first paragraphs of the body.
fn drop_repeated_headline(
    paragraphs: &mut Vec<String>,
    title: &str,
    removed: &mut Vec<RemovedLine>,
) {
    let title_words = comparable_words(title);
    if title_words.is_empty() {
        return;
    }
    let depth = paragraphs.len().min(HEADLINE_SEARCH_DEPTH);
    if let Some(index) = paragraphs[..depth]
        .iter()
        .position(|paragraph| comparable_words(paragraph) == title_words)
    {
        removed.push(RemovedLine {
            line: None,
            text: paragraphs.remove(index),
            reason: RemovalReason::RepeatedHeadline,
        });
    }
}

/// Drops promotional lines and separator rules (see [`promotion`]).
fn drop_furniture(paragraphs: &mut Vec<String>, removed: &mut Vec<RemovedLine>) {
    let mut kept = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs.drain(..) {
        let reason = if promotion::is_rule(&paragraph) {
            Some(RemovalReason::Empty)
        } else if promotion::is_promotion(&paragraph) {
            Some(RemovalReason::Promotion)
        } else {
            None
        };
        match reason {
            Some(reason) => removed.push(RemovedLine {
                line: None,
                text: paragraph,
                reason,
            }),
            None => kept.push(paragraph),
        }
    }
    *paragraphs = kept;
}

/// Drops paragraphs that repeat a picture caption: trafilatura sometimes
/// keeps a figure's caption as a paragraph of its own.
fn drop_captions(
    paragraphs: &mut Vec<String>,
    captions: &[Caption],
    removed: &mut Vec<RemovedLine>,
) {
    let caption_words: Vec<Vec<String>> = captions
        .iter()
        .flat_map(|caption| {
            let with_credit = caption
                .credit
                .as_ref()
                .map(|credit| format!("{} {credit}", caption.text));
            [Some(caption.text.clone()), with_credit]
        })
        .flatten()
        .map(|text| caption_words_of(&text))
        .filter(|words| !words.is_empty())
        .collect();
    if caption_words.is_empty() {
        return;
    }
    let (kept, dropped): (Vec<String>, Vec<String>) = paragraphs
        .drain(..)
        .partition(|paragraph| !caption_words.contains(&caption_words_of(paragraph)));
    *paragraphs = kept;
    removed.extend(dropped.into_iter().map(|text| RemovedLine {
        line: None,
        text,
        reason: RemovalReason::Caption,
    }));
}

/// Words of a caption-like text without credit labels, so "X (Photo: Y)"
/// matches a caption "X" credited to "Y".
fn caption_words_of(text: &str) -> Vec<String> {
    const LABELS: &[&str] = &["photo", "photograph", "image", "picture", "credit", "by"];
    let mut words = comparable_words(text);
    words.retain(|word| !LABELS.contains(&word.as_str()));
    words
}

/// Lower-cased words, so a headline and its copy in the body or another title compare
/// whatever their case and punctuation.
pub(super) fn comparable_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: &[&str] = &[
        "The harbour board approved a plan on Monday to dredge the northern channel, which has silted up so badly that fishing boats can only leave at high tide.",
        "Work is due to start in the spring and will take about eight months, the board said, with the channel closed to traffic for two weeks at the height of the job.",
        "Skippers who had campaigned for the dredging for more than a decade welcomed the decision but said the timetable left them facing another hard winter.",
        "The cost, estimated at three million pounds, will be shared between the board, the county council and a national fund for coastal infrastructure.",
        "A public meeting to explain the works will be held at the harbour office next Thursday evening, and the full plans can be read at the town library.",
    ];

    fn page() -> String {
        let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            r#"<!doctype html><html lang="en"><head>
            <title>Harbour channel to be dredged | Coastal Gazette</title>
            <meta property="og:title" content="Harbour channel to be dredged">
            <meta property="og:site_name" content="Coastal Gazette">
            <meta name="author" content="Morgan Tide">
            <meta property="article:published_time" content="2024-02-12T08:00:00Z">
            </head><body>
            <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News menu link</a></li>
            <li><a href="/sport">Sport menu link</a></li><li><a href="/weather">Weather menu link</a></li></ul></nav>
            <main><article>
            <h1>Harbour channel to be dredged</h1>
            <p class="byline">By Morgan Tide</p>
            {body}
            <figure><img src="boats.jpg" alt=""><figcaption>Boats waiting for the tide. (Photo: Sam Lens)</figcaption></figure>
            </article></main>
            <aside><h3>Most read</h3><ul><li><a href="/a">Mayor opens new bridge over the estuary</a></li>
            <li><a href="/b">School wins regional chess championship again</a></li></ul></aside>
            <footer><p>Copyright 2024 Coastal Gazette footer text. All rights reserved.</p>
            <p><a href="/privacy">Privacy policy footer link</a> | <a href="/terms">Terms footer link</a></p></footer>
            </body></html>"#
        )
    }

    #[test]
    fn blocks_end_paragraphs_whatever_whitespace_the_page_has() {
        let cleaned = extract(
            "<html><head><title>Council votes to raise parking fees | Gazette</title></head>\
             <body><h1>Council votes to raise parking fees</h1><div>The council raised parking \
             fees in the town centre on Tuesday by a third, the first rise in six years.</div>\
             <div>The council met for three hours before the vote, which passed by nine votes \
             to four.</div></body></html>",
        );
        assert_eq!(
            cleaned.metadata.title.as_deref(),
            Some("Council votes to raise parking fees")
        );
        assert_eq!(
            cleaned.body,
            [
                "The council raised parking fees in the town centre on Tuesday by a third, the first rise in six years.",
                "The council met for three hours before the vote, which passed by nine votes to four.",
            ]
        );
        assert!(
            cleaned
                .removed
                .iter()
                .any(|line| line.text == "Council votes to raise parking fees"),
            "the headline is accounted for in removed"
        );
    }

    /// Readability's blocks cannot cut a short glued page apart (its four-word headline
    /// runs into the body's first word), so the page itself must keep blocks apart.
    #[test]
    fn a_short_headline_glued_to_the_body_is_still_its_own_block() {
        let cleaned = extract(
            "<html><head><title>Crane cables found corroded</title></head><body><article>\
             <h1>Crane cables found corroded</h1><p>Inspectors found corroded cables on the \
             harbour crane on Monday, the port authority said.</p><p>The port authority \
             denied on Tuesday that the crane had been unsafe.</p></article></body></html>",
        );
        assert_eq!(
            cleaned.body,
            [
                "Inspectors found corroded cables on the harbour crane on Monday, the port authority said.",
                "The port authority denied on Tuesday that the crane had been unsafe.",
            ]
        );
    }

    /// trafilatura runs the headline into a page's only paragraph, spaced or not.
    #[test]
    fn a_one_paragraph_page_keeps_its_headline_out_of_the_body() {
        let cleaned = extract(
            "<html><head><title>Crane cables found corroded</title></head><body><article>\
             <h1>Crane cables found corroded</h1>\n<p>Inspectors found corroded cables on the \
             harbour crane on Monday, the port authority said.</p></article></body></html>",
        );
        assert_eq!(
            cleaned.body,
            [
                "Inspectors found corroded cables on the harbour crane on Monday, the port authority said."
            ]
        );
        assert!(
            cleaned
                .removed
                .iter()
                .any(|line| line.text == "Crane cables found corroded"),
            "the headline is accounted for in removed"
        );
    }

    #[test]
    fn body_is_the_article_without_nav_footer_or_title() {
        let cleaned = extract(&page());
        let body = cleaned.body.join("\n\n");
        for paragraph in PARAGRAPHS {
            assert!(
                body.contains(paragraph),
                "missing {paragraph:?} in {body:?}"
            );
        }
        for boilerplate in [
            "menu link",
            "footer",
            "Most read",
            "chess",
            "Photo: Sam Lens",
        ] {
            assert!(
                !body.contains(boilerplate),
                "{boilerplate:?} leaked into {body:?}"
            );
        }
        assert!(
            !cleaned
                .body
                .iter()
                .any(|p| p == "Harbour channel to be dredged")
        );
        assert_eq!(
            cleaned.metadata.title.as_deref(),
            Some("Harbour channel to be dredged")
        );
        assert_eq!(cleaned.metadata.site.as_deref(), Some("Coastal Gazette"));
        assert_eq!(cleaned.metadata.byline, ["Morgan Tide"]);
        assert_eq!(
            cleaned.metadata.date.as_deref(),
            Some("2024-02-12T08:00:00Z")
        );
    }

    #[test]
    fn text_loose_in_a_div_next_to_inline_elements_is_kept() {
        let loose: String = PARAGRAPHS
            .iter()
            .map(|p| p.replacen("board", "<em>board</em>", 1))
            .collect::<Vec<_>>()
            .join("<br><br>\n");
        let page = format!(
            r#"<html><head><title>Harbour</title></head><body>
            <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
            <article><div class="story-body">{loose}</div></article>
            <footer>Copyright footer text</footer></body></html>"#
        );
        let cleaned = extract(&page);
        assert_eq!(cleaned.body, PARAGRAPHS);
    }

    #[test]
    fn body_text_is_normalised() {
        let page = page().replace("Work is due", "Work\u{00AD} is\u{202E} due\r\n\t");
        let cleaned = extract(&page);
        let body = cleaned.body.join("\n\n");
        assert!(body.contains("Work is due"));
        assert!(!body.contains(['\u{00AD}', '\u{202E}', '\r', '\t']));
    }

    #[test]
    fn empty_and_hostile_input_do_not_panic() {
        for html in [
            "",
            "<",
            "<html><body></body></html>",
            "\u{0}\u{1b}[31m<p>x</p>",
            "<script type=\"application/ld+json\">[[[[[[[[[[[[</script>",
        ] {
            let cleaned = extract(html);
            assert!(cleaned.body.iter().all(|p| !p.is_empty()));
        }
        let deep = "<div>".repeat(5_000) + "text" + &"</div>".repeat(5_000);
        let cleaned = extract(&deep);
        assert_eq!(cleaned.body, ["text"]);
        assert_eq!(cleaned.warnings.len(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn tag_soup_never_panics(
            html in "(<(p|div|em|br|figure|figcaption|script|a|span|article|time|meta)( datetime=\"2020-01-0[1-9]\")?>|</(p|div|em|figure|article|span)>|[a-zé ,.&;]{1,12}|\\PC){0,40}"
        ) {
            let cleaned = extract(&html);
            proptest::prop_assert!(cleaned.body.iter().all(|p| !p.trim().is_empty()));
        }
    }

    #[test]
    fn paragraphs_repeating_a_caption_are_removed() {
        let mut paragraphs = vec![
            "Boats waiting for the tide. (Photo: Sam Lens)".to_string(),
            "Body text.".to_string(),
            "Boats waiting for the tide.".to_string(),
        ];
        let captions = [Caption {
            text: "Boats waiting for the tide.".into(),
            credit: Some("Sam Lens".into()),
        }];
        let mut removed = Vec::new();
        drop_captions(&mut paragraphs, &captions, &mut removed);
        assert_eq!(paragraphs, ["Body text."]);
        assert_eq!(removed.len(), 2);
        assert!(
            removed
                .iter()
                .all(|line| line.reason == RemovalReason::Caption)
        );
    }

    #[test]
    fn repeated_headline_is_recorded_as_removed() {
        let mut paragraphs = vec![
            "Kicker".to_string(),
            "The Head-line!".to_string(),
            "Body.".to_string(),
        ];
        let mut removed = Vec::new();
        drop_repeated_headline(&mut paragraphs, "The head line", &mut removed);
        assert_eq!(paragraphs, ["Kicker", "Body."]);
        assert_eq!(removed[0].reason, RemovalReason::RepeatedHeadline);
    }
}
