//! Boilerplate that can be recognised from one line alone.
//!
//! Each rule only fires on lines short enough to be page furniture, so a sentence that
//! happens to mention "cookies" or "comments" stays in the article. Editorial notes are
//! checked first and never removed: they change what the article says.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::features::{Features, strip_bullet, words};
use crate::article::model::RemovalReason;

/// Longest line, in words, that a furniture phrase rule may remove.
const FURNITURE_MAX_WORDS: usize = 12;

/// Longest newsletter or subscription pitch, in words.
const PITCH_MAX_WORDS: usize = 30;

/// Words of newsletter and subscription pitches.
const PITCH_WORDS: &[&str] = &[
    "subscribe",
    "subscription",
    "newsletter",
    "sign up",
    "inbox",
];

/// Longest counter or reading-time line, in words ("Reading time: 3 minutes").
const COUNTER_MAX_WORDS: usize = 6;

/// Longest cookie or legal notice, in words: consent banners run to a few sentences.
const LEGAL_MAX_WORDS: usize = 60;

/// Lines that start this way are editors speaking to readers about the article itself.
const EDITORIAL_NOTES: &[&str] = &[
    "correction:",
    "corrections:",
    "clarification:",
    "editor's note:",
    "editor’s note:",
    "editors' note:",
    "editors’ note:",
    "update:",
    "updated to",
    "this article has been updated",
    "this story has been updated",
    "an earlier version of this",
];

const ADVERTISEMENT: &[&str] = &[
    "ad",
    "ads",
    "advertisement",
    "advertisements",
    "advertising",
    "anzeige",
    "article continues below advertisement",
    "continue reading below",
    "paid content",
    "paid post",
    "promoted",
    "publicidad",
    "scroll to continue with content",
    "sponsored",
    "sponsored content",
    "story continues below",
    "story continues below advertisement",
    "реклама",
];

const SHARE_WORDS: &[&str] = &[
    "copy",
    "copy link",
    "email",
    "e-mail",
    "facebook",
    "flipboard",
    "google+",
    "instagram",
    "linkedin",
    "messenger",
    "pin",
    "pinterest",
    "pocket",
    "print",
    "reddit",
    "share",
    "sms",
    "telegram",
    "tumblr",
    "tweet",
    "twitter",
    "whatsapp",
    "youtube",
];

const SHARE_PREFIXES: &[&str] = &[
    "share this",
    "share on",
    "share via",
    "share with",
    "share the",
    "share:",
    "click to share",
    "click to email",
    "click to print",
    "follow us",
    "follow @",
    "follow on",
    "like us on",
    "connect with us",
    "find us on",
    "we are social",
    "copy this link",
    "send this",
];

const COMMENT_PROMPTS: &[&str] = &[
    "add a comment",
    "be the first to comment",
    "comment",
    "comments",
    "comments are closed",
    "conversation",
    "discussion",
    "join the conversation",
    "join the discussion",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "reply",
    "share your thoughts",
    "show comments",
    "view comments",
    "what do you think",
    "write a comment",
];

/// "10 thoughts on “Headline”", "3 responses to ...": the heading of a blog's comments.
const COMMENT_HEADING_WORDS: &[&str] = &[
    "comments on",
    "responses to",
    "replies to",
    "thoughts on",
    "comments",
    "responses",
    "replies",
];

const COMMENT_PREFIXES: &[&str] = &[
    "you must be logged in to",
    "comments are",
    "leave a reply",
    "cancel reply",
    "view all comments",
    "load comments",
    "read comments",
];

const PROMOTION_PREFIXES: &[&str] = &[
    "subscribe",
    "sign up for",
    "sign up to",
    "click here to subscribe",
    "get our newsletter",
    "get the latest",
    "newsletter",
    "download our app",
    "download the app",
    "become a member",
    "become a subscriber",
    "support our journalism",
    "enter your email",
    "already a subscriber",
    "already have an account",
    "want more",
    "don't miss",
    "don’t miss",
];

const NAVIGATION: &[&str] = &[
    "back to gallery",
    "back to top",
    "close",
    "continue reading the main story",
    "home",
    "homepage",
    "log in",
    "login",
    "main menu",
    "menu",
    "more",
    "next",
    "next article",
    "next story",
    "open menu",
    "previous",
    "previous article",
    "register",
    "search",
    "sections",
    "sign in",
    "sign out",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "toggle navigation",
    "top",
    "load more",
    "show more",
    "see all",
    "view all",
    "view gallery",
];

const RELATED_PREFIXES: &[&str] = &[
    "related:",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related coverage",
    "related",
    "read more:",
    "read more",
    "read next",
    "read also",
    "also read",
    "see also",
    "more from",
    "more on this",
    "more stories",
    "more news",
    "recommended",
    "you may also like",
    "you might also like",
    "you may like",
    "most popular",
    "most read",
    "most viewed",
    "popular stories",
    "trending",
    "top stories",
    "latest news",
    "latest stories",
    "recent posts",
    "recommended stories",
    "what to read next",
    "explore further",
];

/// Headings of what follows an article rather than belonging to it.
const APPENDIX_HEADINGS: &[&str] = &[
    "bibliography",
    "footnotes",
    "further reading",
    "references",
    "sources",
];

const LEGAL_PREFIXES: &[&str] = &[
    "copyright",
    "all rights reserved",
    "privacy policy",
    "cookie policy",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "terms & conditions",
    "do not sell my",
    "your privacy",
    "ad choices",
    "adchoices",
    "accessibility",
];

/// Every legal phrase contains one of these; most lines contain none, and five searches
/// are cheaper than fourteen.
const LEGAL_ANCHORS: &[&str] = &["by ", "cookie", "copyright", "may not", "rights"];

const LEGAL_PHRASES: &[&str] = &[
    "all rights reserved",
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "uses cookies to",
    "accept cookies",
    "cookie settings",
    "manage cookies",
    "by continuing to use",
    "by using this site",
    "by using our site",
    "may not be published, broadcast, rewritten",
    "may not be reproduced",
    "subject to copyright",
];

const COUNTER_NOUNS: &[&str] = &[
    "comment",
    "comments",
    "like",
    "likes",
    "reaction",
    "reactions",
    "replies",
    "reply",
    "share",
    "shares",
    "view",
    "views",
    "reads",
    "retweets",
    "kommentare",
    "commentaires",
    "comentarios",
    "comentários",
];

/// The reason a line is boilerplate on its own, or `None` when it may be article text.
pub fn classify(line: &str, features: &Features) -> Option<RemovalReason> {
    let (item, _) = strip_bullet(line);
    if item.is_empty() || !item.chars().any(char::is_alphanumeric) {
        return Some(RemovalReason::Empty);
    }
    if features.words > LEGAL_MAX_WORDS {
        return None;
    }
    let lower = item.to_lowercase();
    if is_editorial_note(&lower) {
        return None;
    }
    if is_legal(&lower) {
        return Some(RemovalReason::LegalFooter);
    }
    if features.words <= COUNTER_MAX_WORDS {
        if is_counter(&lower) {
            return Some(RemovalReason::Counter);
        }
        if is_reading_time(&lower) {
            return Some(RemovalReason::ReadingTime);
        }
    }
    if features.words <= PITCH_MAX_WORDS && is_pitch(&lower) {
        return Some(RemovalReason::Promotion);
    }
    // Before the length limit: the heading quotes the article's (long) title.
    if is_comment_heading(&lower) {
        return Some(RemovalReason::CommentPrompt);
    }
    if features.words > FURNITURE_MAX_WORDS {
        return None;
    }
    let bare = lower.trim_end_matches([':', '.', '!', '?', '»', '›', '>', ' ', '|', '…']);
    if let Some(reason) = exact_reason(bare) {
        return Some(reason);
    }
    if is_share_prompt(bare) {
        return Some(RemovalReason::SharePrompt);
    }
    if starts_with_any(&lower, COMMENT_PREFIXES) {
        return Some(RemovalReason::CommentPrompt);
    }
    if starts_with_word(&lower, PROMOTION_PREFIXES)
        && (!features.ends_sentence || features.words <= 8)
    {
        return Some(RemovalReason::Promotion);
    }
    if is_related(&lower, bare, features) || is_more_heading(item) {
        return Some(RemovalReason::RelatedLinks);
    }
    None
}

/// A pitch speaks to the reader about subscribing: "Subscribe to our sister title",
/// "Let our news meet your inbox", "You can unsubscribe at any time".
fn is_pitch(lower: &str) -> bool {
    PITCH_WORDS.iter().any(|word| lower.contains(word))
        && (starts_with_word(lower, PROMOTION_PREFIXES)
            || words(lower).any(|w| matches!(w, "you" | "your" | "our")))
}

/// The reason for a line that is exactly one of the furniture phrases. One hash lookup
/// per line instead of a scan of every list keeps menu-heavy pages fast.
fn exact_reason(bare: &str) -> Option<RemovalReason> {
    static EXACT: OnceLock<HashMap<&'static str, RemovalReason>> = OnceLock::new();
    let map = EXACT.get_or_init(|| {
        // Earlier lists win where a phrase is in two, so they are inserted last.
        let lists = [
            (APPENDIX_HEADINGS, RemovalReason::RelatedLinks),
            (NAVIGATION, RemovalReason::Navigation),
            (COMMENT_PROMPTS, RemovalReason::CommentPrompt),
            (SHARE_WORDS, RemovalReason::SharePrompt),
            (ADVERTISEMENT, RemovalReason::Advertisement),
        ];
        let mut map = HashMap::new();
        for (phrases, reason) in lists {
            for phrase in phrases {
                map.insert(*phrase, reason);
            }
        }
        map
    });
    map.get(bare).copied()
}

/// "Correction: ...", "Editor's note: ...": editors speaking about the article itself.
pub fn is_editorial_note(line: &str) -> bool {
    EDITORIAL_NOTES.iter().any(|note| {
        line.get(..note.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(note))
    })
}

fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    find_prefix(text, prefixes).is_some()
}

/// The first of `prefixes` that `text` starts with. Comparing the first byte before the
/// whole prefix skips nearly every comparison, which adds up over a page of menu lines.
fn find_prefix<'a>(text: &str, prefixes: &[&'a str]) -> Option<&'a str> {
    let first = text.as_bytes().first()?;
    prefixes
        .iter()
        .find(|prefix| prefix.as_bytes().first() == Some(first) && text.starts_with(**prefix))
        .copied()
}

/// Like [`starts_with_any`], but the prefix must end a word: "subscribe" is not "subscribers".
fn starts_with_word(text: &str, prefixes: &[&str]) -> bool {
    let first = text.as_bytes().first();
    prefixes.iter().any(|prefix| {
        prefix.as_bytes().first() == first
            && text
                .strip_prefix(prefix)
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

fn is_legal(lower: &str) -> bool {
    lower.starts_with('©')
        || lower.contains("© ")
        || lower.contains("(c) 20")
        || starts_with_any(lower, LEGAL_PREFIXES) && words(lower).count() <= FURNITURE_MAX_WORDS
        || LEGAL_ANCHORS.iter().any(|anchor| lower.contains(anchor))
            && LEGAL_PHRASES.iter().any(|phrase| lower.contains(phrase))
}

/// "Share", "Share this with Facebook", "Tweet", "Follow us on Twitter": the social bar.
fn is_share_prompt(bare: &str) -> bool {
    if starts_with_any(bare, SHARE_PREFIXES) {
        return true;
    }
    // Several share targets glued together, as icon rows come out ("FacebookTwitterEmail").
    let mut rest = bare;
    let mut targets = 0;
    while let Some(target) = SHARE_WORDS
        .iter()
        .filter(|word| word.len() > 3)
        .find(|word| rest.starts_with(**word))
    {
        rest = rest[target.len()..].trim_start_matches([' ', ',', '|', '/']);
        targets += 1;
    }
    targets >= 2 && rest.is_empty()
}

/// A count followed by what blogs call their comments: "10 thoughts on “Headline”".
/// Short headings that end in "comments" ("Top Rated Comments", "Reader comments") too.
fn is_comment_heading(lower: &str) -> bool {
    let lower = lower.trim_start_matches(['[', '(', ' ']);
    if lower.split_whitespace().count() <= 4
        && lower
            .trim_end_matches([']', ')', ' ', ':'])
            .ends_with("comments")
    {
        return true;
    }
    if !lower.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let Some((number, rest)) = lower.split_once(' ') else {
        return false;
    };
    is_count(number) && COMMENT_HEADING_WORDS.iter().any(|w| rest.starts_with(w))
}

/// "12 comments", "1.2K shares", "84.1K", "Image 1 of 23": numbers that only count things.
fn is_counter(lower: &str) -> bool {
    if !lower.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let gallery = |word: &str| {
        matches!(
            word,
            "image" | "photo" | "picture" | "slide" | "gallery" | "video" | "page"
        )
    };
    // "Image 1 of 23", "3 of 12", "1 / 1": drop the joiners and look at what is left.
    let tokens: Vec<&str> = lower
        .split_whitespace()
        .filter(|t| !matches!(*t, "of" | "/"))
        .collect();
    match tokens.as_slice() {
        [number] => is_count(number),
        [what, ratio] if gallery(what) => is_count(ratio),
        [a, b] => {
            is_count(a) && (is_count(b) || COUNTER_NOUNS.contains(b))
                || is_count(b) && COUNTER_NOUNS.contains(a)
        }
        [what, a, b] => gallery(what) && is_count(a) && is_count(b),
        _ => false,
    }
}

/// A whole number, possibly with a decimal part and a K or M suffix, or "1/23".
fn is_count(token: &str) -> bool {
    let token = token.trim_end_matches(['k', 'm']);
    if let Some((a, b)) = token.split_once('/') {
        return is_count(a) && is_count(b);
    }
    !token.is_empty()
        && token.starts_with(|c: char| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// "4 min read", "5-minute read", "Reading time: 3 minutes".
fn is_reading_time(lower: &str) -> bool {
    if !lower.contains("min") {
        return false;
    }
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|t| !t.is_empty())
        .collect();
    let minute = |t: &&str| matches!(*t, "min" | "mins" | "minute" | "minutes");
    let has_number = tokens.iter().any(|t| is_count(t));
    has_number
        && tokens.iter().any(minute)
        && (tokens.iter().any(|t| t.starts_with("read")) || lower.starts_with("reading time"))
}

/// "More Harbour Gazette", "More Sport": a capitalised name after "More" heads a list of
/// the site's other stories ("More than a game" is a subheading and stays).
fn is_more_heading(item: &str) -> bool {
    let mut parts = item.split_whitespace();
    parts.next() == Some("More")
        && (1..=3).contains(&parts.clone().count())
        && parts.all(|w| w.starts_with(char::is_uppercase))
}

/// Headings of link lists ("Related articles", "More from Sport") and inline
/// "Related: headline" or "READ MORE: headline" teasers.
fn is_related(lower: &str, bare: &str, features: &Features) -> bool {
    let short_heading = features.words <= 5 && !features.ends_sentence;
    let prefix = find_prefix(lower, RELATED_PREFIXES);
    match prefix {
        Some(prefix) if prefix.ends_with(':') => true,
        Some(prefix) => {
            short_heading
                || lower[prefix.len()..].starts_with([':', ' ', '|', '-', '»'])
                    && !features.ends_sentence
                    && bare.len() < 120
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legal_phrase_has_an_anchor() {
        for phrase in LEGAL_PHRASES {
            assert!(LEGAL_ANCHORS.iter().any(|a| phrase.contains(a)), "{phrase}");
        }
    }

    fn reason(line: &str) -> Option<RemovalReason> {
        classify(line, &Features::of(line, None))
    }

    #[test]
    fn advertisement_labels_go() {
        assert_eq!(reason("Advertisement"), Some(RemovalReason::Advertisement));
        assert_eq!(
            reason("Story continues below advertisement"),
            Some(RemovalReason::Advertisement)
        );
        assert_eq!(
            reason("Advertising standards were tightened in 2019 after complaints from parents."),
            None
        );
    }

    #[test]
    fn share_prompts_go() {
        for line in [
            "Share",
            "* Twitter",
            "Share this with Messenger",
            "Follow us on Instagram",
            "FacebookTwitterEmail",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::SharePrompt), "{line}");
        }
        assert_eq!(
            reason("She shared the letter on Facebook with her neighbours."),
            None
        );
    }

    #[test]
    fn comment_prompts_go() {
        for line in [
            "Leave a Reply",
            "Comments",
            "Join the conversation",
            "What do you think?",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::CommentPrompt), "{line}");
        }
    }

    #[test]
    fn promotions_go() {
        for line in [
            "Subscribe to the Harbour Gazette",
            "Sign up for our morning briefing",
            "Enter your email address to get new posts.",
            "Let our best stories meet your inbox. The news that matters, delivered every morning.",
            "No spam, we promise. You can unsubscribe at any time and we never share your address.",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::Promotion), "{line}");
        }
        assert_eq!(
            reason(
                "Subscribers to the water scheme will see their bills rise by a tenth next spring, the utility said."
            ),
            None
        );
    }

    #[test]
    fn cookie_and_legal_footers_go() {
        for line in [
            "© 2031 Harbour Media Group",
            "Copyright 2031 Fenwick Press. All rights reserved.",
            "Privacy Policy",
            "We use cookies to improve your experience. By continuing to use this site you accept our policy.",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::LegalFooter), "{line}");
        }
        assert_eq!(
            reason(
                "The regulator said the company had ignored its own privacy policy for years and fined it."
            ),
            None
        );
    }

    #[test]
    fn counters_go() {
        for line in [
            "12 comments",
            "1.2K shares",
            "84.1K",
            "Image 1 of 23",
            "3 of 12",
            "Photo 2/9",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::Counter), "{line}");
        }
        assert_eq!(reason("12 people were hurt"), None);
    }

    #[test]
    fn reading_time_goes() {
        for line in ["4 min read", "5-minute read", "Reading time: 3 minutes"] {
            assert_eq!(reason(line), Some(RemovalReason::ReadingTime), "{line}");
        }
    }

    #[test]
    fn navigation_words_go() {
        for line in ["Skip to main content", "* Home", "Menu", "Search"] {
            assert_eq!(reason(line), Some(RemovalReason::Navigation), "{line}");
        }
    }

    #[test]
    fn related_link_headings_and_teasers_go() {
        for line in [
            "Related Articles",
            "READ MORE: Ferry operator warns of winter cancellations",
            "Related: Mayor defends tram budget",
            "More from Business",
            "You may also like",
            "More Harbour Gazette",
            "Sources:",
        ] {
            assert_eq!(reason(line), Some(RemovalReason::RelatedLinks), "{line}");
        }
        assert_eq!(
            reason("Related research from the same lab found the opposite effect in mice."),
            None
        );
        assert_eq!(reason("More than a game"), None);
    }

    #[test]
    fn empty_markers_go() {
        assert_eq!(reason("*"), Some(RemovalReason::Empty));
        assert_eq!(reason("• |"), Some(RemovalReason::Empty));
    }

    #[test]
    fn editorial_notes_stay() {
        for line in [
            "Correction: An earlier version of this story misstated the date of the vote.",
            "Editor's note: This story was updated with comment from the council.",
            "Update: The ferry resumed service on Friday.",
        ] {
            assert_eq!(reason(line), None, "{line}");
        }
    }
}
