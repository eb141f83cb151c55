//! The accounting invariant for HTML: every paragraph a reader could see on the page
//! ends up in the body, the metadata, a caption, or `removed` with its reason. The
//! extractors only say what they kept; what they passed over is found here, by
//! looking for each visible paragraph in everything the cleaning kept or listed.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use scraper::Html;

use super::blocks::visible_paragraphs;
use crate::article::model::{Caption, Metadata, RemovalReason, RemovedLine};
use crate::article::normalize::normalize;

/// Everything the cleaning put somewhere, as one text to search.
pub struct Accounted<'a> {
    pub metadata: &'a Metadata,
    pub captions: &'a [Caption],
    pub body: &'a [String],
    pub removed: &'a [RemovedLine],
}

/// Text compared with its whitespace taken out: extractors space text differently
/// around inline elements ("North , Ahmad" for "North, Ahmad") and cut paragraphs at
/// different places, and neither changes what was accounted for.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Accounted<'_> {
    /// Body paragraphs are searched as one run so a page paragraph the body splits in
    /// two is still found; separate places are kept apart by a character no text has.
    fn haystack(&self) -> String {
        let metadata = self.metadata;
        let mut places: Vec<&str> = Vec::new();
        places.extend(metadata.title.as_deref());
        places.extend(metadata.byline.iter().map(String::as_str));
        places.extend(metadata.date_raw.as_deref());
        places.extend(metadata.section.as_deref());
        places.extend(metadata.site.as_deref());
        for caption in self.captions {
            places.push(&caption.text);
            places.extend(caption.credit.as_deref());
        }
        places.extend(self.removed.iter().map(|line| line.text.as_str()));
        let mut haystack = squeezed(&self.body.concat());
        for place in places {
            haystack.push('\u{0}');
            haystack.push_str(&squeezed(place));
        }
        haystack
    }
}

/// The page's visible paragraphs found nowhere in `accounted`, in page order, as
/// removed lines; a paragraph the body holds only part of is listed whole.
pub fn unaccounted(document: &Html, accounted: &Accounted) -> Vec<RemovedLine> {
    let mut paragraphs: Vec<String> = visible_paragraphs(document)
        .iter()
        .map(|paragraph| normalize(paragraph))
        .filter(|paragraph| !paragraph.trim().is_empty())
        .collect();
    let mut seen = HashSet::new();
    paragraphs.retain(|paragraph| seen.insert(paragraph.clone()));
    let needles: Vec<String> = paragraphs.iter().map(|p| squeezed(p)).collect();
    let haystack = accounted.haystack();
    let mut found = vec![false; needles.len()];
    if let Ok(searcher) = AhoCorasick::new(&needles) {
        for hit in searcher.find_overlapping_iter(&haystack) {
            found[hit.pattern().as_usize()] = true;
        }
    }
    paragraphs
        .into_iter()
        .zip(found)
        .filter(|(_, found)| !found)
        .map(|(text, _)| RemovedLine {
            line: None,
            text,
            reason: RemovalReason::OutsideArticle,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::*;

    #[test]
    fn text_passed_over_is_listed_once_and_body_text_is_not() {
        let sentence = "The harbour board said on Tuesday that the new pier would open in the spring, \
                        two years later than planned, after the steel supplier failed.";
        let page = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
             <article><h1>Pier opening slips</h1><p>{sentence}</p><p>{sentence} Again.</p>\
             <p>{sentence} Once more.</p></article>\
             <div><a href=/x>Share</a></div><div><a href=/y>Share</a></div></body></html>"
        );
        let cleaned = extract(&page);
        let passed_over: Vec<&str> = cleaned
            .removed
            .iter()
            .filter(|line| line.reason == RemovalReason::OutsideArticle)
            .map(|line| line.text.as_str())
            .collect();
        assert_eq!(passed_over, ["Home News", "Share"]);
        assert!(cleaned.body.iter().any(|p| p == sentence));
    }
}
