#!/usr/bin/env bash
# Benchmark: build a synthetic corpus of N articles (default 10,000) and time `briefing build`.
#   tests/bench/run.sh [N]
# Output goes to tmpfs (/dev/shm) like the measurements in ../shared/ANCHORS.md.
# Needs hyperfine (apt-get install hyperfine) and GNU time (/usr/bin/time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
work=${BENCH_WORK:-/dev/shm/briefing-bench}
mkdir -p "$work"
cargo run --release --locked --quiet --example corpus -- "$work/site" "$n"
cargo build --release --locked --quiet
bin=$PWD/target/release/briefing
echo "corpus: $n articles in $work/site"
hyperfine --warmup 1 --runs 5 "$bin --quiet build --root $work/site --out $work/out"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "peak memory: %M KiB" "$bin" --quiet build --root "$work/site" --out "$work/out"
fi
"$bin" build --root "$work/site" --out "$work/out"
du -sh "$work/out" | sed 's/^/output: /'
