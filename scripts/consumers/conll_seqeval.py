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


def check(fmt, documents, notes):
    """documents: [(name, [[(token, tag), ...] per sentence])]"""
    from seqeval.scheme import IOB2, Entities
    sent = common.sent()
    sent_mentions = {n: [s for s in spans if s[0] == "mention"] for n, spans in sent.items()}
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
    cues, links, texts = common.sent_claim_parts()
    n_claims = sum(1 for spans in sent.values() for s in spans if s[0] == "claim")
    common.report(fmt, CONSUMER, result, lost=[f"claims {n_claims} (format has none)", "offsets (tokens only)"],
                  notes=notes, failed=f"{invalid} invalid IOB2 tags" if invalid else None)


def main():
    try:
        import seqeval  # noqa: F401
    except ImportError:
        return common.skip("conll", CONSUMER, f"no seqeval in {sys.executable} (run scripts/consumers/setup)")
    work = os.path.join(common.WORK, "seqeval")
    os.makedirs(work, exist_ok=True)
    try:
        path = os.path.join(work, "copydesk.conll")
        notes = [f"copydesk export: {common.export('conll', path)}"]
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
        check("conll", documents, notes)
    except Exception as e:  # noqa: BLE001
        common.report("conll", CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")
    # Hugging Face style JSONL, once copydesk writes it
    hf = os.path.join(work, "copydesk.hf.jsonl")
    done = common.copydesk("export", common.CORPUS, "--format", "hf", "-o", hf, check=False)
    if done.returncode != 0:
        common.skip("hf", CONSUMER, "copydesk has no --format hf yet")
        return
    try:
        documents = []
        for line in open(hf, encoding="utf8"):
            r = json.loads(line)
            names_ = r.get("label_names") or r.get("labels")
            tags = [names_[t] if isinstance(t, int) and names_ else t for t in r["ner_tags"]]
            documents.append((os.path.basename(r.get("source") or r.get("id") or ""), [list(zip(r["tokens"], tags))]))
        check("hf", documents, [f"copydesk export: {done.stderr.strip()}"])
    except Exception as e:  # noqa: BLE001
        common.report("hf", CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")


if __name__ == "__main__":
    main()
