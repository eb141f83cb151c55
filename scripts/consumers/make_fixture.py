#!/usr/bin/env python3
"""Writes the consumer fixture corpus: tests/fixtures/consumers/articles/*.md and their
copydesk sidecars, exactly reproducibly (ids are hashes of article and item, times fixed).

Cases: emoji before spans (skin tone, ZWJ family, flag), CJK names, curly quotes, a mention
that crosses a paragraph break, a rejected suggestion, a half-reviewed article (some
suggestions undecided), an article nobody reviewed, fully reviewed articles, and claims
whose source is not an exported mention (free text; a still-suggested mention).

The fully reviewed articles (every item of both layers decided) carry a review mark per
layer (`reviewed.entities`, `reviewed.claims`: how "decided", at the last decision, sha256
= the article id, SHA-256 of the cleaned text); the half-reviewed and the unreviewed one
carry none, so `copydesk export` leaves them out unless `--include-partial`.

Offsets are code points into the cleaned text; for these Markdown files the cleaned text
is the file with the leading "# " of the title removed and the final newline dropped
(checked by `copydesk check` in scripts/consumers/run and in tests/consumers_golden.rs).

Usage: scripts/consumers/make_fixture.py [OUT_DIR]   (default tests/fixtures/consumers)
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fixtures", "consumers")

T0 = "2026-12-01T09:00:00.000Z"
NER = {"extractor": "copydesk-ner", "version": "0.1.0"}
CLAIMS = {"extractor": "copydesk-claims", "version": "0.1.0"}
ANA = "ana"

ARTICLES = {
    # fully reviewed: emoji with skin tone / ZWJ / flag before spans, CJK, curly quotes,
    # a rejected suggestion, an edited one, a claim whose source is free text.
    "lunar-festival.md": {
        "reviewed": True,
        "markdown": "# Lunar festival opens with a rocket parade\n\n"
        "👩🏽‍🚀🚀 Astronaut Mei-Lin Chen (陈美玲) opened the Harbourside Lunar Festival on Saturday in Eastmouth.\n\n"
        "🇯🇵 The delegation from 大阪 was led by Kenji Watanabe, who called the parade “a bridge between two harbours”. "
        "Organisers at Tidewater Events said attendance had doubled.\n\n"
        "👨‍👩‍👧‍👦 Families queued outside the Marlowe Aquarium from dawn.\n",
        "mentions": [
            # (exact, label, status, occurrence, before) before = (exact, label) the extractor said
            ("Mei-Lin Chen", "PERSON", "accepted", 0, None),
            ("陈美玲", "PERSON", "manual", 0, None),
            ("Harbourside Lunar Festival", "EVENT", "edited", 0, ("Lunar Festival", "EVENT")),
            ("Saturday", "PERSON", "rejected", 0, None),
            ("Eastmouth", "GPE", "accepted", 0, None),
            ("大阪", "GPE", "accepted", 0, None),
            ("Kenji Watanabe", "PERSON", "accepted", 0, None),
            ("Tidewater Events", "ORG", "accepted", 0, None),
            ("Marlowe Aquarium", "FAC", "accepted", 0, None),
        ],
        "claims": [
            # (content, cue, label, status, source) source = ("mention", exact) | ("text", str)
            ("a bridge between two harbours", "called", "said", "accepted", ("mention", "Kenji Watanabe")),
            ("attendance had doubled", "said", "said", "accepted", ("text", "Organisers at Tidewater Events")),
        ],
    },
    # half-reviewed: 4 of 9 mentions decided, one claim decided whose source mention is
    # still a suggestion (so not exported by default), one claim undecided.
    "ferry-strike.md": {
        "markdown": "# Ferry crews walk out over rota changes\n\n"
        "Crews on the Eastmouth–Calder ferry stopped work at 06:00 on Tuesday 😤, the Maritime Workers’ Union said.\n\n"
        "Union organiser Siobhán O’Leary told reporters that “nobody was consulted”. "
        "Operator Bluewake Lines said 12 sailings were cancelled.\n\n"
        "Passengers from Kōbe, among them 田中 Hiro, waited at the terminal 🙇‍♂️ for hours.\n",
        "mentions": [
            ("Eastmouth", "GPE", "accepted", 0, None),
            ("Calder", "GPE", "suggested", 0, None),
            ("06:00", "TIME", "suggested", 0, None),
            ("Tuesday", "DATE", "accepted", 0, None),
            ("Maritime Workers’ Union", "ORG", "accepted", 0, None),
            ("Siobhán O’Leary", "PERSON", "suggested", 0, None),
            ("Bluewake Lines", "ORG", "suggested", 0, None),
            ("Kōbe", "GPE", "rejected", 0, None),
            ("田中 Hiro", "PERSON", "suggested", 0, None),
        ],
        "claims": [
            ("nobody was consulted", "told", "said", "accepted", ("mention", "Siobhán O’Leary")),
            ("12 sailings were cancelled", "said", "said", "suggested", ("mention", "Bluewake Lines")),
        ],
    },
    # fully reviewed: a person's mention across a paragraph break, CJK, emoji before spans.
    "tram-line.md": {
        "reviewed": True,
        "markdown": "# Tram extension reaches the old docks\n\n"
        "The Northwind Courier reported that the new line, run by Greater Eastmouth\n\n"
        "Transit, will stop at Quay Street 🚋🏳️‍🌈 from March.\n\n"
        "Engineer Zhang Wei (张伟) said the track “had to curve around a listed crane”.\n",
        "mentions": [
            ("Northwind Courier", "ORG", "accepted", 0, None),
            ("Greater Eastmouth\n\nTransit", "ORG", "manual", 0, None),
            ("Quay Street", "FAC", "accepted", 0, None),
            ("March", "DATE", "accepted", 0, None),
            ("Zhang Wei", "PERSON", "accepted", 0, None),
            ("张伟", "PERSON", "edited", 0, ("张伟", "ORG")),
        ],
        "claims": [
            ("had to curve around a listed crane", "said", "said", "accepted", ("mention", "Zhang Wei")),
        ],
    },
    # nobody reviewed it: every item still a suggestion.
    "weather-desk.md": {
        "markdown": "# Fog delays the morning flights\n\n"
        "☁️ Dense fog closed Eastmouth Airport for three hours, the Met Office said.\n\n"
        "Forecaster Aiko Sato expected it to lift by noon.\n",
        "mentions": [
            ("Eastmouth Airport", "FAC", "suggested", 0, None),
            ("three hours", "TIME", "suggested", 0, None),
            ("Met Office", "ORG", "suggested", 0, None),
            ("Aiko Sato", "PERSON", "suggested", 0, None),
            ("noon", "TIME", "suggested", 0, None),
        ],
        "claims": [
            ("it to lift by noon", "expected", "said", "suggested", ("mention", "Aiko Sato")),
        ],
    },
}


def cleaned(markdown):
    assert markdown.startswith("# ")
    return markdown[2:].rstrip("\n")


def ident(prefix, *parts):
    return prefix + "-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def find(text, exact, occurrence=0, after=0):
    at = text.find(exact, after)
    for _ in range(occurrence):
        at = text.find(exact, at + 1)
    assert at >= 0, exact
    return at


def span(text, start, end):
    return {
        "start": start,
        "end": end,
        "exact": text[start:end],
        "prefix": text[max(0, start - 32):start],
        "suffix": text[end:end + 32],
    }


def minute(n, ms=0):
    return f"2026-12-01T09:{n:02d}:{ms // 1000:02d}.{ms % 1000:03d}Z"


def build(name, spec):
    text = cleaned(spec["markdown"])
    title = text.split("\n", 1)[0]
    clock = [0]

    def tick():
        clock[0] += 1
        return minute(10 + clock[0] // 60, (clock[0] % 60) * 1000)

    mentions, claims, history = [], [], []
    by_exact = {}
    for exact, label, status, occurrence, before in spec["mentions"]:
        start = find(text, exact, occurrence)
        mid = ident("m", name, exact, str(occurrence))
        by_exact[exact] = mid
        manual = status == "manual"
        origin = {"annotator": ANA} if manual else dict(NER)
        updated = T0 if status == "suggested" else tick()
        created = updated if manual else T0
        item = {"id": mid, "status": status, "origin": origin, "created": created, "updated": updated,
                "span": span(text, start, start + len(exact)), "label": label}
        if not manual:
            item["confidence"] = 0.8
        mentions.append(item)
        if status in ("suggested",):
            continue
        if manual:
            before_item = None
        else:
            before_item = json.loads(json.dumps(item))
            before_item["status"] = "suggested"
            before_item["updated"] = T0
            if before is not None:
                b_exact, b_label = before
                b_start = find(text, b_exact, 0)
                before_item["span"] = span(text, b_start, b_start + len(b_exact))
                before_item["label"] = b_label
        history.append({"id": ident("h", name, mid), "at": updated, "by": ANA, "kind": "mention",
                        "item": mid, "before": sorted_keys(before_item), "after": sorted_keys(item)})
    for content, cue, label, status, source in spec["claims"]:
        c_start = find(text, content)
        cue_start = text.rfind(cue, 0, c_start)
        assert cue_start >= 0, cue
        cid = ident("c", name, content)
        updated = T0 if status == "suggested" else tick()
        item = {"id": cid, "status": status, "origin": dict(CLAIMS), "created": T0, "updated": updated,
                "content": span(text, c_start, c_start + len(content)),
                "cue": span(text, cue_start, cue_start + len(cue)), "label": label, "negated": False}
        kind, value = source
        item["source"] = {"mention": by_exact[value]} if kind == "mention" else {"text": value}
        claims.append(item)
        if status != "suggested":
            before_item = json.loads(json.dumps(item))
            before_item["status"] = "suggested"
            before_item["updated"] = T0
            history.append({"id": ident("h", name, cid), "at": updated, "by": ANA, "kind": "claim",
                            "item": cid, "before": sorted_keys(before_item), "after": sorted_keys(item)})
    mentions.sort(key=lambda m: (m["span"]["start"], m["span"]["end"], m["id"]))
    claims.sort(key=lambda c: (c["content"]["start"], c["content"]["end"], c["id"]))
    history.sort(key=lambda h: (h["at"], h["id"]))
    sidecar = {
        "schema": "copydesk/1",
        "article": {"path": name, "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    "length": len(text), "title": title},
        "annotators": [{"id": ANA, "name": "Ana Ruiz"}],
        "mentions": mentions,
        "entities": [],
        "claims": claims,
        "notes": [],
        "history": history,
    }
    if spec.get("reviewed"):
        assert all(m["status"] != "suggested" for m in mentions) and all(c["status"] != "suggested" for c in claims), name
        at = history[-1]["at"]
        digest = sidecar["article"]["sha256"]
        sidecar["reviewed"] = {layer: {"by": ANA, "at": at, "how": "decided", "sha256": digest}
                               for layer in ("entities", "claims")}
    return text, sidecar


def sorted_keys(value):
    if isinstance(value, dict):
        return {k: sorted_keys(value[k]) for k in sorted(value)}
    return value


def main():
    folder = os.path.join(OUT, "articles")
    os.makedirs(folder, exist_ok=True)
    for name, spec in ARTICLES.items():
        _, sidecar = build(name, spec)
        with open(os.path.join(folder, name), "w", encoding="utf8", newline="\n") as f:
            f.write(spec["markdown"])
        with open(os.path.join(folder, name + ".copydesk.json"), "w", encoding="utf8", newline="\n") as f:
            f.write(json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {len(ARTICLES)} articles and sidecars to {folder}")


if __name__ == "__main__":
    main()
