#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer run of the engine, domain and end-to-end CLI
# tests (preset asan-nogui: clang, no Qt) plus one pass over every fuzz corpus. The same build
# holds the libFuzzer targets (scripts/fuzz.sh). For the GUI tests under ASan as well:
# `cmake --preset asan && cmake --build --preset asan && ctest --preset asan` (gcc, slower).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh fuzz
cmake --preset asan-nogui >/dev/null
cmake --build --preset asan-nogui -j2
ctest --preset asan-nogui -j2
