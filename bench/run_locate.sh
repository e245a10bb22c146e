#!/bin/sh
# Runs the location-allocation benchmark and keeps its tables next to the build.
# Usage: bench/run_locate.sh [build-dir] [extra bench_locate arguments]
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
out="$build/bench_locate.txt"
"$build/bench/bench_locate" "$@" | tee "$out"
echo "tables written to $out" >&2
