#!/usr/bin/env bash
# The README's first command: install every Debian 12 package, build, and run the main job
# (swsplan info + swsplan analyze) on the embedded synthetic sample project.
# SWSPLAN_PRESET picks the CMake preset (default: "default"; CI uses "ci").
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${SWSPLAN_PRESET:-default}
bash scripts/install-deps.sh
cmake --preset "$PRESET" >/dev/null
cmake --build --preset "$PRESET" -j2
BIN=build; case "$PRESET" in debug) BIN=build-debug;; asan) BIN=build-asan;; asan-nogui) BIN=build-asan-nogui;; nogui) BIN=build-nogui;; esac
SWSPLAN="$BIN/app/cli/swsplan"
# The committed sample is never written to: the analysis runs on a copy.
cp sample-maps/demo_province.gpkg "$BIN/demo_province.gpkg"
"$SWSPLAN" info "$BIN/demo_province.gpkg"
echo
"$SWSPLAN" analyze "$BIN/demo_province.gpkg" --csv "$BIN/demo_results"
echo
echo "Results: $BIN/demo_province.gpkg (open it in QGIS or with $BIN/app/gui/swsplan-gui) and $BIN/demo_results/*.csv"
