#!/usr/bin/env python3
"""Edit-to-served latency of `briefing serve` on a site (the 10k corpus in the benchmark).

    python3 tests/bench/serve_latency.py BRIEFING_BINARY SITE_DIR [EDITS]

Starts `serve` on a free port, waits for the first build, then for each kind of edit saves a
file and polls the served page until it shows the edit (every 5 ms): the time from the save
to the page. Prints the median and the range per kind, serve's own rebuild line, and serve's
peak memory (VmHWM). The site's files are restored afterwards.
"""
import os, re, shutil, socket, statistics, subprocess, sys, time, urllib.request

binary, site = sys.argv[1], sys.argv[2]
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 5

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

port = free_port()
proc = subprocess.Popen([binary, "serve", "--root", site, "--port", str(port)],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
lines = []
def read_line():
    line = proc.stdout.readline()
    lines.append(line)
    return line

t = time.time()
while "serving" not in read_line():
    pass
first_build = time.time() - t
base = re.search(r"at (http://\S+)", lines[-1]).group(1)

def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""

def wait_for(path, marker, limit=30):
    t0 = time.time()
    while time.time() - t0 < limit:
        if marker in get(path):
            return time.time() - t0
        time.sleep(0.005)
    raise SystemExit(f"the edit did not show at {path} within {limit} s")

# A brief in the middle of the site.
content = os.path.join(site, "content")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md"))
brief = files[len(files) // 2]
slug = os.path.splitext(os.path.basename(brief))[0]
page = f"articles/{slug}/"
original = open(brief, encoding="utf-8").read()
get(page)

def timed(kind, make, path):
    times = []
    for i in range(edits):
        marker = f"编辑标记{kind}{i}x{int(time.time()*1000)}"
        start = time.time()
        make(marker) if make.__code__.co_argcount == 1 else make(marker, i)
        wait_for(path, marker)
        times.append((time.time() - start) * 1000)
        time.sleep(0.4)  # let serve settle (and print) before the next save
    return times

results = {}
try:
    def body_edit(marker):
        with open(brief, "w", encoding="utf-8") as f:
            f.write(original.rstrip("\n") + f"\n\n{marker}\n")
    results["body edit (one brief's text)"] = timed("b", body_edit, page)

    def title_edit(marker):
        with open(brief, "w", encoding="utf-8") as f:
            f.write(re.sub(r"^title: .*$", f"title: \"{marker}\"", original, count=1, flags=re.M))
    results["front-matter edit (title: every list showing it)"] = timed("t", title_edit, page)

    # A tag another brief has (the title carries the marker): the tag's list and the related
    # lists near the brief are made again in place.
    other = open(files[len(files) // 2 + 7], encoding="utf-8").read()
    known_tag = re.search(r"^tags: \[([^,\]]+)", other, re.M).group(1)

    def known_tag_edit(marker):
        text = re.sub(r"^tags: \[(.*)\]$", lambda m: f"tags: [{m.group(1)}, {known_tag}]", original, count=1, flags=re.M)
        with open(brief, "w", encoding="utf-8") as f:
            f.write(re.sub(r"^title: .*$", f"title: \"{marker}\"", text, count=1, flags=re.M))
    results["front-matter edit (a tag the site has, and the title)"] = timed("k", known_tag_edit, page)

    def tag_edit(marker):
        with open(brief, "w", encoding="utf-8") as f:
            f.write(re.sub(r"^tags: \[(.*)\]$", lambda m: f"tags: [{m.group(1)}, {marker}]", original, count=1, flags=re.M))
    results["front-matter edit (a new tag: the brief's place in the site)"] = timed("g", tag_edit, page)

    # Every other save moves the brief to a second domain, or gives its first milestone
    # another status (the title carries the marker, so each save is seen).
    def titled(text, marker):
        return re.sub(r"^title: .*$", f"title: \"{marker}\"", text, count=1, flags=re.M)

    domains = re.search(r"^domains: \[(.*)\]$", original, re.M).group(1)
    other_domain = "transport" if "transport" not in domains else "ecology"

    def domain_edit(marker, i):
        text = original if i % 2 else original.replace(f"domains: [{domains}]", f"domains: [{domains}, {other_domain}]", 1)
        with open(brief, "w", encoding="utf-8") as f:
            f.write(titled(text, marker))
    results["front-matter edit (domains, and the title)"] = timed("d", domain_edit, page)

    def milestone_edit(marker, i):
        if "milestones:" in original:
            status = ["done", "planned"][i % 2]
            text = re.sub(r"^(milestones:\n  - date: .*\n    title: .*\n)(    status: .*\n)?", lambda m: f"{m.group(1)}    status: {status}\n", original, count=1, flags=re.M)
        else:
            text = original if i % 2 else original.replace("\n---\n", "\nmilestones:\n  - {date: 2031, title: 远期目标}\n---\n", 1)
        with open(brief, "w", encoding="utf-8") as f:
            f.write(titled(text, marker))
    results["front-matter edit (a milestone's status, and the title)"] = timed("m", milestone_edit, page)

    year = int(re.search(r"^date: (\d{4})", original, re.M).group(1))

    def date_edit(marker, i):
        # A year back: the brief moves past hundreds of others.
        text = original if i % 2 else re.sub(r"^date: \d{4}", f"date: {year - 1}", original, count=1, flags=re.M)
        with open(brief, "w", encoding="utf-8") as f:
            f.write(titled(text, marker))
    results["front-matter edit (the date, a year back, and the title)"] = timed("y", date_edit, page)
finally:
    with open(brief, "w", encoding="utf-8") as f:
        f.write(original)
    time.sleep(1.5)

hwm = 0
with open(f"/proc/{proc.pid}/status") as f:
    for l in f:
        if l.startswith("VmHWM"):
            hwm = int(l.split()[1]) // 1024
proc.terminate()
try:
    out, _ = proc.communicate(timeout=5)
    lines.extend(out.splitlines(True))
except subprocess.TimeoutExpired:
    proc.kill()

print(f"first build (start to serving): {first_build:.2f} s")
for kind, times in results.items():
    print(f"{kind}: median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, n={len(times)})")
rebuilt = [l.strip() for l in lines if l.startswith(("rebuilt", "built", "templates"))]
# The first line is the first build; then one line a save, kind after kind.
for k, kind in enumerate(results):
    said = rebuilt[1 + k * edits:1 + (k + 1) * edits]
    ms = [int(m.group(1)) for m in (re.search(r" in (\d+) ms", l) for l in said) if m]
    if ms:
        print(f"  {kind}: serve's rebuild median {statistics.median(ms):.0f} ms (min {min(ms)}, max {max(ms)})")
    if said:
        print("    serve said:", said[-1])
print(f"serve peak memory: {hwm} MiB")
