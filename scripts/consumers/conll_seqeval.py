#!/usr/bin/env python3
"""seqeval 1.2, strict IOB2, in-process, on copydesk's CoNLL export: every sentence's
tag sequence must be valid IOB2 (an I- only after a B-/I- of its type, never after a
blank line), and the entities seqeval's strict mode reads must be the mentions sent, with
the same text. copydesk has no CoNLL importer, so "came back" is seqeval's entity at the
same tokens. Later also the Hugging Face JSONL (tokens, ner_tags) when copydesk has it.
Run with the spaCy venv's Python (it has seqeval)."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

CONSUMER = "seqeval strict IOB2"


def invalid_iob2(tags):
    bad, prev = 0, "O"
    for tag in tags:
        if tag.startswith("I-") and not (prev[:2] in ("B-", "I-") and prev[2:] == tag[2:]):
            bad += 1
        prev = tag
    return bad


def check(fmt, documents, notes, said="", failures=()):
    """documents: [(name, [[(token, tag), ...] per sentence])]. A mention across a sentence
    break is not sent when copydesk says it dropped it (valid IOB2 cannot hold it)."""
    from seqeval.scheme import IOB2, Entities
    sent = common.sent()
    sent_mentions = {n: [s for s in spans if s[0] == "mention"] for n, spans in sent.items()}
    dropped = re.search(r"(\d+) mentions? across a sentence break \(dropped\)", said)
    if dropped:
        across = [(n, s) for n, spans in sent_mentions.items() for s in spans if "\n\n" in s[4]]
        if len(across) == int(dropped.group(1)):
            for n, s in across:
                sent_mentions[n].remove(s)
            notes.append(f"copydesk dropped {dropped.group(1)} mention(s) across a sentence break and said so: "
                         + ", ".join(repr(s[4]) for _, s in across))
        else:
            notes.append(f"copydesk says {dropped.group(1)} dropped, the fixture has {len(across)} across a break")
    result = {"sent": 0, "same": 0, "shifted": 0, "lost": 0, "extra": 0, "details": []}
    invalid = 0
    for name, sentences in documents:
        tags = [[t for _, t in s] for s in sentences]
        for seq in tags:
            invalid += invalid_iob2(seq)
        for seq, s in zip(tags, sentences):
            if invalid_iob2(seq):
                result["details"].append(f"{name}: invalid IOB2 in sentence starting {' '.join(w for w, _ in s[:4])!r}: "
                                         + " ".join(seq[:1] + [t for t in seq if t != 'O'][:6]))
        found = []
        for i, seq in enumerate(Entities(tags, IOB2).entities):
            for e in seq:
                words = [w for w, _ in sentences[e.sent_id][e.start:e.end]]
                found.append((e.tag, words))
        mine = sent_mentions.get(name, [])
        result["sent"] += len(mine)
        remaining = list(found)
        for _, label, start, end, exact in mine:
            words = re.findall(r"\w+|[^\w\s]", exact)
            hit = next((f for f in remaining if f[0] == label and re.findall(r"\w+|[^\w\s]", "".join(x + " " for x in f[1])) == words), None)
            if hit:
                result["same"] += 1
                remaining.remove(hit)
            else:
                partial = next((f for f in remaining if f[0] == label and set(f[1]) & set(words)), None)
                if partial:
                    result["shifted"] += 1
                    remaining.remove(partial)
                    result["details"].append(f"{name}: {label} {exact!r} read by seqeval as {' '.join(partial[1])!r}")
                else:
                    result["lost"] += 1
                    result["details"].append(f"{name}: {label} {exact!r} not read by seqeval strict")
        for f in remaining:
            result["extra"] += 1
            result["details"].append(f"{name}: seqeval read {f[0]} {' '.join(f[1])!r}, not sent")
    notes.append(f"{invalid} invalid IOB2 tag(s)")
    n_claims = sum(1 for spans in sent.values() for s in spans if s[0] == "claim")
    lost = [f"claims {n_claims} (format has none)", "offsets (tokens only)"]
    if dropped:
        lost.append(f"{dropped.group(1)} cross-paragraph mention dropped (reported)")
    failures = list(failures) + ([f"{invalid} invalid IOB2 tags"] if invalid else [])
    common.report(fmt, CONSUMER, result, lost=lost, notes=notes, failed="; ".join(failures) or None)


def main():
    try:
        import seqeval  # noqa: F401
    except ImportError:
        return common.skip("conll", CONSUMER, f"no seqeval in {sys.executable} (run scripts/consumers/setup)")
    work = os.path.join(common.WORK, "seqeval")
    os.makedirs(work, exist_ok=True)
    try:
        path = os.path.join(work, "copydesk.conll")
        said = common.export('conll', path)
        notes = [f"copydesk export: {said}"]
        note, failure = common.partial_absent(path)
        notes.append(note)
        refused, failures = common.refusals("conll", ("--include-partial",), ("--status", "accepted,rejected"))
        notes += refused
        failures += [failure] if failure else []
        names = sorted(common.exported_articles())  # the export's order: by path
        docs = []
        for chunk in open(path, encoding="utf8").read().split("-DOCSTART- -X- O O")[1:]:
            sentences = []
            for block in re.split(r"\n\s*\n", chunk):
                rows = [l.rsplit(" ", 1) for l in block.split("\n") if l.strip()]
                if rows:
                    sentences.append([(w, t) for w, t in rows])
            docs.append(sentences)
        if len(docs) != len(names):
            notes.append(f"{len(docs)} -DOCSTART- for {len(names)} articles")
        documents = list(zip(names, docs))
        check("conll", documents, notes, said, failures)
    except Exception as e:  # noqa: BLE001
        common.report("conll", CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")
    # Hugging Face style JSONL: integer ner_tags numbered by --labels (names in
    # OUT.labels.json beside it), -100 for text nobody reviewed
    hf = os.path.join(work, "copydesk.hf.jsonl")
    try:
        said = common.export("hf", hf, extra=("--labels", common.LABELS))
        names_ = json.load(open(hf[:-len(".jsonl")] + ".labels.json", encoding="utf8"))
        notes = [f"copydesk export --labels {common.LABELS}: {said}", f"tag names: {len(names_)} ({names_[:3]}...)"]
        note, failure = common.partial_absent(hf)
        notes.append(note)
        failures = [failure] if failure else []
        documents = []
        for line in open(hf, encoding="utf8"):
            r = json.loads(line)
            tags = [names_[t] for t in r["ner_tags"]]
            documents.append((os.path.basename(r["source"]), [list(zip(r["tokens"], tags))]))
        # --include-partial: the unreviewed text is -100 (ignored by the loss), never O (0)
        phf = os.path.join(work, "copydesk.partial.hf.jsonl")
        common.export("hf", phf, extra=("--labels", common.LABELS, "--include-partial"))
        folder = os.path.join(common.ROOT, common.CORPUS)
        for line in open(phf, encoding="utf8"):
            r = json.loads(line)
            name = os.path.basename(r["source"])
            if name in common.PARTIAL:
                counts = {k: sum(1 for t in r["ner_tags"] if (t == -100) == (k == "ignored") and (t == 0) == (k == "O")
                                 and (t > 0) == (k == "tagged")) for k in ("ignored", "O", "tagged")}
                notes.append(f"--include-partial: {name}: {counts['ignored']} tokens -100 (missing), {counts['O']} O, "
                             f"{counts['tagged']} tagged")
                if counts["O"]:
                    failures.append(f"{name}: {counts['O']} unreviewed tokens as O")
        check("hf", documents, notes, said, failures)
    except Exception as e:  # noqa: BLE001
        common.report("hf", CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")


if __name__ == "__main__":
    main()
