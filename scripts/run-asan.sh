#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer run of every test (preset asan: clang; the GUI
# tests offscreen) plus one pass over every fuzz corpus. The same build holds the libFuzzer
# targets (scripts/fuzz.sh). Without Qt on the machine: the asan-nogui preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh fuzz
cmake --preset asan >/dev/null
cmake --build --preset asan -j2
ctest --preset asan -j2
