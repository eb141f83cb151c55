//! Finds the article body by running two independent extractors and keeping
//! what they agree on.
//!
//! trafilatura and dom_smoothie (a Readability port) fail in different ways:
//! trafilatura keeps headlines, standfirsts and author boxes that sit next to
//! the text, Readability keeps related-link lists and captions inside the
//! article container. A paragraph both of them chose is almost always body
//! text, so trafilatura's paragraphs are kept when Readability's output
//! contains most of their wording. On the 61-page development set agreement
//! alone scored F1 0.981 where the extractors alone reached 0.968 and 0.957
//! (`scripts/extraction-scores` gives the current figure for the whole cleaner).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::blocks::paragraphs;
use super::captions::captions;
use super::reflow::Reflowed;
use super::spacing::space_blocks;
use crate::article::model::{Caption, RemovalReason, RemovedLine};

/// Share of a paragraph's word 4-grams the other extractor must also have
/// produced for the paragraph to count as agreed on. Half tolerates the two
/// extractors cutting a paragraph differently or dropping a link's text.
const AGREEMENT: f64 = 0.5;

/// Below this share of trafilatura's words surviving, the extractors picked
/// different parts of the page; agreement would leave almost nothing, so
/// trafilatura's choice, the more precise of the two alone, is used whole.
const MIN_AGREED_SHARE: f64 = 0.25;

const SHINGLE: usize = 4;

/// Loose text below this many words is not worth a second trafilatura run.
const MIN_WRAPPED_WORDS: usize = 10;

pub struct Body {
    pub paragraphs: Vec<String>,
    pub removed: Vec<RemovedLine>,
    pub warnings: Vec<String>,
    /// The paragraphs are what both extractors agreed on, not a fallback.
    pub agreed: bool,
    /// Figure captions inside the article Readability chose.
    pub captions: Vec<Caption>,
}

/// `reflowed` is the page with loose text wrapped in paragraphs (see
/// [`super::reflow`]). trafilatura runs on it as well as on the original when
/// that wrapping could matter: the wrapped page recovers sentences trafilatura
/// would drop, but changes its choices elsewhere, so only the paragraphs it
/// adds are taken, and only where Readability agrees.
pub fn extract_body(html: &str, reflowed: &Reflowed) -> Body {
    let mut warnings = Vec::new();
    let primary = run_trafilatura(html).unwrap_or_else(|error| {
        warnings.push(format!("trafilatura found no article: {error}"));
        Vec::new()
    });
    let (secondary, captions) = match run_readability(html) {
        Ok(article_html) => (paragraphs(&article_html), captions(&article_html)),
        Err(error) => {
            warnings.push(format!("readability found no article: {error}"));
            (Vec::new(), Vec::new())
        }
    };
    let recovered = if reflowed.wrapped_words >= MIN_WRAPPED_WORDS && !secondary.is_empty() {
        run_trafilatura(&reflowed.html).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut body = if primary.is_empty() {
        combine(recovered, secondary)
    } else {
        let secondary_shingles = shingle_set(&secondary);
        let mut body = combine(primary, secondary);
        if body.agreed {
            let agreed = recovered
                .into_iter()
                .filter(|paragraph| coverage(paragraph, &secondary_shingles) >= AGREEMENT);
            merge_missing(&mut body.paragraphs, agreed);
        }
        body
    };
    warnings.append(&mut body.warnings);
    body.warnings = warnings;
    body.captions = captions;
    body
}

fn run_trafilatura(html: &str) -> Result<Vec<String>, String> {
    let options = trafilatura::Options::default()
        .with_fallback(true)
        .with_exclude_comments(true)
        .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    let html = space_blocks(html);
    let result = catch_unwind(AssertUnwindSafe(|| trafilatura::extract(&html, &options)))
        .map_err(|_| "the extractor crashed".to_string())?;
    result
        .map(|extracted| paragraphs(&extracted.content_html))
        .map_err(|error| error.to_string())
}

/// The article HTML Readability chose.
fn run_readability(html: &str) -> Result<String, String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // Classes are kept so captions can find their credit and screen-reader-only text.
        let config = dom_smoothie::Config {
            keep_classes: true,
            ..dom_smoothie::Config::default()
        };
        dom_smoothie::Readability::new(html, None, Some(config))
            .and_then(|mut readability| readability.parse())
    }))
    .map_err(|_| "the extractor crashed".to_string())?;
    result
        .map(|article| article.content.to_string())
        .map_err(|error| error.to_string())
}

/// Keeps the primary extractor's paragraphs that the secondary one agrees on,
/// falling back to whichever extractor produced something when agreement
/// cannot be judged.
fn combine(primary: Vec<String>, secondary: Vec<String>) -> Body {
    let mut body = Body {
        paragraphs: Vec::new(),
        removed: Vec::new(),
        warnings: Vec::new(),
        agreed: false,
        captions: Vec::new(),
    };
    if primary.is_empty() || secondary.is_empty() {
        if primary.is_empty() && secondary.is_empty() {
            body.warnings.push("no article body found".into());
        }
        body.paragraphs = if primary.is_empty() {
            secondary
        } else {
            primary
        };
        return body;
    }
    let secondary_shingles = shingle_set(&secondary);
    let secondary_by_words: HashMap<u64, &String> = secondary
        .iter()
        .map(|paragraph| (hash_words(&words(paragraph)), paragraph))
        .collect();
    let blocks = BlockStarts::of(&secondary);
    let total_words: usize = primary.iter().map(|p| words(p).len()).sum();
    let mut agreed_words = 0;
    let mut kept = Vec::with_capacity(primary.len());
    let mut dropped = Vec::new();
    for paragraph in primary {
        if coverage(&paragraph, &secondary_shingles) >= AGREEMENT {
            agreed_words += words(&paragraph).len();
            // trafilatura re-spaces text around inline elements ("North , Ahmad");
            // where Readability has the same words, its spelling is the page's.
            let same = secondary_by_words.get(&hash_words(&words(&paragraph)));
            let paragraph = same.map_or(paragraph, |text| (*text).clone());
            kept.extend(blocks.split(paragraph, &secondary));
        } else {
            dropped.push(paragraph);
        }
    }
    if (agreed_words as f64) < MIN_AGREED_SHARE * total_words as f64 {
        body.warnings
            .push("the extractors disagreed on where the article is; kept trafilatura's".into());
        kept.append(&mut dropped);
        body.paragraphs = kept;
        return body;
    }
    body.paragraphs = kept;
    body.agreed = true;
    body.removed = dropped
        .into_iter()
        .map(|text| RemovedLine {
            line: None,
            text,
            reason: RemovalReason::OutsideBody,
        })
        .collect();
    body
}

/// Where Readability's paragraphs start, by their first words: trafilatura joins blocks
/// that the page wrote without whitespace between them (`<h1>…</h1><div>…</div>`) into
/// one paragraph, while Readability keeps the page's blocks apart, so a trafilatura
/// paragraph holding any of Readability's whole is cut where they begin and end (on a
/// page with one paragraph, trafilatura runs the headline into it).
struct BlockStarts(HashMap<u64, Vec<usize>, BuildHasherDefault<Prehashed>>);

impl BlockStarts {
    fn of(secondary: &[String]) -> BlockStarts {
        let mut starts: HashMap<u64, Vec<usize>, BuildHasherDefault<Prehashed>> =
            HashMap::default();
        for (index, paragraph) in secondary.iter().enumerate() {
            let tokens = words(paragraph);
            if tokens.len() >= SHINGLE {
                starts
                    .entry(hash_words(&tokens[..SHINGLE]))
                    .or_default()
                    .push(index);
            }
        }
        BlockStarts(starts)
    }

    /// `paragraph` cut at the blocks of `secondary` it holds word for word, or whole
    /// when it holds none. Text between and around them stays, as paragraphs
    /// of its own: nothing is dropped here.
    fn split(&self, paragraph: String, secondary: &[String]) -> Vec<String> {
        let tokens = words(&paragraph);
        let mut candidates: Vec<usize> = tokens
            .windows(SHINGLE)
            .filter_map(|window| self.0.get(&hash_words(window)))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.is_empty() {
            return vec![paragraph];
        }
        let mut pieces = Vec::new();
        let mut cursor = 0;
        let mut found = 0;
        for index in candidates {
            let block = secondary[index].trim();
            let Some(at) = paragraph[cursor..].find(block).map(|at| cursor + at) else {
                continue;
            };
            pieces.push(paragraph[cursor..at].trim());
            pieces.push(block);
            cursor = at + block.len();
            found += 1;
        }
        if found == 0 {
            return vec![paragraph];
        }
        pieces.push(paragraph[cursor..].trim());
        pieces
            .into_iter()
            .filter(|piece| !piece.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// Share of a paragraph's 4-grams another must hold to count as containing it.
const CONTAINED: f64 = 0.9;

/// A shingle found in more base paragraphs than this is not used to find
/// which paragraph an extra one matches.
const MAX_SHINGLE_SPREAD: usize = 8;

/// Adds the paragraphs of `extra` that `base` lacks, each after the base
/// paragraph that matched the extra paragraph before it, so reading order
/// holds. An extra paragraph that contains a shorter base one replaces it
/// (the first trafilatura run cut that paragraph short), together with any
/// following base paragraphs it also contains.
///
/// Candidates are found through an index from shingle to base paragraph, so
/// a page with thousands of paragraphs is not compared pair by pair; a
/// shingle shared by many paragraphs (a repeated formula) names no candidate.
fn merge_missing(base: &mut Vec<String>, extra: impl IntoIterator<Item = String>) {
    let count = base.len();
    let base_hashes: Vec<Vec<u64>> = base.iter().map(|p| shingle_hashes(&words(p))).collect();
    let base_sets: Vec<ShingleSet> = base_hashes
        .iter()
        .map(|hashes| hashes.iter().copied().collect())
        .collect();
    let all_shingles = shingle_set(base);
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (position, set) in base_sets.iter().enumerate() {
        for hash in set {
            index.entry(*hash).or_default().push(position);
        }
    }

    let mut replacement: Vec<Option<String>> = vec![None; count];
    let mut absorbed = vec![false; count];
    // inserted[k] goes before base[k]; inserted[count] at the end.
    let mut inserted: Vec<Vec<String>> = vec![Vec::new(); count + 1];
    let mut anchor = 0;
    for paragraph in extra {
        let own = shingle_hashes(&words(&paragraph));
        let own_set: ShingleSet = own.iter().copied().collect();
        let mut candidates: Vec<usize> = own_set
            .iter()
            .filter_map(|hash| index.get(hash))
            .filter(|positions| positions.len() <= MAX_SHINGLE_SPREAD)
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let matched = candidates.into_iter().find(|&position| {
            share_in(&own, &base_sets[position]) >= AGREEMENT
                || share_in(&base_hashes[position], &own_set) >= AGREEMENT
        });
        if let Some(position) = matched {
            anchor = position + 1;
            let fuller = own.len() > base_hashes[position].len()
                && share_in(&base_hashes[position], &own_set) >= CONTAINED;
            if fuller {
                while anchor < count && share_in(&base_hashes[anchor], &own_set) >= CONTAINED {
                    absorbed[anchor] = true;
                    anchor += 1;
                }
                replacement[position] = Some(paragraph);
            }
        } else if share_in(&own, &all_shingles) < AGREEMENT {
            inserted[anchor].push(paragraph);
        }
    }

    let originals = std::mem::take(base);
    for (position, original) in originals.into_iter().enumerate() {
        base.append(&mut inserted[position]);
        if !absorbed[position] {
            base.push(replacement[position].take().unwrap_or(original));
        }
    }
    base.append(&mut inserted[count]);
}

/// Word tokens as the benchmark cuts them (`\w+`), lower-cased so a change of
/// case between the two outputs does not count as disagreement.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn shingle_hashes(tokens: &[String]) -> Vec<u64> {
    if tokens.len() <= SHINGLE {
        return if tokens.is_empty() {
            Vec::new()
        } else {
            vec![hash_words(tokens)]
        };
    }
    tokens.windows(SHINGLE).map(hash_words).collect()
}

/// Shingle hashes are already well mixed; hashing them again for the set is waste.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type ShingleSet = HashSet<u64, BuildHasherDefault<Prehashed>>;

/// FNV-1a over the words with a separator byte: shingles are compared
/// within one page, so a keyed hash buys nothing and SipHash cost 5% of the
/// whole extraction.
fn hash_words(tokens: &[String]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for token in tokens {
        for byte in token.bytes().chain([0xff]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    hash
}

/// The 4-grams of each paragraph and of all paragraphs run together, so a
/// paragraph the other extractor split in two still matches.
fn shingle_set(paragraphs: &[String]) -> ShingleSet {
    let mut all_words = Vec::new();
    let mut set = ShingleSet::default();
    for paragraph in paragraphs {
        let tokens = words(paragraph);
        set.extend(shingle_hashes(&tokens));
        all_words.extend(tokens);
    }
    set.extend(shingle_hashes(&all_words));
    set
}

fn coverage(paragraph: &str, shingles: &ShingleSet) -> f64 {
    share_in(&shingle_hashes(&words(paragraph)), shingles)
}

/// Share of `hashes` found in `shingles`; nothing is covered by anything.
fn share_in(hashes: &[u64], shingles: &ShingleSet) -> f64 {
    if hashes.is_empty() {
        return 0.0;
    }
    let shared = hashes.iter().filter(|hash| shingles.contains(hash)).count();
    shared as f64 / hashes.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keeps_only_paragraphs_both_extractors_chose() {
        let primary = strings(&[
            "A Headline Only One Extractor Kept",
            "The council voted on Tuesday to close the old library for repairs.",
            "Repairs are expected to take two years and cost four million pounds.",
        ]);
        let secondary = strings(&[
            "The council voted on Tuesday to close the old library for repairs.",
            "Repairs are expected to take two years and cost four million pounds.",
            "Read more: our top ten library stories",
        ]);
        let body = combine(primary, secondary);
        assert_eq!(body.paragraphs.len(), 2);
        assert!(body.paragraphs[0].starts_with("The council"));
        assert_eq!(body.removed.len(), 1);
        assert_eq!(body.removed[0].reason, RemovalReason::OutsideBody);
    }

    #[test]
    fn readability_spelling_wins_for_the_same_words() {
        let primary = strings(&["Senators from Yobe North , Ahmad Lawan said , today."]);
        let secondary = strings(&["Senators from Yobe North, Ahmad Lawan said, today."]);
        assert_eq!(combine(primary, secondary.clone()).paragraphs, secondary);
    }

    #[test]
    fn a_paragraph_split_differently_still_agrees() {
        let primary = strings(&["One two three four five six seven eight nine ten."]);
        let secondary = strings(&["One two three four five", "six seven eight nine ten."]);
        assert_eq!(
            combine(primary, secondary.clone()).paragraphs,
            secondary,
            "kept, and cut where the page's blocks are"
        );
    }

    #[test]
    fn falls_back_to_whichever_extractor_found_something() {
        let only = strings(&["Some body text that only one extractor found."]);
        assert_eq!(combine(only.clone(), Vec::new()).paragraphs, only);
        assert_eq!(combine(Vec::new(), only.clone()).paragraphs, only);
        let nothing = combine(Vec::new(), Vec::new());
        assert!(nothing.paragraphs.is_empty());
        assert_eq!(nothing.warnings.len(), 1);
    }

    #[test]
    fn missing_paragraphs_are_merged_in_reading_order() {
        let mut base = strings(&[
            "First paragraph about the harbour and the boats in it.",
            "Third paragraph about the weather over the harbour today.",
        ]);
        let extra = strings(&[
            "First paragraph about the harbour and the boats in it.",
            "Second paragraph the first run dropped because of its markup.",
            "Third paragraph about the weather over the harbour today.",
        ]);
        merge_missing(&mut base, extra);
        assert_eq!(base.len(), 3);
        assert!(base[1].starts_with("Second"));
    }

    #[test]
    fn a_fuller_paragraph_replaces_the_cut_short_one() {
        let mut base = strings(&[
            "Work is due to start in the spring and will take about eight months, the",
            "An unrelated paragraph that stays exactly as it was in the base.",
        ]);
        let extra = strings(&[
            "Work is due to start in the spring and will take about eight months, the board said.",
        ]);
        merge_missing(&mut base, extra);
        assert_eq!(
            base,
            strings(&[
                "Work is due to start in the spring and will take about eight months, the board said.",
                "An unrelated paragraph that stays exactly as it was in the base.",
            ])
        );
    }

    #[test]
    fn total_disagreement_keeps_trafilatura_whole() {
        let primary =
            strings(&["Completely different words about the harbour and its boats today."]);
        let secondary = strings(&["Nothing in common with that sentence at all, none whatsoever."]);
        let body = combine(primary.clone(), secondary);
        assert_eq!(body.paragraphs, primary);
        assert_eq!(body.warnings.len(), 1);
    }
}
