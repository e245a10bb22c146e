#!/usr/bin/env bash
# The README's second command: build (incrementally) and run the whole test suite with CTest.
# Needs ../shared/data/khm beside the repository for the real-data tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${SWSPLAN_PRESET:-default}
cmake --preset "$PRESET" >/dev/null
cmake --build --preset "$PRESET" -j2
ctest --preset "$PRESET" -j2
