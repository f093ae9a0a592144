#!/usr/bin/env python3
"""Search quality against exact-substring truth, on a built site.

    tests/bench/search_quality.py OUT_DIR 雄安新区 京雄 4254 …

For each query: the truth is every article page whose title or body text (`.prose`) contains
the query (letters and digits as whole tokens, as the search promises); the search's answer
comes from static/assets/search.js run in node on the site's index, every candidate confirmed.
Prints recall, precision@10 and precision over all results. Python 3 standard library only.
"""
import html.parser
import json
import os
import re
import subprocess
import sys


class Page(html.parser.HTMLParser):
    """The h1 and the .prose text of an article page, a line per block."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "div", "pre", "tr", "blockquote"}

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside .prose: nesting depth of divs
        self.in_h1 = False
        self.title = ""
        self.body = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "h1":
            self.in_h1 = True
        if tag == "div" and (self.depth or "prose" in cls.split()):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self.in_h1 = False
        if self.depth and tag in self.BLOCKS:
            self.body.append("\n")
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.in_h1:
            self.title += data
        if self.depth:
            self.body.append(data)


def contains(text, q):
    text, q = text.lower(), q.lower()
    if not re.match(r"[0-9a-z]", q):
        return q in text
    pat = r"(?<![0-9a-z\u00c0-\u02af.])" + re.escape(q) + r"(?![0-9a-z\u00c0-\u02af]|\.[0-9])"
    return re.search(pat, text) is not None


def main():
    out, queries = sys.argv[1], sys.argv[2:]
    meta = json.load(open(os.path.join(out, "search/index.json")))
    chunk = meta["chunk"]
    pages = []
    for i in range(meta["briefs"]):
        if i % chunk == 0:
            entries = json.load(open(os.path.join(out, f"search/m/{i // chunk}.json")))
        url = entries[i % chunk][1]
        rel = url[url.index("articles/"):]
        p = Page()
        p.feed(open(os.path.join(out, rel, "index.html"), encoding="utf-8").read())
        pages.append(p.title + "\n" + "".join(p.body))
    harness = os.path.join(os.path.dirname(__file__), "../search/harness.js")
    found = json.loads(subprocess.run(
        ["node", harness, "search", os.path.join(out, "search")],
        input=json.dumps(queries), capture_output=True, text=True, check=True).stdout)
    print("| query | truth | found | recall | precision@10 | precision |")
    print("|---|---|---|---|---|---|")
    for r in found:
        q = r["query"]
        truth = {i for i, t in enumerate(pages) if contains(t, q)}
        got = r["ids"]
        hits = len(truth & set(got))
        recall = hits / len(truth) if truth else 1.0
        top = got[:10]
        p10 = sum(1 for i in top if i in truth) / len(top) if top else 1.0
        prec = hits / len(got) if got else 1.0
        print(f"| {q} | {len(truth)} | {len(got)} | {recall:.3f} | {p10:.2f} | {prec:.3f} |")


if __name__ == "__main__":
    main()
