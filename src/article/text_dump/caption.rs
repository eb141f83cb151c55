//! Photo captions and credits.
//!
//! Captions read like prose, so the body chooser would happily keep them; what gives them
//! away is the credit, either in trailing parentheses ("(Jane Roe/AFP via Getty Images)")
//! or after a label ("Photo: Jane Roe", "Image copyright EPA").

use crate::article::model::Caption;

/// Longest credit, in words: agencies and photographers, never a sentence.
const CREDIT_MAX_WORDS: usize = 10;
/// Longest line, in words, checked for a labelled credit: captions are a sentence or
/// two, and skipping long paragraphs keeps the search off most of a dump's bytes.
const CAPTION_MAX_WORDS: usize = 150;

/// Words that make a parenthesised tail a photo credit rather than an aside.
const CREDIT_MARKERS: &[&str] = &[
    "afp",
    "ap photo",
    "associated press",
    "courtesy",
    "credit",
    "epa",
    "file photo",
    "getty",
    "image",
    "imago",
    "photo",
    "pool",
    "reuters",
    "shutterstock",
    "via ",
];

/// Labels that introduce a credit, at the start of a line or after the caption text.
const CREDIT_LABELS: &[&str] = &[
    "photo:",
    "photos:",
    "photograph:",
    "photo by",
    "photo credit:",
    "picture:",
    "image:",
    "image credit:",
    "image copyright",
    "image source:",
    "credit:",
    "credit...",
    "credit…",
    "foto:",
    "bild:",
    "фото:",
];

/// Gallery widgets print this alone on a line above or below the caption.
const CAPTION_WORD: &str = "caption";

/// Agencies and picture desks, matched as whole words in credits printed without a label
/// ("Jane Roe | Bloomberg | Getty Images", "Jane Roe / AP file").
const AGENCIES: &[&str] = &[
    "AFP",
    "ANP",
    "AP",
    "Alamy",
    "Bloomberg",
    "EPA",
    "Getty",
    "PA",
    "Pool",
    "Reuters",
    "Shutterstock",
    "Xinhua",
    "dpa",
];

/// Labels some sites print before the caption text itself.
const CAPTION_LABELS: &[&str] = &[
    "image caption ",
    "media caption ",
    "caption: ",
    "pictured: ",
];

/// Splits a caption line into its text and credit, or `None` when the line is no caption.
/// A line that is only a credit ("Photo: Jane Roe") comes back with empty text.
pub fn parse(line: &str) -> Option<Caption> {
    if line.eq_ignore_ascii_case(CAPTION_WORD) {
        return Some(Caption {
            text: String::new(),
            credit: None,
        });
    }
    labelled_caption(line)
        .or_else(|| parenthesised_credit(line))
        .or_else(|| labelled_credit(line))
        .or_else(|| agency_credit(line))
}

/// A credit naming an agency after a slash or bar, alone on its line or after the caption's
/// last sentence: "Jane Roe | Bloomberg | Getty Images", "... in 2019. Jane Roe / AP file".
fn agency_credit(line: &str) -> Option<Caption> {
    if !line.contains(['/', '|']) {
        return None;
    }
    if is_agency_credit(line) {
        return Some(Caption {
            text: String::new(),
            credit: Some(line.to_string()),
        });
    }
    let (at, _) = line
        .match_indices(". ")
        .find(|&(at, _)| is_agency_credit(&line[at + 2..]))?;
    Some(Caption {
        text: line[..=at].to_string(),
        credit: Some(line[at + 2..].to_string()),
    })
}

fn is_agency_credit(text: &str) -> bool {
    text.contains(['/', '|'])
        && is_credit(text)
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| AGENCIES.contains(&word))
}

fn labelled_caption(line: &str) -> Option<Caption> {
    let label = CAPTION_LABELS.iter().find(|label| {
        line.get(..label.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(label))
    })?;
    let text = &line[label.len()..];
    let credited = parenthesised_credit(text).or_else(|| labelled_credit(text));
    Some(credited.unwrap_or_else(|| Caption {
        text: text.to_string(),
        credit: None,
    }))
}

fn parenthesised_credit(line: &str) -> Option<Caption> {
    let inner_end = line.strip_suffix(')')?;
    let open = inner_end.rfind('(')?;
    let credit = inner_end[open + 1..].trim();
    let text = inner_end[..open].trim_end();
    if text.is_empty() || !is_credit(credit) {
        return None;
    }
    let lower = credit.to_lowercase();
    let marked = credit.contains('/') || CREDIT_MARKERS.iter().any(|m| lower.contains(m));
    marked.then(|| Caption {
        text: text.to_string(),
        credit: Some(credit.to_string()),
    })
}

fn labelled_credit(line: &str) -> Option<Caption> {
    // Every label has a colon, "by", "copyright" or "credit" in it; most lines have none.
    let may_have_label = line.contains(':')
        || line.contains(" by ")
        || line.contains("opyright")
        || line.contains("redit");
    if !may_have_label || line.split_whitespace().nth(CAPTION_MAX_WORDS).is_some() {
        return None;
    }
    let lower = line.to_lowercase();
    // Lowercasing can change byte lengths (e.g. 'İ'), so only trust positions when it did not.
    if lower.len() != line.len() {
        return None;
    }
    // Labels start words, so only word starts need checking, from the end of the line.
    let word_starts = std::iter::once(0).chain(lower.match_indices(' ').map(|(at, _)| at + 1));
    let (at, label) = word_starts
        .filter_map(|at| {
            let rest = &lower[at..];
            CREDIT_LABELS
                .iter()
                .find(|label| rest.starts_with(**label))
                .map(|label| (at, *label))
        })
        .next_back()?;
    let before = line[..at].trim_end();
    if !before.is_empty() && !before.ends_with(['.', '!', '?', '"', '”', ')', '|', '-', '—']) {
        return None;
    }
    let credit = line[at + label.len()..].trim_matches([' ', ':', '|']);
    if credit.is_empty() || !is_credit(credit) {
        return None;
    }
    Some(Caption {
        text: before.trim_end_matches(['|', '-', '—', ' ']).to_string(),
        credit: Some(credit.to_string()),
    })
}

/// Short, and not a sentence: a credit names people and agencies and stops. A final
/// period is allowed only after an initial ("Photo: Gene J.").
fn is_credit(credit: &str) -> bool {
    let words: Vec<&str> = credit.split_whitespace().collect();
    let ends_like_sentence = credit.ends_with(['!', '?'])
        || credit.ends_with('.')
            && words
                .last()
                .is_none_or(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1);
    (1..=CREDIT_MAX_WORDS).contains(&words.len()) && !ends_like_sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_parenthesised_credit_is_split_off() {
        let caption = parse(
            "The mayor opens the new tram line in Fenwick on May 2, 2031. (Jane Roe/Harbour Press via Getty Images)",
        )
        .unwrap();
        assert_eq!(
            caption.text,
            "The mayor opens the new tram line in Fenwick on May 2, 2031."
        );
        assert_eq!(
            caption.credit.as_deref(),
            Some("Jane Roe/Harbour Press via Getty Images")
        );
    }

    #[test]
    fn labelled_credit_alone_or_after_text() {
        let alone = parse("Photo: Harbour Gazette").unwrap();
        assert_eq!(alone.text, "");
        assert_eq!(alone.credit.as_deref(), Some("Harbour Gazette"));
        let after = parse("Crowds gather at the pier. Photo: Sam Lee/Reuters").unwrap();
        assert_eq!(after.text, "Crowds gather at the pier.");
        assert_eq!(after.credit.as_deref(), Some("Sam Lee/Reuters"));
        assert_eq!(
            parse("Image copyright EPA").and_then(|c| c.credit),
            Some("EPA".to_string())
        );
        assert_eq!(
            parse("The pier at dawn. Credit... Dana Ruiz/Harbour Press").and_then(|c| c.credit),
            Some("Dana Ruiz/Harbour Press".to_string())
        );
        assert_eq!(
            parse("Фото: Анна Петрова").and_then(|c| c.credit),
            Some("Анна Петрова".to_string())
        );
        assert_eq!(
            parse("Photo: Dana K. Ruiz").and_then(|c| c.credit),
            Some("Dana K. Ruiz".to_string())
        );
    }

    #[test]
    fn agency_credits_without_a_label() {
        let alone = parse("Dana Ruiz | Bloomberg | Getty Images").unwrap();
        assert_eq!(alone.text, "");
        let after = parse("The mayor at the pier on May 2, 2031. J. Dana Ruiz / AP file").unwrap();
        assert_eq!(after.text, "The mayor at the pier on May 2, 2031.");
        assert_eq!(after.credit.as_deref(), Some("J. Dana Ruiz / AP file"));
        assert!(parse("Fares rose 4/5 of the way. Riders and staff / unions object").is_none());
    }

    #[test]
    fn labelled_captions_keep_their_text() {
        let caption = parse("Image caption The pier reopened after repairs").unwrap();
        assert_eq!(caption.text, "The pier reopened after repairs");
        assert_eq!(caption.credit, None);
    }

    #[test]
    fn asides_in_parentheses_are_not_credits() {
        assert!(parse("Turnout rose sharply (by a third compared with 2027)").is_none());
        assert!(parse("The minister (who resigned in May) declined to comment.").is_none());
        assert!(parse("Voters said the photo: was fake").is_none());
    }
}
