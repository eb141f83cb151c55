//! Picture captions from the article, with the photo credit split off.
//!
//! Captions are taken from the extracted article HTML rather than the whole
//! page, so thumbnails of related stories do not count as the article's pictures.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::article::model::Caption;
use crate::article::normalize::normalize_inline;

/// Classes (or microdata names) that mark the credit inside a caption.
const CREDIT_MARKERS: &[&str] = &[
    "credit",
    "copyright",
    "photographer",
    "source",
    "attribution",
];

/// Classes of text meant for screen readers only ("Image caption").
const HIDDEN_MARKERS: &[&str] = &[
    "off-screen",
    "offscreen",
    "visually-hidden",
    "sr-only",
    "screen-reader",
];

/// Elements that flow inside a word or sentence; every other element
/// boundary in a caption is read as a space, since captions often put the
/// credit in a separate span with nothing between it and the text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "em", "i", "q", "strong", "sub", "sup", "u",
];

/// Labels that start a credit written inline at the end of a caption.
const CREDIT_LABELS: &[&str] = &[
    "photograph:",
    "photo credit:",
    "image credit:",
    "picture:",
    "photo:",
    "image:",
    "credit:",
    "credit...",
    "credit…",
    "photograph by",
    "photo by",
    "photos:",
];

pub fn captions(fragment: &str) -> Vec<Caption> {
    let document = Html::parse_fragment(fragment);
    from_document(&document, "figcaption")
}

/// Captions of the `<figure>`s inside the page's `<article>`, for when no
/// extracted article HTML is available.
pub fn article_captions(document: &Html) -> Vec<Caption> {
    from_document(document, "article figcaption")
}

fn from_document(document: &Html, selector: &str) -> Vec<Caption> {
    let Ok(selector) = Selector::parse(selector) else {
        return Vec::new();
    };
    let mut captions: Vec<Caption> = Vec::new();
    for figcaption in document.select(&selector) {
        if let Some(caption) = caption(figcaption)
            && !captions.contains(&caption)
        {
            captions.push(caption);
        }
    }
    captions
}

fn caption(figcaption: ElementRef<'_>) -> Option<Caption> {
    let marked_credit = figcaption
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|element| is_credit_element(*element));
    let credit_id = marked_credit.map(|element| element.id());
    let text = normalize_inline(&text_of(figcaption, credit_id));
    let (text, inline_credit) = split_credit(&text);
    let marked_credit = marked_credit
        .map(|element| normalize_inline(&text_of(element, None)))
        .map(|credit| strip_label(&credit).to_string())
        .filter(|credit| !credit.is_empty());
    let credit = marked_credit.or(inline_credit);
    (!text.is_empty() || credit.is_some()).then_some(Caption { text, credit })
}

fn is_credit_element(element: ElementRef<'_>) -> bool {
    let value = element.value();
    let marked = |name: &str| {
        let name = name.to_ascii_lowercase();
        CREDIT_MARKERS.iter().any(|marker| name.contains(marker))
    };
    matches!(value.name(), "cite" | "small")
        || value.classes().any(marked)
        || value.attr("itemprop").is_some_and(marked)
}

/// The element's text with element boundaries as spaces, leaving out
/// screen-reader-only text and the subtree `except`.
fn text_of(element: ElementRef<'_>, except: Option<ego_tree::NodeId>) -> String {
    let mut out = String::new();
    let mut skipping = 0usize;
    for edge in element.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(child) => {
                    if skipping > 0
                        || Some(node.id()) == except
                        || child.classes().any(|class| {
                            let class = class.to_ascii_lowercase();
                            HIDDEN_MARKERS.iter().any(|marker| class.contains(marker))
                        })
                    {
                        skipping += 1;
                    } else if !INLINE.contains(&child.name()) {
                        out.push(' ');
                    }
                }
                Node::Text(text) if skipping == 0 => out.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(child) = node.value() {
                    if skipping > 0 {
                        skipping -= 1;
                    } else if !INLINE.contains(&child.name()) {
                        out.push(' ');
                    }
                }
            }
        }
    }
    out
}

/// Splits "A crowd at the gate. (Jane Roe/AFP)" or "A crowd. Photo: Jane Roe"
/// into the caption and its credit.
fn split_credit(text: &str) -> (String, Option<String>) {
    let trimmed = text.trim();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let credit = inner[open + 1..].trim();
        let caption = trimmed[..open].trim();
        if !credit.is_empty() && !caption.is_empty() {
            return (caption.to_string(), Some(strip_label(credit).to_string()));
        }
    }
    let lower = trimmed.to_lowercase();
    // Lower-casing can change byte lengths; only use positions when it did not,
    // and slice with `get` so a shifted boundary gives up instead of panicking.
    if lower.len() == trimmed.len() {
        let found = CREDIT_LABELS
            .iter()
            .filter_map(|label| {
                let at = lower.rfind(label)?;
                let starts_word = at == 0
                    || lower[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_alphanumeric());
                starts_word.then_some((at, label.len()))
            })
            .max_by_key(|(at, _)| *at);
        if let Some((at, label_len)) = found
            && let (Some(before), Some(after)) = (trimmed.get(..at), trimmed.get(at + label_len..))
        {
            let credit = after.trim();
            let caption = before
                .trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '/')
                })
                .trim();
            if !credit.is_empty() {
                return (caption.to_string(), Some(credit.to_string()));
            }
        }
    }
    (trimmed.to_string(), None)
}

fn strip_label(credit: &str) -> &str {
    let mut credit = credit.trim();
    if let Some(inner) = credit.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
        credit = inner.trim();
    }
    let lower = credit.to_lowercase();
    for label in CREDIT_LABELS {
        if lower.starts_with(label) && credit.is_char_boundary(label.len()) {
            return credit[label.len()..].trim();
        }
    }
    credit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(html: &str) -> Caption {
        let mut all = captions(html);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn parenthesised_credit_is_split_off() {
        let caption = one(
            "<figure><figcaption>Boats in the harbour. (Jane Roe/AFP via Getty Images)</figcaption></figure>",
        );
        assert_eq!(caption.text, "Boats in the harbour.");
        assert_eq!(
            caption.credit.as_deref(),
            Some("Jane Roe/AFP via Getty Images")
        );
    }

    #[test]
    fn labelled_credit_is_split_off() {
        let caption = one("<figcaption>The new bridge at dusk. Photo: Sam Lens</figcaption>");
        assert_eq!(caption.text, "The new bridge at dusk.");
        assert_eq!(caption.credit.as_deref(), Some("Sam Lens"));
        let caption = one("<figcaption>The new bridge | Photograph: Sam Lens/Agency</figcaption>");
        assert_eq!(caption.text, "The new bridge");
        assert_eq!(caption.credit.as_deref(), Some("Sam Lens/Agency"));
    }

    #[test]
    fn marked_up_credit_is_used() {
        let caption = one(
            r#"<figcaption><span>Crowds at the gate</span> <span class="image-credit">Credit: Ann Lee</span></figcaption>"#,
        );
        assert_eq!(caption.text, "Crowds at the gate");
        assert_eq!(caption.credit.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn spans_are_separate_words_and_hidden_labels_are_dropped() {
        let caption = one(
            r#"<figcaption><span class="off-screen">Image caption</span>The mayor speaks.<span itemprop="copyrightHolder">Credit...Ann Lee/Agency</span></figcaption>"#,
        );
        assert_eq!(caption.text, "The mayor speaks.");
        assert_eq!(caption.credit.as_deref(), Some("Ann Lee/Agency"));
        let caption = one("<figcaption><p>Dunes at dawn.</p><small>(Bo Chan)</small></figcaption>");
        assert_eq!(caption.text, "Dunes at dawn.");
        assert_eq!(caption.credit.as_deref(), Some("Bo Chan"));
    }

    #[test]
    fn caption_without_credit_and_duplicates() {
        let all = captions(
            "<figcaption>Just words</figcaption><figcaption>Just words</figcaption><figcaption> </figcaption>",
        );
        assert_eq!(
            all,
            [Caption {
                text: "Just words".into(),
                credit: None
            }]
        );
    }

    proptest::proptest! {
        #[test]
        fn splitting_never_panics(text in "\\PC{0,60}") {
            let _ = split_credit(&text);
            let _ = strip_label(&text);
        }

        #[test]
        fn splitting_odd_case_text_never_panics(text in "(İ|ß|ẞ|Σ|é|x| |\\(|\\)|photo:|Credit\\.\\.\\.){0,12}") {
            let _ = split_credit(&text);
            let _ = strip_label(&text);
        }
    }

    #[test]
    fn photographic_words_inside_the_caption_are_not_credits() {
        let caption = one("<figcaption>A photographer: working late</figcaption>");
        assert_eq!(caption.credit, None);
    }
}
