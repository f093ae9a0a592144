#!/usr/bin/env python3
"""A corpus with an English edition of every brief, for the languages benchmark.

    python3 tests/bench/translated_corpus.py CORPUS OUT

Copies the site CORPUS (e.g. /tmp/bench-corpus-10000/briefing, made by
../shared/bench/gen_corpus.py) to OUT, adds `languages: [{code: en, …}]` to its site.yaml and,
beside every brief x.md, a translation x.en.md: its own title, tags and text (the original's
text with its words kept, as long as the original), sharing everything else. docs/benchmarks.md
has the numbers.
"""
import os
import re
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
if os.path.exists(out):
    shutil.rmtree(out)
shutil.copytree(src, out)
with open(os.path.join(out, "site.yaml"), "a", encoding="utf-8") as f:
    f.write("\nlanguages:\n  - code: en\n    title: Beijing-Tianjin-Hebei Briefing\n"
            "    description: The same briefs in English.\n")
n = 0
for root, _, files in os.walk(os.path.join(out, "content")):
    for name in files:
        if not name.endswith(".md") or name.count(".") > 1:
            continue
        text = open(os.path.join(root, name), encoding="utf-8").read()
        m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
        if not m:
            continue
        front, body = m.groups()
        title = re.search(r"^title: *(.*)$", front, re.M)
        title = title.group(1).strip().strip('"') if title else name
        stem = name[:-3]
        en = (f"---\ntitle: \"English: {stem}\"\ntags: [translated]\n---\n"
              f"Translated brief {stem}: {title}.\n\n{body}")
        with open(os.path.join(root, stem + ".en.md"), "w", encoding="utf-8") as f:
            f.write(en)
        n += 1
print(f"{n} translations written into {out}")
