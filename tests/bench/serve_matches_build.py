#!/usr/bin/env python3
"""After edits of each kind, every file `briefing serve` serves equals what `briefing build`
makes of the same sources (the live-reload script aside). tests/it/serve.rs checks this on a
small fixture; this checks it at scale, where related lists and taken-over values matter.

    python3 tests/bench/serve_matches_build.py BRIEFING_BINARY SITE_DIR

Edits briefs in turn (an existing tag added, a title changed, a tag dropped, a new tag,
another domain, a date a year back, a new `related`: each done in place), waits for serve's
rebuild line after each, builds the site with serve's base URL, fetches every built file
from serve and compares. Prints the differing files; exits 1 if any. The site's files
are restored afterwards.
"""
import os, re, socket, subprocess, sys, tempfile, urllib.parse, urllib.request

binary, site = sys.argv[1], sys.argv[2]
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
proc = subprocess.Popen([binary, "serve", "--root", site, "--port", str(port)],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = ""
while "serving" not in line:
    line = proc.stdout.readline()
    if not line:
        sys.exit("serve stopped before serving")
base = re.search(r"at (http://\S+)", line).group(1)

content = os.path.join(site, "content")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md"))
originals = []

def edited(path, text):
    originals.append((path, open(path, encoding="utf-8").read()))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    while True:
        l = proc.stdout.readline()
        if not l:
            sys.exit("serve stopped")
        if l.startswith(("rebuilt", "built")):
            print(os.path.relpath(path, site), "->", l.strip()[:110])
            return

bad = 0
try:
    a, b, c = files[len(files) // 2], files[len(files) // 3], files[len(files) // 4]
    other = open(files[len(files) // 2 + 7], encoding="utf-8").read()
    tag = re.search(r"^tags: \[([^,\]]+)", other, re.M).group(1)
    text = open(a, encoding="utf-8").read()
    edited(a, re.sub(r"^tags: \[(.*)\]$", lambda m: f"tags: [{m.group(1)}, {tag}]", text, count=1, flags=re.M))
    text = open(b, encoding="utf-8").read()
    edited(b, re.sub(r"^title: .*$", "title: 新标题（核对）", text, count=1, flags=re.M))
    text = open(c, encoding="utf-8").read()
    edited(c, re.sub(r"^tags: \[[^,\]]+, ", "tags: [", text, count=1, flags=re.M))
    d, e = files[len(files) // 5], files[len(files) // 6]
    text = open(d, encoding="utf-8").read()
    edited(d, re.sub(r"^tags: \[", "tags: [核对用新标签, ", text, count=1, flags=re.M))
    text = open(e, encoding="utf-8").read()
    text = re.sub(r"^domains: \[(\w+)", lambda m: "domains: [" + ("transport" if m.group(1) != "transport" else "ecology"), text, count=1, flags=re.M)
    edited(e, text)
    text = open(e, encoding="utf-8").read()
    edited(e, re.sub(r"^date: (\d{4})-", lambda m: f"date: {int(m.group(1)) - 1}-", text, count=1, flags=re.M))
    # A `related` naming two other briefs: their backlinks gain the brief.
    f = files[len(files) // 7]
    def slug(path):
        m = re.search(r"^slug: (\S+)", open(path, encoding="utf-8").read(), re.M)
        return m.group(1) if m else os.path.splitext(os.path.basename(path))[0]
    slugs = [slug(p) for p in (a, b)]
    text = open(f, encoding="utf-8").read()
    text = re.sub(r"^related: .*\n", "", text, flags=re.M)
    edited(f, text.replace("\n---\n", f"\nrelated: [{slugs[0]}, {slugs[1]}]\n---\n", 1))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "public")
        subprocess.run([binary, "--quiet", "build", "--root", site, "--base-url", base, "--out", out],
                       check=True, stderr=subprocess.DEVNULL)
        n = 0
        for d, _, fs in os.walk(out):
            for f in fs:
                rel = os.path.relpath(os.path.join(d, f), out)
                if rel == ".briefing-output":
                    continue
                path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
                served = urllib.request.urlopen(base + urllib.parse.quote(path)).read()
                served = re.sub(rb"<script>/\* briefing serve: live reload \*/.*?</script>", b"", served, flags=re.S)
                n += 1
                if served != open(os.path.join(d, f), "rb").read():
                    bad += 1
                    print("differs:", rel)
        print(f"{n} files compared, {bad} differ")
finally:
    for path, text in reversed(originals):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    proc.terminate()
sys.exit(1 if bad else 0)
