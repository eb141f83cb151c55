"""Lede and title figures for `copydesk clean --format json` output on the dev pages.

Lede kept: the first 12 `\\w+` tokens of the true article body appear, in order and
next to each other, in the cleaned body (the text minus its title paragraph).
Title: the cleaned title equals the page's headline. The headline is read from the
saved HTML (the page's `<h1>` whose text best matches `og:title`, else `og:title`,
else the first `<h1>`) with whitespace folded, so the same reference serves both the
HTML pages and their text dumps. Nothing here is committed from the pages themselves.

Usage: python3 tools/score_lede_title.py GROUND_TRUTH.json HTML_DIR OUTPUT.jsonl [--list]
"""

import html.parser
import json
import pathlib
import re
import sys

WORD = re.compile(r"\w+")
LEDE_WORDS = 12


def words(text):
    return WORD.findall(text.lower())


def fold(text):
    return " ".join(text.split())


class Headlines(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1s = []
        self.og = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property") == "og:title" and self.og is None:
            self.og = attrs.get("content") or None
        if tag == "h1":
            self.depth += 1
            self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == "h1" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.h1s:
            self.h1s[-1] += data


def headline(page):
    parser = Headlines()
    parser.feed(page)
    h1s = [fold(h) for h in parser.h1s if fold(h)]
    og = fold(parser.og) if parser.og else None
    if og:
        og_words = set(words(og))
        best = max(h1s, key=lambda h: len(og_words & set(words(h))), default=None)
        if best and og_words & set(words(best)):
            return best
        return og
    return h1s[0] if h1s else None


def contains(haystack, needle):
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def main():
    truth = json.load(open(sys.argv[1], encoding="utf8"))
    html_dir = pathlib.Path(sys.argv[2])
    listing = "--list" in sys.argv
    lede_kept = titled = pages = 0
    for line in open(sys.argv[3], encoding="utf8"):
        article = json.loads(line)
        page = pathlib.Path(article["source"]).stem
        if page not in truth:
            continue
        pages += 1
        chars = list(article["text"])
        title = article["metadata"].get("title")
        paragraphs = article["paragraphs"][1:] if title else article["paragraphs"]
        body = "\n\n".join("".join(chars[p["start"] : p["end"]]) for p in paragraphs)
        lede = words(truth[page]["articleBody"])[:LEDE_WORDS]
        if contains(words(body), lede):
            lede_kept += 1
        elif listing:
            print(f"lede lost  {page[:12]}  {' '.join(lede)}")
        reference = headline((html_dir / f"{page}.html").read_text(encoding="utf8"))
        if reference and title and fold(title) == reference:
            titled += 1
        elif listing:
            print(f"title      {page[:12]}  got {title!r}\n{'':25}want {reference!r}")
    print(f"pages {pages}  lede kept {lede_kept}/{pages} {lede_kept / max(pages, 1):.3f}"
          f"  title right {titled}/{pages} {titled / max(pages, 1):.3f}")


if __name__ == "__main__":
    main()
