#!/usr/bin/env bash
# Benchmarks `wasp review` end to end on N generated templates (default 1000, ~25,000
# resources): wall time and peak memory on one and on all cores. Needs /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
dir="${WASP_BENCH_DIR:-/tmp/wasp-bench-$n}"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
if [ ! -f "$dir/.complete" ]; then
  rm -rf "$dir"
  python3 bench/gen_cfn.py --out "$dir" --templates "$n"
  touch "$dir/.complete"
fi
echo "input: $n templates, $(du -sh "$dir" | cut -f1), $(nproc) cores"
for jobs in 1 0; do
  label=$([ "$jobs" = 0 ] && echo "all cores" || echo "1 core")
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" \
    build/release/src/cli/wasp review "$dir" -j "$jobs" -f json -o /tmp/wasp-bench-review.json -q \
    --fail-on none 2>&1 | grep -v '^wasp: wrote'
done
