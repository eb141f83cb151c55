//! The lede rule for HTML: the body starts where the article starts.
//!
//! Both extractors pass over a standfirst or first sentence that a page sets apart from
//! its paragraphs (a subtitle `<span>` under the headline, a bold first line in its own
//! `<div>`), and the story then starts at its second sentence. The blocks a reader sees
//! right above the first kept paragraph (figures, menus and headers passed over) are taken
//! back into the body, up to the first one that is no sentence, the headline,
//! boilerplate, or a block the page names as furniture (an author's bio, a share bar).

use scraper::Html;

use super::blocks::prose_paragraphs;
use super::comparable_words;
use crate::article::model::Caption;
use crate::article::normalize::normalize;
use crate::article::text_dump::reads_as_lede;

/// Most blocks taken back above the body: a standfirst and a first paragraph or two;
/// further up are teasers.
const MAX_LEDE_BLOCKS: usize = 3;

/// Puts back in front of `body` the blocks right above its first paragraph that read
/// as the story's first sentences; says how many.
pub fn restore_lede(
    document: &Html,
    body: &mut Vec<String>,
    title: Option<&str>,
    captions: &[Caption],
) -> usize {
    let Some(first) = body.first() else {
        return 0;
    };
    // Normalised only up to the body's first paragraph: nothing after it is a candidate.
    let visible = prose_paragraphs(document);
    let Some(start) = visible
        .iter()
        .position(|paragraph| normalize(paragraph) == *first)
    else {
        return 0;
    };
    let headline = title.map(comparable_words);
    let is_caption = |text: &str| {
        captions
            .iter()
            .filter(|caption| !caption.text.is_empty())
            .any(|caption| caption.text.contains(text) || text.contains(&caption.text))
    };
    let mut lede: Vec<String> = visible[..start]
        .iter()
        .rev()
        .map(|block| normalize(block))
        .take_while(|block| {
            reads_as_lede(block)
                && !is_caption(block)
                && headline.as_ref() != Some(&comparable_words(block))
                && !body.contains(block)
        })
        .take(MAX_LEDE_BLOCKS)
        .collect();
    lede.reverse();
    let taken = lede.len();
    body.splice(0..0, lede);
    taken
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::restore_lede;

    const BODY: [&str; 2] = [
        "The harbour board approved a plan on Monday to dredge the northern channel, which has silted up so badly that fishing boats can only leave at high tide.",
        "Work is due to start in the spring and will take about eight months, the board said.",
    ];

    /// The body as the extractors chose it, after what stands `above_body` on the page.
    fn restored(above_body: &str) -> Vec<String> {
        let page = format!(
            "<html><body><article><div class=\"head\"><h1>Harbour channel to be dredged</h1>\
             <figure><img src=\"a.jpg\"><figcaption>Boats wait for the tide in the harbour at dawn.</figcaption></figure>\
             {above_body}</div><div class=\"content\"><p>{}</p><p>{}</p></div></article></body></html>",
            BODY[0], BODY[1]
        );
        let mut body: Vec<String> = BODY.iter().map(|p| p.to_string()).collect();
        let taken = restore_lede(
            &Html::parse_document(&page),
            &mut body,
            Some("Harbour channel to be dredged"),
            &[],
        );
        assert_eq!(taken, body.len() - BODY.len());
        body
    }

    #[test]
    fn a_standfirst_set_apart_above_the_body_is_its_first_paragraph() {
        let body = restored(
            "<span class=\"subtitle\">Fishing boats have waited ten years for the work.</span>",
        );
        assert_eq!(body[0], "Fishing boats have waited ten years for the work.");
        assert_eq!(body[1..], BODY);
    }

    #[test]
    fn a_byline_a_label_or_an_author_bio_above_the_body_stays_out_of_it() {
        for above in [
            "<p>By Morgan Tide, 12 February 2024 at 11:04 a.m.</p>",
            "<p>Advertisement</p>",
            "<div class=\"author-bio\">Morgan Tide has covered the coast for the Gazette since the floods of 2009.</div>",
            "<p>Teaser text far up the page, about another story.</p>\
             <div class=\"related\"><p>Councils along the coast weigh similar plans.</p></div>",
        ] {
            assert_eq!(restored(above), BODY, "{above}");
        }
    }
}
