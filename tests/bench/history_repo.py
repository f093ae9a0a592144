#!/usr/bin/env python3
"""A repository of a benchmark corpus with a history, for measuring what reading it costs.

    python3 tests/bench/history_repo.py CORPUS OUT [COMMITS]

Copies the site at CORPUS (made by ../shared/bench/gen_corpus.py --format briefing) to OUT,
commits it on 2025-01-01, then makes COMMITS - 1 more commits (default 1,000 in all), one a
day, each editing ten briefs with milestones: moving a milestone's date a year later, marking
one done, or rewording a title. Deterministic (seeded); commit dates are set, so the history
is the same on every machine. Uses `git fast-import`, so 1,000 commits take seconds, then
`git repack -adf` (about 15 s), so the objects are packed as in a cloned repository.
"""

import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    commits = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(corpus, out)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    files = {}
    for dirpath, _, names in os.walk(out):
        if ".git" in dirpath:
            continue
        for n in names:
            path = os.path.join(dirpath, n)
            rel = os.path.relpath(path, out)
            with open(path, "rb") as f:
                files[rel] = f.read()
    with_milestones = sorted(r for r, b in files.items() if r.endswith(".md") and b"milestones:" in b)
    rng = random.Random(42)
    stream = []
    day = date(2025, 1, 1)

    def commit(changed, message, when):
        secs = int((when - date(1970, 1, 1)).total_seconds()) + 4 * 3600  # noon in UTC+8
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Editor <e@example.com> %d +0800\n" % secs)
        msg = message.encode()
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        for rel in changed:
            data = files[rel]
            stream.append(b"M 100644 inline %s\ndata %d\n" % (rel.encode(), len(data)))
            stream.append(data + b"\n")

    commit(sorted(files), "the corpus", day)
    for n in range(1, commits):
        day += timedelta(days=1)
        changed = rng.sample(with_milestones, 10)
        for rel in changed:
            text = files[rel].decode()
            kind = rng.randrange(3)
            if kind == 0:
                text = re.sub(r"(  - date: )(\d{4})", lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1)
            elif kind == 1:
                text = text.replace("status: planned", "status: done", 1)
            else:
                text = re.sub(r"(    title: )(.+)", lambda m: m.group(1) + m.group(2) + "（修订）", text, count=1)
            files[rel] = text.encode()
        commit(changed, "edit %d" % n, day)
    subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True)
    # fast-import's pack deltas each blob only against the one before it on its path, in long
    # chains; a repository that was pushed and cloned (what actions/checkout fetches) is packed
    # by pack-objects. Pack it so, or a cold read measures fast-import instead of git.
    subprocess.run(["git", "-C", out, "repack", "-a", "-d", "-f", "-q"], check=True)
    for rel, data in files.items():
        with open(os.path.join(out, rel), "wb") as f:
            f.write(data)
    print(f"{out}: {commits} commits, {len(files)} files, {len(with_milestones)} briefs with milestones")


if __name__ == "__main__":
    main()
