//! W3C Web Annotation (JSON-LD), one annotation per line. Each target carries both a
//! TextQuoteSelector (exact, prefix, suffix: the sidecar's own anchor) and a
//! TextPositionSelector (code points, as the model specifies), so a consumer can find
//! the words even in a slightly different copy of the article.
//!
//! Targets are `SpecificResource`s whose `source` is the article as the world names it:
//! its URL when it has one, else its file as an absolute `file://` URI. Their selectors
//! count in copydesk's cleaned text, not in that raw file, and the target's `state` says
//! so: it names the cleaned text by its SHA-256 (`urn:copydesk:text:<article id>`), the
//! representation the selectors apply to. Every body is a `TextualBody` or, for a
//! claim's source mention, a `SpecificResource` on that mention's annotation: the model
//! allows `purpose` on nothing else.
//!
//! Mentions are `tagging` annotations; claims are `classifying` with the content and
//! cue as targets and label, negation, source and note as bodies; notes are
//! `commenting`; entity clusters are `identifying` annotations whose targets are their
//! mentions. Nothing in a sidecar's decisions is lost.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Losses;
use super::document::{Document, Source};
use crate::annotate::schema::{ClaimSource, ItemMeta, Span};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

fn item_iri(doc: &Document, id: &str) -> String {
    format!("urn:copydesk:{}:{id}", doc.article.id)
}

/// The article's IRI: its URL, else its file made absolute (`path#N`, a corpus line,
/// keeps `#N` as the fragment).
fn source_iri(doc: &Document) -> String {
    if let Some(url) = doc
        .article
        .metadata
        .url
        .as_deref()
        .filter(|u| is_absolute_iri(u))
    {
        return url.to_string();
    }
    let source = doc.article.source.as_str();
    let (path, fragment) = match source.rsplit_once('#') {
        Some((path, n)) if !Path::new(source).exists() && n.parse::<usize>().is_ok() => {
            (path, Some(n))
        }
        _ => (source, None),
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
    let mut iri = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            iri.push(char::from(byte));
        } else {
            iri.push_str(&format!("%{byte:02X}"));
        }
    }
    if let Some(n) = fragment {
        iri.push('#');
        iri.push_str(n);
    }
    iri
}

fn is_absolute_iri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    }) && !text.contains(char::is_whitespace)
}

fn target(doc: &Document, span: &Span) -> Value {
    json!({
        "type": "SpecificResource",
        "source": source_iri(doc),
        "state": {"id": format!("urn:copydesk:text:{}", doc.article.id)},
        "selector": [
            {"type": "TextQuoteSelector", "exact": span.exact, "prefix": span.prefix, "suffix": span.suffix},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ],
    })
}

fn body(purpose: &str, value: &str) -> Value {
    json!({"type": "TextualBody", "purpose": purpose, "value": value})
}

fn annotation(
    doc: &Document,
    meta: &ItemMeta,
    motivation: &str,
    body: Value,
    target: Value,
) -> Value {
    let creator = match &meta.origin {
        crate::annotate::schema::Origin::Annotator { annotator } => {
            json!({"type": "Person", "nickname": annotator})
        }
        crate::annotate::schema::Origin::Extractor { extractor, version } => {
            json!({"type": "Software", "name": format!("{extractor} {version}")})
        }
    };
    json!({
        "@context": CONTEXT,
        "id": item_iri(doc, &meta.id),
        "type": "Annotation",
        "motivation": motivation,
        "created": meta.created,
        "modified": meta.updated,
        "creator": creator,
        "body": body,
        "target": target,
    })
}

pub fn write(doc: &Document, _losses: &mut Losses, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut annotations = Vec::new();
    for m in &doc.mentions {
        let tag = body("tagging", &m.label);
        annotations.push(annotation(
            doc,
            &m.meta,
            "tagging",
            tag,
            target(doc, &m.span),
        ));
    }
    for claim in &doc.claims {
        let mut bodies = vec![body("classifying", &claim.label)];
        if claim.negated {
            bodies.push(body("classifying", "negated"));
        }
        match doc.source(claim) {
            Some(Source::Span { .. }) => match &claim.source {
                Some(ClaimSource::Mention(id)) => {
                    bodies.push(json!({
                        "type": "SpecificResource",
                        "source": item_iri(doc, id),
                        "purpose": "identifying",
                    }));
                }
                Some(ClaimSource::Span(span)) => {
                    let mut source = target(doc, span);
                    source["purpose"] = "identifying".into();
                    bodies.push(source);
                }
                _ => {}
            },
            Some(Source::Text(text)) => bodies.push(body("identifying", &text)),
            None => {}
        }
        if let Some(note) = &claim.note {
            bodies.push(body("commenting", note));
        }
        let mut targets = vec![target(doc, &claim.content)];
        targets.extend(claim.cue.iter().map(|cue| target(doc, cue)));
        let (bodies, targets) = (Value::from(bodies), Value::from(targets));
        annotations.push(annotation(doc, &claim.meta, "classifying", bodies, targets));
    }
    for note in &doc.notes {
        let comment = body("commenting", &note.text);
        annotations.push(annotation(
            doc,
            &note.meta,
            "commenting",
            comment,
            target(doc, &note.span),
        ));
    }
    for entity in &doc.entities {
        let members: Vec<Value> = entity
            .mentions
            .iter()
            .map(|id| Value::from(item_iri(doc, id)))
            .collect();
        let bodies = json!([
            body("identifying", &entity.name),
            body("tagging", &entity.label)
        ]);
        annotations.push(annotation(
            doc,
            &entity.meta,
            "identifying",
            bodies,
            Value::from(members),
        ));
    }
    for annotation in annotations {
        serde_json::to_writer(&mut *out, &annotation)?;
        out.push(b'\n');
    }
    Ok(())
}
