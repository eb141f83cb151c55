#!/usr/bin/env python3
"""doccano 1.8.4, for real: server (gunicorn) and task worker (celery) on 127.0.0.1,
a SequenceLabeling project, copydesk's doccano JSONL imported through doccano's own
upload API, exported again with doccano's download API, each span read as doccano
reads it (UTF-16 code units, grapheme_mode off), and doccano's export imported back
into copydesk.  Run with the doccano venv's Python (DOCCANO_VENV, default
/work/venv-doccano)."""
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FMT, CONSUMER = "doccano", "doccano 1.8.4 server+worker"
VENV = os.environ.get("DOCCANO_VENV", "/work/venv-doccano")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    doccano = os.path.join(VENV, "bin", "doccano")
    try:
        import requests
    except ImportError:
        return common.skip(FMT, CONSUMER, f"no requests in {sys.executable}")
    if not os.access(doccano, os.X_OK):
        return common.skip(FMT, CONSUMER, f"no doccano at {doccano} (run scripts/consumers/setup)")
    home = os.path.join(common.WORK, "doccano")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{home}/db.sqlite3", MEDIA_ROOT=os.path.join(home, "media"),
               DJANGO_SETTINGS_MODULE="config.settings.development", ALLOWED_HOSTS="127.0.0.1",
               CSRF_TRUSTED_ORIGINS="http://127.0.0.1")
    env.pop("DJANGO_SETTINGS_MODULE")
    log = open(os.path.join(home, "doccano.log"), "w")
    t0 = time.time()
    subprocess.run([doccano, "init"], env=env, stdout=log, stderr=log, check=True)
    subprocess.run([doccano, "createuser", "--username", "admin", "--password", "copydesk-pass"], env=env,
                   stdout=log, stderr=log, check=True)
    port = free_port()
    # doccano's webserver binds 0.0.0.0 by its own gunicorn options; run gunicorn ourselves on 127.0.0.1
    backend = os.path.dirname(subprocess.run([os.path.join(VENV, "bin", "python"), "-c",
                                              "import backend, os; print(backend.__file__)"],
                                             capture_output=True, text=True, check=True).stdout.strip())
    procs = []
    try:
        procs.append(subprocess.Popen(
            [os.path.join(VENV, "bin", "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--chdir", backend, "config.wsgi"], env=env, stdout=log, stderr=log, start_new_session=True))
        procs.append(subprocess.Popen(
            [os.path.join(VENV, "bin", "celery"), "--workdir", backend, "-A", "config", "worker",
             "--loglevel=INFO", "--pool=solo", "--concurrency=1"], env=env, stdout=log, stderr=log,
            start_new_session=True))
        base = f"http://127.0.0.1:{port}"
        s = requests.Session()
        for _ in range(120):
            try:
                if s.get(base + "/v1/projects", timeout=10).status_code < 500:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"doccano server did not answer on {base}")
        key = s.post(base + "/v1/auth/login/", json={"username": "admin", "password": "copydesk-pass"}).json()["key"]
        s.cookies.clear()  # else SessionAuthentication wants a CSRF token
        s.headers["Authorization"] = f"Token {key}"
        project = s.post(base + "/v1/projects", json={
            "name": "copydesk fixture", "description": "round trip", "guideline": "", "project_type": "SequenceLabeling",
            "resourcetype": "SequenceLabelingProject", "allow_overlapping": True, "grapheme_mode": False,
            "use_relation": False, "random_order": False, "collaborative_annotation": True, "tags": []})
        project.raise_for_status()
        pid = project.json()["id"]

        def wait(task_id):
            for _ in range(240):
                st = s.get(base + f"/v1/tasks/status/{task_id}").json()
                if st.get("ready"):
                    if st.get("error"):
                        raise RuntimeError(f"doccano task failed: {st['error']}")
                    return st
                time.sleep(0.5)
            raise RuntimeError("doccano task did not finish (is the celery worker running?)")

        sent_file = os.path.join(common.WORK, "copydesk.doccano.jsonl")
        stderr = common.export("doccano", sent_file)
        checks, failures = [], []
        note, failure = common.partial_absent(sent_file)
        checks.append(note)
        failures += [failure] if failure else []
        refused, bad_refusals = common.refusals("doccano", ("--include-partial",), ("--status", "accepted,rejected"))
        checks += refused
        failures += bad_refusals
        with open(sent_file, "rb") as f:
            upload = s.post(base + "/v1/fp/process/", files={"filepond": ("copydesk.jsonl", f, "application/json")})
        upload.raise_for_status()
        st = wait(s.post(base + f"/v1/projects/{pid}/upload", json={
            "uploadIds": [upload.text.strip()], "format": "JSONL", "task": "SequenceLabeling",
            "column_data": "text", "column_label": "label", "encoding": "utf_8"}).json()["task_id"])
        problems = (st.get("result") or {}).get("error") or []
        export_id = s.post(base + f"/v1/projects/{pid}/download",
                           json={"format": "JSONL", "exportApproved": False}).json()["task_id"]
        wait(export_id)
        zipped = s.get(base + f"/v1/projects/{pid}/download", params={"taskId": export_id})
        zipped.raise_for_status()
        data = zipped.content
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                lines = b"".join(z.read(n) for n in z.namelist()).decode("utf8")
        else:
            lines = data.decode("utf8")
        back_file = os.path.join(common.WORK, "doccano-export.jsonl")
        records = [json.loads(l) for l in lines.splitlines() if l.strip()]
        records.sort(key=lambda r: r.get("source", ""))
        with open(back_file, "w", encoding="utf8") as f:
            for r in records:
                r.pop("id", None)
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        common.save_golden("doccano-export.jsonl", open(back_file, encoding="utf8").read())
        # doccano (grapheme_mode off) counts UTF-16 code units, as its browser client does;
        # copydesk writes UTF-16 offsets by default since issue 14. Each label doccano gave
        # back, read in UTF-16 units, must be the text of a span sent at those places.
        bad, shown = set(), []
        sent_spans = common.sent()
        for r in records:
            name = os.path.basename(r.get("source", ""))
            mine = {(s[2], s[3]): s[4] for s in sent_spans.get(name, [])}
            for start, end, label in r.get("label", []):
                theirs = common.utf16_slice(r["text"], start, end)
                cp_start = len(common.utf16_slice(r["text"], 0, start))
                cp_end = cp_start + len(theirs)
                if mine.get((cp_start, cp_end)) != theirs:
                    bad.add((name, cp_start, cp_end))
                    shown.append(f"{name}: {label} at UTF-16 {start}-{end}: doccano shows {theirs!r}, sent there: "
                                 f"{mine.get((cp_start, cp_end))!r}")
        back, cars, imp = common.import_back(back_file, "doccano", "doccano")
        outcome = common.compare(common.sent(), back, bad)
        cues, links, texts = common.sent_claim_parts()
        bcues, blinks, btexts = common.claim_parts(cars)
        lost = [f"claim cues {cues} -> {bcues}", f"claim sources (mention links+free text) {links}+{texts} -> {blinks}+{btexts}",
                "statuses/annotators/origin (all come back as suggested from 'doccano')"]
        notes = shown + checks + [f"copydesk export: {stderr}", f"doccano import problems: {problems}", f"copydesk import: {imp}",
                         f"{len(records)} documents came back; doccano ran {time.time() - t0:.0f}s"]
        common.report(FMT, CONSUMER, outcome, lost=lost, notes=notes, failed="; ".join(failures) or None)
    except Exception as e:  # noqa: BLE001
        common.report(FMT, CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
