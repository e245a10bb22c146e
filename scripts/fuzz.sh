#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for SECONDS each (default 600), one after the other,
# from the committed corpus (fuzz/corpus/<target>: sample seeds and former crashes) plus the
# bad inputs of tests/data/bad. New inputs go to build-asan/fuzz/work/<target>; a crash,
# sanitizer report, leak or timeout stops the run with the input in
# build-asan/fuzz/artifacts/ (add it to fuzz/corpus/<target>/ once fixed).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. bash scripts/fuzz.sh 60 cip_plan
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(source_spec option_values settings csv_import geojson_import cip_plan)
BIN=build-asan
bash scripts/install-deps.sh fuzz >/dev/null
cmake --preset asan >/dev/null
cmake --build --preset asan -j2 --target "${TARGETS[@]/#/fuzz_}"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
summary=()
for t in "${TARGETS[@]}"; do
  work=$BIN/fuzz/work/$t seeds=$BIN/fuzz/seeds/$t
  mkdir -p "$work" "$seeds" "$BIN/fuzz/artifacts"
  case "$t" in
    csv_import|cip_plan) cp tests/data/bad/*.csv "$seeds"/ ;;
    geojson_import) cp tests/data/bad/*.geojson "$seeds"/ ;;
  esac
  log=$BIN/fuzz/$t.log
  rc=0
  "$BIN/fuzz/fuzz_$t" -max_total_time="$SECS" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    -close_fd_mask=2 -artifact_prefix="$BIN/fuzz/artifacts/$t-" "$work" "fuzz/corpus/$t" "$seeds" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  files=$(find "$work" -type f | wc -l)
  bytes=$(du -sb "$work" | cut -f1)
  line="fuzz_$t: ${SECS}s, ${runs:-?} runs, ${eps:-?} exec/s, corpus ${files} files ${bytes} bytes"
  if [ $rc -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz.sh: $line: FAILED (exit $rc; input in $BIN/fuzz/artifacts/)" >&2
    exit 1
  fi
  echo "$line"
  summary+=("$line")
done
printf '%s\n' "${summary[@]}" > "$BIN/fuzz/summary.txt"
