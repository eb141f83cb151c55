//! Claim suggestions: cue, label, negation, content and source for every attribution
//! or qualification in an article's text.

pub mod cues;
pub mod lexicon;
pub mod structure;

use std::ops::Range;

use cues::find_cues;
use lexicon::{CueKind, Lexicon};
use structure::{according_to_is_unnamed, structure};

use super::sentences::sentences;
use super::words::tokenize;

/// A suggested claim. Ranges are bytes into the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSuggestion {
    pub content: Range<usize>,
    pub cue: Range<usize>,
    pub label: String,
    pub negated: bool,
    pub source: Option<Range<usize>>,
}

/// Every claim in `text`, in text order.
pub fn detect_claims(text: &str, lexicon: &Lexicon) -> Vec<ClaimSuggestion> {
    let mut claims = Vec::new();
    for sentence in sentences(text) {
        let offset = sentence.start;
        let sentence_text = &text[sentence];
        let tokens = tokenize(sentence_text);
        for cue in find_cues(lexicon, sentence_text, &tokens) {
            let Some(own_label) = cue.pattern.label else {
                continue;
            };
            let parts = structure(sentence_text, &tokens, &cue, &lexicon.titles);
            let label_index = match cue.pattern.kind {
                CueKind::AccordingTo if according_to_is_unnamed(&tokens, cue.end) => {
                    lexicon.label_index("reportedly").unwrap_or(own_label)
                }
                _ => own_label,
            };
            let shift = |range: Range<usize>| range.start + offset..range.end + offset;
            let unnamed_source =
                cue.pattern.kind == CueKind::AccordingTo && label_index != own_label;
            claims.push(ClaimSuggestion {
                content: shift(parts.content),
                cue: shift(tokens[cue.first].span.start..tokens[cue.end - 1].span.end),
                label: lexicon.labels[label_index].name.clone(),
                negated: cue.negated,
                source: parts.source.filter(|_| !unnamed_source).map(shift),
            });
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, bool, Option<String>)> {
        detect_claims(text, &Lexicon::built_in())
            .into_iter()
            .map(|c| {
                (
                    text[c.cue].to_string(),
                    c.label,
                    c.negated,
                    c.source.map(|s| text[s].to_string()),
                )
            })
            .collect()
    }

    fn claim(
        cue: &str,
        label: &str,
        negated: bool,
        source: Option<&str>,
    ) -> (String, String, bool, Option<String>) {
        (cue.into(), label.into(), negated, source.map(String::from))
    }

    #[test]
    fn reporting_verbs_name_their_subject() {
        assert_eq!(
            found("Talks were held in Florida on March 11, Special Envoy Steve Witkoff announced."),
            [claim("announced", "said", false, Some("Steve Witkoff"))]
        );
        assert_eq!(
            found(
                "Though Russia has allegedly provided Iran with intelligence, Trump has dismissed these reports."
            ),
            [
                claim("allegedly", "alleged", false, None),
                claim("dismissed", "denied", false, Some("Trump"))
            ]
        );
    }

    #[test]
    fn negation_is_an_attribute_and_part_of_the_cue() {
        assert_eq!(
            found("The delegates did not disclose the topic of the negotiations."),
            [claim(
                "did not disclose",
                "disclosed",
                true,
                Some("The delegates")
            )]
        );
        assert_eq!(
            found("The ministry declined to comment."),
            [claim(
                "declined to comment",
                "disclosed",
                true,
                Some("The ministry")
            )]
        );
        assert_eq!(
            found("They paid an undisclosed sum."),
            [claim("undisclosed", "disclosed", true, None)]
        );
    }

    /// The content is what was said, past an adjunct before "that", not the words
    /// before the source.
    #[test]
    fn content_starts_after_that_when_an_adjunct_comes_first() {
        let text = "Union leader Dana Price said on Monday that the cranes had failed.";
        let claims = detect_claims(text, &Lexicon::built_in());
        assert_eq!(&text[claims[0].content.clone()], "the cranes had failed");
        let text = "The mayor wrote on social media that the bridge would reopen.";
        let claims = detect_claims(text, &Lexicon::built_in());
        assert_eq!(&text[claims[0].content.clone()], "the bridge would reopen");
    }

    #[test]
    fn according_to_depends_on_what_follows() {
        assert_eq!(
            found("The plant will close, according to reports."),
            [claim("according to reports", "reportedly", false, None)]
        );
        assert_eq!(
            found("The plant will close, according to the ministry."),
            [claim("according to", "said", false, Some("the ministry"))]
        );
        assert_eq!(found("Everything went according to plan."), []);
    }

    #[test]
    fn words_that_only_look_like_cues_are_not_cues() {
        for text in [
            "She was admitted to hospital on Friday.",
            "The storm claimed the lives of six people.",
            "The club dismissed the coach after the defeat.",
            "Players are supposed to arrive early.",
            "He filed an insurance claim.",
            "Annual reports are due in May.",
            "The stated goal is growth.",
            "The firm added 200 jobs.",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn conjunctions_adverbs_and_possessives_are_never_sources() {
        assert_eq!(
            found("He met the envoy and alleged that the talks were rigged."),
            [claim("alleged", "alleged", false, None)]
        );
        assert_eq!(
            found("She said nothing, then accidentally admitted the plan."),
            [
                claim("said", "said", false, Some("She")),
                claim("admitted", "confirmed", false, None)
            ]
        );
        assert_eq!(
            found("Investigators mapped Epstein’s alleged trafficking ring."),
            [claim("alleged", "alleged", false, None)]
        );
    }

    #[test]
    fn quotes_are_the_content_of_their_attribution() {
        let text = "“The teams discussed a variety of topics,” Witkoff wrote on social media.";
        let claims = detect_claims(text, &Lexicon::built_in());
        assert_eq!(claims.len(), 1);
        assert_eq!(
            &text[claims[0].content.clone()],
            "The teams discussed a variety of topics"
        );
        assert_eq!(claims[0].source.clone().map(|s| &text[s]), Some("Witkoff"));
    }
}
