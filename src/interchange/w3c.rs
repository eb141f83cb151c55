//! W3C Web Annotation (JSON-LD), one annotation per line. Each target carries both a
//! TextQuoteSelector (exact, prefix, suffix: the sidecar's own anchor) and a
//! TextPositionSelector (code points, as the model specifies), so a consumer can find
//! the words even in a slightly different copy of the article.
//!
//! Mentions are `tagging` annotations; claims are `classifying` with the content and
//! cue as targets and label, negation, source and note as bodies; notes are
//! `commenting`; entity clusters are `identifying` annotations whose targets are their
//! mentions. Nothing in a sidecar's decisions is lost.

use serde_json::{Value, json};

use super::Losses;
use super::document::{Document, Source};
use crate::annotate::schema::{ClaimSource, ItemMeta, Span};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

fn item_iri(doc: &Document, id: &str) -> String {
    format!("urn:copydesk:{}:{id}", doc.article.id)
}

fn target(doc: &Document, span: &Span) -> Value {
    json!({
        "source": doc.article.source,
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
                    bodies.push(json!({"id": item_iri(doc, id), "purpose": "identifying"}));
                }
                Some(ClaimSource::Span(span)) => {
                    let mut source = target(doc, span);
                    source["type"] = "SpecificResource".into();
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
