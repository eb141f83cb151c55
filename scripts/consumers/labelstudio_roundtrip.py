#!/usr/bin/env python3
"""Label Studio 1.23.2, for real: the server on 127.0.0.1 (its own SQLite under the work
folder, a user and API token made from LABEL_STUDIO_USERNAME/PASSWORD/USER_TOKEN), a
project whose labelling config names copydesk's from_names, copydesk's task file
imported through /api/projects/ID/import, Label Studio's own JSON export taken back from
/api/projects/ID/export, each region checked against the task text as Label Studio's
browser client counts it (UTF-16 code units) and against its value.text, and the export
imported back into copydesk.  Run with the Label Studio venv's Python (LS_VENV, default
/work/venv-ls)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FMT, CONSUMER = "labelstudio", "Label Studio 1.23.2 server"
VENV = os.environ.get("LS_VENV", "/work/venv-ls")
ENTITY_LABELS = ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                 "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"]
CLAIM_LABELS = ["said", "claimed", "denied", "promised", "warned", "estimated", "reported", "predicted"]
CONFIG = ("<View><Relations><Relation value=\"cue\"/><Relation value=\"source\"/></Relations>"
          "<Labels name=\"label\" toName=\"text\">" + "".join(f'<Label value="{l}"/>' for l in ENTITY_LABELS) + "</Labels>"
          "<Labels name=\"claim\" toName=\"text\">" + "".join(f'<Label value="{l}"/>' for l in CLAIM_LABELS) + "</Labels>"
          "<Labels name=\"cue\" toName=\"text\"><Label value=\"cue\"/></Labels>"
          "<Labels name=\"source\" toName=\"text\"><Label value=\"source\"/></Labels>"
          "<Text name=\"text\" value=\"$text\"/></View>")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def second_annotator(s, base, tasks):
    """The same tasks in a second project, where a first annotator skipped (cancelled)
    each task before copydesk's annotation: Label Studio keeps both, and an importer that
    reads only the first annotation of a task imports nothing."""
    consumer = "Label Studio 1.23.2, 1st annotation cancelled"
    try:
        project = s.post(base + "/api/projects", json={"title": "copydesk fixture, two annotators", "label_config": CONFIG})
        project.raise_for_status()
        pid = project.json()["id"]
        doubled = json.loads(json.dumps(tasks))
        for t in doubled:
            t["annotations"] = [{"result": [], "was_cancelled": True}] + t.get("annotations", [])
        imp = s.post(base + f"/api/projects/{pid}/import", json=doubled, params={"commit_to_project": "true"})
        if imp.status_code >= 400:
            raise RuntimeError(f"import: {imp.status_code} {imp.text[:300]}")
        exported = s.get(base + f"/api/projects/{pid}/export", params={"exportType": "JSON", "download_all_tasks": "true"})
        exported.raise_for_status()
        back_tasks = sorted(exported.json(), key=lambda t: t["data"].get("source", ""))
        cancelled = sum(a.get("was_cancelled", False) for t in back_tasks for a in t.get("annotations", []))
        back_file = os.path.join(common.WORK, "labelstudio-export-cancelled-first.json")
        with open(back_file, "w", encoding="utf8") as f:
            json.dump(back_tasks, f, ensure_ascii=False, indent=1)
        back, cars, imp_msg = common.import_back(back_file, "labelstudio", "labelstudio-cancelled")
        outcome = common.compare(common.sent(), back)
        common.report(FMT, consumer, outcome, lost=[f"{cancelled} cancelled annotations came back first"],
                      notes=[f"copydesk import: {imp_msg}"])
    except Exception as e:  # noqa: BLE001
        common.report(FMT, consumer, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")


def partial_checks(sent_file, tasks):
    """On copydesk's own files: the default export leaves the half-reviewed article out;
    with --include-partial, people's decisions go out as `annotations` and every undecided
    suggestion as a `prediction` (model_version, score), never as an annotation; tasks carry
    ids; --status ...,rejected is refused (exit 2). Returns (notes, failures)."""
    notes, failures = [], []
    note, failure = common.partial_absent(sent_file)
    notes.append(note)
    failures += [failure] if failure else []
    if any("id" not in t for t in tasks):
        failures.append("a task without id")
    partial = os.path.join(common.WORK, "copydesk.partial.labelstudio.json")
    common.export("labelstudio", partial, extra=("--include-partial",))
    folder = os.path.join(common.ROOT, common.CORPUS)
    for t in json.load(open(partial, encoding="utf8")):
        name = os.path.basename(t["data"].get("source", ""))
        if name not in common.PARTIAL:
            continue
        car = common.sidecar(folder, name)
        undecided = {(m["span"]["exact"], m["label"]) for m in car["mentions"] if m["status"] == "suggested"}
        text = t["data"]["text"]

        def regions(items):
            return {(common.utf16_slice(text, r["value"]["start"], r["value"]["end"]), (r["value"].get("labels") or [""])[0])
                    for a in items for r in a.get("result", []) if r.get("from_name") == "label"}
        annotated, predicted = regions(t.get("annotations", [])), regions(t.get("predictions", []))
        versions = sorted({str(p.get("model_version")) for p in t.get("predictions", [])})
        as_annotation = undecided & annotated
        missing = undecided - predicted
        notes.append(f"--include-partial: {name}: {len(annotated)} annotated, {len(predicted)} predicted regions "
                     f"(model_version {versions}); undecided as annotations: {len(as_annotation)}, not predicted: {len(missing)}")
        if as_annotation:
            failures.append(f"{name}: undecided suggestions as annotations: {sorted(as_annotation)}")
        if missing:
            failures.append(f"{name}: undecided suggestions not in predictions: {sorted(missing)}")
    refused, bad = common.refusals("labelstudio", ("--status", "accepted,rejected"))
    return notes + refused, failures + bad


def main():
    ls = os.path.join(VENV, "bin", "label-studio")
    try:
        import requests
    except ImportError:
        return common.skip(FMT, CONSUMER, f"no requests in {sys.executable}")
    if not os.access(ls, os.X_OK):
        return common.skip(FMT, CONSUMER, f"no label-studio at {ls} (run scripts/consumers/setup)")
    home = os.path.join(common.WORK, "labelstudio")
    os.makedirs(home, exist_ok=True)
    token = "copydesk0consumers0token0000000000000000"
    port = free_port()
    env = dict(os.environ, LABEL_STUDIO_BASE_DATA_DIR=home, LABEL_STUDIO_USERNAME="ana@example.com",
               LABEL_STUDIO_PASSWORD="copydesk-pass", LABEL_STUDIO_USER_TOKEN=token,
               LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true", SENTRY_DSN="", FRONTEND_SENTRY_DSN="",
               COLLECT_ANALYTICS="false", LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED="false")
    log = open(os.path.join(home, "label-studio.log"), "w")
    t0 = time.time()
    proc = subprocess.Popen([ls, "start", "--no-browser", "--internal-host", "127.0.0.1", "-p", str(port),
                             "--data-dir", home, "--username", "ana@example.com", "--password", "copydesk-pass",
                             "--user-token", token],
                            env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        s = requests.Session()
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError(f"label-studio exited {proc.returncode}; see {log.name}")
            try:
                if s.get(base + "/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        else:
            raise RuntimeError(f"Label Studio did not answer on {base}")
        started = time.time() - t0
        # Label Studio 1.23 turns legacy API tokens off for a new organisation, so sign in
        # as a person does (the login form, its CSRF cookie) and use that session
        s.get(base + "/user/login/")
        login = s.post(base + "/user/login/", data={"email": "ana@example.com", "password": "copydesk-pass",
                                                     "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
                       headers={"Referer": base + "/user/login/"})
        if login.status_code >= 400:
            raise RuntimeError(f"login: {login.status_code}")
        s.headers["X-CSRFToken"] = s.cookies.get("csrftoken", "")
        s.headers["Referer"] = base + "/"
        if s.get(base + "/api/projects").status_code != 200:
            raise RuntimeError("signed in, but /api/projects refuses the session")
        project = s.post(base + "/api/projects", json={"title": "copydesk fixture", "label_config": CONFIG})
        if project.status_code >= 400:
            raise RuntimeError(f"create project: {project.status_code} {project.text[:300]}")
        pid = project.json()["id"]
        sent_file = os.path.join(common.WORK, "copydesk.labelstudio.json")
        stderr = common.export("labelstudio", sent_file)
        with open(sent_file, encoding="utf8") as f:
            tasks = json.load(f)
        checks, failures = partial_checks(sent_file, tasks)
        imp = s.post(base + f"/api/projects/{pid}/import", json=tasks, params={"commit_to_project": "true"})
        if imp.status_code >= 400:
            raise RuntimeError(f"import: {imp.status_code} {imp.text[:300]}")
        exported = s.get(base + f"/api/projects/{pid}/export", params={"exportType": "JSON", "download_all_tasks": "true"})
        exported.raise_for_status()
        back_tasks = exported.json()
        back_tasks.sort(key=lambda t: t["data"].get("source", ""))
        back_file = os.path.join(common.WORK, "labelstudio-export.json")
        with open(back_file, "w", encoding="utf8") as f:
            json.dump(back_tasks, f, ensure_ascii=False, indent=1)
        # a stable copy for the golden folder: without ids and times Label Studio mints
        stable = []
        for t in back_tasks:
            stable.append({"data": t["data"], "annotations": [
                {"result": a.get("result", []), "was_cancelled": a.get("was_cancelled", False)}
                for a in t.get("annotations", [])], "predictions": [
                # the JSON export lists a task's predictions by id only
                p if not isinstance(p, dict) else {"result": p.get("result", []), "model_version": p.get("model_version")}
                for p in t.get("predictions", [])]})
        common.save_golden("labelstudio-export.json", json.dumps(stable, ensure_ascii=False, indent=1) + "\n")
        bad, shown = set(), []
        regions = 0
        for t in back_tasks:
            text = t["data"]["text"]
            name = os.path.basename(t["data"].get("source", ""))
            for a in t.get("annotations", []):
                for r in a.get("result", []):
                    v = r.get("value") or {}
                    if "start" not in v or not isinstance(v.get("text"), str):
                        continue
                    regions += 1
                    theirs = common.utf16_slice(text, v["start"], v["end"])
                    if theirs != v.get("text"):
                        shown.append(f"{name}: region {r.get('id')} value.text {v.get('text')!r} but Label Studio shows {theirs!r}")
                        # the copydesk span it stands for: find by text
                        at = text.find(v.get("text", "\0"))
                        if at >= 0:
                            bad.add((name, at, at + len(v["text"])))
        back, cars, imp_msg = common.import_back(back_file, "labelstudio", "labelstudio")
        outcome = common.compare(common.sent(), back, bad)
        cues, links, texts = common.sent_claim_parts()
        bcues, blinks, btexts = common.claim_parts(cars)
        lost = [f"claim cues {cues} -> {bcues}", f"claim sources (mention links+free text) {links}+{texts} -> {blinks}+{btexts}",
                "statuses (all come back as suggested)"]
        notes = shown + checks + [f"copydesk export: {stderr}", f"Label Studio import: {imp.json()}",
                         f"copydesk import: {imp_msg}",
                         f"{len(back_tasks)} tasks, {regions} regions came back; server up in {started:.0f}s, total {time.time() - t0:.0f}s"]
        common.report(FMT, CONSUMER, outcome, lost=lost, notes=notes, failed="; ".join(failures) or None)
        second_annotator(s, base, tasks)
    except Exception as e:  # noqa: BLE001
        common.report(FMT, CONSUMER, None, failed=f"{type(e).__name__}: {e} at {common.where(e)}")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
