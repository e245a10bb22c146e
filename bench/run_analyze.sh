#!/usr/bin/env bash
# Benchmark (not a test): the full national `swsplan analyze` in straight-line mode
# (14,073 villages, 1,121 health facilities, 418 upper-secondary schools, 1,633 communes,
# every service with facilities) — wall time and peak memory, median of 5 runs.
# Usage: bench/run_analyze.sh [build dir]   (needs ../shared/data/khm)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SW="$BUILD/app/cli/swsplan"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
scripts/import_national.sh "$TMP/nat.gpkg" "$SW" > /dev/null 2>&1
"$SW" -q settings "$TMP/nat.gpkg" --set analysis.deprivation_source=commune:idp22_poor_share \
  --set analysis.households_fallback=idp22_total_hh > /dev/null
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e %M" -o "$TMP/t$i" "$SW" -q analyze "$TMP/nat.gpkg" --mode line > /dev/null
done
cat "$TMP"/t* | sort -n | awk '{w[NR]=$1; m[NR]=$2} END {printf "national analyze: median %.2f s wall (min %.2f, max %.2f), peak RSS %.0f MB\n", w[3], w[1], w[5], m[3]/1024}'
