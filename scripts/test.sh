#!/usr/bin/env bash
# Installs what is needed, builds with AddressSanitizer + UndefinedBehaviorSanitizer (dev preset),
# runs every test, then builds the libFuzzer targets with clang and runs each on its seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
WASP_FUZZ=1 bash scripts/install-deps.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
if [ -d tests/fuzz ] && [ -f tests/fuzz/CMakeLists.txt ]; then
  bash scripts/fuzz.sh "${WASP_FUZZ_SECONDS:-10}"
fi
