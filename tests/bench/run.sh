#!/usr/bin/env bash
# The project's benchmark: briefing next to the floor and Hugo, measured the same way in one run.
#
#   tests/bench/run.sh [SIZES]        default SIZES="1000 10000 50000", RUNS=3
#
# For each size, ../shared/bench/compare.sh generates the synthetic corpus (cached in /tmp),
# checks each tool's output and times it with hyperfine (whole process, output on tmpfs),
# with peak memory from /usr/bin/time and the output's size: its table is printed, with
# briefing's pages per second. Then, on the 10,000-brief corpus: where briefing's bytes go,
# the largest pages a reader downloads, its stage timings and memory (BRIEFING_TIMINGS=1), a
# rebuild on the real disk next to tmpfs, serve's edit-to-served latency
# (tests/bench/serve_latency.py), search quality against exact-substring truth
# (tests/bench/search_quality.py, node) and, when Chromium and tests/browser's packages are
# there, the first search result's paint time in the browser (tests/browser/search-bench.mjs).
#
# Needs: apt-get install -y hugo hyperfine time; python3; cargo; node; for the browser part
# chromium and `npm ci` in tests/browser. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1000 10000 50000"}
export RUNS=${RUNS:-3}
# The synthetic corpus dates briefs up to the end of 2026: counted from 2027-01-01, none is
# scheduled, so every run builds every brief, whatever the day it runs (Hugo and the floor
# ignore this; the output check counts 10,000 article pages).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1798732800}
SHARED=${SHARED:-$(cd ../shared/bench && pwd)}
cargo build --release --locked --quiet
bin=$PWD/target/release/briefing
# A build whose warnings (the synthetic corpus has thousands of overdue milestones) stay out of
# the report; a failed build still stops the script.
build_site() { "$bin" --quiet build --format json "$@" > /dev/null; }
say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }

for n in $SIZES; do
  say "$n briefs: floor, Hugo, briefing (compare.sh $n $RUNS)"
  TOOLS="floor hugo briefing" BRIEFING=$bin "$SHARED/compare.sh" "$n" "$RUNS" 2>/dev/null
  mean=$(python3 -c "import json;print(json.load(open('/tmp/bench-run-$n/briefing.json'))['results'][0]['mean'])" 2>/dev/null || echo "")
  out=/dev/shm/briefing-bench-$n
  build_site --root "/tmp/bench-corpus-$n/briefing" --out "$out" || true
  pages=$(find "$out" -name '*.html' | wc -l)
  [ -n "$mean" ] && python3 -c "print(f'briefing: {$pages} HTML pages, {$pages/$mean:,.0f} pages/s')"
done

n=10000
site=/tmp/bench-corpus-$n/briefing
out=/dev/shm/briefing-bench-$n
say "where the bytes go ($n briefs)"
build_site --root "$site" --out "$out"
printf '%10s  %s\n' "$(du -sb "$out" | cut -f1)" "all"
for d in "$out"/*/; do
  printf '%10s  %s (%s files, %s of them pagination)\n' "$(du -sb "$d" | cut -f1)" "$(basename "$d")" \
    "$(find "$d" -type f | wc -l)" "$(find "$d" -path '*/page/*' -type f | wc -l)"
done

say "the largest pages ($n briefs: bytes, gzipped)"
largest=$(find "$out" -name '*.html' -printf '%s %p\n' | sort -rn | sed -n 1,5p)
while read -r size page; do
  printf '%10s %9s  %s\n' "$size" "$(gzip -c "$page" | wc -c)" "${page#"$out"/}"
done <<< "$largest"

say "stages and memory ($n briefs, tmpfs)"
BRIEFING_TIMINGS=1 "$bin" --quiet build --root "$site" --out "$out" 2>&1 | grep -E ' ms \(cpu '

say "a rebuild after one brief changed: tmpfs, then the disk (ext4 under /tmp)"
disk=/tmp/briefing-bench-disk-$n
work=/tmp/briefing-bench-site-$n
rm -rf "$work" && cp -r "$site" "$work"
brief=$(find "$work/content" -name '*.md' | sort | sed -n 1p)
build_site --root "$work" --out "$out"
build_site --root "$work" --out "$disk"
sync
for target in "$out" "$disk"; do
  echo "一段新的文字。" >> "$brief"
  /usr/bin/time -f "$target: %e s wall, %S s system, %M KiB peak" "$bin" --quiet build --format json --root "$work" --out "$target" > /dev/null
done
rm -rf "$disk" "$work"

say "serve: edit to served page ($n briefs)"
cp -r "$site" "/dev/shm/briefing-bench-serve-$n"
python3 tests/bench/serve_latency.py "$bin" "/dev/shm/briefing-bench-serve-$n" 5
rm -rf "/dev/shm/briefing-bench-serve-$n"

queries=(雄安新区 京雄 协同创新 大兴机场 996.1 4254 机器人 京津冀协同发展 PM2.5 天津港)
say "search: quality against exact-substring truth ($n briefs)"
build_site --root "$site" --out "$out"
python3 tests/bench/search_quality.py "$out" "${queries[@]}"
if command -v "${CHROMIUM:-chromium}" >/dev/null && [ -d tests/browser/node_modules ]; then
  say "search: the first result in Chromium ($n briefs, under /briefing/)"
  build_site --root "$site" --out "$out" --base-url /briefing/
  (cd tests/browser && node search-bench.mjs "$out" "${queries[@]}")
fi
rm -rf "$out"
