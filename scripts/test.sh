#!/usr/bin/env bash
# Installs what is needed, builds the libFuzzer targets (clang) and runs each briefly on its seeds,
# then builds with AddressSanitizer + UndefinedBehaviorSanitizer (dev preset) and runs every test.
# ctest runs last so its summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
WASP_FUZZ=1 bash scripts/install-deps.sh
bash scripts/fuzz.sh "${WASP_FUZZ_SECONDS:-10}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cmake --preset dev -DWASP_TESTS=ON >/dev/null  # ON even if an old cache says otherwise
cmake --build --preset dev
ctest --preset dev --no-tests=error
