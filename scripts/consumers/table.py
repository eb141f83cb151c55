#!/usr/bin/env python3
"""Prints the consumers' results (JSON lines from the round-trip scripts) as a table;
exits 1 when any span came back shifted or not at all, or any consumer failed."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf8") if l.strip()]
head = ("format", "consumer", "sent", "same text", "shifted", "lost", "extra", "what was lost / failed")
table = []
bad = False
for r in rows:
    if not r.get("ran", True) or "skip" in r:
        table.append((r["format"], r["consumer"], "-", "-", "-", "-", "-", "SKIP: " + r.get("skip", "")))
        continue
    if "sent" not in r:
        table.append((r["format"], r["consumer"], "-", "-", "-", "-", "-", "FAIL: " + (r.get("failed") or "")))
        bad = True
        continue
    what = "; ".join(r.get("lost", []))
    if r.get("failed"):
        what = "FAIL: " + r["failed"] + ("; " + what if what else "")
        bad = True
    if r["shifted"] or r.get("lost_spans", 0):
        bad = True
    table.append((r["format"], r["consumer"], str(r["sent"]), str(r["same"]), str(r["shifted"]),
                  str(r.get("lost_spans", 0)), str(r.get("extra", 0)), what))
widths = [max(len(x[i]) for x in table + [head]) for i in range(len(head) - 1)]
line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths + [0])) + " |"
print()
print(line(head))
print("|" + "|".join("-" * (w + 2) for w in widths + [len(head[-1])]) + "|")
for row in table:
    print(line(row))
print()
print("same text: came back (through the consumer's own export and `copydesk import`, or as the consumer read it)"
      " at the same offsets, label and text, and the consumer itself read that text there")
sys.exit(1 if bad else 0)
