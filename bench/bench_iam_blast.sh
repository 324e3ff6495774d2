#!/usr/bin/env bash
# Benchmarks `wasp iam blast-radius` on a generated authorization-details export (default 5,000
# roles and 2,000 customer managed policies, bench/gen_iam_account.py): wall time, CPU time and
# peak memory of the text output three times, then of the JSON and DOT graphs. Needs
# /usr/bin/time. The build directory is WASP_BUILD_DIR (default build/release).
#   bash bench/bench_iam_blast.sh [N_ROLES] [N_POLICIES]
set -euo pipefail
cd "$(dirname "$0")/.."
roles="${1:-5000}"
policies="${2:-2000}"
build="${WASP_BUILD_DIR:-build/release}"
out="${WASP_BENCH_DIR:-/tmp}/wasp-bench-iam-$roles-$policies.json"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cmake --preset release -B "$build" >/dev/null
cmake --build "$build" --target wasp >/dev/null
[ -f "$out" ] || python3 bench/gen_iam_account.py "$roles" "$policies" "$out"
echo "input: $roles roles, $policies customer managed policies, $(du -h "$out" | cut -f1), $(nproc) cores"
result="${WASP_BENCH_DIR:-/tmp}/wasp-bench-iam-blast"
for run in 1 2 3; do
  /usr/bin/time -f "text, run $run: %e s wall, %U s user, %M KiB peak RSS" \
    "$build/src/cli/wasp" iam blast-radius "$out" >"$result.txt"
done
for format in json dot; do
  /usr/bin/time -f "$format: %e s wall, %U s user, %M KiB peak RSS" \
    "$build/src/cli/wasp" iam blast-radius "$out" -f "$format" -o "$result.$format" 2>&1 |
    grep -v '^wasp: wrote'
done
echo "outputs: $(du -h "$result.txt" | cut -f1) text, $(du -h "$result.json" | cut -f1) JSON," \
     "$(du -h "$result.dot" | cut -f1) DOT"
tail -n 1 "$result.txt"
