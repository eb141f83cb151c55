#!/usr/bin/env python3
"""W3C Web Annotation, checked with `jsonschema` against MUSTs of the W3C Web Annotation
Data Model that are encoded here by hand.  NOT the official W3C test suite: its
annotation-model JSON schemas (web-platform-tests/annotation-model) are not published
on PyPI or npm under any name we could find, so each rule below cites the section of the
model it encodes, and only MUSTs are encoded.  Beyond the schema, each selector is read
against the resource that `source` names, as a consumer would (the file's own text,
code points), and against copydesk's cleaned text; and the annotations are mapped back
to spans (copydesk has no W3C importer) and compared with what was sent.
Run with the spaCy venv's Python (it has jsonschema)."""
import json
import os
import re
import sys
from urllib.parse import unquote, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FMT, CONSUMER = "w3c", "jsonschema, W3C model MUSTs (not the official suite)"
IRI = r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$"  # RFC 3987: an absolute IRI has a scheme
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "iri": {"type": "string", "pattern": IRI},
        "textQuote": {  # 4.2.4: TextQuoteSelector MUST have exactly 1 exact
            "properties": {"type": {"const": "TextQuoteSelector"}}, "required": ["type", "exact"],
            "properties_": {}, "allOf": [{"properties": {"exact": {"type": "string"}}}]},
        "textPosition": {  # 4.2.5: start and end MUST be non-negative integers
            "required": ["type", "start", "end"],
            "properties": {"type": {"const": "TextPositionSelector"},
                           "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}},
        "selector": {"anyOf": [{"$ref": "#/$defs/textQuote"}, {"$ref": "#/$defs/textPosition"},
                               {"not": {"properties": {"type": {"enum": ["TextQuoteSelector", "TextPositionSelector"]}}}}]},
        "specificResource": {  # 4.1: a SpecificResource MUST have exactly 1 source, an IRI
            "type": "object", "required": ["source"],
            "properties": {"source": {"anyOf": [{"$ref": "#/$defs/iri"},
                                                {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/$defs/iri"}}}]},
                           "selector": {"anyOf": [{"$ref": "#/$defs/selector"},
                                                  {"type": "array", "items": {"$ref": "#/$defs/selector"}}]}}},
        "textualBody": {  # 3.2.4: TextualBody SHOULD have type; value MUST be a string
            "type": "object", "required": ["type", "value"],
            "properties": {"type": {"const": "TextualBody"}, "value": {"type": "string"}}},
        "externalResource": {  # 3.2.1: an External Web Resource MUST have an IRI id
            "type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/$defs/iri"}},
            # 3.3.5: purpose is a property of a SpecificResource or a TextualBody; the W3C
            # suite fails an external resource body carrying `purpose` (it must be wrapped
            # in a SpecificResource whose `source` is the resource)
            "not": {"required": ["purpose"]}},
        "body": {"anyOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/textualBody"},
                           {"$ref": "#/$defs/specificResource"}, {"$ref": "#/$defs/externalResource"}]},
        "target": {"anyOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/specificResource"}]},
    },
    # 3.1: an Annotation MUST have 1+ @context including the anno context, exactly 1 IRI
    # id, type including "Annotation", and 1+ target
    "type": "object",
    "required": ["@context", "id", "type", "target"],
    "properties": {
        "@context": {"anyOf": [{"const": "http://www.w3.org/ns/anno.jsonld"},
                               {"type": "array", "contains": {"const": "http://www.w3.org/ns/anno.jsonld"}}]},
        "id": {"$ref": "#/$defs/iri"},
        "type": {"anyOf": [{"const": "Annotation"}, {"type": "array", "contains": {"const": "Annotation"}}]},
        "body": {"anyOf": [{"$ref": "#/$defs/body"}, {"type": "array", "items": {"$ref": "#/$defs/body"}}]},
        "target": {"anyOf": [{"$ref": "#/$defs/target"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/target"}}]},
    },
}


def leaf_errors(error):
    """The innermost errors under an anyOf, keeping those that got furthest into the
    instance (the branch the annotation was meant to match)."""
    if not error.context:
        return [error]
    leaves = [leaf for e in error.context for leaf in leaf_errors(e)]
    deepest = max(len(e.absolute_path) for e in leaves)
    return [e for e in leaves if len(e.absolute_path) == deepest and e.validator in ("pattern", "not", "required", "const", "type")]


def short(error):
    if error.validator == "pattern":
        return f"{error.instance!r} is not an absolute IRI (3.1/4.1 MUST)"
    if error.validator == "not":
        return "an external resource body carries `purpose` (3.3.5: only SpecificResource/TextualBody)"
    return error.message[:120]


def read_source(source):
    """The text of the resource a target names, as a consumer would fetch it."""
    if re.match(r"^file://", source):
        path = unquote(urlparse(source).path)
    elif re.match(IRI, source):
        return None  # http(s) or urn: not fetched here
    else:
        path = os.path.join(common.ROOT, source)  # a relative "IRI" (itself a MUST failure)
    try:
        with open(path, encoding="utf8") as f:
            return f.read()
    except OSError:
        return None


def main():
    try:
        import jsonschema
    except ImportError:
        return common.skip(FMT, CONSUMER, f"no jsonschema in {sys.executable} (run scripts/consumers/setup)")
    work = os.path.join(common.WORK, "w3c")
    os.makedirs(work, exist_ok=True)
    notes = []
    try:
        path = os.path.join(work, "copydesk.w3c.jsonl")
        notes.append(f"copydesk export: {common.export('w3c', path)}")
        note, absent_failure = common.partial_absent(path)
        notes.append(note)
        validator = jsonschema.Draft202012Validator(SCHEMA)
        annotations = [json.loads(l) for l in open(path, encoding="utf8") if l.strip()]
        failing = 0
        for a in annotations:
            errors = sorted(validator.iter_errors(a), key=lambda e: list(e.path))
            if errors:
                failing += 1
                leaves = []
                for e in errors:
                    leaves += leaf_errors(e)
                reasons = sorted({f"{'/'.join(str(p) for p in e.absolute_path)}: {short(e)}" for e in leaves})
                notes.append(f"MUST fails: {a.get('id', '?')[-14:]}: " + "; ".join(reasons)[:400])
        notes.insert(1, f"{failing} of {len(annotations)} annotations fail the encoded MUSTs")
        # selectors read against the resource named; spans mapped back
        back, raw_bad, cleaned = {}, 0, {n: common.article_text(n) for n in common.articles()}
        bad = set()
        for a in annotations:
            targets = a["target"] if isinstance(a["target"], list) else [a["target"]]
            main_target = targets[0]
            if isinstance(main_target, str):
                continue
            source = main_target["source"] if isinstance(main_target["source"], str) else main_target["source"]["id"]
            name = os.path.basename(unquote(urlparse(source).path) if source.startswith("file:") else source)
            sel = {s["type"]: s for s in main_target.get("selector", []) if isinstance(s, dict)}
            quote, pos = sel.get("TextQuoteSelector", {}), sel.get("TextPositionSelector")
            refers_to_cleaned = "refinedBy" in main_target or "state" in main_target
            raw = read_source(source)
            if pos is not None:
                against = cleaned.get(name) if refers_to_cleaned else raw
                if against is None or against[pos["start"]:pos["end"]] != quote.get("exact"):
                    raw_bad += 1
                    bad.add((name, pos["start"], pos["end"]))
                    if against is not None:
                        notes.append(f"{name}: TextPositionSelector {pos['start']}-{pos['end']} reads "
                                     f"{against[pos['start']:pos['end']]!r} in {source}, the quote says {quote.get('exact')!r}")
                bodies = a.get("body", [])
                bodies = bodies if isinstance(bodies, list) else [bodies]
                label = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("type") == "TextualBody"), None)
                kind = "claim" if a.get("motivation") == "classifying" or "/c-" in a["id"] or ":c-" in a["id"] else "mention"
                text = cleaned.get(name, "")
                back.setdefault(name, []).append((kind, label, pos["start"], pos["end"], text[pos["start"]:pos["end"]]))
        notes.append(f"{raw_bad} TextPositionSelector(s) do not select their quote in the resource `source` names")
        outcome = common.compare(common.sent(), back, bad)
        lost = ["no W3C importer in copydesk: spans mapped back from selectors"]
        failures = ([f"{failing} annotations fail MUSTs"] if failing else []) + ([absent_failure] if absent_failure else [])
        common.report(FMT, CONSUMER, outcome, lost=lost, notes=notes, failed="; ".join(failures) or None)
    except Exception as e:  # noqa: BLE001
        common.report(FMT, CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}", notes=notes)


if __name__ == "__main__":
    main()
