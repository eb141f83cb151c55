//! Recognises the promotional lines publishers drop into article bodies
//! ("READ MORE: …", "Subscribe to …", "Order Reprints"), which both
//! extractors tend to keep because they sit between real paragraphs.

/// Labels that introduce a link to another story when followed by a colon
/// (or nothing): "Related: Another headline".
const LABELS: &[&str] = &[
    "read more",
    "see more",
    "see also",
    "related",
    "related post",
    "related posts",
    "related article",
    "related articles",
    "related stories",
    "related story",
    "recommended",
    "read next",
    "also read",
    "more from",
    "you may also like",
    "you might also like",
    "watch",
    "listen",
];

/// Starts that are promotion whatever follows; matched case-sensitively
/// where the capitals are what gives them away.
const SHOUTED_STARTS: &[&str] = &[
    "DON'T MISS",
    "DON’T MISS",
    "CLICK HERE",
    "READ MORE",
    "SEE MORE",
];
const STARTS: &[&str] = &["subscribe to ", "you may also like", "you might also like"];

/// Whole lines that are page furniture, compared case-insensitively
/// without trailing punctuation.
const LINES: &[&str] = &[
    "advertisement",
    "continue reading",
    "order reprints",
    "print article",
    "read more",
    "share",
    "share this article",
    "subscribe",
];

/// Longer paragraphs are prose, whatever they start with.
const MAX_WORDS: usize = 30;

pub fn is_promotion(paragraph: &str) -> bool {
    let text = paragraph.trim();
    if text.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    let bare = lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    if LINES.contains(&bare) {
        return true;
    }
    if SHOUTED_STARTS.iter().any(|start| text.starts_with(start))
        || STARTS.iter().any(|start| lower.starts_with(start))
    {
        return true;
    }
    LABELS.iter().any(|label| {
        lower
            .strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(':') || rest.trim().is_empty())
    })
}

/// A line of underscores or dashes separates sections; it is not text.
pub fn is_rule(paragraph: &str) -> bool {
    !paragraph.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotions_are_recognised() {
        for line in [
            "READ MORE: Council approves new harbour plan",
            "Related: How the bridge was built",
            "Related post: Spiced plum jam",
            "You may also like:",
            "DON'T MISSBridge closes [VIDEO]",
            "CLICK HERE TO GET THE APP",
            "Subscribe to our newsletter for more.",
            "Order Reprints",
            "Read more",
            "Advertisement",
        ] {
            assert!(is_promotion(line), "{line:?}");
        }
    }

    #[test]
    fn prose_is_not_promotion() {
        for line in [
            "Related to the case, police said two men were arrested.",
            "Watching the tide come in, she said nothing.",
            "Click here to download the game.",
            "Subscribers will get the magazine first.",
            "Read more about it in the report, the minister said, though he did not say where the report could be found or when it would be published, nor who had written it or why.",
        ] {
            assert!(!is_promotion(line), "{line:?}");
        }
    }

    #[test]
    fn rules_have_no_letters() {
        assert!(is_rule("______"));
        assert!(is_rule("* * *"));
        assert!(!is_rule("1."));
    }
}
