#!/usr/bin/env bash
# An edition of N briefs (default 50) printed to PDF by `build --pdf`, from a cold cache: the
# time of the whole build, the PDF's size and pages, and its fonts (embedded, subset). CI runs
# it and holds the issue's bounds: under 30 s and under 5 MB.
#
#   tests/bench/print_edition.sh [N] [BINARY]     BINARY default target/release/briefing
#
# Needs: Chromium (or Chrome, CHROME_PATH), fonts-noto-cjk, poppler-utils; cargo for the corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-50}
bin=${2:-target/release/briefing}
# The corpus is dated up to the end of 2026: counted from 2027-01-01, every brief is out.
export SOURCE_DATE_EPOCH=1798732800
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --example corpus -- "$work/site" "$N" >/dev/null
cat >>"$work/site/site.yaml" <<'YAML'
serials:
  - {key: weekly, name: 京津冀周报}
YAML
mkdir -p "$work/site/content/_editions"
{
  printf -- '---\nnumber: 1\ndate: 2026-12-31\nbriefs:\n'
  find "$work/site/content" -name '*.md' -not -path '*/_editions/*' -printf '%f\n' | sort | sed 's/\.md$//; s/^/  - /'
  printf -- '---\n本期收录 %s 篇简报。\n' "$N"
} >"$work/site/content/_editions/1.md"
start=$(date +%s%N)
XDG_CACHE_HOME="$work/cache" "$bin" build --pdf --quiet --root "$work/site" --out "$work/out" 2>/dev/null
end=$(date +%s%N)
pdf="$work/out/editions/weekly/1/weekly-1.pdf"
ms=$(( (end - start) / 1000000 ))
bytes=$(stat -c %s "$pdf")
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
fonts=$(pdffonts "$pdf" | tail -n +3 | wc -l)
unembedded=$(pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes"' | wc -l)
printf 'print: %s briefs, %s pages, %d.%01d s, %d KB, %s fonts (%s not embedded)\n' \
  "$N" "$pages" $((ms / 1000)) $((ms % 1000 / 100)) $((bytes / 1024)) "$fonts" "$unembedded"
fail=0
[ "$ms" -lt 30000 ] || { echo "print: over 30 s" >&2; fail=1; }
[ "$bytes" -lt $((5 * 1024 * 1024)) ] || { echo "print: over 5 MB" >&2; fail=1; }
[ "$unembedded" = 0 ] || { echo "print: a font is not embedded" >&2; fail=1; }
exit $fail
