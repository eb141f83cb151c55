//! brat standoff: a `.txt` with the article text and a `.ann` beside it, offsets in code
//! points (brat counts Python string indices).
//!
//! Reading checks each `T` line's text against the `.txt` at its offsets, so a file
//! counted in another unit (UTF-16, by a JavaScript tool) is reported span by span.
//!
//! `T` lines hold mentions (typed by label), claims (`Claim`), cues (`Cue`), sources
//! that are not exported mentions (`Source`) and noted spans (`Note`); a span across a
//! line break is written as fragments, since brat forbids newlines inside one. `A` lines
//! give a claim its `Label` and `Negated`; `R` lines join a claim to its `Cue` and
//! `Source`; `#` lines carry notes (`AnnotatorNotes`) and free-text sources (`Source`).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::Losses;
use super::document::{Document, Source};
use super::foreign::{ForeignClaim, ForeignRecord, ForeignSpan};
use super::offsets::{Offsets, Unit, quote_differs};

/// A file name for the pair, unique per article source: path separators and `#`
/// become `_`, anything outside a safe set becomes `_` too.
pub fn file_stem(source: &str) -> String {
    let name = std::path::Path::new(source.split('#').next().unwrap_or(source))
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let key = source.split_once('#').map(|(_, key)| key);
    let raw = match key {
        Some(key) => format!("{name}_{key}"),
        None => name,
    };
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

struct Ann<'a> {
    doc: &'a Document,
    out: String,
    next: HashMap<char, usize>,
}

impl Ann<'_> {
    fn id(&mut self, kind: char) -> String {
        let n = self.next.entry(kind).or_insert(0);
        *n += 1;
        format!("{kind}{n}")
    }

    /// A `T` line, fragments split at line breaks. Returns its id.
    fn text_bound(&mut self, kind: &str, start: usize, end: usize) -> String {
        let id = self.id('T');
        let mut fragments = Vec::new();
        let mut at = start;
        for piece in self.doc.slice(start, end).split('\n') {
            let len = piece.chars().count();
            if len > 0 {
                fragments.push((at, at + len, piece));
            }
            at += len + 1;
        }
        if fragments.is_empty() {
            fragments.push((start, end, ""));
        }
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(s, e, _)| format!("{s} {e}"))
            .collect();
        let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| *t).collect();
        let _ = writeln!(
            self.out,
            "{id}\t{kind} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        );
        id
    }

    fn line(&mut self, kind: char, body: &str) {
        let id = self.id(kind);
        let _ = writeln!(self.out, "{id}\t{body}");
    }
}

/// One line of a note: brat ends a `#` line at the newline.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// The `.ann` text for `doc`.
pub fn write(doc: &Document, losses: &mut Losses) -> String {
    let mut ann = Ann {
        doc,
        out: String::new(),
        next: HashMap::new(),
    };
    let mut mention_ids = HashMap::new();
    for m in &doc.mentions {
        let id = ann.text_bound(&m.label, m.span.start, m.span.end);
        mention_ids.entry((m.span.start, m.span.end)).or_insert(id);
    }
    for claim in &doc.claims {
        let id = ann.text_bound("Claim", claim.content.start, claim.content.end);
        ann.line('A', &format!("Label {id} {}", claim.label));
        if claim.negated {
            ann.line('A', &format!("Negated {id}"));
        }
        if let Some(cue) = &claim.cue {
            let cue_id = ann.text_bound("Cue", cue.start, cue.end);
            ann.line('R', &format!("Cue Arg1:{id} Arg2:{cue_id}"));
        }
        match doc.source(claim) {
            Some(Source::Span { start, end }) => {
                let source_id = match mention_ids.get(&(start, end)) {
                    Some(mention) => mention.clone(),
                    None => ann.text_bound("Source", start, end),
                };
                ann.line('R', &format!("Source Arg1:{id} Arg2:{source_id}"));
            }
            Some(Source::Text(text)) => ann.line('#', &format!("Source {id}\t{}", one_line(&text))),
            None => {}
        }
        if let Some(note) = &claim.note {
            ann.line('#', &format!("AnnotatorNotes {id}\t{}", one_line(note)));
        }
    }
    for note in &doc.notes {
        let id = ann.text_bound("Note", note.span.start, note.span.end);
        ann.line(
            '#',
            &format!("AnnotatorNotes {id}\t{}", one_line(&note.text)),
        );
    }
    let notes_with_breaks = doc.notes.iter().map(|n| &n.text);
    let claim_notes = doc.claims.iter().filter_map(|c| c.note.as_ref());
    losses.add(
        "line breaks in notes (written as spaces)",
        notes_with_breaks
            .chain(claim_notes)
            .filter(|n| n.contains(['\n', '\r', '\t']))
            .count(),
    );
    losses.add("entity clusters (coreference)", doc.entities.len());
    ann.out
}

/// `annotation.conf` for the exported folder, so brat shows the types and checks the
/// annotations against them instead of flagging every one as unknown.
pub fn conf(mention_labels: &BTreeSet<String>, claim_labels: &BTreeSet<String>) -> String {
    let mut out = String::from("[entities]\n");
    for label in mention_labels
        .iter()
        .map(String::as_str)
        .chain(["Claim", "Cue", "Source", "Note"])
    {
        let _ = writeln!(out, "{label}");
    }
    out.push_str("\n[relations]\nCue\tArg1:Claim, Arg2:Cue\nSource\tArg1:Claim, Arg2:<ENTITY>\n");
    out.push_str(
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    let values: Vec<&str> = claim_labels.iter().map(String::as_str).collect();
    if !values.is_empty() {
        let _ = writeln!(out, "Label\tArg:Claim, Value:{}", values.join("|"));
    }
    out.push_str("Negated\tArg:Claim\n");
    out
}

/// Reads one `.ann` against its `.txt` into mentions, claims and notes.
pub fn read(ann: &str, text: String, number: usize) -> ForeignRecord {
    let offsets = Offsets::new(&text);
    let mut record = ForeignRecord {
        number,
        text: Some(text),
        ..ForeignRecord::default()
    };
    let mut bounds: Vec<(String, String, usize, usize)> = Vec::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut negated: Vec<String> = Vec::new();
    let mut relations: Vec<(String, String, String)> = Vec::new();
    let mut comments: Vec<(String, String, String)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let (id, body) = match fields.as_slice() {
            [id, body, ..] => (*id, *body),
            _ if line.trim().is_empty() => continue,
            _ => {
                record
                    .problems
                    .push(format!("line {} is not a brat annotation", i + 1));
                continue;
            }
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        match id.chars().next() {
            Some('T') => match text_bound(body) {
                Some((kind, fragments)) => {
                    match quoted(&offsets, &fragments, fields.get(2).copied(), id) {
                        Ok((start, end)) => bounds.push((id.into(), kind, start, end)),
                        Err(problem) => record.problems.push(problem),
                    }
                }
                None => record
                    .problems
                    .push(format!("line {}: {id} has no offsets", i + 1)),
            },
            Some('A' | 'M') => match words.as_slice() {
                ["Label", target, value] => {
                    labels.insert((*target).into(), (*value).into());
                }
                ["Negated", target] | ["Negated", target, "true"] => negated.push((*target).into()),
                _ => {}
            },
            Some('R') => {
                if let [kind, arg1, arg2] = words.as_slice() {
                    let arg = |a: &str| a.split_once(':').map_or(a, |(_, t)| t).to_string();
                    relations.push((kind.to_string(), arg(arg1), arg(arg2)));
                }
            }
            Some('#') => {
                if let ([kind, target, ..], Some(note)) = (words.as_slice(), fields.get(2)) {
                    comments.push((kind.to_string(), target.to_string(), note.to_string()));
                }
            }
            _ => {}
        }
    }
    let span = |id: &str| {
        bounds
            .iter()
            .find(|(t, ..)| t == id)
            .map(|(_, _, start, end)| (*start, *end))
    };
    let related = |claim: &str, kind: &str| {
        relations
            .iter()
            .find(|(k, from, _)| k == kind && from == claim)
            .and_then(|(_, _, to)| span(to))
    };
    let comment = |claim: &str, kind: &str| {
        comments
            .iter()
            .find(|(k, target, _)| k == kind && target == claim)
            .map(|(_, _, text)| text.clone())
    };
    for (id, kind, start, end) in &bounds {
        let (start, end) = (*start, *end);
        match kind.as_str() {
            "Cue" | "Source" => {}
            "Note" => {
                let text = comment(id, "AnnotatorNotes").unwrap_or_default();
                record.notes.push((start, end, text));
            }
            "Claim" => {
                let Some(label) = labels.get(id) else {
                    record
                        .problems
                        .push(format!("claim {id} has no Label attribute"));
                    continue;
                };
                record.claims.push(ForeignClaim {
                    content: ForeignSpan {
                        start,
                        end,
                        label: label.clone(),
                    },
                    cue: related(id, "Cue"),
                    negated: negated.contains(id),
                    source: match (related(id, "Source"), comment(id, "Source")) {
                        (Some((s, e)), _) => Some(Source::Span { start: s, end: e }),
                        (None, Some(text)) => Some(Source::Text(text)),
                        (None, None) => None,
                    },
                    note: comment(id, "AnnotatorNotes"),
                });
            }
            label => record.mentions.push(ForeignSpan {
                start,
                end,
                label: label.into(),
            }),
        }
    }
    record
}

/// `TYPE start end[;start end]*` as the type and its fragments.
fn text_bound(body: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let (kind, offsets) = body.split_once(' ')?;
    let fragments = offsets
        .split(';')
        .map(|fragment| {
            let (start, end) = fragment.trim().split_once(' ')?;
            Some((start.parse().ok()?, end.parse().ok()?))
        })
        .collect::<Option<Vec<(usize, usize)>>>()?;
    fragments.first()?;
    Some((kind.to_string(), fragments))
}

/// The span from a `T` line's first fragment to its last, when the text at its
/// fragments, joined by spaces as brat writes them, is the line's quote; a line with
/// no quote is checked for words cut as other units would not cut them.
fn quoted(
    offsets: &Offsets,
    fragments: &[(usize, usize)],
    quote: Option<&str>,
    id: &str,
) -> Result<(usize, usize), String> {
    let mut texts = Vec::new();
    for &fragment in fragments {
        let (start, end) = offsets.convert(Unit::CodePoint, fragment, id)?;
        texts.push(offsets.slice(start, end));
    }
    let span = (fragments[0].0, fragments[fragments.len() - 1].1);
    match quote {
        // brat has no way to write a line break inside a span's text, and lines lose
        // their trailing blanks: the words must agree, the white space between them not.
        Some(quote)
            if texts
                .join(" ")
                .split_whitespace()
                .eq(quote.split_whitespace()) =>
        {
            Ok(span)
        }
        Some(quote) => Err(quote_differs(
            id,
            span,
            Unit::CodePoint,
            &texts.join(" "),
            quote,
        )),
        None => offsets.span(Unit::CodePoint, span, id, ""),
    }
}
