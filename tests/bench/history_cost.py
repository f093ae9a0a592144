#!/usr/bin/env python3
"""What reading the history from git adds to a build, measured in turns so that the machine's
drift falls on every case alike.

    python3 tests/bench/history_cost.py REPO ROUNDS BRIEFING [BRIEFING_BEFORE]

REPO is a repository made by tests/bench/history_repo.py. Each round builds the site (output
and caches on tmpfs, SOURCE_DATE_EPOCH set) once in each case: `history: false`, the history
read cold (its cache emptied first), and kept (warm); with a second binary, the same three
for it. Each round starts at the next case, so that no case always follows the same one. Prints each case's median and fastest wall time, its
CPU time (git's included) and peak memory, and the cold and warm cases against
`history: false` of the same binary. site.yaml is changed for the `history: false` case and
put back afterwards.
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

SCRATCH = "/dev/shm/briefing-history-cost"


def build(binary, repo, cache):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798732800", XDG_CACHE_HOME=cache)
    # Every build writes into an empty folder: a build that follows one with the same pages
    # would otherwise write less.
    shutil.rmtree(f"{SCRATCH}/out", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", f"{SCRATCH}/peak", binary, "build", "-q",
         "--root", repo, "--out", f"{SCRATCH}/out"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(f"{SCRATCH}/peak") as f:
        peak = int(f.read().split()[-1]) / 1024
    return wall, cpu, peak


def main():
    repo, rounds, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:5]
    site = os.path.join(repo, "site.yaml")
    with open(site) as f:
        original = f.read()
    os.makedirs(SCRATCH, exist_ok=True)
    results = {}
    tasks = [(n, case) for n in range(len(binaries)) for case in ("history: false", "cold", "warm")]
    try:
        for n, binary in enumerate(binaries):
            build(binary, repo, f"{SCRATCH}/warm-{n}")
        for r in range(rounds):
            # Each round starts at another case: no case always follows the same one.
            for n, case in tasks[r % len(tasks):] + tasks[:r % len(tasks)]:
                name = "after" if n == 0 else "before"
                cache = f"{SCRATCH}/warm-{n}" if case == "warm" else f"{SCRATCH}/cold"
                with open(site, "w") as f:
                    f.write(original + ("\nhistory: false\n" if case == "history: false" else ""))
                if case == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                results.setdefault((name, case), []).append(build(binaries[n], repo, cache))
    finally:
        with open(site, "w") as f:
            f.write(original)
    for (name, case), runs in sorted(results.items(), key=lambda kv: (kv[0][0] != "after", kv[0][1])):
        walls = [r[0] for r in runs]
        median = statistics.median(walls)
        base = statistics.median(r[0] for r in results[(name, "history: false")])
        print(f"{name:6} {case:14} wall median {median:.3f} s (fastest {min(walls):.3f}), "
              f"{median / base - 1:+.0%}; CPU {statistics.median(r[1] for r in runs):.2f} s; "
              f"peak {max(r[2] for r in runs):.0f} MiB")


if __name__ == "__main__":
    main()
