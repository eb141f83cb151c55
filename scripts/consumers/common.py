"""Shared by the consumer round-trip scripts (standard library only, so it runs in
every consumer's own virtualenv).

Each script exports the fixture corpus (tests/fixtures/consumers/articles) with the
copydesk binary, hands the export to its real consumer, takes the consumer's own export
back, imports that into a fresh copy of the articles with `copydesk import`, and
compares what came back with what was sent. It appends one JSON result line per
(format, consumer) to $CONSUMERS_RESULTS, which `run` prints as the table.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = "tests/fixtures/consumers/articles"  # relative: the exports name it so
GOLDEN = os.path.join(ROOT, "tests", "fixtures", "consumers", "golden")
DEFAULT_STATUSES = ("accepted", "edited", "manual")
WORK = os.environ.get("CONSUMERS_WORK") or tempfile.mkdtemp(prefix="copydesk-consumers-")
os.makedirs(WORK, exist_ok=True)


def copydesk_bin():
    found = os.environ.get("COPYDESK")
    if not found:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        found = os.path.join(target, "release", "copydesk")
    if not os.access(found, os.X_OK):
        sys.exit(f"FAIL: no copydesk binary at {found} (set COPYDESK or build --release)")
    return found


def copydesk(*args, check=True):
    done = subprocess.run([copydesk_bin(), *args], cwd=ROOT, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"copydesk {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done


LABELS = "PERSON,ORG,GPE,FAC,EVENT,DATE,TIME"  # the fixture's mention labels (hf numbers its tags by them)
PARTIAL = ("ferry-strike.md", "weather-desk.md")  # not fully reviewed: absent by default
PARTIAL_MARKERS = ("Ferry crews walk out", "Fog delays the morning", "ferry-strike", "weather-desk")


def export(fmt, out, statuses=None, extra=()):
    args = ["export", CORPUS, "--format", fmt, "--jobs", "1", "-o", out, *extra]
    if statuses:
        args += ["--status", ",".join(statuses)]
    done = copydesk(*args)
    return done.stderr.strip()


def partial_absent(out):
    """Checks that a default export (a file, or brat's folder) leaves the half-reviewed and
    the unreviewed article out. Returns (note, failure or None)."""
    paths = [os.path.join(out, n) for n in sorted(os.listdir(out))] if os.path.isdir(out) else [out]
    found = set()
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        found |= {m for m in PARTIAL_MARKERS if m.encode() in data or m in os.path.basename(p)}
    if found:
        return f"half-reviewed/unreviewed present by default: {sorted(found)}", "not fully reviewed articles exported by default"
    return f"half-reviewed absent by default ({', '.join(PARTIAL)} not in the export)", None


def refusals(fmt, *cases):
    """Each case a tuple of extra export arguments the format must refuse (exit 2, nothing
    written as gold). Returns (notes, failures)."""
    notes, failures = [], []
    for extra in cases:
        out = os.path.join(WORK, f"refused-{fmt}-{len(notes)}")
        done = copydesk("export", CORPUS, "--format", fmt, "--jobs", "1", "-o", out, *extra, check=False)
        said = (done.stderr.strip().splitlines() or [""])[-1]
        if done.returncode == 2:
            notes.append(f"refuses {' '.join(extra)} (exit 2): {said}")
        else:
            failures.append(f"{' '.join(extra)} not refused (exit {done.returncode})")
            notes.append(f"BUG: {fmt} does not refuse {' '.join(extra)}: exit {done.returncode}: {said}")
    return notes, failures


def articles():
    folder = os.path.join(ROOT, CORPUS)
    return sorted(n for n in os.listdir(folder) if n.endswith(".md"))


def article_text(name):
    """The cleaned text (offsets count code points into it)."""
    done = copydesk("clean", "--format", "json", os.path.join(CORPUS, name))
    return json.loads(done.stdout)["text"]


def sidecar(folder, name):
    path = os.path.join(folder, name + ".copydesk.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf8") as f:
        return json.load(f)


def spans_of(car, statuses=None):
    """(article-relative) labelled spans of a sidecar: mentions and claim contents, as
    (kind, label, start, end, exact), for the given statuses (all when None)."""
    out = []
    if car is None:
        return out
    for m in car.get("mentions", []):
        if statuses is None or m["status"] in statuses:
            s = m["span"]
            out.append(("mention", m["label"], s["start"], s["end"], s["exact"]))
    for c in car.get("claims", []):
        if statuses is None or c["status"] in statuses:
            s = c["content"]
            out.append(("claim", c["label"], s["start"], s["end"], s["exact"]))
    return out


_EXPORTED = {}


def exported_articles(statuses=DEFAULT_STATUSES):
    """The articles copydesk's export writes with these statuses (once export leaves out
    articles that are not fully reviewed, fewer than all), read from its spaCy JSONL."""
    key = tuple(statuses)
    if key not in _EXPORTED:
        out = os.path.join(WORK, "exported-articles.jsonl")
        export("spacy", out, statuses)
        with open(out, encoding="utf8") as f:
            _EXPORTED[key] = {os.path.basename(json.loads(l)["meta"]["source"]) for l in f if l.strip()}
    return _EXPORTED[key]


def sent(statuses=DEFAULT_STATUSES):
    """What copydesk's export is meant to carry: {article: [span, ...]}, for the
    articles it exports."""
    folder = os.path.join(ROOT, CORPUS)
    chosen = exported_articles(statuses)
    return {name: spans_of(sidecar(folder, name), statuses) for name in articles() if name in chosen}


def import_back(path, fmt, tag):
    """Imports a consumer's own export into a fresh copy of the articles (no sidecars);
    returns ({article: [span, ...]}, {article: sidecar}, copydesk's stderr)."""
    folder = os.path.join(WORK, "back-" + tag)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name in articles():
        shutil.copy(os.path.join(ROOT, CORPUS, name), folder)
    targets = [os.path.join(folder, n) for n in articles()]
    done = copydesk("import", path, "--format", fmt, "--to", *targets, check=False)
    cars = {n: sidecar(folder, n) for n in articles()}
    return {n: spans_of(c) for n, c in cars.items()}, cars, (done.stderr.strip() + f" [exit {done.returncode}]")


def compare(sent_spans, back_spans, consumer_bad=()):
    """Counts per kind. A sent span is `same` when it came back at the same offsets with
    the same label and text, and the consumer itself saw the same text there (it is not in
    consumer_bad, a set of (article, start, end)). A returned span that matches no sent
    span is `shifted` when a sent span of the same label is within 3 positions, else
    `extra`."""
    result = {"sent": 0, "same": 0, "shifted": 0, "lost": 0, "extra": 0, "details": []}
    for name in sorted(set(sent_spans) | set(back_spans)):
        mine = sent_spans.get(name, [])
        theirs = list(back_spans.get(name, []))
        result["sent"] += len(mine)
        for span in mine:
            kind, label, start, end, exact = span
            if span in theirs and (name, start, end) not in consumer_bad:
                result["same"] += 1
                theirs.remove(span)
            elif (name, start, end) in consumer_bad:
                result["shifted"] += 1
                result["details"].append(f"{name}: {kind} {label} {exact!r} read at other text by the consumer")
                if span in theirs:
                    theirs.remove(span)
            else:
                near = [t for t in theirs if t[1] == label and abs(t[2] - start) <= 3 and t != span]
                if near:
                    result["shifted"] += 1
                    theirs.remove(near[0])
                    result["details"].append(
                        f"{name}: {kind} {label} {exact!r} at {start}-{end} came back as {near[0][4]!r} at {near[0][2]}-{near[0][3]}")
                else:
                    result["lost"] += 1
                    result["details"].append(f"{name}: {kind} {label} {exact!r} at {start}-{end} did not come back")
        for t in theirs:
            result["extra"] += 1
            result["details"].append(f"{name}: {t[0]} {t[1]} {t[4]!r} at {t[2]}-{t[3]} came back but was not sent")
    return result


def claim_parts(cars):
    """Counts of claim cues, source links to mentions and free-text sources in sidecars."""
    cues = links = texts = 0
    for car in cars.values():
        for c in (car or {}).get("claims", []):
            cues += "cue" in c
            src = c.get("source") or {}
            links += "mention" in src
            texts += "text" in src
    return cues, links, texts


def sent_claim_parts(statuses=DEFAULT_STATUSES):
    folder = os.path.join(ROOT, CORPUS)
    cars = {}
    chosen = exported_articles(statuses)
    for n in articles():
        if n not in chosen:
            continue
        car = json.loads(json.dumps(sidecar(folder, n)))
        car["claims"] = [c for c in car["claims"] if c["status"] in statuses]
        cars[n] = car
    return claim_parts(cars)


def utf16_slice(text, start, end):
    """text[start:end] with start/end counted in UTF-16 code units (as JavaScript does)."""
    data = text.encode("utf-16-le")
    return data[2 * start:2 * end].decode("utf-16-le", errors="replace")


def where(error):
    """file:line of the innermost frame of an exception, for a FAIL message."""
    import traceback
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{os.path.basename(frame.filename)}:{frame.lineno}"


def report(fmt, consumer, outcome, lost=(), failed=None, ran=True, notes=()):
    """Appends one result and prints its details. outcome: a compare() result or None."""
    row = {"format": fmt, "consumer": consumer, "ran": ran, "failed": failed, "lost": list(lost), "notes": list(notes)}
    if outcome is not None:
        row.update({k: outcome[k] for k in ("sent", "same", "shifted", "lost", "extra")})
        row["lost_spans"] = row.pop("lost") if isinstance(row.get("lost"), int) else 0
        row["lost"] = list(lost)
        for d in outcome["details"]:
            print(f"  [{fmt}/{consumer}] {d}")
    for n in notes:
        print(f"  [{fmt}/{consumer}] {n}")
    if failed:
        print(f"FAIL [{fmt}/{consumer}]: {failed}")
    path = os.environ.get("CONSUMERS_RESULTS")
    if path:
        with open(path, "a", encoding="utf8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def skip(fmt, consumer, reason):
    print(f"SKIP: {fmt}/{consumer}: {reason}")
    path = os.environ.get("CONSUMERS_RESULTS")
    if path:
        with open(path, "a", encoding="utf8") as f:
            f.write(json.dumps({"format": fmt, "consumer": consumer, "ran": False, "skip": reason}) + "\n")


def save_golden(name, data):
    """Writes what a consumer gave back into golden/consumers/ when UPDATE_GOLDEN is set."""
    if os.environ.get("UPDATE_GOLDEN") not in (None, "", "0"):
        folder = os.path.join(GOLDEN, "consumers")
        os.makedirs(folder, exist_ok=True)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(os.path.join(folder, name), mode, **({} if mode == "wb" else {"encoding": "utf8", "newline": "\n"})) as f:
            f.write(data)
