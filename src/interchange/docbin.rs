//! spaCy's binary training format (`.spacy`, a `DocBin`), written without Python so
//! `spacy train` reads an export as is, with what JSONL cannot say: missing entity
//! annotation.
//!
//! The layout is spaCy 3.8's `DocBin.to_bytes` (spacy/tokens/_serialize.py): a
//! zlib-compressed msgpack map of `attrs` (attribute ids, `ORTH` first), `tokens` (one
//! little-endian `uint64` row per token, one column per attribute, strings as spaCy's
//! ids: a symbol id or a 64-bit hash), `spaces` (one byte per token), `lengths` (`int32`
//! tokens per doc), `strings` (every string referred to, so the vocabulary resolves
//! them), `cats`, `flags` and `span_groups` (per doc, `Doc.spans.to_bytes()`). One map
//! holds every document, so the export is built in memory and written at the end.
//!
//! Entities go in `doc.ents` through `ENT_IOB`/`ENT_TYPE`; spaCy's IOB codes are
//! 0 missing, 1 inside, 2 outside, 3 begin. Only an article whose entities a person
//! finished reviewing is outside (2) where it has no entity: in a partly reviewed one the
//! text outside people's mentions is missing (0), so training never reads unreviewed
//! names as negatives, and a rejected suggestion (exported with `--status …,rejected`)
//! is outside (2), because a person said it is not one. Overlapping mentions cannot all
//! be entities: the longest is kept (as in CoNLL) and the others counted.
//!
//! Claims go in `doc.spans["sc"]` (spancat's default key) labelled `CLAIM_<label>`, as
//! the other exports name them. spancat has no missing: a doc without the key trains as
//! a doc without claims. So an article whose claims are not fully reviewed is left out
//! whole and counted, never written with its unreviewed claims as negatives.

use std::collections::BTreeSet;
use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rmpv::Value;

use super::Losses;
use super::conll::non_overlapping;
use super::document::{Document, Layer};
use super::spacy::{CLAIM_PREFIX, labelled_spans};
use super::tokens::{Token, token_range, tokens};
use crate::annotate::schema::Status;

/// spaCy's attribute ids (spacy/attrs.pxd), in the column order DocBin writes.
pub const ORTH: u64 = 65;
pub const ENT_IOB: u64 = 77;
pub const ENT_TYPE: u64 = 78;
const ATTRS: [u64; 3] = [ORTH, ENT_IOB, ENT_TYPE];

pub const IOB_MISSING: u64 = 0;
pub const IOB_INSIDE: u64 = 1;
pub const IOB_OUTSIDE: u64 = 2;
pub const IOB_BEGIN: u64 = 3;

/// The span group spancat reads by default.
pub const SPANS_KEY: &str = "sc";

mod symbols;

/// The id spaCy's `StringStore` gives a string: its symbol id for the few hundred
/// strings spaCy has built in (`PERSON`, `ORG`, `nsubj`, `ADJ`…), else its hash. A
/// DocBin that hashed `PERSON` would name a label spaCy's vocabulary cannot resolve.
pub fn string_id(text: &str) -> u64 {
    match symbols::SYMBOLS.binary_search_by_key(&text, |&(symbol, _)| symbol) {
        Ok(at) => symbols::SYMBOLS[at].1,
        Err(_) => hash_string(text),
    }
}

/// spaCy's `hash_string`: MurmurHash64A (murmurhash's `hash64`) with seed 1 over the
/// UTF-8 bytes. Every string in a DocBin is referred to by this hash.
pub fn hash_string(text: &str) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let bytes = text.as_bytes();
    let mut h = 1u64 ^ (bytes.len() as u64).wrapping_mul(M);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut k = u64::from_le_bytes(word).wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &byte) in tail.iter().enumerate() {
            h ^= u64::from(byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// One article's share of the DocBin, made on a worker thread.
pub struct Doc {
    rows: Vec<[u64; 3]>,
    spaces: Vec<bool>,
    strings: Vec<String>,
    span_groups: Vec<u8>,
}

/// Whether the entity and claim layers of the article may be read as complete: outside
/// their items is negative only then.
#[derive(Debug, Clone, Copy)]
pub struct Reviewed {
    pub entities: bool,
    pub claims: bool,
}

impl Reviewed {
    pub fn of(document: &Document) -> Reviewed {
        Reviewed {
            entities: document.complete(Layer::Entities),
            claims: !document.exports(Layer::Claims) || document.complete(Layer::Claims),
        }
    }
}

/// Spans of the mentions people rejected (when `--status` exports them): not
/// entities, whatever the rest of the article's review says.
pub fn rejected(document: &Document) -> Vec<(usize, usize)> {
    document
        .mentions
        .iter()
        .filter(|m| m.meta.status == Status::Rejected)
        .map(|m| (m.span.start, m.span.end))
        .collect()
}

/// The article as a DocBin doc, or `None` when it cannot go out (counted in `losses`).
pub fn doc(
    document: &Document,
    reviewed: Reviewed,
    rejected: &[(usize, usize)],
    losses: &mut Losses,
) -> Option<Doc> {
    if !reviewed.claims {
        losses.add(
            "articles whose claims are not fully reviewed (spancat has no missing)",
            1,
        );
        return None;
    }
    let spans = labelled_spans(document);
    let mut edges: Vec<(usize, usize)> = spans.iter().map(|s| (s.0, s.1)).collect();
    edges.extend_from_slice(rejected);
    let tokens = tokens(document, &edges);
    let (entities, overlapping) = non_overlapping(document);
    losses.add("overlapping mentions", overlapping);
    losses.add("notes", document.notes.len());
    losses.add("entity clusters (coreference)", document.entities.len());
    let details = document
        .claims
        .iter()
        .filter(|c| c.cue.is_some() || c.negated || c.source.is_some() || c.note.is_some())
        .count();
    losses.add("claim cues, negations, sources and notes", details);
    let outside = if reviewed.entities {
        IOB_OUTSIDE
    } else {
        IOB_MISSING
    };
    let mut rows: Vec<[u64; 3]> = tokens
        .iter()
        .map(|t| [string_id(document.slice(t.start, t.end)), outside, 0])
        .collect();
    for &(start, end) in rejected {
        let (first, last) = token_range(&tokens, start, end);
        for row in rows.iter_mut().take(last + 1).skip(first) {
            row[1] = IOB_OUTSIDE;
        }
    }
    let mut strings: Vec<String> = tokens
        .iter()
        .map(|t| document.slice(t.start, t.end).to_string())
        .collect();
    for &(start, end, label) in &entities {
        let (first, last) = token_range(&tokens, start, end);
        let id = string_id(label);
        for (i, row) in rows.iter_mut().enumerate().take(last + 1).skip(first) {
            row[1] = if i == first { IOB_BEGIN } else { IOB_INSIDE };
            row[2] = id;
        }
        strings.push(label.to_string());
    }
    let mut claims: Vec<(usize, usize, String)> = document
        .claims
        .iter()
        .filter(|c| c.meta.status.is_gold())
        .map(|c| {
            let label = format!("{CLAIM_PREFIX}{}", c.label);
            (c.content.start, c.content.end, label)
        })
        .collect();
    claims.sort();
    losses.add(
        "claims that are not gold (spancat cannot say rejected)",
        document.claims.len() - claims.len(),
    );
    let span_groups = span_groups(&tokens, &claims, losses);
    strings.extend(claims.into_iter().map(|c| c.2));
    Some(Doc {
        rows,
        spaces: tokens.iter().map(|t| t.ws).collect(),
        strings,
        span_groups,
    })
}

/// `Doc.spans.to_bytes()`: a msgpack map from each group's bytes to its keys (an empty
/// list when there is no group); a group is `{name, attrs, spans}`, each span packed as
/// `>QQQllll` (id, kb_id, label hash, start and end token, start and end character).
fn span_groups(
    tokens: &[Token],
    claims: &[(usize, usize, String)],
    losses: &mut Losses,
) -> Vec<u8> {
    if claims.is_empty() {
        return encode(&Value::Array(Vec::new()));
    }
    let mut packed = Vec::with_capacity(claims.len());
    for (start, end, label) in claims {
        let (first, last) = token_range(tokens, *start, *end);
        let fields = [first, last + 1, *start, *end].map(i32::try_from);
        let [Ok(first), Ok(end_token), Ok(start_char), Ok(end_char)] = fields else {
            losses.add("claims past spaCy's 2^31 limit", 1);
            continue;
        };
        let mut span = Vec::with_capacity(40);
        span.extend_from_slice(&0u64.to_be_bytes());
        span.extend_from_slice(&0u64.to_be_bytes());
        span.extend_from_slice(&string_id(label).to_be_bytes());
        for field in [first, end_token, start_char, end_char] {
            span.extend_from_slice(&field.to_be_bytes());
        }
        packed.push(Value::Binary(span));
    }
    let group = Value::Map(vec![
        (Value::from("name"), Value::from(SPANS_KEY)),
        (Value::from("attrs"), Value::Map(Vec::new())),
        (Value::from("spans"), Value::Array(packed)),
    ]);
    encode(&Value::Map(vec![(
        Value::Binary(encode(&group)),
        Value::Array(vec![Value::from(SPANS_KEY)]),
    )]))
}

fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = rmpv::encode::write_value(&mut out, value);
    out
}

/// The docs of an export, in order.
#[derive(Default)]
pub struct DocBin {
    tokens: Vec<u8>,
    spaces: Vec<u8>,
    lengths: Vec<u8>,
    strings: BTreeSet<String>,
    span_groups: Vec<Value>,
}

impl DocBin {
    pub fn add(&mut self, doc: Doc) {
        for row in &doc.rows {
            for value in row {
                self.tokens.extend_from_slice(&value.to_le_bytes());
            }
        }
        self.spaces
            .extend(doc.spaces.iter().map(|&ws| u8::from(ws)));
        let length = i32::try_from(doc.rows.len()).unwrap_or(i32::MAX);
        self.lengths.extend_from_slice(&length.to_le_bytes());
        self.strings.extend(doc.strings);
        self.span_groups.push(Value::Binary(doc.span_groups));
    }

    /// The `.spacy` file's bytes.
    pub fn to_bytes(self) -> std::io::Result<Vec<u8>> {
        let docs = self.span_groups.len();
        let flags = Value::Map(vec![(
            Value::from("has_unknown_spaces"),
            Value::from(false),
        )]);
        let message = Value::Map(vec![
            (Value::from("version"), Value::from("0.1")),
            (
                Value::from("attrs"),
                Value::Array(ATTRS.iter().map(|&a| Value::from(a)).collect()),
            ),
            (Value::from("tokens"), Value::Binary(self.tokens)),
            (Value::from("spaces"), Value::Binary(self.spaces)),
            (Value::from("lengths"), Value::Binary(self.lengths)),
            (
                Value::from("strings"),
                Value::Array(self.strings.into_iter().map(Value::from).collect()),
            ),
            (
                Value::from("cats"),
                Value::Array(vec![Value::Map(Vec::new()); docs]),
            ),
            (Value::from("flags"), Value::Array(vec![flags; docs])),
            (Value::from("span_groups"), Value::Array(self.span_groups)),
        ]);
        let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
        zlib.write_all(&encode(&message))?;
        zlib.finish()
    }
}
